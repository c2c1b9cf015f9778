//! The one fixture layer of the integration tests: the PKI builder ([`pki`]), the clock and
//! the forms in the library's types, the corpus rule ([`corpus`]) and the key-test readers
//! ([`keys`]).
#![allow(dead_code)] // each test module takes what it needs

pub mod corpus;
pub mod der;
pub mod keys;
pub mod pem;
pub mod pki;

pub use pki::{ca_params, leaf_params, params, self_signed, Alg, Pki};

use cert_preflight::{CertificateForm, Options, Rejection, UnixTime};

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

/// Every rendering of a rejection says what the rejection holds: the text is the code and the
/// gateway's message, the body is exactly `{error_code, error_msg}`, and each diagnostic's text
/// and JSON carry its code, id, message and fix.
pub fn assert_rejection_renders(r: &Rejection) {
    assert_eq!(
        r.to_string(),
        format!("{} {}", r.error_code(), r.error_msg())
    );
    assert!(format!("{r:?}").contains(&format!("{:?}", r.code())));
    assert_eq!(
        serde_json::json!(r.body()),
        serde_json::json!({"error_code": r.error_code(), "error_msg": r.error_msg()})
    );
    for d in r.diagnostics() {
        let text = d.to_string();
        assert!(text.starts_with(d.code.error_code()), "{text}");
        assert!(text.contains(&d.message), "{text}");
        if let Some(fix) = &d.fix {
            assert!(text.ends_with(&format!(" Fix: {fix}")), "{text}");
        }
        let json = serde_json::json!(d);
        assert_eq!(json["code"], d.code.error_code(), "{json}");
        assert_eq!(json["id"], d.id.as_str(), "{json}");
        assert_eq!(json["message"], d.message.as_str(), "{json}");
        assert_eq!(json["fix"].as_str(), d.fix.as_deref(), "{json}");
        assert_eq!(json["block"].as_u64(), d.block.map(|b| b as u64), "{json}");
    }
}
