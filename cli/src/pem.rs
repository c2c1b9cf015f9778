//! A small PEM splitter for the command line's own needs: where each block starts (for SARIF and
//! annotation locations), certificate facts (CN, fingerprint, expiry) for findings, and `scan`.
//! The library stays the judge of what the gateway reads; this only finds blocks.

use base64::Engine;

/// One PEM block: its label, its 1-based first line, and its text (armour included).
pub struct Block<'a> {
    pub label: &'a str,
    pub line: usize,
    pub text: &'a str,
}

impl Block<'_> {
    /// The decoded body (`None` if it is not base64). Headers (`Proc-Type:`...) are skipped.
    pub fn der(&self) -> Option<Vec<u8>> {
        let body: String = self
            .text
            .lines()
            .filter(|l| !l.starts_with("-----") && !l.contains(':'))
            .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
            .collect();
        base64::engine::general_purpose::STANDARD.decode(body).ok()
    }

    /// Whether the block holds a private key (of any kind, encrypted included).
    pub fn is_private_key(&self) -> bool {
        self.label.ends_with("PRIVATE KEY")
    }
}

/// Every `-----BEGIN X-----` ... `-----END X-----` block of a text, in order.
pub fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("-----BEGIN ") {
        let start = from + i;
        let after = start + "-----BEGIN ".len();
        let Some(end_label) = text[after..].find("-----") else {
            break;
        };
        let label = &text[after..after + end_label];
        let end_marker = format!("-----END {label}-----");
        let line = text[..start].matches('\n').count() + 1;
        match text[after..].find(&end_marker) {
            Some(j) => {
                let stop = after + j + end_marker.len();
                out.push(Block {
                    label,
                    line,
                    text: &text[start..stop],
                });
                from = stop;
            }
            None => {
                out.push(Block {
                    label,
                    line,
                    text: &text[start..],
                });
                break;
            }
        }
    }
    out
}

/// The 1-based line of the `n`-th (1-based) `-----BEGIN` line of a text.
pub fn line_of_block(text: &str, n: usize) -> Option<usize> {
    let (offset, _) = text.match_indices("-----BEGIN").nth(n.checked_sub(1)?)?;
    Some(text[..offset].matches('\n').count() + 1)
}

/// DER as a PEM block with a label, 64 characters a line.
pub fn encode(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut s = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        s.push('\n');
    }
    s.push_str(&format!("-----END {label}-----\n"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_have_labels_and_lines() {
        let text = "junk\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n\n-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n";
        let b = blocks(text);
        assert_eq!(b.len(), 2);
        assert_eq!((b[0].label, b[0].line), ("CERTIFICATE", 2));
        assert_eq!((b[1].label, b[1].line), ("EC PRIVATE KEY", 6));
        assert!(b[1].is_private_key());
        assert_eq!(b[0].der(), Some(vec![0, 0, 0]));
        assert_eq!(line_of_block(text, 2), Some(6));
        assert_eq!(
            blocks(&encode("CERTIFICATE", &[1, 2, 3]))[0].der(),
            Some(vec![1, 2, 3])
        );
    }
}
