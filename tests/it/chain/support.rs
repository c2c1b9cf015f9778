// The chain scenarios' helpers, on the one PKI builder (`tests/it/support/pki.rs`). Included by
// the integration tests (`tests/it/chain/`, with the scenarios) and by the unit tests of
// `src/chain/`, which alter parsed certificates; the scenarios themselves run once, in the
// integration tests. The includer brings into scope: the module `pki`, `check`,
// `TrustedRootCaPolicy`, `ChainReport`, `Certificate`, `GatewayCode`, `UnixTime`, and
// `fn parse(der: &[u8]) -> Certificate<'_>`. (An `include!`d file, so `//` comments only.)

use pki::{Alg, Made};
use rcgen::CertificateParams;

/// The clock of every scenario, `pki::NOW`.
fn now() -> UnixTime {
    UnixTime::parse_rfc3339(pki::NOW).unwrap()
}

/// A CA (`ca = true`: `pki::ca_params`) or server certificate (SAN `<cn>.example`), with
/// `O=Scenario Org` after the CN (the chain messages name it), valid as every `pki` certificate.
fn params(cn: &str, ca: bool) -> CertificateParams {
    let p = if ca {
        pki::ca_params(cn)
    } else {
        pki::params(cn, &[&format!("{cn}.example")])
    };
    pki::with_org(p, "Scenario Org")
}

fn root(p: CertificateParams, alg: Alg) -> Made {
    pki::self_signed(p, alg)
}

fn issue(p: CertificateParams, alg: Alg, by: &Made) -> Made {
    pki::signed_by(p, alg, by)
}

/// root -> intermediate -> leaf with these algorithms.
fn three(root_alg: Alg, inter_alg: Alg, leaf_alg: Alg) -> (Made, Made, Made) {
    let pki = pki::Pki::build(
        [root_alg, inter_alg, leaf_alg],
        params("Root CA", true),
        params("Intermediate CA", true),
        params("leaf", false),
    );
    (pki.root, pki.intermediate, pki.leaf)
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
