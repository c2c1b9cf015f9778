//! Findings: every diagnostic and warning of an outcome, with a severity, a location (file and
//! PEM block line) and machine-readable facts (the certificate's CN, SHA-256 fingerprint,
//! `not_after`, `days_left`, its public key's algorithm and size), so scripts need not parse
//! English.
//!
//! The severity is the library's (`Diagnostic::severity`, `Warning::severity`); this module
//! only names it for the command line's `--fail-on`.

use crate::pem;
use cert_preflight::{
    Accepted, Certificate, Diagnostic, Field, PrivateKey, PublicKey, Rejection, UnixTime, Warning,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// How much a finding matters; ordered `notice < warning < error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing fails.
    Notice,
    /// The gateway accepts; clients may fail (chain gaps, expiring soon, weak keys, SHA-1, EKU).
    Warning,
    /// The gateway refuses.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Notice => "notice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl From<cert_preflight::Severity> for Severity {
    fn from(s: cert_preflight::Severity) -> Self {
        match s {
            cert_preflight::Severity::Error => Severity::Error,
            cert_preflight::Severity::Warning => Severity::Warning,
            _ => Severity::Notice,
        }
    }
}

/// The severity of a diagnostic, as the library decides it.
pub fn diagnostic_severity(d: &Diagnostic) -> Severity {
    d.severity().into()
}

/// The severity of a warning, as the library decides it.
pub fn warning_severity(w: &Warning) -> Severity {
    w.severity().into()
}

/// Where a PEM block came from.
#[derive(Clone, Debug, Serialize)]
pub struct Origin {
    /// The file (redacted if it looks like key material), or `-` for stdin.
    pub path: String,
    /// The 1-based line of the block's `-----BEGIN`.
    pub line: usize,
}

/// The inputs of one pre-flight: for each field, its text (certificate fields only: key text
/// is never kept here) and where each of its blocks came from.
#[derive(Default)]
pub struct Sources {
    fields: Vec<(Field, String, Vec<Origin>)>,
    /// Public facts of the private key, read when `private_key` was added.
    key: Option<PrivateKeyFacts>,
}

/// Public facts of the private key (nothing secret): algorithm and size, encoding, and the
/// SHA-256 of its public key.
#[derive(Clone, Debug, Serialize)]
pub struct PrivateKeyFacts {
    /// Such as `RSA-2048`, `ECDSA P-256`, `Ed25519`.
    pub algorithm: String,
    /// `PKCS#1`, `PKCS#8` or `SEC1`.
    pub format: &'static str,
    /// SHA-256 of the public key as DER SubjectPublicKeyInfo, lowercase hex.
    pub public_key_sha256: String,
}

impl Sources {
    /// A field read from one file: each block's origin is its line in that file.
    pub fn add_file(&mut self, field: Field, path: &str, text: &str) {
        let origins = text
            .match_indices("-----BEGIN")
            .enumerate()
            .map(|(i, _)| Origin {
                path: path.to_owned(),
                line: pem::line_of_block(text, i + 1).unwrap_or(1),
            })
            .collect::<Vec<_>>();
        let origins = if origins.is_empty() {
            vec![Origin {
                path: path.to_owned(),
                line: 1,
            }]
        } else {
            origins
        };
        self.add(field, text, origins);
    }

    /// A field assembled from blocks of several files (as `scan` does).
    pub fn add(&mut self, field: Field, text: &str, origins: Vec<Origin>) {
        if field == Field::PrivateKey {
            self.key = PrivateKey::from_field(text).ok().map(|k| PrivateKeyFacts {
                algorithm: k.algorithm_name().to_owned(),
                format: k.format_name(),
                public_key_sha256: hex(&k.public_key_spki_sha256()),
            });
        }
        let kept = if matches!(field, Field::CertContent | Field::TrustedRootCa) {
            text.to_owned()
        } else {
            String::new()
        };
        self.fields.push((field, kept, origins));
    }

    /// Where a finding is: its field's block, or the field's first block.
    pub fn locate(&self, field: Option<Field>, block: Option<usize>) -> Option<Origin> {
        let (_, _, origins) = match field {
            Some(f) => self.fields.iter().find(|(g, _, _)| *g == f)?,
            None => self.fields.first()?,
        };
        let i = block.unwrap_or(1).saturating_sub(1);
        origins.get(i).or_else(|| origins.first()).cloned()
    }

    /// The key's facts, for a finding on `private_key`.
    fn key_facts(&self, field: Option<Field>) -> Option<PrivateKeyFacts> {
        (field == Some(Field::PrivateKey))
            .then(|| self.key.clone())
            .flatten()
    }

    /// The facts of the certificate a finding names.
    fn certificate(
        &self,
        field: Option<Field>,
        block: Option<usize>,
        at: UnixTime,
    ) -> Option<CertFacts> {
        let field = field?;
        let (_, text, _) = self.fields.iter().find(|(g, _, _)| *g == field)?;
        let n = block?;
        let blocks = pem::blocks(text);
        let b = blocks.get(n.checked_sub(1)?)?;
        if b.label != "CERTIFICATE" {
            return None;
        }
        let der = b.der()?;
        CertFacts::of(n, &der, at)
    }
}

/// What a finding says about a certificate.
#[derive(Clone, Debug, Serialize)]
pub struct CertFacts {
    /// The 1-based PEM block.
    pub block: usize,
    pub common_name: String,
    /// SHA-256 of the DER certificate, lowercase hex.
    pub sha256: String,
    pub not_after: String,
    /// Whole days from the time checked for (`--at` or now) to `not_after`; negative once expired.
    pub days_left: i64,
    /// The certificate's public key.
    pub public_key: KeyFacts,
}

/// A public key's algorithm and size.
#[derive(Clone, Debug, Serialize)]
pub struct KeyFacts {
    /// `RSA`, `ECDSA`, `Ed25519`, `DSA` or `unknown`.
    pub algorithm: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bits: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub curve: Option<&'static str>,
}

impl KeyFacts {
    pub fn of(key: &PublicKey<'_>) -> Self {
        let (algorithm, bits, curve) = match key {
            PublicKey::Rsa { n, .. } => ("RSA", Some(bit_len(n)), None),
            PublicKey::Ecdsa { curve, .. } => ("ECDSA", None, Some(curve.go_name())),
            PublicKey::Ed25519(_) => ("Ed25519", Some(256), None),
            PublicKey::Dsa => ("DSA", None, None),
            _ => ("unknown", None, None),
        };
        KeyFacts {
            algorithm,
            bits,
            curve,
        }
    }
}

fn bit_len(n: &[u8]) -> usize {
    match n.iter().position(|&b| b != 0) {
        Some(i) => (n.len() - i) * 8 - n[i].leading_zeros() as usize,
        None => 0,
    }
}

impl CertFacts {
    pub fn of(block: usize, der: &[u8], at: UnixTime) -> Option<Self> {
        let cert = Certificate::parse(der).ok()?;
        let fields = cert.fields();
        Some(CertFacts {
            block,
            common_name: fields.common_name,
            sha256: hex(&Sha256::digest(der)),
            not_after: fields.not_after.to_string(),
            days_left: days_between(at, cert.not_after()),
            public_key: KeyFacts::of(&cert.spki().key),
        })
    }
}

/// Whole days from `from` to `to` (rounded toward minus infinity).
pub fn days_between(from: UnixTime, to: UnixTime) -> i64 {
    (i128::from(to.0) - i128::from(from.0))
        .div_euclid(86_400)
        .clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One diagnostic or warning, with its severity, location and facts.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// The stable id (such as `key.mismatch` or `time.expires-soon`).
    pub id: String,
    /// The gateway's code, for what the gateway refuses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Origin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertFacts>,
    /// For findings on `private_key`: the key's public facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<PrivateKeyFacts>,
}

/// Every finding of an outcome: the diagnostics, then the warnings.
pub fn findings(
    outcome: &Result<Accepted, Rejection>,
    sources: &Sources,
    at: UnixTime,
) -> Vec<Finding> {
    let (diagnostics, warnings) = match outcome {
        Ok(a) => (&[][..], &a.warnings[..]),
        Err(r) => (r.diagnostics(), r.warnings()),
    };
    let from_diagnostic = |d: &Diagnostic| Finding {
        severity: diagnostic_severity(d),
        id: d.id.to_string(),
        error_code: Some(d.code.error_code()),
        field: d.field,
        block: d.block,
        message: d.message.clone(),
        fix: d.fix.clone(),
        location: sources.locate(d.field, d.block),
        certificate: sources.certificate(d.field, d.block, at),
        key: sources.key_facts(d.field),
    };
    let from_warning = |w: &Warning| Finding {
        severity: warning_severity(w),
        id: w.id.to_string(),
        error_code: None,
        field: w.field,
        block: w.block,
        message: w.message.clone(),
        fix: None,
        location: sources.locate(w.field, w.block),
        certificate: sources.certificate(w.field, w.block, at),
        key: sources.key_facts(w.field),
    };
    diagnostics
        .iter()
        .map(from_diagnostic)
        .chain(warnings.iter().map(from_warning))
        .collect()
}

/// Whether findings fail the gate at this threshold.
pub fn fails(findings: &[Finding], threshold: Severity) -> bool {
    findings.iter().any(|f| f.severity >= threshold)
}
