//! The catalogue of everything the tool can say: one variant per finding, each with a stable
//! dotted id (`key.mismatch`) that tools match on. Messages may change between versions; ids
//! do not.

use serde::Serialize;
use std::fmt;

/// What a [`Diagnostic`](super::diagnostic::Diagnostic) or [`Warning`](super::warning::Warning) is about.
///
/// `as_str()` gives the stable id (serde writes it too).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DiagnosticId {
    /// A certificate given to `inspect` (DER or PEM) does not parse; Go's error is quoted.
    CertificateUnparsable,
    /// A certificate's serial number is longer than the bound taken (4,096 octets; Go takes any).
    CertificateSerialTooLong,
    /// A certificate's signature does not verify with the public key of the certificate after it.
    ChainBadSignature,
    /// Warning: `cert_content` ends with a self-issued root, which clients already have.
    ChainContainsRoot,
    /// The same certificate stands twice in the chain.
    ChainDuplicate,
    /// A certificate of the chain has expired (APIG.2102).
    ChainExpired,
    /// The issuing certificate's key usage lacks keyCertSign.
    ChainIssuerKeyUsage,
    /// The issuing certificate is not a CA (basicConstraints).
    ChainIssuerNotCa,
    /// Warning: `cert_content` holds only the server certificate and nothing anchors it.
    ChainMissingIntermediate,
    /// The chain's last certificate is issued by a certificate that is not given.
    ChainMissingIssuer,
    /// The chain's certificates are all there but out of order; the fix gives the order.
    ChainOrder,
    /// A CA's path length constraint is exceeded.
    ChainPathLength,
    /// A signature uses an algorithm Go refuses (such as SHA-1 or MD5 in a chain).
    ChainSignatureAlgorithm,
    /// A signature was not checked because the pre-flight's work budget was spent; refused, never passed.
    ChainSignatureBeyondLimits,
    /// A signature cannot be checked: the issuer's key or the algorithm is not supported.
    ChainSignatureUnverifiable,
    /// A certificate has a critical extension Go does not handle.
    ChainUnhandledCriticalExtension,
    /// A certificate did not issue the one before it.
    ChainUnrelated,
    /// The chain does not end at a certificate of `trusted_root_ca` (when the policy asks for it).
    ChainUntrusted,
    /// A domain to bind (`--domain`) is not covered by the server certificate (APIG.2103).
    DomainNotCovered,
    /// Warning: more domains were given than are checked in one pre-flight.
    DomainNotChecked,
    /// A field's file is binary data, not PEM text.
    InputBinary,
    /// A field's file is a DER (binary) certificate.
    InputDerCertificate,
    /// A field's file is a DER (binary) private key.
    InputDerPrivateKey,
    /// A field's file is a PKCS#12 (.p12/.pfx) archive.
    InputPkcs12,
    /// A field's file is UTF-16 text.
    InputUtf16,
    /// Warning: a field holds bytes that are not text (not UTF-8, or NUL), read as the gateway reads them.
    InputStrayBytes,
    /// The server certificate's public key is of a kind Go cannot use for TLS.
    KeyCertificateKeyUnsupported,
    /// The private key is encrypted (APIG.2105).
    KeyEncrypted,
    /// The EC private key spells out its curve's parameters instead of naming the curve.
    KeyExplicitCurve,
    /// The private key has the certificate's modulus but another public exponent.
    KeyExponentMismatch,
    /// `private_key` holds a certificate and no key.
    KeyFieldsSwitched,
    /// The private key's stored values disagree with each other (Go ignores this; some TLS libraries refuse it).
    KeyInconsistent,
    /// Go refuses the private key's values (such as a modulus that is not the product of the primes).
    KeyInvalid,
    /// A private-key block is not PKCS#1, PKCS#8 or SEC1 DER that Go can read.
    KeyMalformed,
    /// The private key is not the server certificate's key (APIG.2101).
    KeyMismatch,
    /// The EC private key does not name its curve.
    KeyMissingCurve,
    /// `private_key` has PEM blocks but none labelled as a private key.
    KeyNoKeyBlock,
    /// `private_key` holds no PEM block at all.
    KeyNoPem,
    /// The private key is in OpenSSH's own format.
    KeyOpenssh,
    /// Warning: a certificate of the chain has an RSA key under 2048 bits.
    KeyRsaWeak,
    /// The RSA private key is larger than the bound taken.
    KeyTooLarge,
    /// The private key is of another algorithm than the certificate's public key.
    KeyTypeMismatch,
    /// The PKCS#8 private key's algorithm is unknown to Go.
    KeyUnknownAlgorithm,
    /// The EC private key is on a curve Go does not support.
    KeyUnknownCurve,
    /// The private key's algorithm is known but not taken (such as DSA or X25519).
    KeyUnsupportedAlgorithm,
    /// Warning: the server certificate's common name is not among its DNS names.
    LeafCnNotInSan,
    /// The server certificate expires at or after 2038-01-19T03:14:07Z (APIG.3148).
    LeafExpiresAfter2038,
    /// Warning: the server certificate's extended key usage lacks serverAuth.
    LeafNoServerAuth,
    /// The server certificate has no subjectAltName (APIG.2109).
    LeafSanMissing,
    /// A `-----BEGIN` marker does not start a line.
    PemBeginNotAtLineStart,
    /// A field has CR-only line endings, which Go's PEM decoder reads as one line.
    PemCrLineEndings,
    /// Warning (severity error): something invisible or indentation stands before a `-----BEGIN`, so the gateway skips that block.
    PemHiddenBlock,
    /// Warning: a block Go's PEM decoder skips (a damaged or unterminated block).
    PemBlockIgnored,
    /// A block's base64 or headers are not valid PEM.
    PemBlockInvalid,
    /// Warning: a non-certificate block in a certificate field, which the gateway ignores.
    PemBlockNotCertificate,
    /// More blocks with the same problem than are listed; counted here.
    PemBlocksNotListed,
    /// A certificate block has another label than `CERTIFICATE`.
    PemCertificateLabel,
    /// The PEM has literal `\n` sequences instead of line breaks.
    PemEscapedNewlines,
    /// A certificate field holds a private key and no certificate.
    PemFieldsSwitched,
    /// The field looks like base64 without BEGIN and END lines.
    PemNoArmor,
    /// A certificate field holds PEM blocks but no `CERTIFICATE` block.
    PemNoCertificateBlock,
    /// The input is neither PEM nor DER.
    PemNotPem,
    /// The PEM is wrapped in quotes.
    PemQuoted,
    /// The PEM is wrapped in quotes and has literal `\n` sequences.
    PemQuotedAndEscaped,
    /// The request body is longer than the bound taken.
    RequestBodyTooLong,
    /// A required field is missing or empty (APIG.2001).
    RequestMissing,
    /// `name` breaks the 4-50 characters, letter-first rule (APIG.2011).
    RequestNameInvalid,
    /// The body is not JSON the gateway can decode (APIG.2000).
    RequestNotJson,
    /// A field is longer than the gateway takes (APIG.2006).
    RequestTooLong,
    /// A certificate field holds more certificates than taken (APIG.2006).
    RequestTooManyCertificates,
    /// Warning: `trusted_root_ca` given for a `global` certificate.
    RequestTrustedRootCaGlobal,
    /// `type` is neither `global` nor `instance` (APIG.2012).
    RequestTypeInvalid,
    /// Warning: a certificate is signed with SHA-1 or MD5.
    SignatureWeakDigest,
    /// Warning: a certificate of the chain expires within the warning window.
    TimeExpiresSoon,
    /// Warning: a certificate of the chain is not valid yet.
    TimeNotYetValid,
    /// Warning: a certificate of `trusted_root_ca` has expired.
    TrustedExpired,
    /// A certificate of `trusted_root_ca` is not a CA certificate.
    TrustedNotCa,
}

impl DiagnosticId {
    /// Every id, in the catalogue's order.
    pub const ALL: &'static [DiagnosticId] = &[
        DiagnosticId::CertificateUnparsable,
        DiagnosticId::CertificateSerialTooLong,
        DiagnosticId::ChainBadSignature,
        DiagnosticId::ChainContainsRoot,
        DiagnosticId::ChainDuplicate,
        DiagnosticId::ChainExpired,
        DiagnosticId::ChainIssuerKeyUsage,
        DiagnosticId::ChainIssuerNotCa,
        DiagnosticId::ChainMissingIntermediate,
        DiagnosticId::ChainMissingIssuer,
        DiagnosticId::ChainOrder,
        DiagnosticId::ChainPathLength,
        DiagnosticId::ChainSignatureAlgorithm,
        DiagnosticId::ChainSignatureBeyondLimits,
        DiagnosticId::ChainSignatureUnverifiable,
        DiagnosticId::ChainUnhandledCriticalExtension,
        DiagnosticId::ChainUnrelated,
        DiagnosticId::ChainUntrusted,
        DiagnosticId::DomainNotCovered,
        DiagnosticId::DomainNotChecked,
        DiagnosticId::InputBinary,
        DiagnosticId::InputDerCertificate,
        DiagnosticId::InputDerPrivateKey,
        DiagnosticId::InputPkcs12,
        DiagnosticId::InputUtf16,
        DiagnosticId::InputStrayBytes,
        DiagnosticId::KeyCertificateKeyUnsupported,
        DiagnosticId::KeyEncrypted,
        DiagnosticId::KeyExplicitCurve,
        DiagnosticId::KeyExponentMismatch,
        DiagnosticId::KeyFieldsSwitched,
        DiagnosticId::KeyInconsistent,
        DiagnosticId::KeyInvalid,
        DiagnosticId::KeyMalformed,
        DiagnosticId::KeyMismatch,
        DiagnosticId::KeyMissingCurve,
        DiagnosticId::KeyNoKeyBlock,
        DiagnosticId::KeyNoPem,
        DiagnosticId::KeyOpenssh,
        DiagnosticId::KeyRsaWeak,
        DiagnosticId::KeyTooLarge,
        DiagnosticId::KeyTypeMismatch,
        DiagnosticId::KeyUnknownAlgorithm,
        DiagnosticId::KeyUnknownCurve,
        DiagnosticId::KeyUnsupportedAlgorithm,
        DiagnosticId::LeafCnNotInSan,
        DiagnosticId::LeafExpiresAfter2038,
        DiagnosticId::LeafNoServerAuth,
        DiagnosticId::LeafSanMissing,
        DiagnosticId::PemBeginNotAtLineStart,
        DiagnosticId::PemCrLineEndings,
        DiagnosticId::PemHiddenBlock,
        DiagnosticId::PemBlockIgnored,
        DiagnosticId::PemBlockInvalid,
        DiagnosticId::PemBlockNotCertificate,
        DiagnosticId::PemBlocksNotListed,
        DiagnosticId::PemCertificateLabel,
        DiagnosticId::PemEscapedNewlines,
        DiagnosticId::PemFieldsSwitched,
        DiagnosticId::PemNoArmor,
        DiagnosticId::PemNoCertificateBlock,
        DiagnosticId::PemNotPem,
        DiagnosticId::PemQuoted,
        DiagnosticId::PemQuotedAndEscaped,
        DiagnosticId::RequestBodyTooLong,
        DiagnosticId::RequestMissing,
        DiagnosticId::RequestNameInvalid,
        DiagnosticId::RequestNotJson,
        DiagnosticId::RequestTooLong,
        DiagnosticId::RequestTooManyCertificates,
        DiagnosticId::RequestTrustedRootCaGlobal,
        DiagnosticId::RequestTypeInvalid,
        DiagnosticId::SignatureWeakDigest,
        DiagnosticId::TimeExpiresSoon,
        DiagnosticId::TimeNotYetValid,
        DiagnosticId::TrustedExpired,
        DiagnosticId::TrustedNotCa,
    ];

    /// The stable dotted id, such as `key.mismatch`.
    pub fn as_str(self) -> &'static str {
        use DiagnosticId::*;
        match self {
            CertificateUnparsable => "certificate.unparsable",
            CertificateSerialTooLong => "certificate.serial-too-long",
            ChainBadSignature => "chain.bad-signature",
            ChainContainsRoot => "chain.contains-root",
            ChainDuplicate => "chain.duplicate",
            ChainExpired => "chain.expired",
            ChainIssuerKeyUsage => "chain.issuer-key-usage",
            ChainIssuerNotCa => "chain.issuer-not-ca",
            ChainMissingIntermediate => "chain.missing-intermediate",
            ChainMissingIssuer => "chain.missing-issuer",
            ChainOrder => "chain.order",
            ChainPathLength => "chain.path-length",
            ChainSignatureAlgorithm => "chain.signature-algorithm",
            ChainSignatureBeyondLimits => "chain.signature-beyond-limits",
            ChainSignatureUnverifiable => "chain.signature-unverifiable",
            ChainUnhandledCriticalExtension => "chain.unhandled-critical-extension",
            ChainUnrelated => "chain.unrelated",
            ChainUntrusted => "chain.untrusted",
            DomainNotCovered => "domain.not-covered",
            DomainNotChecked => "domain.not-checked",
            InputBinary => "input.binary",
            InputDerCertificate => "input.der-certificate",
            InputDerPrivateKey => "input.der-private-key",
            InputPkcs12 => "input.pkcs12",
            InputUtf16 => "input.utf16",
            InputStrayBytes => "input.stray-bytes",
            KeyCertificateKeyUnsupported => "key.certificate-key-unsupported",
            KeyEncrypted => "key.encrypted",
            KeyExplicitCurve => "key.explicit-curve",
            KeyExponentMismatch => "key.exponent-mismatch",
            KeyFieldsSwitched => "key.fields-switched",
            KeyInconsistent => "key.inconsistent",
            KeyInvalid => "key.invalid",
            KeyMalformed => "key.malformed",
            KeyMismatch => "key.mismatch",
            KeyMissingCurve => "key.missing-curve",
            KeyNoKeyBlock => "key.no-key-block",
            KeyNoPem => "key.no-pem",
            KeyOpenssh => "key.openssh",
            KeyRsaWeak => "key.rsa-weak",
            KeyTooLarge => "key.too-large",
            KeyTypeMismatch => "key.type-mismatch",
            KeyUnknownAlgorithm => "key.unknown-algorithm",
            KeyUnknownCurve => "key.unknown-curve",
            KeyUnsupportedAlgorithm => "key.unsupported-algorithm",
            LeafCnNotInSan => "leaf.cn-not-in-san",
            LeafExpiresAfter2038 => "leaf.expires-after-2038",
            LeafNoServerAuth => "leaf.no-server-auth",
            LeafSanMissing => "leaf.san-missing",
            PemBeginNotAtLineStart => "pem.begin-not-at-line-start",
            PemCrLineEndings => "pem.cr-line-endings",
            PemHiddenBlock => "pem.hidden-block",
            PemBlockIgnored => "pem.block-ignored",
            PemBlockInvalid => "pem.block-invalid",
            PemBlockNotCertificate => "pem.block-not-certificate",
            PemBlocksNotListed => "pem.blocks-not-listed",
            PemCertificateLabel => "pem.certificate-label",
            PemEscapedNewlines => "pem.escaped-newlines",
            PemFieldsSwitched => "pem.fields-switched",
            PemNoArmor => "pem.no-armor",
            PemNoCertificateBlock => "pem.no-certificate-block",
            PemNotPem => "pem.not-pem",
            PemQuoted => "pem.quoted",
            PemQuotedAndEscaped => "pem.quoted-and-escaped",
            RequestBodyTooLong => "request.body-too-long",
            RequestMissing => "request.missing",
            RequestNameInvalid => "request.name-invalid",
            RequestNotJson => "request.not-json",
            RequestTooLong => "request.too-long",
            RequestTooManyCertificates => "request.too-many-certificates",
            RequestTrustedRootCaGlobal => "request.trusted-root-ca-global",
            RequestTypeInvalid => "request.type-invalid",
            SignatureWeakDigest => "signature.weak-digest",
            TimeExpiresSoon => "time.expires-soon",
            TimeNotYetValid => "time.not-yet-valid",
            TrustedExpired => "trusted.expired",
            TrustedNotCa => "trusted.not-ca",
        }
    }
}

impl fmt::Display for DiagnosticId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DiagnosticId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Tools and tests compare with the stable id's text.
impl PartialEq<&str> for DiagnosticId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for DiagnosticId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_dotted() {
        let mut seen = std::collections::BTreeSet::new();
        for id in DiagnosticId::ALL {
            let s = id.as_str();
            assert!(
                s.contains('.')
                    && s.bytes().all(|b| b.is_ascii_lowercase()
                        || b.is_ascii_digit()
                        || b == b'.'
                        || b == b'-'),
                "{s}"
            );
            assert!(seen.insert(s), "{s} twice");
        }
        assert_eq!(seen.len(), 77);
    }
}
