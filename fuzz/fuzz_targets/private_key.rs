//! Arbitrary text as `private_key` beside a fixed, valid `cert_content`, through `preflight`: key
//! intake, key parsing and the key/certificate match run on every input. The first byte picks
//! the certificate (one per key algorithm and encoding, see `common::PAIRS`); seeds are that
//! byte followed by the matching key, so mutations stay near each algorithm's parser.
#![no_main]

use cert_preflight::{field_text, preflight, CertificateForm, Field, Options};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, key)) = data.split_first() else {
        return;
    };
    let pair = &common::PAIRS[usize::from(pick) % common::PAIRS.len()];
    // As the CLI reads a key file: binary input is diagnosed, text goes in the form.
    let private_key = match field_text(Field::PrivateKey, key) {
        Ok(text) => text.to_owned(),
        Err(rejection) => {
            common::check_verdict(&Err(rejection), true);
            String::from_utf8_lossy(key).into_owned()
        }
    };
    let form = CertificateForm {
        name: "fuzz_cert".into(),
        cert_content: pair.cert.into(),
        private_key,
        ..Default::default()
    };
    let verdict = preflight(&form, &Options::new(common::now()));
    common::check_verdict(&verdict, true);
});
