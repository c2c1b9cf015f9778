//! Small ports of Go standard-library behaviour that `crypto/x509` relies on while parsing:
//! `encoding/json`'s handling of invalid UTF-8, `strconv.Quote` (`%q` in error messages),
//! `net/url.Parse`'s error paths, `net.ParseIP`, and `crypto/x509`'s own domain and mailbox
//! checks for name constraints.
//!
//! Hand-written on purpose: each must answer exactly as Go 1.19 does (accept or refuse, and the
//! same error text); the Rust ecosystem's URL and IP parsers follow other standards (WHATWG,
//! RFC 3986 strictly) and would change the verdict.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A Go string (arbitrary bytes) as Go's `encoding/json` writes it: every byte that does not
/// start a valid UTF-8 sequence becomes U+FFFD (Go's `utf8.DecodeRune` advances one byte on
/// error, so a truncated sequence gives one U+FFFD per byte, unlike `String::from_utf8_lossy`).
pub(crate) fn json_string(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        // The invalid part is a maximal ill-formed subpart: a lead byte and continuation bytes,
        // none of which starts a valid sequence, so Go replaces each of them.
        for _ in chunk.invalid() {
            out.push(char::REPLACEMENT_CHARACTER);
        }
    }
    Cow::Owned(out)
}

/// Go's `strconv.Quote` of a Go string.
///
/// Non-ASCII characters are kept when Go's `unicode.IsPrint` holds; that predicate is
/// approximated here (controls, format characters, non-ASCII spaces, private use and
/// noncharacters are escaped; unassigned code points are kept, where Go would escape them).
/// Only the error message of a certificate that is refused anyway can differ.
pub(crate) fn quote(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\x07' => out.push_str("\\a"),
                '\x08' => out.push_str("\\b"),
                '\x0c' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\x0b' => out.push_str("\\v"),
                c if is_print(c) => out.push(c),
                c if (c as u32) < 0x20 || c == '\x7f' => {
                    let _ = write!(out, "\\x{:02x}", c as u32);
                }
                c if (c as u32) < 0x10000 => {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => {
                    let _ = write!(out, "\\U{:08x}", c as u32);
                }
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint` (see [`quote`]).
fn is_print(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return (0x20..0x7f).contains(&u);
    }
    !matches!(u,
        0x80..=0xa0 | 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x890..=0x891 | 0x8e2
        | 0x1680 | 0x180e | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x206f | 0x3000
        | 0xd800..=0xf8ff | 0xfdd0..=0xfdef | 0xfeff | 0xfff9..=0xfffb | 0xfffe..=0xffff
        | 0x110bd | 0x110cd | 0x13430..=0x1343f | 0x1bca0..=0x1bca3 | 0x1d173..=0x1d17a
        | 0xe0000..=0xe0fff | 0xf0000..=0x10ffff)
        && (u & 0xfffe) != 0xfffe
}

/// Go's `isIA5String`: every character is ASCII.
pub(crate) fn is_ia5(bytes: &[u8]) -> bool {
    bytes.is_ascii()
}

/// The error of Go's `isIA5String`, for a string that is not IA5.
pub(crate) fn ia5_error(bytes: &[u8]) -> String {
    format!("x509: {} cannot be encoded as an IA5String", quote(bytes))
}

/// Go's `domainToReverseLabels(domain)` succeeds: no empty label (so no trailing dot), and
/// only characters 33 to 126. The empty string is a valid (empty) domain.
pub(crate) fn domain_ok(domain: &[u8]) -> bool {
    domain.is_empty()
        || domain
            .split(|&b| b == b'.')
            .all(|label| !label.is_empty() && label.iter().all(|b| (33..=126).contains(b)))
}

/// Go's `parseRFC2821Mailbox(in)` succeeds.
pub(crate) fn mailbox_ok(input: &[u8]) -> bool {
    let Some(&first) = input.first() else {
        return false;
    };
    let mut rest = input;
    if first == b'"' {
        rest = &rest[1..];
        loop {
            let Some((&c, tail)) = rest.split_first() else {
                return false;
            };
            rest = tail;
            match c {
                b'"' => break,
                b'\\' => match rest.split_first() {
                    Some((&(1..=9 | 11 | 12 | 14..=127), tail)) => rest = tail,
                    _ => return false,
                },
                1..=8 | 11 | 12 | 14..=31 | 32 | 33 | 35..=91 | 93..=126 | 127 => {}
                _ => return false,
            }
        }
    } else {
        let mut local = Vec::with_capacity(input.len());
        while let Some(&c) = rest.first() {
            let atext = |c: u8| {
                c.is_ascii_alphanumeric()
                    || matches!(
                        c,
                        b'!' | b'#'
                            | b'$'
                            | b'%'
                            | b'&'
                            | b'\''
                            | b'*'
                            | b'+'
                            | b'-'
                            | b'/'
                            | b'='
                            | b'?'
                            | b'^'
                            | b'_'
                            | b'`'
                            | b'{'
                            | b'|'
                            | b'}'
                            | b'~'
                            | b'.'
                    )
            };
            if c == b'\\' {
                // Go accepts any escaped character outside quotes.
                rest = &rest[1..];
                let Some(&escaped) = rest.first() else {
                    return false;
                };
                local.push(escaped);
                rest = &rest[1..];
            } else if atext(c) {
                local.push(c);
                rest = &rest[1..];
            } else {
                break;
            }
        }
        if local.is_empty()
            || local[0] == b'.'
            || local[local.len() - 1] == b'.'
            || local.windows(2).any(|w| w == b"..")
        {
            return false;
        }
    }
    match rest.split_first() {
        Some((b'@', domain)) => domain_ok(domain),
        _ => false,
    }
}

/// Go 1.19's `net.ParseIP(s) != nil`.
pub(crate) fn parse_ip_ok(s: &[u8]) -> bool {
    match s.iter().find(|&&b| b == b'.' || b == b':') {
        Some(b'.') => parse_ipv4(s).is_some(),
        Some(_) => parse_ipv6_ok(s),
        None => false,
    }
}

/// Go's `dtoi`: decimal digits, value capped below 0xFFFFFF.
fn dtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        n = n * 10 + (s[i] - b'0') as u32;
        if n >= 0xFF_FFFF {
            return None;
        }
        i += 1;
    }
    (i > 0).then_some((n, i))
}

/// Go's `xtoi`: hexadecimal digits, value capped below 0xFFFFFF.
fn xtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = 0;
    while i < s.len() {
        let Some(d) = (s[i] as char).to_digit(16) else {
            break;
        };
        n = n * 16 + d;
        if n >= 0xFF_FFFF {
            return None;
        }
        i += 1;
    }
    (i > 0).then_some((n, i))
}

fn parse_ipv4(mut s: &[u8]) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    for (i, octet) in out.iter_mut().enumerate() {
        if s.is_empty() {
            return None;
        }
        if i > 0 {
            if s[0] != b'.' {
                return None;
            }
            s = &s[1..];
        }
        let (n, c) = dtoi(s)?;
        if n > 0xff || (c > 1 && s[0] == b'0') {
            return None;
        }
        s = &s[c..];
        *octet = n as u8;
    }
    s.is_empty().then_some(out)
}

fn parse_ipv6_ok(mut s: &[u8]) -> bool {
    let mut ellipsis: Option<usize> = None;
    if s.starts_with(b"::") {
        ellipsis = Some(0);
        s = &s[2..];
        if s.is_empty() {
            return true;
        }
    }
    let mut i = 0;
    while i < 16 {
        let Some((n, c)) = xtoi(s) else {
            return false;
        };
        if n > 0xffff {
            return false;
        }
        if c < s.len() && s[c] == b'.' {
            if (ellipsis.is_none() && i != 12) || i + 4 > 16 || parse_ipv4(s).is_none() {
                return false;
            }
            s = &[];
            i += 4;
            break;
        }
        i += 2;
        s = &s[c..];
        if s.is_empty() {
            break;
        }
        if s[0] != b':' || s.len() == 1 {
            return false;
        }
        s = &s[1..];
        if s[0] == b':' {
            if ellipsis.is_some() {
                return false;
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return false;
    }
    if i < 16 {
        ellipsis.is_some()
    } else {
        ellipsis.is_none()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Path,
    Host,
    Zone,
    UserPassword,
    Fragment,
}

/// Go's `shouldEscape(c, encodeHost)` (the zone mode answers the same).
fn host_should_escape(c: u8) -> bool {
    !(c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'"'
                | b'-'
                | b'_'
                | b'.'
                | b'~'
        ))
}

fn unhex(c: u8) -> u8 {
    (c as char).to_digit(16).unwrap_or(0) as u8
}

/// Go's `unescape(s, mode)`: the unescaped bytes, or the error text.
fn unescape(s: &[u8], mode: Mode) -> Result<Cow<'_, [u8]>, String> {
    let hosty = matches!(mode, Mode::Host | Mode::Zone);
    let mut escapes = 0;
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'%' => {
                escapes += 1;
                if i + 2 >= s.len()
                    || !s[i + 1].is_ascii_hexdigit()
                    || !s[i + 2].is_ascii_hexdigit()
                {
                    let end = (i + 3).min(s.len());
                    return Err(format!("invalid URL escape {}", quote(&s[i..end])));
                }
                let seq = &s[i..i + 3];
                if mode == Mode::Host && unhex(s[i + 1]) < 8 && seq != b"%25" {
                    return Err(format!("invalid URL escape {}", quote(seq)));
                }
                if mode == Mode::Zone {
                    let v = unhex(s[i + 1]) << 4 | unhex(s[i + 2]);
                    if seq != b"%25" && v != b' ' && host_should_escape(v) {
                        return Err(format!("invalid URL escape {}", quote(seq)));
                    }
                }
                i += 3;
            }
            c => {
                if hosty && c < 0x80 && host_should_escape(c) {
                    return Err(format!(
                        "invalid character {} in host name",
                        quote(&s[i..i + 1])
                    ));
                }
                i += 1;
            }
        }
    }
    if escapes == 0 {
        return Ok(Cow::Borrowed(s));
    }
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%' {
            out.push(unhex(s[i + 1]) << 4 | unhex(s[i + 2]));
            i += 3;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    Ok(Cow::Owned(out))
}

/// Go's `validOptionalPort`: empty, or `:` and digits.
fn valid_optional_port(port: &[u8]) -> bool {
    match port.split_first() {
        None => true,
        Some((b':', digits)) => digits.iter().all(u8::is_ascii_digit),
        Some(_) => false,
    }
}

/// Go's `validUserinfo`.
fn valid_userinfo(s: &[u8]) -> bool {
    s.iter().all(|&c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'.'
                    | b'_'
                    | b':'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'%'
                    | b'@'
            )
    })
}

fn parse_host(host: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    let port_error = |p: &[u8]| format!("invalid port {} after host", quote(p));
    if host.first() == Some(&b'[') {
        let Some(i) = host.iter().rposition(|&b| b == b']') else {
            return Err("missing ']' in host".to_owned());
        };
        if !valid_optional_port(&host[i + 1..]) {
            return Err(port_error(&host[i + 1..]));
        }
        if let Some(zone) = host[..i].windows(3).position(|w| w == b"%25") {
            let mut out = unescape(&host[..zone], Mode::Host)?.into_owned();
            out.extend_from_slice(&unescape(&host[zone..i], Mode::Zone)?);
            out.extend_from_slice(&unescape(&host[i..], Mode::Host)?);
            return Ok(Cow::Owned(out));
        }
    } else if let Some(i) = host.iter().rposition(|&b| b == b':') {
        if !valid_optional_port(&host[i..]) {
            return Err(port_error(&host[i..]));
        }
    }
    unescape(host, Mode::Host)
}

fn parse_authority(authority: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    let at = authority.iter().rposition(|&b| b == b'@');
    let host = parse_host(match at {
        Some(i) => &authority[i + 1..],
        None => authority,
    })?;
    if let Some(i) = at {
        let userinfo = &authority[..i];
        if !valid_userinfo(userinfo) {
            return Err("net/url: invalid userinfo".to_owned());
        }
        match userinfo.iter().position(|&b| b == b':') {
            None => {
                unescape(userinfo, Mode::UserPassword)?;
            }
            Some(c) => {
                unescape(&userinfo[..c], Mode::UserPassword)?;
                unescape(&userinfo[c + 1..], Mode::UserPassword)?;
            }
        }
    }
    Ok(host)
}

/// Go's unexported `parse(rawURL, false)`: the URL's (unescaped) host, or the error text.
fn parse(raw: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    if raw.iter().any(|&b| b < b' ' || b == 0x7f) {
        return Err("net/url: invalid control character in URL".to_owned());
    }
    if raw == b"*" {
        return Ok(Cow::Borrowed(&[]));
    }
    // getScheme.
    let mut scheme: &[u8] = &[];
    let mut rest = raw;
    for (i, &c) in raw.iter().enumerate() {
        if c.is_ascii_alphabetic() {
            continue;
        }
        if c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.') {
            if i == 0 {
                break;
            }
            continue;
        }
        if c == b':' {
            if i == 0 {
                return Err("missing protocol scheme".to_owned());
            }
            scheme = &raw[..i];
            rest = &raw[i + 1..];
        }
        break;
    }
    let questions = rest.iter().filter(|&&b| b == b'?').count();
    if rest.last() == Some(&b'?') && questions == 1 {
        rest = &rest[..rest.len() - 1];
    } else if let Some(q) = rest.iter().position(|&b| b == b'?') {
        rest = &rest[..q];
    }
    if !rest.starts_with(b"/") {
        if !scheme.is_empty() {
            // An opaque URL: nothing more is checked.
            return Ok(Cow::Borrowed(&[]));
        }
        let segment = rest.split(|&b| b == b'/').next().unwrap_or_default();
        if segment.contains(&b':') {
            return Err("first path segment in URL cannot contain colon".to_owned());
        }
    }
    let mut host = Cow::Borrowed(&[][..]);
    if (!scheme.is_empty() || !rest.starts_with(b"///")) && rest.starts_with(b"//") {
        let authority = &rest[2..];
        let (authority, path) = match authority.iter().position(|&b| b == b'/') {
            Some(i) => authority.split_at(i),
            None => (authority, &[][..]),
        };
        host = parse_authority(authority)?;
        rest = path;
    }
    unescape(rest, Mode::Path)?;
    Ok(host)
}

/// Go's `url.Parse(raw)`: the URL's host (unescaped), or the text of the `*url.Error`.
pub(crate) fn url_host(raw: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    let (u, fragment) = match raw.iter().position(|&b| b == b'#') {
        Some(i) => (&raw[..i], &raw[i + 1..]),
        None => (raw, &[][..]),
    };
    let host = parse(u).map_err(|e| format!("parse {}: {e}", quote(u)))?;
    if !fragment.is_empty() {
        unescape(fragment, Mode::Fragment).map_err(|e| format!("parse {}: {e}", quote(raw)))?;
    }
    Ok(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_replace_each_invalid_byte() {
        assert_eq!(json_string(b"caf\xc3\xa9"), "café");
        // A truncated three-byte sequence: Go writes two U+FFFD, from_utf8_lossy one.
        assert_eq!(json_string(b"\xe2\x82A"), "\u{fffd}\u{fffd}A");
        assert_eq!(String::from_utf8_lossy(b"\xe2\x82A"), "\u{fffd}A");
        // Latin-1 (T61String as written by many CAs), and an encoded surrogate.
        assert_eq!(json_string(b"M\xfcnchen"), "M\u{fffd}nchen");
        assert_eq!(json_string(b"\xed\xa0\x80"), "\u{fffd}\u{fffd}\u{fffd}");
    }

    #[test]
    fn quotes_like_strconv() {
        assert_eq!(quote(b"a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote(b"\x00\x07\n\x7f"), r#""\x00\a\n\x7f""#);
        assert_eq!(
            quote("é\u{a0}\u{200b}😀".as_bytes()),
            "\"é\\u00a0\\u200b😀\""
        );
        assert_eq!(quote(b"\xff"), r#""\xff""#);
    }

    #[test]
    fn domains_and_mailboxes() {
        assert!(domain_ok(b"") && domain_ok(b"example.com") && domain_ok(b"a:1"));
        assert!(!domain_ok(b"example.com.") && !domain_ok(b"a..b") && !domain_ok(b"a b"));
        assert!(mailbox_ok(b"user@example.com"));
        assert!(mailbox_ok(b"\"john doe\"@example.com"));
        assert!(mailbox_ok(b"a\\@b@example.com"));
        assert!(!mailbox_ok(b".user@example.com"));
        assert!(!mailbox_ok(b"us..er@example.com"));
        // Go takes an empty domain after `@` as valid.
        assert!(mailbox_ok(b"user@"));
        assert!(mailbox_ok(b"\"\"@x"));
        assert!(!mailbox_ok(b"user"));
    }

    #[test]
    fn ips_like_go_1_19() {
        for ok in [
            "1.2.3.4",
            "::",
            "::1",
            "fe80::1",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:1.2.3.4",
        ] {
            assert!(parse_ip_ok(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "01.2.3.4",
            "1.2.3",
            "256.1.1.1",
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            "1:2:3:4:5:6:7::8",
            "example.com",
            "",
            "1:2:3:4:5:6:7:8::",
            ":1",
            "1.2.3.4:",
        ] {
            assert!(!parse_ip_ok(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn urls_like_go_1_19() {
        let host =
            |s: &str| url_host(s.as_bytes()).map(|h| String::from_utf8_lossy(&h).into_owned());
        assert_eq!(
            host("https://example.com:8443/p?q#f").unwrap(),
            "example.com:8443"
        );
        assert_eq!(host("urn:uuid:1234").unwrap(), "");
        assert_eq!(host("spiffe://a.b/c%20d").unwrap(), "a.b");
        assert_eq!(
            host("https://[fe80::1%25en0]:80/").unwrap(),
            "[fe80::1%en0]:80"
        );
        assert_eq!(host("https://x%C3%A9.com/").unwrap(), "xé.com");
        assert_eq!(
            host("http://h:x/").unwrap_err(),
            r#"parse "http://h:x/": invalid port ":x" after host"#
        );
        assert_eq!(
            host("http://a b/").unwrap_err(),
            r#"parse "http://a b/": invalid character " " in host name"#
        );
        assert_eq!(
            host("http://a%41/").unwrap_err(),
            r#"parse "http://a%41/": invalid URL escape "%41""#
        );
        assert_eq!(
            host("/a%4").unwrap_err(),
            r#"parse "/a%4": invalid URL escape "%4""#
        );
        assert_eq!(
            host(":x").unwrap_err(),
            r#"parse ":x": missing protocol scheme"#
        );
        assert_eq!(host("a:b/c").unwrap(), "");
        assert_eq!(
            host("1a:b").unwrap_err(),
            r#"parse "1a:b": first path segment in URL cannot contain colon"#
        );
        assert_eq!(
            host("http://[::1/").unwrap_err(),
            r#"parse "http://[::1/": missing ']' in host"#
        );
        assert_eq!(
            host("http://u{@h/").unwrap_err(),
            r#"parse "http://u{@h/": net/url: invalid userinfo"#
        );
        assert_eq!(
            host("http://h/#%zz").unwrap_err(),
            r#"parse "http://h/#%zz": invalid URL escape "%zz""#
        );
        assert_eq!(
            host("a\x01").unwrap_err(),
            "parse \"a\\x01\": net/url: invalid control character in URL"
        );
    }
}
