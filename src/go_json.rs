//! The gateway's JSON bytes. The gateway answers with Go's `encoding/json` (`json.Marshal`):
//! compact, `<` `>` `&` written as `\u003c` `\u003e` `\u0026`, U+2028 and U+2029 escaped, and (Go
//! 1.19) every control character but `\n` `\r` `\t` as `\u00XX`. serde_json writes the same
//! compact JSON with fewer escapes; [`go_json`] re-escapes its output as Go would, so a front
//! prints exactly the gateway's bytes without the library depending on a JSON crate.

/// Re-escapes compact JSON (as serde_json's `to_string` writes it) the way Go's `json.Marshal`
/// writes the same values. Outside strings nothing changes (compact JSON has no `<`, `>`, `&`
/// there).
///
/// ```
/// use cert_preflight::go_json;
///
/// let serde = r#"{"common_name":"<Shop & Co>\b"}"#;
/// assert_eq!(go_json(serde), r#"{"common_name":"\u003cShop \u0026 Co\u003e\u0008"}"#);
/// assert_eq!(go_json("[\"a\u{2028}b\"]"), r#"["a\u2028b"]"#);
/// ```
pub fn go_json(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() + compact.len() / 8);
    let mut in_string = false;
    let mut chars = compact.chars();
    while let Some(c) = chars.next() {
        if !in_string {
            in_string = c == '"';
            out.push(c);
            continue;
        }
        match c {
            '"' => {
                in_string = false;
                out.push(c);
            }
            '\\' => match chars.next() {
                // Go 1.19 has no short forms for backspace and form feed.
                Some('b') => out.push_str("\\u0008"),
                Some('f') => out.push_str("\\u000c"),
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            },
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::go_json;

    #[test]
    fn escapes_as_go_and_only_inside_strings() {
        assert_eq!(
            go_json(r#"{"a":[1,2],"b":true}"#),
            r#"{"a":[1,2],"b":true}"#
        );
        assert_eq!(
            go_json(r#"["\\b","\b\f\n\r\t\""]"#),
            r#"["\\b","\u0008\u000c\n\r\t\""]"#
        );
        assert_eq!(go_json(r#"["\u001f","é","😀"]"#), r#"["\u001f","é","😀"]"#);
        assert_eq!(go_json("[\"\u{2029}<\"]"), r#"["\u2029\u003c"]"#);
    }
}
