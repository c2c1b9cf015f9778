//! Arbitrary text as `private_key` beside a fixed, valid `cert_content`, through `preflight`: key
//! intake, key parsing and the key/certificate match run on every input. The first byte picks
//! the certificate (one per key algorithm and encoding, see `common::PAIRS`); seeds are that
//! byte followed by the matching key, so mutations stay near each algorithm's parser. The key is
//! also read alone (`PrivateKey::from_field`) and matched against the parsed certificates.
#![no_main]

use cert_preflight::{
    field_text, preflight, Certificate, CertificateForm, Field, Options, PrivateKey,
};
use libfuzzer_sys::fuzz_target;
use std::fmt::Write as _;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, key)) = data.split_first() else {
        return;
    };
    let pair = &common::PAIRS[usize::from(pick) % common::PAIRS.len()];
    // As the CLI reads a key file: binary input is diagnosed, text goes in the form.
    let private_key = match field_text(Field::PrivateKey, key) {
        Ok(text) => text.into_owned(),
        Err(rejection) => {
            common::check_verdict(&Err(rejection), true);
            String::from_utf8_lossy(key).into_owned()
        }
    };

    let mut out = String::new();
    match PrivateKey::from_field(&private_key) {
        Ok(k) => {
            let ders: Vec<Vec<u8>> = common::known_blocks()
                .iter()
                .filter(|(label, _)| *label == "CERTIFICATE")
                .map(|(_, der)| der.clone())
                .collect();
            let certs: Vec<Certificate<'_>> = ders
                .iter()
                .filter_map(|d| Certificate::parse(d).ok())
                .collect();
            for d in k.check_against(&certs) {
                let _ = write!(out, "{d}\n{d:?}\n");
            }
            let _ = write!(
                out,
                "{k:?} {} {} {} {}",
                k.algorithm_name(),
                k.format_name(),
                k.block(),
                k.public_key_spki_der().len()
            );
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "a refusal says why");
            for d in &diagnostics {
                assert_eq!(d.field, Some(Field::PrivateKey), "{d:?}");
                let _ = write!(out, "{d}\n{d:?}\n");
            }
        }
    }
    common::assert_no_key_lines(&out);

    let form = CertificateForm {
        name: "fuzz_cert".into(),
        cert_content: pair.cert.into(),
        private_key,
        ..Default::default()
    };
    let verdict = preflight(&form, &Options::new(common::now()));
    common::check_verdict(&verdict, true);
});
