//! What `trusted_root_ca` requires (issue 12, point 11; evidence in `docs/trusted-root-ca.md`).
//!
//! The Open Telekom Cloud provider's `TestAccCertificate_instanceWithRootCA` uploaded, against
//! the real gateway, a test certificate for `www.test.com` with, as `trusted_root_ca`, a root
//! CA made from the *server certificate's own private key* (`GenerateRootCA(oldPk)`). These
//! tests rebuild that shape with rcgen and assert the verdicts the evidence implies under the
//! default policy (`ClientCaOnly`): accepted, whether or not the root anchors the server chain.
//! The stricter `ServerChain` policy stays available and keeps its verdicts.

use crate::support::pki::{ca_params, params, Made};
use crate::support::{options, Alg, INSTANCE_ID};
use cert_preflight::{preflight, CertificateForm, Options, TrustedRootCaPolicy};
use rcgen::{ExtendedKeyUsagePurpose, KeyPair, KeyUsagePurpose};

/// The provider test's server certificate: `www.test.com` in CN and SAN (the test asserts the
/// gateway answered with at least one SAN), self-signed, serverAuth.
fn test_com_params() -> rcgen::CertificateParams {
    let mut p = params("www.test.com", &["www.test.com"]);
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    p
}

/// The same key twice (rcgen's `KeyPair` is not `Clone`): the server certificate's key and the
/// key `GenerateRootCA(pk)` signs its root with.
fn server_key(alg: Alg) -> (KeyPair, KeyPair) {
    let key = alg.key();
    let again = KeyPair::from_pem(&key.serialize_pem()).unwrap();
    (key, again)
}

/// The form of the provider test: type `instance`, the server certificate alone, its key, and
/// `root` as `trusted_root_ca`.
fn form(server: &Made, root: &Made) -> CertificateForm {
    CertificateForm {
        name: "apigw_cert_abcde".into(),
        cert_content: server.pem(),
        private_key: server.key_pem(),
        cert_type: "instance".into(),
        instance_id: INSTANCE_ID.into(),
        trusted_root_ca: root.pem(),
    }
}

fn server_chain() -> Options {
    options().trusted_root_ca_policy(TrustedRootCaPolicy::ServerChain)
}

fn code(form: &CertificateForm, options: &Options) -> String {
    match preflight(form, options) {
        Ok(_) => "OK".into(),
        Err(r) => r.error_code().to_owned(),
    }
}

#[test]
fn the_default_policy_is_client_ca_only() {
    assert_eq!(
        TrustedRootCaPolicy::default(),
        TrustedRootCaPolicy::ClientCaOnly
    );
}

/// The provider test's shape with the root under its own name: the root is another
/// certificate than the server's issuer (names differ), signed with the same key. It does not
/// anchor the server chain, and the gateway accepted it: accepted by default, with the
/// response the provider test checked (type instance, SANs, `is_has_trusted_root_ca`).
#[test]
fn root_from_the_server_key_under_another_name_is_accepted() {
    for alg in [Alg::Rsa2048, Alg::P256] {
        let (key, root_key) = server_key(alg);
        let server = Made::self_signed(test_com_params(), key);
        let root = Made::self_signed(ca_params("Test Root CA"), root_key);
        let form = form(&server, &root);

        let accepted = preflight(&form, &options())
            .unwrap_or_else(|r| panic!("{alg:?}: {} {:?}", r.error_code(), r.diagnostics()));
        assert_eq!(accepted.detail.cert_type, "instance");
        assert_eq!(accepted.detail.instance_id, INSTANCE_ID);
        assert!(accepted.detail.is_has_trusted_root_ca);
        assert_eq!(accepted.detail.certificate.san, ["www.test.com"]);
        assert_eq!(accepted.detail.certificate.common_name, "www.test.com");

        // The old default refused what the gateway accepted: the reason for the change.
        assert_eq!(code(&form, &server_chain()), "APIG.2104", "{alg:?}");
    }
}

/// The same shape if `GenerateRootCA` gave the root the server certificate's own name: then
/// it does issue the self-signed server certificate (name and signature), and both policies
/// accept. Either reading of the helper gives "accepted" under the default.
#[test]
fn root_from_the_server_key_under_the_server_name_is_accepted_by_both_policies() {
    let (key, root_key) = server_key(Alg::P256);
    let server = Made::self_signed(test_com_params(), key);
    let root = Made::self_signed(ca_params("www.test.com"), root_key);
    let form = form(&server, &root);
    assert_eq!(code(&form, &options()), "OK");
    assert_eq!(code(&form, &server_chain()), "OK");
}

/// A client CA of its own (another key, another name), as mutual TLS is set up in practice:
/// accepted by default; refused only under the stricter policy.
#[test]
fn an_unrelated_client_ca_is_accepted_by_default() {
    let (key, _) = server_key(Alg::P256);
    let server = Made::self_signed(test_com_params(), key);
    let client_ca = Made::self_signed(ca_params("Partner Client CA"), Alg::P384.key());
    let form = form(&server, &client_ca);
    assert_eq!(code(&form, &options()), "OK");
    assert_eq!(code(&form, &server_chain()), "APIG.2104");
}

/// What stays required under the default: every `trusted_root_ca` block is a CA certificate.
/// The server certificate itself given as `trusted_root_ca` (a common mistake) is APIG.2106.
#[test]
fn a_trusted_root_ca_that_is_not_a_ca_is_still_refused() {
    let (key, _) = server_key(Alg::P256);
    let server = Made::self_signed(test_com_params(), key);
    let form = CertificateForm {
        trusted_root_ca: server.pem(),
        ..form(&server, &server)
    };
    assert_eq!(code(&form, &options()), "APIG.2106");
}
