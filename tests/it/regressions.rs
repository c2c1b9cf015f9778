//! Inputs the fuzzers (fuzz/) found, each as a test: the verdict must come back, well formed, and
//! without key material. Fuzzer inputs in the structured format of the `preflight` target are
//! turned into the plain request they stand for; raw inputs live in tests/data/regressions/.

use cert_preflight::{
    preflight, Accepted, CertificateForm, Options, PrivateKey, Rejection, UnixTime,
};

const BUNDLE: &str = include_str!("../../examples/bundle.pem");
const KEY: &str = include_str!("../../examples/key.pem");

fn options() -> Options {
    Options::new(UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").expect("a valid time"))
}

/// Every text the verdict shows: JSON bodies, `Display` and `Debug`.
fn rendered(verdict: &Result<Accepted, Rejection>) -> String {
    match verdict {
        Ok(a) => format!(
            "{}\n{a:?}\n{}",
            serde_json::to_string(&a.detail).expect("serializes"),
            a.warnings
                .iter()
                .map(|w| format!("{w}\n"))
                .collect::<String>()
        ),
        Err(r) => {
            let mut s = format!(
                "{}\n{r}\n{r:?}\n",
                serde_json::to_string(&r.body()).expect("serializes")
            );
            for d in r.diagnostics() {
                s += &format!("{d}\n{}\n", serde_json::to_string(d).expect("serializes"));
            }
            for w in r.warnings() {
                s += &format!("{w}\n{}\n", serde_json::to_string(w).expect("serializes"));
            }
            s
        }
    }
}

/// The base64 lines of a PEM key (16 characters or more).
fn key_lines(pem: &str) -> Vec<&str> {
    pem.lines()
        .filter(|l| l.len() >= 16 && !l.starts_with("-----"))
        .collect()
}

/// Found by the `preflight` fuzzer (2026-11-28): a private key whose line breaks were escaped
/// (`\n` as two characters, a common mangling on the way into JSON) pasted after the
/// certificates in `cert_content`. Go reads its whole BEGIN line, key included, as the block's
/// type, and the warning about the ignored block (`pem.block-ignored`) quoted that type: the
/// whole key was in the output. The same with the key's first line break lost, alone in
/// `cert_content` (`pem.block-invalid`). Owner: the PEM intake diagnostics (src/bundle.rs,
/// labels from src/pem.rs).
#[test]
fn mangled_key_in_cert_content_is_not_quoted() {
    let escaped = KEY.trim_end().replace('\n', "\\n");
    let glued = KEY.replacen('\n', " ", 1);
    for cert_content in [format!("{BUNDLE}{escaped}\n"), glued] {
        let form = CertificateForm {
            name: "shop_example".into(),
            cert_content,
            private_key: KEY.into(),
            ..Default::default()
        };
        let out = rendered(&preflight(&form, &options()));
        for line in key_lines(KEY) {
            assert!(
                !out.contains(line),
                "key line {line:?} in the output:\n{out}"
            );
        }
    }
}

/// The same escaped key alone in `cert_content` (no certificate): the diagnosis names the
/// escaping, and quotes no key.
#[test]
fn escaped_key_alone_in_cert_content_is_not_quoted() {
    let escaped = KEY.trim_end().replace('\n', "\\n");
    let form = CertificateForm {
        name: "shop_example".into(),
        cert_content: format!("{escaped}\n"),
        private_key: KEY.into(),
        ..Default::default()
    };
    let verdict = preflight(&form, &options());
    let out = rendered(&verdict);
    assert_eq!(
        verdict.as_ref().err().map(Rejection::error_code),
        Some("APIG.2106")
    );
    for line in key_lines(KEY) {
        assert!(
            !out.contains(line),
            "key line {line:?} in the output:\n{out}"
        );
    }
}

/// Found by the `private_key` and `preflight` fuzzers (2026-11-28): a private key whose line
/// breaks were escaped, or whose first line break was lost (the base64 glued to the BEGIN
/// line), in `private_key`. Go skips the BEGIN line, and the diagnostic (`key.no-pem`) quoted the
/// whole line as the block's type: the key was in the output. Owner: src/key/mod.rs
/// (`describe_non_pem`, `s.label`).
#[test]
fn mangled_key_in_private_key_is_not_quoted() {
    let escaped = KEY.trim_end().replace('\n', "\\n");
    let glued = KEY.replacen('\n', " ", 1);
    let binary = KEY.replacen('\n', "\u{a7}", 1);
    for private_key in [escaped, glued, binary] {
        let form = CertificateForm {
            name: "shop_example".into(),
            cert_content: BUNDLE.into(),
            private_key,
            ..Default::default()
        };
        let verdict = preflight(&form, &options());
        assert_eq!(
            verdict.as_ref().err().map(Rejection::error_code),
            Some("APIG.2106")
        );
        let mut out = rendered(&verdict);
        if let Err(diagnostics) = PrivateKey::from_field(&form.private_key) {
            for d in diagnostics {
                out += &format!("{d}\n{d:?}\n");
            }
        }
        for line in key_lines(KEY) {
            assert!(
                !out.contains(line),
                "key line {line:?} in the output:\n{out}"
            );
        }
    }
}

/// Found by the `preflight` fuzzer (2026-11-28): with a clock outside years 0 to 9999, the
/// accepted detail's `create_time` serializes (`"10000-01-01T00:00:00Z"`, or a negative year)
/// but does not deserialize: `CertificateDetail` does not round-trip through serde. Owner:
/// src/time.rs (`UnixTime` Serialize/Deserialize); Go's `time.Time.MarshalJSON` refuses such
/// years.
#[test]
fn detail_round_trips_for_any_clock() {
    let form = CertificateForm {
        name: "shop_example".into(),
        cert_content: BUNDLE.into(),
        private_key: KEY.into(),
        ..Default::default()
    };
    // Before the certificates' validity: accepted (not yet valid is only a warning).
    for now in [UnixTime(-62_167_219_201), UnixTime(i64::MIN)] {
        let accepted = preflight(&form, &Options::new(now)).expect("accepted");
        let json = serde_json::to_string(&accepted.detail).expect("serializes");
        let back: Result<cert_preflight::CertificateDetail, _> = serde_json::from_str(&json);
        assert_eq!(back.ok().as_ref(), Some(&accepted.detail), "{json}");
    }
}

/// Found by the `preflight` fuzzer (2026-11-28): `normalized_request` accepts a request the
/// pre-flight refuses when `private_key` is too long only because of text around its block
/// (normalizing keeps the key block alone), though its doc says it returns the form "when the
/// gateway would accept it", and the CLI's `request` prints the body without saying the
/// original was refused. Owner: src/request.rs (the lead). Either refuse (as tested here) or
/// document it and say so on the command line.
#[test]
fn normalizing_does_not_accept_a_refused_request() {
    let padding = "# comment line around the key\n".repeat(300);
    let form = CertificateForm {
        name: "shop_example".into(),
        cert_content: BUNDLE.into(),
        private_key: format!("{padding}{KEY}"),
        ..Default::default()
    };
    let verdict = preflight(&form, &options());
    assert_eq!(
        verdict.as_ref().err().map(Rejection::error_code),
        Some("APIG.2006")
    );
    assert!(cert_preflight::normalized_request(
        &form,
        &options(),
        cert_preflight::ChainOrder::AsGiven
    )
    .is_err());
}

/// Found measuring the worst cases (tests/it/robustness.rs, 2026-11-28): a leaf whose issuer has an
/// RSA modulus above 16,384 bits (here 16,392) and whose signature is garbage is accepted, with a
/// `chain.signature-unverifiable` warning, because the library does not verify such keys. Go
/// 1.19 verifies RSA signatures of any size, finds this one wrong, and the gateway refuses the
/// chain (APIG.2104). Owner: src/chain.rs / src/signed_data.rs (the chain helper). Either
/// verify, or refuse what cannot be verified.
#[test]
fn garbage_signature_from_a_huge_rsa_key_is_refused() {
    let form = CertificateForm {
        name: "shop_example".into(),
        cert_content: include_str!("../data/regressions/rsa16392-issuer-garbage-signature.pem")
            .into(),
        private_key: KEY.into(),
        ..Default::default()
    };
    let verdict = preflight(&form, &options());
    assert_eq!(
        verdict.as_ref().err().map(Rejection::error_code),
        Some("APIG.2104"),
        "{verdict:?}"
    );
}

/// Found by the `private_key` fuzzer (2026-11-28): the APIG.2105 message for a legacy encrypted
/// key quotes the whole `Proc-Type` header value, and that value holds whatever followed it on
/// its line: with the line breaks lost (here the key's base64 joined to the header by spaces),
/// the key text. Owner: src/key/mod.rs (`encrypted_block`, `Proc-Type: {proc_type}`): quote it
/// only when it is the expected short value.
#[test]
fn proc_type_header_is_not_quoted_in_full() {
    let body: Vec<&str> = KEY.lines().filter(|l| !l.starts_with("-----")).collect();
    let private_key = format!(
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED {}\n\nAAAA\n-----END RSA PRIVATE KEY-----\n",
        body.join(" ")
    );
    let form = CertificateForm {
        name: "shop_example".into(),
        cert_content: BUNDLE.into(),
        private_key,
        ..Default::default()
    };
    let verdict = preflight(&form, &options());
    assert_eq!(
        verdict.as_ref().err().map(Rejection::error_code),
        Some("APIG.2105")
    );
    let out = rendered(&verdict);
    for line in key_lines(KEY) {
        assert!(
            !out.contains(line),
            "key line {line:?} in the output:\n{out}"
        );
    }
}
