//! Properties of the whole pre-flight (proptest):
//! - any bytes in any field give a verdict, never a panic;
//! - damage to the valid example request (bit flips in the base64, truncation, blocks reordered or
//!   duplicated, fields swapped) gives a rejection, or, where the damage is harmless to Go (CRLF
//!   line ends, text around the blocks, base64 bits Go ignores), the very same verdict;
//! - every accepted detail round-trips through serde.

use base64::Engine as _;
use cert_preflight::{
    field_text, inspect, preflight, Accepted, CertificateDetail, CertificateForm, Field, Options,
    Rejection, UnixTime,
};
use proptest::prelude::*;

const BUNDLE: &str = include_str!("../../examples/bundle.pem");
const KEY: &str = include_str!("../../examples/key.pem");
const ROOT: &str = include_str!("../../examples/root-ca.pem");

fn options() -> Options {
    // These cases check that the chain leads to `trusted_root_ca`: the stricter policy.
    Options::new(UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").expect("a valid time"))
        .trusted_root_ca_policy(cert_preflight::TrustedRootCaPolicy::ServerChain)
}

/// The example request: the bundle, its key, and its root for two-way TLS.
fn valid_form() -> CertificateForm {
    CertificateForm {
        name: "shop_example".into(),
        cert_content: BUNDLE.into(),
        private_key: KEY.into(),
        cert_type: "instance".into(),
        instance_id: "0123456789abcdef0123456789abcdef".into(),
        trusted_root_ca: ROOT.into(),
    }
}

/// What a verdict says, for comparison: the detail, or the error code.
#[derive(Debug, PartialEq, Eq)]
enum Said {
    Accepted(Box<CertificateDetail>),
    Rejected(&'static str),
}

/// Runs the pre-flight and checks what every verdict must satisfy: a rejection is well formed
/// (its code is its first diagnostic's), an accepted detail round-trips through serde.
fn run(form: &CertificateForm) -> Said {
    check(preflight(form, &options()))
}

fn check(verdict: Result<Accepted, Rejection>) -> Said {
    match verdict {
        Ok(a) => {
            let json = serde_json::to_string(&a.detail).expect("the detail serializes");
            let back: CertificateDetail =
                serde_json::from_str(&json).expect("the detail deserializes");
            assert_eq!(back, a.detail, "serde round trip");
            Said::Accepted(Box::new(a.detail))
        }
        Err(r) => {
            assert_eq!(r.diagnostics().first().map(|d| d.code), Some(r.code()));
            assert!(r.error_code().starts_with("APIG."), "{}", r.error_code());
            assert!(!r.error_msg().is_empty());
            crate::support::assert_rejection_renders(&r);
            Said::Rejected(r.error_code())
        }
    }
}

fn baseline() -> Said {
    run(&valid_form())
}

/// The three PEM fields of a form, by number.
fn pem_field(form: &mut CertificateForm, which: usize) -> &mut String {
    match which % 3 {
        0 => &mut form.cert_content,
        1 => &mut form.private_key,
        _ => &mut form.trusted_root_ca,
    }
}

fn set_field(form: &mut CertificateForm, which: usize, text: String) {
    match which % 6 {
        0 => form.name = text,
        1 => form.cert_content = text,
        2 => form.private_key = text,
        3 => form.cert_type = text,
        4 => form.instance_id = text,
        _ => form.trusted_root_ca = text,
    }
}

/// The PEM blocks of a text, whole (BEGIN line to END line and its newline).
fn blocks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(b) = rest.find("-----BEGIN ") {
        let after = &rest[b..];
        let Some(e) = after.find("-----END ") else {
            break;
        };
        let end = e + after[e..].find('\n').map_or(after.len() - e, |n| n + 1);
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

/// Byte offsets of the base64 characters inside the blocks of a text (not the armor lines).
fn base64_offsets(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("-----BEGIN ") {
            inside = true;
        } else if line.starts_with("-----END ") {
            inside = false;
        } else if inside {
            out.extend(
                line.bytes()
                    .enumerate()
                    .filter(|(_, b)| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
                    .map(|(i, _)| offset + i),
            );
        }
        offset += line.len();
    }
    out
}

/// The DER of the first block of a text as Go's PEM decoder reads it (spaces, tabs and line
/// breaks dropped, padding required, trailing bits ignored); `None` when it does not decode.
fn first_block_der(text: &str) -> Option<Vec<u8>> {
    let block = text.split_once("-----\n")?.1;
    let body = &block[..block.find("\n-----END ")?];
    let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    crate::support::pem::GO_BASE64.decode(b64).ok()
}

fn is_rejected(said: &Said) -> bool {
    matches!(said, Said::Rejected(_))
}

/// The example request must be accepted, or every "gives a rejection" property below is vacuous.
#[test]
fn the_example_request_is_accepted() {
    match baseline() {
        Said::Accepted(detail) => {
            assert_eq!(detail.certificate.common_name, "shop.example.com");
            assert!(detail.is_has_trusted_root_ca);
        }
        Said::Rejected(code) => panic!("the example request is rejected: {code}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any bytes in any field: a verdict, well formed.
    #[test]
    fn any_bytes_in_any_field(which in 0usize..6, bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let mut form = valid_form();
        set_field(&mut form, which, String::from_utf8_lossy(&bytes).into_owned());
        run(&form);
    }

    /// Any text (valid UTF-8, often PEM-like) in any field.
    #[test]
    fn any_text_in_any_field(
        which in 0usize..6,
        text in "(-----BEGIN [A-Z ]{0,20}-----\n|-----END [A-Z ]{0,20}-----\n|[A-Za-z0-9+/=]{0,70}\n|[ -~]{0,40}|\r|\n|\\PC{0,4})*"
    ) {
        let mut form = valid_form();
        set_field(&mut form, which, text);
        run(&form);
    }

    /// A file's bytes through `field_text`, then into the form; and `inspect` on them.
    #[test]
    fn any_file_bytes(which in 0usize..3, bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let field = [Field::CertContent, Field::PrivateKey, Field::TrustedRootCa][which];
        match field_text(field, &bytes) {
            Ok(text) => {
                let mut form = valid_form();
                *pem_field(&mut form, which) = text.into_owned();
                run(&form);
            }
            Err(r) => { check(Err(r)); }
        }
        match inspect(&bytes) {
            Ok(fields) => prop_assert!(!fields.is_empty()),
            Err(r) => { check(Err(r)); }
        }
    }

    /// Any bytes as a JSON body, and any strings in a JSON body.
    #[test]
    fn any_json_body(bytes in proptest::collection::vec(any::<u8>(), 0..2000), name in ".*", key in ".*") {
        if let Ok(form) = CertificateForm::from_json(&bytes) {
            run(&form);
        }
        let body = serde_json::json!({"name": name, "cert_content": BUNDLE, "private_key": key, "Type": null});
        let form = CertificateForm::from_json(body.to_string().as_bytes()).expect("a JSON object of strings");
        run(&form);
    }

    /// One bit of one base64 character flipped, in any PEM field: a rejection, or the same
    /// verdict. In the leaf (the first block of `cert_content`), unless the DER is unchanged
    /// (bits Go ignores), always a rejection.
    #[test]
    fn bit_flip_in_base64(which in 0usize..3, pick in any::<prop::sample::Index>(), bit in 0u8..7) {
        let mut form = valid_form();
        let text = pem_field(&mut form, which);
        let offsets = base64_offsets(text);
        let at = offsets[pick.index(offsets.len())];
        let mut bytes = std::mem::take(text).into_bytes();
        bytes[at] ^= 1 << bit;
        *text = String::from_utf8(bytes).expect("ASCII stays ASCII");
        let in_leaf = which == 0 && at < blocks(BUNDLE)[0].len();
        let der_changed = first_block_der(&form.cert_content) != first_block_der(BUNDLE);
        let said = run(&form);
        if in_leaf && der_changed {
            prop_assert!(is_rejected(&said), "flip at {at} bit {bit} accepted");
        } else {
            prop_assert!(is_rejected(&said) || said == baseline(), "flip at {at} bit {bit}: {said:?}");
        }
    }

    /// A PEM field cut short: a rejection, or the same verdict (Go ignores a last block without
    /// an END line; what remains may still be a complete request). Cut inside the leaf or the
    /// key: always a rejection.
    #[test]
    fn truncation(which in 0usize..3, keep in any::<prop::sample::Index>()) {
        let mut form = valid_form();
        let text = pem_field(&mut form, which);
        let full = text.len();
        // Cut before the END line's dashes end: the block loses its END line.
        let cut = keep.index(full.saturating_sub(2));
        text.truncate(cut);
        let said = run(&form);
        let first_block_cut = match which {
            0 => cut < blocks(BUNDLE)[0].len() - 2,
            1 => true,
            _ => false,
        };
        if first_block_cut {
            prop_assert!(is_rejected(&said), "cut at {cut} accepted");
        } else {
            // An empty trusted_root_ca is an absent one: accepted, without the CA.
            let emptied_ca = which == 2 && cut == 0;
            prop_assert!(is_rejected(&said) || said == baseline() || emptied_ca, "cut at {cut}: {said:?}");
        }
    }

    /// `cert_content` as any other sequence of the leaf and the intermediate (reordered,
    /// duplicated, one missing): a rejection.
    #[test]
    fn reordered_or_duplicated_blocks(order in proptest::collection::vec(0usize..2, 1..5)) {
        prop_assume!(order != [0, 1]);
        let b = blocks(BUNDLE);
        let mut form = valid_form();
        form.cert_content = order.iter().map(|&i| b[i]).collect();
        let said = run(&form);
        prop_assert!(is_rejected(&said), "{order:?} accepted");
    }

    /// The PEM fields in the wrong places: a rejection.
    #[test]
    fn swapped_fields(perm in Just(vec![0usize, 1, 2]).prop_shuffle()) {
        prop_assume!(perm != [0, 1, 2]);
        let texts = [BUNDLE, KEY, ROOT];
        let mut form = valid_form();
        for (field, &text) in perm.iter().enumerate() {
            *pem_field(&mut form, field) = texts[text].to_owned();
        }
        let said = run(&form);
        prop_assert!(is_rejected(&said), "{perm:?} accepted");
    }

    /// `name` swapped with another field: a rejection.
    #[test]
    fn name_swapped(which in 1usize..6) {
        let mut form = valid_form();
        let name = std::mem::take(&mut form.name);
        let other = match which {
            1 => std::mem::replace(&mut form.cert_content, name),
            2 => std::mem::replace(&mut form.private_key, name),
            3 => std::mem::replace(&mut form.cert_type, name),
            4 => std::mem::replace(&mut form.instance_id, name),
            _ => std::mem::replace(&mut form.trusted_root_ca, name),
        };
        form.name = other;
        prop_assert!(is_rejected(&run(&form)));
    }

    /// Line ends turned into CRLF (all, or some): the same verdict.
    #[test]
    fn crlf_line_ends(which in 0usize..3, lines in proptest::collection::vec(any::<bool>(), 64)) {
        let mut form = valid_form();
        let text = pem_field(&mut form, which);
        let mut out = String::new();
        for (i, line) in text.split_inclusive('\n').enumerate() {
            match line.strip_suffix('\n') {
                Some(l) if lines[i % lines.len()] => { out.push_str(l); out.push_str("\r\n"); }
                _ => out.push_str(line),
            }
        }
        *text = out;
        prop_assert_eq!(run(&form), baseline());
    }

    /// Text before, between and after the blocks (whole lines that are not PEM armor): the same
    /// verdict.
    #[test]
    fn text_around_blocks(
        which in 0usize..3,
        around in proptest::collection::vec("([A-Za-z0-9 .,:=#_()]{0,60}\r?\n){0,3}", 4)
    ) {
        let mut form = valid_form();
        let text = pem_field(&mut form, which);
        let mut out = around[0].clone();
        for (i, block) in blocks(text).iter().enumerate() {
            out.push_str(block);
            out.push_str(&around[(i + 1) % around.len()]);
        }
        *text = out;
        prop_assert_eq!(run(&form), baseline());
    }
}
