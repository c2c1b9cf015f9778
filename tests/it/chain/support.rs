// The chain-building helpers of the chain tests (rcgen-made chains). Included by the integration
// tests (`tests/it/chain/`, with the scenarios) and by the unit tests of `src/chain/`, which alter
// parsed certificates; the scenarios themselves run once, in the integration tests. The includer brings into scope: `check`, `TrustedRootCaPolicy`,
// `ChainReport`, `Certificate`, `GatewayCode`, `Field`, `UnixTime`, `Rejection`, and
// `fn parse(der: &[u8]) -> Certificate<'_>`.

use rcgen::{
    BasicConstraints as RcBc, CertificateParams, DistinguishedName, DnType, IsCa, KeyPair,
    KeyUsagePurpose,
};

/// The clock of every scenario: 2026-01-01T00:00:00Z.
fn now() -> UnixTime {
    UnixTime::parse_rfc3339("2026-01-01T00:00:00Z").unwrap()
}

/// A made certificate: its DER, its rcgen form (to issue others) and its key.
struct Made {
    der: Vec<u8>,
    cert: rcgen::Certificate,
    key: KeyPair,
    params: CertificateParams,
}

#[derive(Clone, Copy, Debug)]
enum Alg {
    Rsa2048,
    Rsa3072,
    P256,
    P384,
    Ed25519,
}

fn key(alg: Alg) -> KeyPair {
    match alg {
        Alg::Rsa2048 => KeyPair::from_pem_and_sign_algo(
            include_str!("../../data/chain/rsa2048.pk8.pem"),
            &rcgen::PKCS_RSA_SHA256,
        )
        .unwrap(),
        Alg::Rsa3072 => KeyPair::from_pem_and_sign_algo(
            include_str!("../../data/chain/rsa3072.pk8.pem"),
            &rcgen::PKCS_RSA_SHA384,
        )
        .unwrap(),
        Alg::P256 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap(),
        Alg::P384 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap(),
        Alg::Ed25519 => KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap(),
    }
}

/// A CA (`ca = true`, basicConstraints CA:TRUE, keyCertSign) or server certificate (SAN
/// `<cn>.example`), valid 2024-01-01 to 2030-01-01.
fn params(cn: &str, ca: bool) -> CertificateParams {
    let sans = if ca {
        vec![]
    } else {
        vec![format!("{cn}.example")]
    };
    let mut p = CertificateParams::new(sans).unwrap();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, cn);
    dn.push(DnType::OrganizationName, "Scenario Org");
    p.distinguished_name = dn;
    p.not_before = rcgen::date_time_ymd(2024, 1, 1);
    p.not_after = rcgen::date_time_ymd(2030, 1, 1);
    if ca {
        p.is_ca = IsCa::Ca(RcBc::Unconstrained);
        p.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
    }
    p
}

fn root(p: CertificateParams, alg: Alg) -> Made {
    let key = key(alg);
    let cert = p.self_signed(&key).unwrap();
    Made {
        der: cert.der().to_vec(),
        cert,
        key,
        params: p,
    }
}

fn issue(p: CertificateParams, alg: Alg, by: &Made) -> Made {
    let key = key(alg);
    let cert = p
        .signed_by(&key, &rcgen::Issuer::from_params(&by.params, &by.key))
        .unwrap();
    Made {
        der: cert.der().to_vec(),
        cert,
        key,
        params: p,
    }
}

/// root -> intermediate -> leaf with these algorithms.
fn three(root_alg: Alg, inter_alg: Alg, leaf_alg: Alg) -> (Made, Made, Made) {
    let r = root(params("Root CA", true), root_alg);
    let i = issue(params("Intermediate CA", true), inter_alg, &r);
    let l = issue(params("leaf", false), leaf_alg, &i);
    (r, i, l)
}

fn run(chain: &[&Made], trusted: &[&Made], policy: TrustedRootCaPolicy) -> ChainReport {
    let chain: Vec<Certificate<'_>> = chain.iter().map(|m| parse(&m.der)).collect();
    let trusted: Vec<Certificate<'_>> = trusted.iter().map(|m| parse(&m.der)).collect();
    check(&chain, &trusted, now(), policy)
}

fn run_chain(chain: &[&Made]) -> ChainReport {
    run(chain, &[], TrustedRootCaPolicy::ServerChain)
}

/// The one diagnostic of a report, with its code, id and block checked.
fn only(report: &ChainReport, code: GatewayCode, id: &str, block: usize) -> String {
    assert_eq!(report.diagnostics.len(), 1, "{:#?}", report.diagnostics);
    let d = &report.diagnostics[0];
    assert_eq!((d.code, d.id.as_str(), d.block), (code, id, Some(block)), "{d:#?}");
    format!("{} {}", d.message, d.fix.as_deref().unwrap_or(""))
}

fn ids(report: &ChainReport) -> Vec<(&'static str, Option<usize>)> {
    report.diagnostics.iter().map(|d| (d.id.as_str(), d.block)).collect()
}

