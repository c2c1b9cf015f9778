//! The request body's fields, named as the gateway names them.

use serde::Serialize;
use std::fmt;

/// A field of the request body, named as the gateway names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The request body as a whole.
    Body,
    /// `name`.
    Name,
    /// `cert_content`.
    CertContent,
    /// `private_key`.
    PrivateKey,
    /// `type`.
    Type,
    /// `instance_id`.
    InstanceId,
    /// `trusted_root_ca`.
    TrustedRootCa,
    /// A domain name the certificate must cover (not a gateway field: `--domain`).
    Domain,
}

impl Field {
    /// The field's name in the request body.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Body => "body",
            Field::Name => "name",
            Field::CertContent => "cert_content",
            Field::PrivateKey => "private_key",
            Field::Type => "type",
            Field::InstanceId => "instance_id",
            Field::TrustedRootCa => "trusted_root_ca",
            Field::Domain => "domain",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
