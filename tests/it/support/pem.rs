//! The tests' one PEM reader and writer, separate from the library's: a simple reader for
//! well-formed inputs ([`blocks`]), a direct port of Go 1.19's `pem.Decode` loop for the
//! conformance tests ([`go_certificates`]), Go's base64 ([`GO_BASE64`]) and the armor
//! ([`armor`]).

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

/// Go's `base64.StdEncoding`: padding required, non-zero trailing bits tolerated.
pub const GO_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical)
        .with_decode_allow_trailing_bits(true),
);

/// PEM blocks (label, DER), for well-formed test inputs: BEGIN at a line start, base64 lines,
/// END with the same label. Blocks that do not decode are skipped, as Go skips them.
pub fn blocks(text: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.trim_end().strip_suffix("-----"))
        else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut body = String::new();
        let mut ended = false;
        for l in lines.by_ref() {
            if l.trim_end() == end {
                ended = true;
                break;
            }
            if !l.contains(':') {
                body.extend(l.chars().filter(|c| !c.is_whitespace()));
            }
        }
        if let (true, Ok(der)) = (
            ended,
            base64::engine::general_purpose::STANDARD.decode(&body),
        ) {
            out.push((label.to_owned(), der));
        }
    }
    out
}

/// The DER of the first block of a well-formed PEM text.
pub fn first_der(text: &str) -> Vec<u8> {
    blocks(text).into_iter().next().expect("a PEM block").1
}

/// A PEM block: the label's armor around the base64 of `der`, in lines of 64.
pub fn armor(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut s = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(std::str::from_utf8(chunk).unwrap());
        s.push('\n');
    }
    s.push_str(&format!("-----END {label}-----\n"));
    s
}

/// Go's `getLine`: the line without its end and trailing spaces or tabs, and the rest.
fn get_line(data: &[u8]) -> (&[u8], &[u8]) {
    let (mut line, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &data[data.len()..]),
    };
    line = line.strip_suffix(b"\r").unwrap_or(line);
    while let [head @ .., b' ' | b'\t'] = line {
        line = head;
    }
    (line, rest)
}

/// Where `needle` first occurs in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The CERTIFICATE blocks of a PEM file, decoded by a direct port of Go 1.19's `pem.Decode`
/// loop (the Go oracle's reading of the corpus).
pub fn go_certificates(data: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut input = data;
    'blocks: loop {
        let mut rest = input;
        loop {
            if let Some(after) = rest.strip_prefix(b"-----BEGIN ") {
                rest = after;
            } else if let Some(i) = find(rest, b"\n-----BEGIN ") {
                rest = &rest[i + 12..];
            } else {
                break 'blocks;
            }
            let (type_line, after) = get_line(rest);
            rest = after;
            let Some(label) = type_line.strip_suffix(b"-----") else {
                continue;
            };
            let mut headers = 0;
            loop {
                if rest.is_empty() {
                    break 'blocks;
                }
                let (line, next) = get_line(rest);
                if !line.contains(&b':') {
                    break;
                }
                headers += 1;
                rest = next;
            }
            let (end_index, trailer_index) = if headers == 0 && rest.starts_with(b"-----END ") {
                (0, 9)
            } else {
                match find(rest, b"\n-----END ") {
                    Some(i) => (i, i + 10),
                    None => continue,
                }
            };
            let trailer = &rest[trailer_index..];
            let trailer_len = label.len() + 5;
            if trailer.len() < trailer_len {
                continue;
            }
            let (trailer, rest_of_end) = trailer.split_at(trailer_len);
            if !trailer.starts_with(label) || !trailer.ends_with(b"-----") {
                continue;
            }
            if !get_line(rest_of_end).0.is_empty() {
                continue;
            }
            let b64: Vec<u8> = rest[..end_index]
                .iter()
                .copied()
                .filter(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                .collect();
            let Ok(bytes) = GO_BASE64.decode(&b64) else {
                continue;
            };
            if label == b"CERTIFICATE" {
                out.push(bytes);
            }
            input = get_line(&rest[end_index + 9..]).1;
            continue 'blocks;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_readers_read_the_armor_back() {
        let der: Vec<u8> = (0..=255).collect();
        let text = format!(
            "text before\n{}{}",
            armor("CERTIFICATE", &der),
            armor("PRIVATE KEY", &[1, 2, 3])
        );
        assert_eq!(
            blocks(&text),
            [
                ("CERTIFICATE".to_owned(), der.clone()),
                ("PRIVATE KEY".to_owned(), vec![1, 2, 3])
            ]
        );
        assert_eq!(first_der(&text), der);
        assert_eq!(go_certificates(text.as_bytes()), vec![der.clone()]);
        // Go reads CRLF line ends and trailing spaces; an END of another label ends nothing.
        let crlf = armor("CERTIFICATE", &der).replace('\n', " \r\n");
        assert_eq!(go_certificates(crlf.as_bytes()), vec![der.clone()]);
        let mismatched = armor("CERTIFICATE", &der).replace("END CERTIFICATE", "END KEY");
        assert_eq!(
            go_certificates(mismatched.as_bytes()),
            Vec::<Vec<u8>>::new()
        );
        assert_eq!(blocks(&mismatched), []);
    }
}
