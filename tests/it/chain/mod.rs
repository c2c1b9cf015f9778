//! The chain checks on rcgen-made chains (RSA, ECDSA P-256/P-384, Ed25519), read by the real
//! parser, `Certificate::parse`. The helpers in `support.rs` are shared with the unit tests of
//! `src/chain/`, which include them.

use crate::support::pki;
use cert_preflight::{check_chain as check, ChainReport, TrustedRootCaPolicy};
use cert_preflight::{Certificate, Field, GatewayCode, Rejection, UnixTime};
use rcgen::{BasicConstraints as RcBc, IsCa, KeyUsagePurpose};

fn parse(der: &[u8]) -> Certificate<'_> {
    Certificate::parse(der).expect("rcgen makes certificates Go parses")
}

include!("support.rs");

#[test]
fn chains_in_order_pass_for_every_algorithm() {
    for (ra, ia, la) in [
        (Alg::Rsa3072, Alg::Rsa2048, Alg::P256),
        (Alg::Rsa2048, Alg::Rsa2048, Alg::Rsa2048),
        (Alg::P384, Alg::P256, Alg::Ed25519),
        (Alg::P256, Alg::P384, Alg::Rsa3072),
        (Alg::Ed25519, Alg::Ed25519, Alg::P384),
    ] {
        let (r, i, l) = three(ra, ia, la);
        let report = run_chain(&[&l, &i, &r]);
        assert_eq!(report, ChainReport::default(), "{ra:?} {ia:?} {la:?}");
        // Without the root, and leading to a trusted root.
        let report = run(&[&l, &i], &[&r], TrustedRootCaPolicy::ServerChain);
        assert_eq!(report, ChainReport::default(), "{ra:?} {ia:?} {la:?}");
        let report = run(&[&l, &i, &r], &[&r], TrustedRootCaPolicy::ServerChain);
        assert_eq!(report, ChainReport::default(), "{ra:?} {ia:?} {la:?}");
    }
}

#[test]
fn reversed_chain_gives_the_right_order() {
    let (r, i, l) = three(Alg::P256, Alg::P256, Alg::P256);
    let report = run_chain(&[&r, &i, &l]);
    let text = only(&report, GatewayCode::ChainNotMatched, "chain.order", 3);
    assert!(
        text.contains("The server certificate is block 3 (CN=leaf), not block 1."),
        "{text}"
    );
    assert!(
        text.contains(
            "Put the blocks in this order: 3 (CN=leaf), 2 (CN=Intermediate CA), 1 (CN=Root CA)."
        ),
        "{text}"
    );
    assert_eq!(report.order, Some(vec![3, 2, 1]));

    // Leaf first, but the intermediate after the root.
    let report = run_chain(&[&l, &r, &i]);
    let text = only(&report, GatewayCode::ChainNotMatched, "chain.order", 1);
    assert!(
        text.contains("1 (CN=leaf), 3 (CN=Intermediate CA), 2 (CN=Root CA)"),
        "{text}"
    );
    assert_eq!(report.order, Some(vec![1, 3, 2]));
}

#[test]
fn missing_intermediate_is_named() {
    let (r, _i, l) = three(Alg::P384, Alg::P256, Alg::P256);
    let report = run_chain(&[&l, &r]);
    assert_eq!(
        ids(&report),
        [
            ("chain.missing-issuer", Some(1)),
            ("chain.unrelated", Some(2))
        ]
    );
    let d = &report.diagnostics[0];
    assert_eq!(d.code, GatewayCode::ChainNotMatched);
    assert_eq!(d.field, Some(Field::CertContent));
    assert!(
        d.message
            .contains("Block 1 (CN=leaf) is issued by CN=Intermediate CA, O=Scenario Org"),
        "{}",
        d.message
    );
    assert!(
        d.fix.as_deref().unwrap().contains("right after block 1"),
        "{:?}",
        d.fix
    );
    assert!(report.diagnostics[1]
        .message
        .contains("did not issue block 1 (CN=leaf)"));
    assert_eq!(report.order, None);
}

#[test]
fn an_unrelated_certificate_is_named_and_the_rest_is_in_order() {
    let (r, i, l) = three(Alg::P256, Alg::P256, Alg::P256);
    let other = root(params("Other CA", true), Alg::P256);
    let report = run_chain(&[&l, &other, &i, &r]);
    let text = only(&report, GatewayCode::ChainNotMatched, "chain.unrelated", 2);
    assert!(
        text.contains("Block 2 (CN=Other CA) does not belong"),
        "{text}"
    );
    assert!(
        text.contains("Remove block 2; the chain is then blocks 1 (CN=leaf), 3 (CN=Intermediate CA), 4 (CN=Root CA)."),
        "{text}"
    );
    assert_eq!(report.order, None);
}

#[test]
fn a_repeated_block_is_named() {
    let (r, i, l) = three(Alg::P256, Alg::P256, Alg::P256);
    let report = run_chain(&[&l, &i, &i, &r]);
    let text = only(&report, GatewayCode::ChainNotMatched, "chain.duplicate", 3);
    assert!(text.contains("Block 3 is the same certificate as block 2 (CN=Intermediate CA)"));
    assert_eq!(report.order, Some(vec![1, 2, 4]));
}

#[test]
fn wrong_root_in_the_bundle_and_in_trusted_root_ca() {
    let (_r, i, l) = three(Alg::P256, Alg::P256, Alg::P256);
    let wrong = root(params("Wrong Root", true), Alg::P256);
    let report = run_chain(&[&l, &i, &wrong]);
    assert_eq!(
        ids(&report),
        [
            ("chain.missing-issuer", Some(2)),
            ("chain.unrelated", Some(3))
        ]
    );
    assert!(report.diagnostics[1]
        .message
        .contains("Block 3 (CN=Wrong Root) did not issue block 2 (CN=Intermediate CA), whose issuer is CN=Root CA"));

    let report = run(&[&l, &i], &[&wrong], TrustedRootCaPolicy::ServerChain);
    let text = only(&report, GatewayCode::ChainNotMatched, "chain.untrusted", 2);
    assert!(
        text.contains("The chain ends at block 2 (CN=Intermediate CA), issued by CN=Root CA, O=Scenario Org; no certificate of trusted_root_ca is that issuer."),
        "{text}"
    );
    // A root with the right name but another key.
    let impostor = root(params("Root CA", true), Alg::P256);
    let report = run(&[&l, &i], &[&impostor], TrustedRootCaPolicy::ServerChain);
    let text = only(&report, GatewayCode::ChainNotMatched, "chain.untrusted", 2);
    assert!(
        text.contains("trusted_root_ca block 1 (CN=Root CA) has the issuer's name of block 2 (CN=Intermediate CA) but its key did not sign it."),
        "{text}"
    );
    // A self-signed root at the end of the bundle that is not the trusted one.
    let (r, i, l) = three(Alg::P256, Alg::P256, Alg::P256);
    let report = run(&[&l, &i, &r], &[&wrong], TrustedRootCaPolicy::ServerChain);
    let text = only(&report, GatewayCode::ChainNotMatched, "chain.untrusted", 3);
    assert!(
        text.contains("which names itself as its issuer (a root) and is not in trusted_root_ca"),
        "{text}"
    );
    // As a client-CA bundle, the same trusted root is fine.
    let report = run(&[&l, &i, &r], &[&wrong], TrustedRootCaPolicy::ClientCaOnly);
    assert_eq!(report, ChainReport::default());
}

#[test]
fn a_trusted_certificate_that_is_not_a_ca_is_2106() {
    let (r, i, l) = three(Alg::P256, Alg::P256, Alg::P256);
    for policy in [
        TrustedRootCaPolicy::ServerChain,
        TrustedRootCaPolicy::ClientCaOnly,
    ] {
        let report = run(&[&l, &i], &[&r, &l], policy);
        let d = &report.diagnostics[0];
        assert_eq!(
            (d.code, d.id.as_str(), d.field, d.block),
            (
                GatewayCode::InvalidCertificateOrKey,
                "trusted.not-ca",
                Some(Field::TrustedRootCa),
                Some(2)
            )
        );
        assert!(d.message.contains("trusted_root_ca block 2 (CN=leaf) is not a CA certificate (no basicConstraints extension)"), "{}", d.message);
        assert_eq!(report.diagnostics.len(), 1, "{:#?}", report.diagnostics);
    }
}

#[test]
fn expired_leaf_and_intermediate() {
    let r = root(params("Root CA", true), Alg::P256);
    let i = issue(params("Intermediate CA", true), Alg::P256, &r);
    let mut p = params("leaf", false);
    p.not_after = rcgen::date_time_ymd(2029, 6, 30);
    let l = issue(p, Alg::P256, &i);
    let report = run_chain(&[&l, &i, &r]);
    let text = only(&report, GatewayCode::CertificateExpired, "chain.expired", 1);
    assert!(
        text.contains(
            "Block 1 (CN=leaf) expired at 2029-06-30T00:00:00Z (now is 2030-01-01T00:00:00Z)."
        ),
        "{text}"
    );
    assert!(text.contains("Renew the server certificate"));

    let mut p = params("Intermediate CA", true);
    p.not_after = rcgen::date_time_ymd(2029, 12, 31);
    let i = issue(p, Alg::P256, &r);
    let l = issue(params("leaf", false), Alg::P256, &i);
    let report = run_chain(&[&l, &i, &r]);
    let text = only(&report, GatewayCode::CertificateExpired, "chain.expired", 2);
    assert!(
        text.contains("Block 2 (CN=Intermediate CA) expired at 2029-12-31T00:00:00Z"),
        "{text}"
    );
    // The trusted root the chain leads to counts too (Go's Verify checks it).
    let mut p = params("Old Root", true);
    p.not_after = rcgen::date_time_ymd(2029, 1, 1);
    let old = root(p, Alg::P256);
    let i = issue(params("Intermediate CA", true), Alg::P256, &old);
    let l = issue(params("leaf", false), Alg::P256, &i);
    let report = run(&[&l, &i], &[&old], TrustedRootCaPolicy::ServerChain);
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.code, d.field, d.block),
        (
            GatewayCode::CertificateExpired,
            Some(Field::TrustedRootCa),
            Some(1)
        )
    );
}

#[test]
fn not_yet_valid_is_a_warning_only() {
    let r = root(params("Root CA", true), Alg::P256);
    let mut p = params("leaf", false);
    p.not_before = rcgen::date_time_ymd(2030, 2, 1);
    let l = issue(p, Alg::P256, &r);
    let report = run_chain(&[&l, &r]);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(report.warnings.len(), 1);
    let w = &report.warnings[0];
    assert_eq!((w.id.as_str(), w.block), ("time.not-yet-valid", Some(1)));
    assert!(
        w.message.contains("not valid before 2030-02-01T00:00:00Z"),
        "{}",
        w.message
    );
}

#[test]
fn not_after_at_or_past_2038_is_3148() {
    let r = root(params("Root CA", true), Alg::P256);
    let mut p = params("leaf", false);
    p.not_after =
        rcgen::date_time_ymd(2038, 1, 19) + time::Duration::seconds(3 * 3600 + 14 * 60 + 7);
    let l = issue(p, Alg::P256, &r);
    let report = run_chain(&[&l, &r]);
    let text = only(
        &report,
        GatewayCode::ExpiresAfter2038,
        "leaf.expires-after-2038",
        1,
    );
    assert!(text.contains("valid until 2038-01-19T03:14:07Z"), "{text}");
    // One second earlier is fine.
    let mut p = params("leaf", false);
    p.not_after =
        rcgen::date_time_ymd(2038, 1, 19) + time::Duration::seconds(3 * 3600 + 14 * 60 + 6);
    let l = issue(p, Alg::P256, &r);
    assert_eq!(run_chain(&[&l, &r]), ChainReport::default());
}

#[test]
fn a_leaf_without_san_is_2109() {
    let r = root(params("Root CA", true), Alg::P256);
    let mut p = params("leaf", false);
    p.subject_alt_names = vec![];
    let l = issue(p, Alg::P256, &r);
    let report = run_chain(&[&l, &r]);
    let text = only(&report, GatewayCode::SanMissing, "leaf.san-missing", 1);
    assert!(
        text.contains("The server certificate (block 1 (CN=leaf)) has no subjectAltName"),
        "{text}"
    );
}

#[test]
fn an_intermediate_that_is_not_a_ca() {
    let r = root(params("Root CA", true), Alg::P256);
    for is_ca in [IsCa::NoCa, IsCa::ExplicitNoCa] {
        let mut p = params("Intermediate CA", true);
        p.is_ca = is_ca;
        let i = issue(p, Alg::P256, &r);
        let l = issue(params("leaf", false), Alg::P256, &i);
        let report = run_chain(&[&l, &i, &r]);
        let text = only(
            &report,
            GatewayCode::ChainNotMatched,
            "chain.issuer-not-ca",
            2,
        );
        assert!(
            text.contains(
                "Block 2 (CN=Intermediate CA) issued block 1 (CN=leaf) but is not a CA certificate"
            ),
            "{text}"
        );
    }
}

#[test]
fn path_length_exceeded() {
    let mut p = params("Root CA", true);
    p.is_ca = IsCa::Ca(RcBc::Constrained(0));
    let r = root(p, Alg::P256);
    let i = issue(params("Intermediate CA", true), Alg::P256, &r);
    let l = issue(params("leaf", false), Alg::P256, &i);
    let report = run_chain(&[&l, &i, &r]);
    let text = only(
        &report,
        GatewayCode::ChainNotMatched,
        "chain.path-length",
        3,
    );
    assert!(
        text.contains("Block 3 (CN=Root CA) allows at most 0 intermediate certificates below it (pathLenConstraint), but the chain has 1."),
        "{text}"
    );
    // The same root as trusted_root_ca: the diagnostic names that field.
    let report = run(&[&l, &i], &[&r], TrustedRootCaPolicy::ServerChain);
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.id.as_str(), d.field, d.block),
        ("chain.path-length", Some(Field::TrustedRootCa), Some(1))
    );
    // pathlen 0 directly above the leaf is fine.
    let mut p = params("Intermediate CA", true);
    p.is_ca = IsCa::Ca(RcBc::Constrained(0));
    let root_ok = root(params("Root CA", true), Alg::P256);
    let i = issue(p, Alg::P256, &root_ok);
    let l = issue(params("leaf", false), Alg::P256, &i);
    assert_eq!(run_chain(&[&l, &i, &root_ok]), ChainReport::default());
}

#[test]
fn key_usage_without_cert_sign() {
    let r = root(params("Root CA", true), Alg::P256);
    let mut p = params("Intermediate CA", true);
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::CrlSign];
    let i = issue(p, Alg::P256, &r);
    let l = issue(params("leaf", false), Alg::P256, &i);
    let report = run_chain(&[&l, &i, &r]);
    let text = only(
        &report,
        GatewayCode::ChainNotMatched,
        "chain.issuer-key-usage",
        2,
    );
    assert!(text.contains("no keyCertSign"), "{text}");
}

#[test]
fn bad_signature_names_both_blocks() {
    let r = root(params("Root CA", true), Alg::P256);
    let signer = issue(params("Intermediate CA", true), Alg::P256, &r);
    let l = issue(params("leaf", false), Alg::P256, &signer);
    // The same CA name, re-issued with another key.
    let other = issue(params("Intermediate CA", true), Alg::P384, &r);
    let report = run_chain(&[&l, &other, &r]);
    let text = only(
        &report,
        GatewayCode::ChainNotMatched,
        "chain.bad-signature",
        1,
    );
    assert!(
        text.contains("The signature of block 1 (CN=leaf) does not verify with the public key of block 2 (CN=Intermediate CA) (x509: ECDSA verification failure)."),
        "{text}"
    );
    // A damaged signature on an RSA link.
    let (r, i, l) = three(Alg::Rsa3072, Alg::Rsa2048, Alg::P256);
    let mut bad = i;
    let n = bad.der.len();
    bad.der[n - 5] ^= 0x40;
    let report = run_chain(&[&l, &bad, &r]);
    let text = only(
        &report,
        GatewayCode::ChainNotMatched,
        "chain.bad-signature",
        2,
    );
    assert!(text.contains("crypto/rsa: verification error"), "{text}");
}

#[test]
fn every_failure_is_reported_and_the_gateway_order_decides() {
    let r = root(params("Root CA", true), Alg::P256);
    let mut p = params("leaf", false);
    p.not_after = rcgen::date_time_ymd(2029, 1, 1);
    p.subject_alt_names = vec![];
    let l = issue(p, Alg::P256, &r);
    let report = run_chain(&[&r, &l]);
    assert_eq!(
        ids(&report),
        [
            ("chain.order", Some(2)),
            ("chain.expired", Some(2)),
            ("leaf.san-missing", Some(2))
        ]
    );
    let rejection = Rejection::from_diagnostics(report.diagnostics).unwrap();
    assert_eq!(rejection.error_code(), "APIG.2104");
}
