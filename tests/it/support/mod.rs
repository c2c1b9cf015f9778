//! The one fixture layer of the integration tests: the PKI builder ([`pki`]), the clock and
//! the forms in the library's types, the corpus rule ([`corpus`]) and the key-test readers
//! ([`keys`]).
#![allow(dead_code)] // each test module takes what it needs

pub mod corpus;
pub mod keys;
pub mod pki;

pub use pki::{ca_params, leaf_params, params, self_signed, Alg, Pki};

use cert_preflight::{CertificateForm, Options, UnixTime};

/// The tests' "now", [`pki::NOW`] (2030-01-01T00:00:00Z).
pub fn now() -> UnixTime {
    UnixTime::parse_rfc3339(pki::NOW).unwrap()
}

/// The options of a pre-flight at [`now`].
pub fn options() -> Options {
    Options::new(now())
}

/// The instance id of the forms with a `trusted_root_ca` (type `instance`).
pub const INSTANCE_ID: &str = "f0fa17893b76433ba7879892951c620e";

impl Pki {
    /// The form the gateway expects: leaf then intermediate, the leaf's key, no trusted CA.
    pub fn form(&self) -> CertificateForm {
        CertificateForm {
            name: "test_cert".into(),
            cert_content: self.bundle_pem(),
            private_key: self.leaf.key_pem(),
            ..Default::default()
        }
    }

    /// The form with the root as `trusted_root_ca` and type `instance`.
    pub fn form_with_root(&self) -> CertificateForm {
        CertificateForm {
            trusted_root_ca: self.root.pem(),
            cert_type: "instance".into(),
            instance_id: INSTANCE_ID.into(),
            ..self.form()
        }
    }
}

/// The error code of a pre-flight, or "OK".
pub fn verdict(form: &CertificateForm, options: &Options) -> String {
    match cert_preflight::preflight(form, options) {
        Ok(_) => "OK".to_owned(),
        Err(r) => r.error_code().to_owned(),
    }
}
