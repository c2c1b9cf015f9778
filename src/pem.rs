//! PEM intake that accepts exactly what Go's `encoding/pem.Decode` accepts, and says why it
//! refuses the rest.
//!
//! Hand-written on purpose: the gateway reads `cert_content` and `private_key` with Go's decoder,
//! which differs from the `pem` crate and `rustls-pki-types` on the edges users hit (text around
//! blocks, headers, spaces and tabs inside base64 lines, an invalid block skipped rather than
//! refused, non-canonical base64 padding bits). A pre-flight that is stricter or laxer than Go
//! gives a wrong verdict, so this module mirrors Go's loop step by step, and records every
//! candidate block it had to skip so that diagnostics can name it.
//!
//! Work is linear in the input: the BEGIN and END markers are located in one pass, and a
//! rejected candidate never rescans text beyond the next marker.

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use zeroize::Zeroize as _;

const BEGIN: &[u8] = b"-----BEGIN ";
const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";

/// Go's `base64.StdEncoding`: padding required, non-zero trailing bits tolerated.
const GO_STD_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical)
        .with_decode_allow_trailing_bits(true),
);

/// How to decode the base64 of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Secrecy {
    /// Certificates: the fast decoder.
    Public,
    /// Private keys: a constant-time decoder, and every buffer zeroized.
    Secret,
}

/// One decoded PEM block.
pub(crate) struct Block<'a> {
    /// The type, such as `CERTIFICATE` or `RSA PRIVATE KEY`.
    pub label: &'a str,
    /// Headers in order (Go keeps the last value of a repeated key).
    pub headers: Vec<(&'a str, &'a str)>,
    /// The decoded contents.
    pub bytes: Contents,
    /// 1-based position among the `-----BEGIN` lines of the text.
    pub index: usize,
    /// 1-based line of the BEGIN line.
    pub line: usize,
}

/// Decoded bytes, wiped when dropped if they may be secret (a certificate's are not: wiping
/// them byte by byte would cost as much as decoding them).
pub(crate) struct Contents {
    bytes: Vec<u8>,
    secrecy: Secrecy,
}

impl Contents {
    fn with_capacity(capacity: usize, secrecy: Secrecy) -> Self {
        Contents {
            bytes: Vec::with_capacity(capacity),
            secrecy,
        }
    }
}

impl std::ops::Deref for Contents {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

impl Drop for Contents {
    fn drop(&mut self) {
        if self.secrecy == Secrecy::Secret {
            // The whole capacity, as `Zeroizing` does.
            self.bytes.zeroize();
        }
    }
}

impl Block<'_> {
    /// The value of a header, as Go's map keeps it (the last one).
    pub fn header(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
    }
}

/// Never shows the contents: a block may hold a private key.
impl std::fmt::Debug for Block<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Block")
            .field("label", &self.label)
            .field("index", &self.index)
            .field("line", &self.line)
            .field("len", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

/// Why Go skipped a `-----BEGIN` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Skip<'a> {
    /// The BEGIN line does not end with `-----`.
    BeginLineUnterminated,
    /// The text ends inside the headers.
    HeadersUnterminated,
    /// No `-----END` line follows.
    NoEndLine,
    /// The END line names another type, or is not `-----END <type>-----`.
    EndLineMismatch {
        /// What the END line says, trimmed.
        end_line: &'a str,
    },
    /// Text follows the END line's dashes on the same line.
    TextAfterEndLine,
    /// The base64 does not decode; `line` is the 1-based line of the first bad character, when
    /// there is one (else the padding or length is wrong).
    InvalidBase64 {
        /// Line of the offending character.
        line: Option<usize>,
    },
}

/// A `-----BEGIN` line Go's decoder skipped, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Skipped<'a> {
    /// The label after `-----BEGIN ` (up to the dashes, or the whole rest of the line).
    pub label: &'a str,
    /// 1-based position among the `-----BEGIN` lines.
    pub index: usize,
    /// 1-based line.
    pub line: usize,
    /// Why.
    pub reason: Skip<'a>,
}

/// What Go's loop of `pem.Decode` finds in a text.
#[derive(Debug, Default)]
pub(crate) struct Decoded<'a> {
    /// The blocks Go returns, in order.
    pub blocks: Vec<Block<'a>>,
    /// The BEGIN lines Go skipped.
    pub skipped: Vec<Skipped<'a>>,
}

/// Byte offsets of the markers and of line starts, found in one pass.
struct Markers {
    /// Offsets of `-----BEGIN ` at a line start (after `\n`, or at offset 0).
    begins: Vec<usize>,
    /// Offsets of the `\n` of every `\n-----END `.
    ends: Vec<usize>,
    /// Offsets of every `\n`, for line numbers.
    newlines: Vec<usize>,
}

impl Markers {
    fn find(data: &[u8]) -> Self {
        let mut m = Markers {
            begins: Vec::new(),
            ends: Vec::new(),
            // PEM lines are 64 characters: sized once for them.
            newlines: Vec::with_capacity(data.len() / 64 + 1),
        };
        if data.starts_with(BEGIN) {
            m.begins.push(0);
        }
        for_each_newline(data, |i| {
            m.newlines.push(i);
            let after = &data[i + 1..];
            if after.starts_with(BEGIN) {
                m.begins.push(i + 1);
            } else if after.starts_with(END) {
                m.ends.push(i);
            }
        });
        m
    }

    /// 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&n| n < offset) + 1
    }

    /// 1-based index of the BEGIN at this offset.
    fn index_of(&self, begin: usize) -> usize {
        self.begins.partition_point(|&b| b < begin) + 1
    }

    /// The first BEGIN at or after `from`.
    fn next_begin(&self, from: usize) -> Option<usize> {
        let i = self.begins.partition_point(|&b| b < from);
        self.begins.get(i).copied()
    }

    /// The first `\n-----END ` whose newline is at or after `from`.
    fn next_end(&self, from: usize) -> Option<usize> {
        let i = self.ends.partition_point(|&e| e < from);
        self.ends.get(i).copied()
    }
}

/// Calls `f` with the offset of every `\n`, eight bytes at a time: a word's newlines are found
/// with a few integer operations (the exact zero-byte test of `word ^ 0x0a0a..`), several times
/// faster than a byte-by-byte search on PEM's short lines.
fn for_each_newline(data: &[u8], mut f: impl FnMut(usize)) {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const LF: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let words = data.chunks_exact(8);
    let tail = data.len() - words.remainder().len();
    for (w, word) in words.enumerate() {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        let y = u64::from_le_bytes(bytes) ^ LF;
        // The top bit of each byte of y that is zero, and no other bit.
        let mut mask = !((y & LOW7).wrapping_add(LOW7) | y | LOW7);
        while mask != 0 {
            f(w * 8 + mask.trailing_zeros() as usize / 8);
            mask &= mask - 1;
        }
    }
    for (i, &b) in data.iter().enumerate().skip(tail) {
        if b == b'\n' {
            f(i);
        }
    }
}

/// Go's `getLine`: the line at `pos` without its `\n` (and a `\r` before it), trailing spaces
/// and tabs trimmed; and the offset after the newline.
fn get_line(data: &[u8], pos: usize) -> (usize, usize, usize) {
    let rest = &data[pos..];
    let (mut end, next) = match rest.iter().position(|&b| b == b'\n') {
        Some(i) => {
            let mut e = i;
            if i > 0 && rest[i - 1] == b'\r' {
                e -= 1;
            }
            (pos + e, pos + i + 1)
        }
        None => (data.len(), data.len()),
    };
    while end > pos && matches!(data[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    (pos, end, next)
}

fn trim_space(s: &str) -> &str {
    // Go's bytes.TrimSpace trims ASCII and Unicode white space; str::trim agrees on both.
    s.trim()
}

/// Decodes every block the way Go's `for { block, rest = pem.Decode(rest) }` loop does.
pub(crate) fn decode_all(text: &str, secrecy: Secrecy) -> Decoded<'_> {
    let data = text.as_bytes();
    let markers = Markers::find(data);
    let mut out = Decoded::default();
    let mut pos = 0;
    while let Some(begin) = markers.next_begin(pos) {
        match decode_at(text, &markers, begin, secrecy) {
            Ok((block, next)) => {
                out.blocks.push(block);
                pos = next;
            }
            Err((skipped, resume)) => {
                out.skipped.push(skipped);
                // Go's decodeError restarts the search where the failed attempt stopped reading.
                pos = resume.max(begin + 1);
            }
        }
    }
    out
}

type Attempt<'a> = Result<(Block<'a>, usize), (Skipped<'a>, usize)>;

/// One `pem.Decode` attempt at the BEGIN at `begin`.
fn decode_at<'a>(text: &'a str, m: &Markers, begin: usize, secrecy: Secrecy) -> Attempt<'a> {
    let data = text.as_bytes();
    let index = m.index_of(begin);
    let line = m.line_of(begin);
    let (t0, t1, mut rest) = get_line(data, begin + BEGIN.len());
    let type_line = &text[t0..t1];
    let skip = |label: &'a str, reason: Skip<'a>, resume: usize| {
        Err((
            Skipped {
                label,
                index,
                line,
                reason,
            },
            resume,
        ))
    };
    let Some(label) = type_line.strip_suffix("-----") else {
        return skip(type_line, Skip::BeginLineUnterminated, rest);
    };

    let mut headers = Vec::new();
    loop {
        if rest == data.len() {
            // Go returns (nil, data) here: the search resumes after this BEGIN.
            return skip(label, Skip::HeadersUnterminated, rest);
        }
        let (l0, l1, next) = get_line(data, rest);
        let Some((key, value)) = text[l0..l1].split_once(':') else {
            break;
        };
        headers.push((trim_space(key), trim_space(value)));
        rest = next;
    }

    // Without headers the END line may come at once, with no newline before it.
    let (end_index, trailer) = if headers.is_empty() && data[rest..].starts_with(END) {
        (rest, rest + END.len())
    } else {
        match m.next_end(rest) {
            Some(nl) => (nl, nl + 1 + END.len()),
            None => return skip(label, Skip::NoEndLine, rest),
        }
    };

    // After `-----END `: the same type, five dashes, then only white space on that line.
    let want = label.len() + DASHES.len();
    let end_trailer = &data[trailer..];
    let end_line_text = || {
        let (a, b, _) = get_line(data, trailer);
        &text[a..b]
    };
    if end_trailer.len() < want
        || !end_trailer.starts_with(label.as_bytes())
        || !end_trailer[..want].ends_with(DASHES)
    {
        return skip(
            label,
            Skip::EndLineMismatch {
                end_line: end_line_text(),
            },
            rest,
        );
    }
    let (a, b, _) = get_line(data, trailer + want);
    if a != b {
        return skip(label, Skip::TextAfterEndLine, rest);
    }

    let body = &data[rest..end_index];
    let bytes = match decode_base64(body, secrecy) {
        Ok(bytes) => bytes,
        Err(bad) => {
            let bad_line = bad.map(|i| m.line_of(rest + i));
            return skip(label, Skip::InvalidBase64 { line: bad_line }, rest);
        }
    };

    // Past the END line (the `- 1` of Go: the END may have matched without its newline).
    let (_, _, next) = get_line(
        data,
        end_index + END.len() - 1 + usize::from(end_index != rest),
    );
    Ok((
        Block {
            label,
            headers,
            bytes,
            index,
            line,
        },
        next,
    ))
}

/// Go's `removeSpacesAndTabs` then `base64.StdEncoding.Decode` (which skips `\r` and `\n`).
/// On failure, the offset of the first byte outside the alphabet, if any.
fn decode_base64(body: &[u8], secrecy: Secrecy) -> Result<Contents, Option<usize>> {
    let mut clean = Contents::with_capacity(body.len(), secrecy);
    // Fast path for the layout every encoder writes: only the line breaks are dropped. If
    // anything else Go would drop is left (a space, a tab, a stray CR), the decoder refuses it
    // and the exact path below decides; when the decoder accepts, the cleaned text is the one
    // the exact path makes, since it held nothing but base64.
    copy_lines(body, &mut clean.bytes);
    match decode_clean(&clean, secrecy) {
        Ok(bytes) => Ok(bytes),
        Err(_) => decode_base64_exact(body, secrecy),
    }
}

/// [`decode_base64`] byte by byte: Go's steps as they are written.
fn decode_base64_exact(body: &[u8], secrecy: Secrecy) -> Result<Contents, Option<usize>> {
    let mut clean = Contents::with_capacity(body.len(), secrecy);
    for (i, &b) in body.iter().enumerate() {
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {}
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' | b'=' => clean.bytes.push(b),
            // Stop at once: a candidate never reads past the next marker's dashes.
            _ => return Err(Some(i)),
        }
    }
    decode_clean(&clean, secrecy)
}

/// Appends `body` without its line breaks, when its lines all have the first line's length and
/// end alike (LF or CRLF), but the last; any other layout is copied with breaks left in.
fn copy_lines(body: &[u8], out: &mut Vec<u8>) {
    let Some(first) = body.iter().position(|&b| b == b'\n') else {
        out.extend_from_slice(body.strip_suffix(b"\r").unwrap_or(body));
        return;
    };
    let (width, end): (usize, &[u8]) = match first.checked_sub(1) {
        Some(cr) if body[cr] == b'\r' => (cr, b"\r\n"),
        _ => (first, b"\n"),
    };
    let mut rest = body;
    while rest.len() >= width + end.len() && rest[width..].starts_with(end) {
        out.extend_from_slice(&rest[..width]);
        rest = &rest[width + end.len()..];
    }
    let rest = rest.strip_suffix(b"\n").unwrap_or(rest);
    out.extend_from_slice(rest.strip_suffix(b"\r").unwrap_or(rest));
}

/// Decodes base64 without white space: `Public` with the fast decoder, `Secret` in constant time.
fn decode_clean(clean: &[u8], secrecy: Secrecy) -> Result<Contents, Option<usize>> {
    let bytes = match secrecy {
        Secrecy::Public => GO_STD_BASE64.decode(clean).map_err(|_| None)?,
        Secrecy::Secret => {
            use base64ct::Encoding as _;
            match base64ct::Base64::decode_vec(std::str::from_utf8(clean).map_err(|_| None)?) {
                Ok(v) => v,
                // base64ct refuses non-zero padding bits, which Go tolerates: only for such
                // (malformed) input fall back to the tolerant decoder.
                Err(_) => GO_STD_BASE64.decode(clean).map_err(|_| None)?,
            }
        }
    };
    Ok(Contents { bytes, secrecy })
}

#[cfg(test)]
mod tests {
    use super::*;

    const B64: &str = "MIIBAgMEBQ==";

    fn labels(text: &str) -> Vec<String> {
        decode_all(text, Secrecy::Public)
            .blocks
            .iter()
            .map(|b| b.label.to_owned())
            .collect()
    }

    #[test]
    fn decodes_blocks_with_text_around_and_crlf() {
        let text = format!(
            "subject=CN=x\r\n-----BEGIN CERTIFICATE-----\r\n{B64}\r\n-----END CERTIFICATE-----\r\ntrailing\n-----BEGIN KEY-----\nAAAA\n-----END KEY-----"
        );
        let d = decode_all(&text, Secrecy::Public);
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.blocks[0].label, "CERTIFICATE");
        assert_eq!(
            &d.blocks[0].bytes[..],
            &[0x30, 0x82, 0x01, 0x02, 0x03, 0x04, 0x05]
        );
        assert_eq!(d.blocks[0].line, 2);
        assert_eq!(d.blocks[1].index, 2);
        assert!(d.skipped.is_empty());
    }

    #[test]
    fn headers_spaces_and_tabs() {
        let text = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIB\t AgME BQ==  \n-----END RSA PRIVATE KEY-----\n";
        let d = decode_all(text, Secrecy::Secret);
        assert_eq!(d.blocks.len(), 1);
        assert_eq!(d.blocks[0].header("Proc-Type"), Some("4,ENCRYPTED"));
        assert_eq!(d.blocks[0].bytes.len(), 7);
    }

    #[test]
    fn empty_block_and_end_without_newline() {
        assert_eq!(labels("-----BEGIN X-----\n-----END X-----"), ["X"]);
        assert_eq!(labels("-----BEGIN X-----\n-----END X-----   \nmore"), ["X"]);
    }

    #[test]
    fn skips_what_go_skips_and_says_why() {
        let d = decode_all(
            "-----BEGIN A-----\nAAAA\n-----END B-----\n-----BEGIN C-----\nAA!A\n-----END C-----\n",
            Secrecy::Public,
        );
        assert!(d.blocks.is_empty());
        assert_eq!(d.skipped.len(), 2);
        assert!(matches!(
            d.skipped[0].reason,
            Skip::EndLineMismatch { end_line: "B-----" }
        ));
        assert_eq!(d.skipped[1].reason, Skip::InvalidBase64 { line: Some(5) });
        assert_eq!(d.skipped[1].index, 2);

        let d = decode_all("-----BEGIN A-----\nAAAA\n", Secrecy::Public);
        assert_eq!(d.skipped[0].reason, Skip::NoEndLine);
        let d = decode_all(
            "-----BEGIN A-----\nAAAA\n-----END A----- x\n",
            Secrecy::Public,
        );
        assert_eq!(d.skipped[0].reason, Skip::TextAfterEndLine);
        let d = decode_all("-----BEGIN A-----\nAAA\n-----END A-----\n", Secrecy::Secret);
        assert_eq!(d.skipped[0].reason, Skip::InvalidBase64 { line: None });
    }

    proptest::proptest! {
        #[test]
        fn finds_every_newline(data in proptest::collection::vec(proptest::sample::select(vec![b'\n', b'a', 0x8a, 0x0b, 0x09, 0]), 0..100)) {
            let mut found = Vec::new();
            for_each_newline(&data, |i| found.push(i));
            let expected: Vec<usize> = (0..data.len()).filter(|&i| data[i] == b'\n').collect();
            proptest::prop_assert_eq!(found, expected);
        }

        #[test]
        fn line_copy_decodes_as_go_does(
            data in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
            width in 1usize..80,
            crlf in proptest::bool::ANY,
            noise in proptest::option::of((0usize..400, proptest::sample::select(vec![b' ', b'\t', b'\r', b'\n', b'!', b'=']))),
        ) {
            let b64 = base64::engine::general_purpose::STANDARD.encode(&data);
            let end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
            let mut body = b64.as_bytes().chunks(width).collect::<Vec<_>>().join(end);
            if let Some((at, byte)) = noise {
                body.insert(at.min(body.len()), byte);
            }
            for secrecy in [Secrecy::Public, Secrecy::Secret] {
                let fast = decode_base64(&body, secrecy).map(|b| b.to_vec());
                let exact = decode_base64_exact(&body, secrecy).map(|b| b.to_vec());
                proptest::prop_assert_eq!(fast, exact);
            }
        }
    }

    #[test]
    fn a_failed_block_does_not_hide_the_next_one() {
        let text = format!(
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----BEGIN CERTIFICATE-----\n{B64}\n-----END CERTIFICATE-----\n"
        );
        let d = decode_all(&text, Secrecy::Public);
        assert_eq!(d.blocks.len(), 1);
        assert_eq!(d.blocks[0].index, 2);
        assert_eq!(d.skipped.len(), 1);
    }

    #[test]
    fn begin_must_start_a_line_and_escaped_newlines_are_not_lines() {
        assert!(labels("x-----BEGIN A-----\nAAAA\n-----END A-----").is_empty());
        assert!(labels("-----BEGIN A-----\\nAAAA\\n-----END A-----\\n").is_empty());
        assert!(labels("\"-----BEGIN A-----\nAAAA\n-----END A-----\"").is_empty());
    }

    #[test]
    fn tolerates_non_canonical_padding_bits_like_go() {
        // "AB==" has non-zero trailing bits; Go's StdEncoding accepts it.
        for s in [Secrecy::Public, Secrecy::Secret] {
            let d = decode_all("-----BEGIN A-----\nAB==\n-----END A-----\n", s);
            assert_eq!(&d.blocks[0].bytes[..], &[0x00]);
        }
    }

    #[test]
    fn many_begin_lines_cost_linear_time() {
        // 4,000 unterminated BEGIN lines followed by one END: each attempt stops at the next BEGIN.
        let mut text = "-----BEGIN A-----\nAAAA\n".repeat(4000);
        text.push_str("-----END A-----\n");
        let d = decode_all(&text, Secrecy::Public);
        assert_eq!(d.blocks.len(), 1);
        assert_eq!(d.skipped.len(), 3999);
    }
}
