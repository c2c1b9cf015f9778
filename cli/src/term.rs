//! Everything people read goes through here: one escaping function for every string that came
//! from outside (certificate fields, file names, option values, the library's messages that
//! quote them), and writers that never panic when stdout or stderr is closed.

use std::borrow::Cow;
use std::io::Write;

/// Whether a character must not reach a terminal raw: C0 controls (newline and carriage return
/// included: a CN holding `\nREJECTED` would forge a report line), DEL, C1 controls (U+009B is
/// a one-byte CSI), bidi controls that reorder what is shown (U+202A..U+202E, U+2066..U+2069,
/// U+200E/F, U+061C), line and paragraph separators, and invisible zero-width characters.
pub fn must_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// Text made safe for a terminal: each character of [`must_escape`] is written as `\n`, `\r`,
/// `\t` or `\u{..}`; everything else is kept, backslashes included.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(must_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if must_escape(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Writes to stdout; a closed stdout (a pipe to `head`) is ignored, never a panic.
pub fn out(text: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text.as_bytes());
    let _ = o.flush();
}

/// Writes a line to stderr; a closed stderr is ignored, never a panic.
pub fn err_line(text: &str) {
    let mut e = std::io::stderr().lock();
    let _ = writeln!(e, "{text}");
}

/// ANSI styling, on only for a terminal and without `NO_COLOR`.
#[derive(Clone, Copy)]
pub struct Style {
    pub on: bool,
}

impl Style {
    pub fn for_stream(is_terminal: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            on: is_terminal && !no_color,
        }
    }

    /// `text` in an SGR style; `text` must already be escaped.
    pub fn paint(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// Wraps text at 80 columns: `first` before the first line, `rest` before the others. The text
/// is escaped first, so a control character can neither break a line nor hide in the wrapping.
pub fn write_hanging(
    out: &mut impl Write,
    text: &str,
    first: &str,
    rest: &str,
) -> std::io::Result<()> {
    let text = escape(text);
    let mut indent = first;
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let width = 80usize.saturating_sub(indent.chars().count()).max(20);
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            writeln!(out, "{indent}{line}")?;
            line.clear();
            indent = rest;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        writeln!(out, "{indent}{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_c1_and_bidi_are_escaped() {
        let s = "a\x1b[31mb\rc\x08d\x7fe\u{9b}f\u{202e}g\u{2066}h\u{200e}i\u{61c}j\u{2028}k\nl";
        let e = escape(s);
        assert!(!e.chars().any(must_escape), "{e}");
        assert_eq!(
            e,
            "a\\u{1b}[31mb\\rc\\u{8}d\\u{7f}e\\u{9b}f\\u{202e}g\\u{2066}h\\u{200e}i\\u{61c}j\\u{2028}k\\nl"
        );
        assert_eq!(escape("shop.example.com"), "shop.example.com");
    }
}
