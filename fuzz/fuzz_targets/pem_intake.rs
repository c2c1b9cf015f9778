//! `inspect` on arbitrary bytes: PEM intake (Go's `pem.Decode` loop), binary-input diagnosis,
//! certificate parsing and the derivation of every response field.
#![no_main]

use cert_preflight::{inspect, Certificate};
use libfuzzer_sys::fuzz_target;
use std::fmt::Write as _;

mod common;

fuzz_target!(|data: &[u8]| {
    match inspect(data) {
        Ok(fields) => {
            assert!(
                !fields.is_empty(),
                "inspect found no certificate but said Ok"
            );
            for f in &fields {
                let json = serde_json::to_string(f).expect("fields serialize");
                let back: cert_preflight::CertificateFields =
                    serde_json::from_str(&json).expect("fields deserialize");
                assert_eq!(&back, f);
            }
            // DER input: the certificate parses, and its fields are what inspect gave.
            if !data.windows(10).any(|w| w == b"-----BEGIN") {
                let cert = Certificate::parse(data).expect("inspect parsed it");
                assert_eq!(fields, [cert.fields()]);
            }
        }
        Err(rejection) => {
            let mut out = String::new();
            common::check_rejection(&rejection, &mut out);
            let _ = write!(out, "{rejection:?}");
        }
    }
});
