//! The whole pre-flight, in two modes picked by the first byte:
//! - even: the rest is a raw JSON request body, through `CertificateForm::from_json`;
//! - odd: the rest is read with `arbitrary` as a structured request ([`Request`]): the six fields
//!   and a clock, where the PEM fields are built from pieces (the fixed certificates and keys,
//!   whole or with one DER byte changed, truncated or extended; blocks of arbitrary DER under
//!   chosen labels and headers; arbitrary text), so that the fuzzer reaches the chain and key
//!   checks instead of stopping at the PEM intake.
//!
//! Each request also goes through `normalized_request` (the upload body the CLI writes): its
//! verdict must be the pre-flight's, and its normalised form must be accepted with the same
//! detail.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use base64::Engine as _;
use cert_preflight::{
    normalized_request, preflight, ChainOrder, CertificateForm, GatewayCode, Options, TrustedRootCaPolicy,
    UnixTime,
};
use libfuzzer_sys::fuzz_target;

mod common;

#[derive(Arbitrary, Debug)]
struct Request {
    name: Name,
    cert_content: Pem,
    private_key: Pem,
    cert_type: CertType,
    instance_id: String,
    trusted_root_ca: Pem,
    now: Clock,
    /// Options beyond the request: domains to cover, client-CA policy, expiry warning days.
    domains: Vec<String>,
    client_ca_only: bool,
    warn_days: u32,
}

#[derive(Arbitrary, Debug)]
enum Name {
    Valid,
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum CertType {
    Absent,
    Global,
    Instance,
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Clock {
    /// When every fixed certificate is valid.
    Valid,
    /// Any second, including the extremes.
    Raw(i64),
}

/// A PEM field, as a sequence of pieces.
#[derive(Arbitrary, Debug)]
struct Pem(Vec<Piece>);

#[derive(Arbitrary, Debug)]
enum Piece {
    /// A fixed file, whole (several blocks for the bundle).
    File(u8),
    /// A block of a fixed file, with its DER changed.
    Block {
        pick: u8,
        change: Change,
        width: Width,
        crlf: bool,
    },
    /// Arbitrary DER under a chosen label and headers.
    Der {
        label: Label,
        headers: Vec<(String, String)>,
        der: Vec<u8>,
        width: Width,
        crlf: bool,
    },
    /// Text between blocks.
    Text(String),
    Newline,
}

#[derive(Arbitrary, Debug)]
enum Change {
    None,
    Xor { at: u16, mask: u8 },
    Truncate(u16),
    Insert { at: u16, bytes: Vec<u8> },
    Remove { at: u16, len: u8 },
}

#[derive(Arbitrary, Debug)]
enum Width {
    Standard,
    OneLine,
    Other(u8),
}

#[derive(Arbitrary, Debug)]
enum Label {
    Certificate,
    PrivateKey,
    RsaPrivateKey,
    EcPrivateKey,
    EncryptedPrivateKey,
    Other(String),
}

impl Pem {
    fn render(&self) -> String {
        let mut s = String::new();
        let blocks = common::known_blocks();
        let files: Vec<&str> = common::known_files().collect();
        for piece in &self.0 {
            match piece {
                Piece::File(i) => s.push_str(files[usize::from(*i) % files.len()]),
                Piece::Block {
                    pick,
                    change,
                    width,
                    crlf,
                } => {
                    let (label, der) = &blocks[usize::from(*pick) % blocks.len()];
                    let der = change.apply(der);
                    armor(&mut s, label, &[], &der, width, *crlf);
                }
                Piece::Der {
                    label,
                    headers,
                    der,
                    width,
                    crlf,
                } => {
                    let label = match label {
                        Label::Certificate => "CERTIFICATE",
                        Label::PrivateKey => "PRIVATE KEY",
                        Label::RsaPrivateKey => "RSA PRIVATE KEY",
                        Label::EcPrivateKey => "EC PRIVATE KEY",
                        Label::EncryptedPrivateKey => "ENCRYPTED PRIVATE KEY",
                        Label::Other(l) => l,
                    };
                    armor(&mut s, label, headers, der, width, *crlf);
                }
                Piece::Text(t) => s.push_str(t),
                Piece::Newline => s.push('\n'),
            }
        }
        s
    }
}

impl Change {
    fn apply(&self, der: &[u8]) -> Vec<u8> {
        let mut d = der.to_vec();
        let at = |i: u16| usize::from(i) % (d.len() + 1);
        match self {
            Change::None => {}
            Change::Xor { at: i, mask } => {
                if !d.is_empty() {
                    let i = usize::from(*i) % d.len();
                    d[i] ^= mask;
                }
            }
            Change::Truncate(i) => d.truncate(at(*i)),
            Change::Insert { at: i, bytes } => {
                let i = at(*i);
                d.splice(i..i, bytes.iter().copied());
            }
            Change::Remove { at: i, len } => {
                let i = at(*i);
                let end = (i + usize::from(*len)).min(d.len());
                d.drain(i..end);
            }
        }
        d
    }
}

fn armor(
    s: &mut String,
    label: &str,
    headers: &[(String, String)],
    der: &[u8],
    width: &Width,
    crlf: bool,
) {
    let nl = if crlf { "\r\n" } else { "\n" };
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let width = match width {
        Width::Standard => 64,
        Width::OneLine => b64.len().max(1),
        Width::Other(w) => usize::from(*w).max(1),
    };
    s.push_str(&format!("-----BEGIN {label}-----{nl}"));
    for (k, v) in headers {
        s.push_str(&format!("{k}: {v}{nl}"));
    }
    if !headers.is_empty() {
        s.push_str(nl);
    }
    for chunk in b64.as_bytes().chunks(width) {
        s.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        s.push_str(nl);
    }
    s.push_str(&format!("-----END {label}-----{nl}"));
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (form, options) = if mode & 1 == 0 {
        match CertificateForm::from_json(rest) {
            Ok(form) => (form, Options::new(common::now())),
            Err(d) => {
                assert!(d.code.error_code().starts_with("APIG.20"), "{d:?}");
                let _ = format!("{d} {d:?}");
                return;
            }
        }
    } else {
        let Ok(req) = Request::arbitrary_take_rest(Unstructured::new(rest)) else {
            return;
        };
        let form = CertificateForm {
            name: match req.name {
                Name::Valid => "fuzz_cert".into(),
                Name::Raw(s) => s,
            },
            cert_content: req.cert_content.render(),
            private_key: req.private_key.render(),
            cert_type: match req.cert_type {
                CertType::Absent => String::new(),
                CertType::Global => "global".into(),
                CertType::Instance => "instance".into(),
                CertType::Raw(s) => s,
            },
            instance_id: req.instance_id,
            trusted_root_ca: req.trusted_root_ca.render(),
        };
        let now = match req.now {
            Clock::Valid => common::now(),
            Clock::Raw(t) => UnixTime(t),
        };
        let mut options = Options::new(now).warn_days(req.warn_days);
        for d in req.domains {
            options = options.domain(d);
        }
        if req.client_ca_only {
            options = options.trusted_root_ca_policy(TrustedRootCaPolicy::ClientCaOnly);
        }
        (form, options)
    };
    let options = options.project_id("0123456789abcdef");
    let verdict = preflight(&form, &options);
    // Fields the gateway echoes may hold a key line legitimately (the user put it there).
    let echoed = [&form.name, &form.cert_type, &form.instance_id]
        .into_iter()
        .chain(&options.domains);
    let check_leaks = !echoed.into_iter().any(|t| common::has_base64_run(t));
    common::check_verdict(&verdict, check_leaks);
    // The form's Debug never shows the key.
    if check_leaks {
        common::assert_no_key_lines(&format!("{form:?}"));
    }

    // The upload body: the same verdict, and the same detail. It costs one or two more
    // pre-flights: checked for every accepted request and one rejected request in four.
    if verdict.is_ok() || data.len().is_multiple_of(4) {
        match normalized_request(&form, &options, ChainOrder::AsGiven) {
            Ok(normalized) => match &verdict {
                Ok(original) => {
                    // normalized_request trusts that re-encoding keeps the verdict: check it.
                    let again = preflight(&normalized.form, &options)
                        .expect("the normalised form is accepted");
                    assert_eq!(again.detail, original.detail, "normalizing changed the detail");
                }
                Err(r) => panic!("normalizing accepts what the pre-flight refuses: {r:?}"),
            },
            Err(rejection) => {
                assert!(
                    verdict.is_err(),
                    "normalizing refused what the pre-flight accepts: {rejection}"
                );
                common::check_verdict(&Err(rejection), check_leaks);
            }
        }
    }
    // Putting the chain in order only helps a chain out of order (the key then matches another
    // certificate than the first, or the chain does not link).
    let reorderable = [GatewayCode::KeyMismatch, GatewayCode::ChainNotMatched];
    if let Err(rejection) = &verdict {
        if reorderable.contains(&rejection.code()) {
            if let Ok(n) = normalized_request(&form, &options, ChainOrder::LeafFirst) {
                assert!(
                    n.reordered.is_some(),
                    "only a reordering turns a rejection into acceptance"
                );
            }
        }
    }
});
