//! Test support: a minimal HTTP/1.1 client over a raw TCP stream (so that hostile requests can
//! be written byte for byte), fixtures, and request bodies. Shared with the load example.
#![allow(dead_code)]

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// The example bundle (leaf + intermediate, valid 2026-11-28 to 2037-11-10) and its key.
pub const BUNDLE: &str = include_str!("../../../examples/bundle.pem");
pub const KEY: &str = include_str!("../../../examples/key.pem");
/// The root CA of the bundle (for `trusted_root_ca`).
pub const ROOT: &str = include_str!("../../../examples/root-ca.pem");
/// A P-256 key that does not belong to the bundle's leaf (APIG.2101).
pub const OTHER_KEY: &str = include_str!("../../../tests/data/key-formats/ecp256.pem");
/// The clock the tests pin with `--at`.
pub const AT: &str = "2030-01-01T00:00:00Z";

/// One response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "status {} body is not JSON ({e}): {:?}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A keep-alive connection.
pub struct Conn {
    addr: SocketAddr,
    reader: Option<BufReader<TcpStream>>,
}

impl Conn {
    pub fn new(addr: SocketAddr) -> Self {
        Conn { addr, reader: None }
    }

    fn stream(&mut self) -> io::Result<&mut BufReader<TcpStream>> {
        if self.reader.is_none() {
            let s = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5))?;
            s.set_read_timeout(Some(Duration::from_secs(30)))?;
            s.set_nodelay(true)?;
            self.reader = Some(BufReader::new(s));
        }
        Ok(self.reader.as_mut().expect("just set"))
    }

    /// Sends one request with a body and `Content-Length`, reads one response.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<Resp> {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let result = (|| {
            let reader = self.stream()?;
            let s = reader.get_mut();
            s.write_all(head.as_bytes())?;
            s.write_all(body)?;
            read_response(reader)
        })();
        match &result {
            Ok(r) if r.header("connection") == Some("close") => self.reader = None,
            Err(_) => self.reader = None,
            _ => {}
        }
        result
    }
}

/// Reads one response: status line, headers, and a `Content-Length` body (or none).
pub fn read_response(reader: &mut impl BufRead) -> io::Result<Resp> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidData, format!("status line {line:?}"))
        })?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    Ok(Resp {
        status,
        headers,
        body,
    })
}

/// One request on a fresh connection.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    Conn::new(addr)
        .request(method, path, headers, body)
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

/// Writes raw bytes, then reads one response (for hostile requests).
pub fn raw(addr: SocketAddr, bytes: &[u8]) -> io::Result<Resp> {
    let s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut reader = BufReader::new(s);
    reader.get_mut().write_all(bytes)?;
    read_response(&mut reader)
}

/// Token header for servers started without `--token`.
pub const TOKEN: (&str, &str) = ("X-Auth-Token", "test-token");
pub const JSON: (&str, &str) = ("Content-Type", "application/json");

/// A create/update body.
pub fn body(name: &str, cert: &str, key: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "name": name, "cert_content": cert, "private_key": key,
    }))
    .expect("serializable")
}

/// A valid body with this name.
pub fn valid(name: &str) -> Vec<u8> {
    body(name, BUNDLE, KEY)
}

/// Whether a response text shows any part of the private key.
pub fn shows_key(text: &str) -> bool {
    text.contains("PRIVATE KEY")
        || KEY
            .lines()
            .filter(|l| !l.starts_with("-----") && l.len() > 16)
            .any(|l| text.contains(&l[..16]))
}

/// Writes raw bytes from another thread (ignoring a write cut short when the server answers
/// early and closes) while reading one response.
pub fn raw_lenient(addr: SocketAddr, bytes: Vec<u8>) -> io::Result<Resp> {
    let s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut writer = s.try_clone()?;
    let t = std::thread::spawn(move || {
        let _ = writer.write_all(&bytes);
    });
    let r = read_response(&mut BufReader::new(s));
    let _ = t.join();
    r
}
