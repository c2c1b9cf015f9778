//! What the fuzz targets share: the fixed certificate/key pairs, the clock, and the checks every
//! verdict must pass besides "no panic" (well-formed rejection, serde round trip, no key bytes).
#![allow(dead_code)] // each target uses a different part

use cert_preflight::{Accepted, CertificateDetail, Rejection, UnixTime};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// A certificate (chain) and the private key of its first certificate.
pub struct Pair {
    pub cert: &'static str,
    pub key: &'static str,
}

/// One pair per key algorithm and encoding, so that key parsing and matching run on each.
pub const PAIRS: [Pair; 6] = [
    Pair {
        cert: include_str!("../../examples/bundle.pem"),
        key: include_str!("../../examples/key.pem"),
    },
    Pair {
        cert: include_str!("../data/rsa2048-pkcs1.cert.pem"),
        key: include_str!("../data/rsa2048-pkcs1.key.pem"),
    },
    Pair {
        cert: include_str!("../data/rsa3072-pkcs8.cert.pem"),
        key: include_str!("../data/rsa3072-pkcs8.key.pem"),
    },
    Pair {
        cert: include_str!("../data/p384-sec1.cert.pem"),
        key: include_str!("../data/p384-sec1.key.pem"),
    },
    Pair {
        cert: include_str!("../data/p521-pkcs8.cert.pem"),
        key: include_str!("../data/p521-pkcs8.key.pem"),
    },
    Pair {
        cert: include_str!("../data/ed25519-pkcs8.cert.pem"),
        key: include_str!("../data/ed25519-pkcs8.key.pem"),
    },
];

/// The root of the example bundle (for `trusted_root_ca`).
pub const ROOT_CA: &str = include_str!("../../examples/root-ca.pem");

/// Every fixed PEM file: the pairs' certificates and keys, then the root.
pub fn known_files() -> impl Iterator<Item = &'static str> {
    PAIRS
        .iter()
        .flat_map(|p| [p.cert, p.key])
        .chain(std::iter::once(ROOT_CA))
}

/// The clock the fixed pairs are valid at.
pub fn now() -> UnixTime {
    UnixTime(1_893_456_000) // 2030-01-01T00:00:00Z
}

/// Every PEM block of the fixed files: (label, DER), decoded once.
pub fn known_blocks() -> &'static [(&'static str, Vec<u8>)] {
    static BLOCKS: OnceLock<Vec<(&'static str, Vec<u8>)>> = OnceLock::new();
    BLOCKS.get_or_init(|| {
        use base64::Engine as _;
        let mut out = Vec::new();
        for file in known_files() {
            let mut lines = file.lines();
            while let Some(line) = lines.next() {
                let Some(label) = line
                    .strip_prefix("-----BEGIN ")
                    .and_then(|l| l.strip_suffix("-----"))
                else {
                    continue;
                };
                let b64: String = lines
                    .by_ref()
                    .take_while(|l| !l.starts_with("-----END "))
                    .collect();
                let der = base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .expect("the fixed files are valid PEM");
                out.push((label, der));
            }
        }
        out
    })
}

/// The base64 lines (>= 16 characters) of the fixed private keys: none may ever be output.
pub fn key_lines() -> &'static [&'static str] {
    static LINES: OnceLock<Vec<&'static str>> = OnceLock::new();
    LINES.get_or_init(|| {
        PAIRS
            .iter()
            .flat_map(|p| p.key.lines())
            .filter(|l| l.len() >= 16 && !l.starts_with("-----"))
            .collect()
    })
}

/// The fixed keys' lines by their first 16 bytes, to find them in a text quickly.
fn key_prefixes() -> &'static HashMap<&'static [u8], Vec<&'static str>> {
    static MAP: OnceLock<HashMap<&'static [u8], Vec<&'static str>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: HashMap<&[u8], Vec<&str>> = HashMap::new();
        for line in key_lines() {
            map.entry(&line.as_bytes()[..16]).or_default().push(line);
        }
        map
    })
}

/// Whether a text holds a run of 16 or more base64 characters (then a key line might be in it
/// legitimately, echoed as the user's own `name`, for example).
pub fn has_base64_run(text: &str) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b == b'+' || b == b'/' {
            run += 1;
            if run >= 16 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Renders every output path of a verdict (JSON bodies, `Display`, `Debug`) and checks it:
/// a rejection is well formed, an accepted detail round-trips through serde, and, when
/// `check_leaks`, no line of a fixed private key appears anywhere.
pub fn check_verdict(verdict: &Result<Accepted, Rejection>, check_leaks: bool) {
    let mut out = String::new();
    match verdict {
        Ok(accepted) => {
            let json = serde_json::to_string(&accepted.detail).expect("detail serializes");
            let back: CertificateDetail = serde_json::from_str(&json).expect("detail deserializes");
            assert_eq!(back, accepted.detail, "detail round-trips through serde");
            assert!(
                accepted.detail.id.len() == 32
                    && accepted.detail.id.bytes().all(|b| b.is_ascii_hexdigit()),
                "id {:?}",
                accepted.detail.id.as_str()
            );
            out.push_str(&json);
            for w in &accepted.warnings {
                let _ = write!(out, "{w}\n{w:?}\n");
                out.push_str(&serde_json::to_string(w).expect("warning serializes"));
            }
            let _ = write!(out, "{accepted:?}");
        }
        Err(rejection) => check_rejection(rejection, &mut out),
    }
    if check_leaks {
        assert_no_key_lines(&out);
    }
}

/// Fails when a line of a fixed private key is in `out`. Key lines are base64, so only the
/// runs of 16 or more base64 characters of `out` are searched (a linear pre-scan: the search is
/// otherwise a good part of each execution).
pub fn assert_no_key_lines(out: &str) {
    // A table, not comparisons: the fuzzer instruments every comparison of this loop too.
    static B64: [bool; 256] = {
        let mut t = [false; 256];
        let mut i = 0;
        while i < 256 {
            let b = i as u8;
            t[i] = b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=';
            i += 1;
        }
        t
    };
    let is_b64 = |b: u8| B64[usize::from(b)];
    let bytes = out.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !is_b64(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_b64(bytes[i]) {
            i += 1;
        }
        if i - start < 16 {
            continue;
        }
        let run = &out[start..i];
        let found = run.as_bytes().windows(16).enumerate().find_map(|(at, w)| {
            key_prefixes()
                .get(w)?
                .iter()
                .find(|l| run[at..].starts_with(**l))
        });
        if let Some(line) = found {
            let from = out[..start]
                .char_indices()
                .rev()
                .nth(200)
                .map_or(0, |(i, _)| i);
            panic!(
                "key material in the output: {line}\n--- where: {}",
                &out[from..i]
            );
        }
    }
}

/// Checks a rejection's shape and appends every rendering of it to `out`.
pub fn check_rejection(rejection: &Rejection, out: &mut String) {
    let first = rejection
        .diagnostics()
        .first()
        .expect("a rejection has a diagnostic");
    assert_eq!(
        first.code,
        rejection.code(),
        "the verdict is the first problem"
    );
    assert!(rejection.error_code().starts_with("APIG."));
    assert_eq!(rejection.http_status(), 400);
    out.push_str(&serde_json::to_string(&rejection.body()).expect("body serializes"));
    let _ = write!(out, "{rejection}\n{rejection:?}\n");
    for d in rejection.diagnostics() {
        assert!(!d.message.is_empty() && d.id.as_str().contains('.'), "{d:?}");
        let _ = write!(out, "{d}\n{d:?}\n");
        out.push_str(&serde_json::to_string(d).expect("diagnostic serializes"));
    }
    for w in rejection.warnings() {
        let _ = write!(out, "{w}\n{w:?}\n");
        out.push_str(&serde_json::to_string(w).expect("warning serializes"));
    }
}
