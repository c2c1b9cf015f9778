//! x509-limbo through `chain::check`: how often the gateway pre-flight's verdict agrees with
//! limbo's expected SUCCESS/FAILURE (`docs/limbo.md` reads every disagreement).
//!
//! Each case becomes an upload: `cert_content` = the peer certificate then the untrusted
//! intermediates in the given order, `trusted_root_ca` = the trusted certificates, the clock =
//! the case's validation time (limbo's "now" when it has none: the suite's date, fixed so the
//! figures are reproducible). A certificate Go does not parse is a FAILURE (APIG.2106).
//! APIG.3148 (notAfter at or after 2038, a gateway limit limbo knows nothing of: most limbo
//! certificates are valid until 2969) is counted apart and not held against the chain verdict.
//!
//! Run with `cargo test --test it limbo -- --nocapture` to see the figures. The test fails only when
//! agreement drops below `FLOOR`.

use crate::support::pem::go_certificates;
use cert_preflight::{check_chain as check, TrustedRootCaPolicy};
use cert_preflight::{Certificate, GatewayCode, UnixTime};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Agreeing verdicts at the last recorded run (see docs/limbo.md); raise it when it improves.
const FLOOR: usize = 70;

/// limbo's "now" for cases without a validation time: the date of this limbo.json.
const SUITE_DATE: &str = "2023-12-02T00:00:00Z";

/// The DER of every `CERTIFICATE` block of a PEM text, read as Go reads it.
fn pem_certificates(text: &str) -> Vec<Vec<u8>> {
    go_certificates(text.as_bytes())
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// What the pre-flight says about one case.
struct Verdict {
    /// Why it fails (diagnostic ids or the parse error); empty when it passes.
    reasons: Vec<String>,
    /// APIG.3148 was found (not counted against the chain verdict).
    after_2038: bool,
    /// When the report gave a better order: the reasons once `cert_content` is in that order.
    reordered: Option<Vec<String>>,
}

fn run_case(case: &Value) -> Verdict {
    let peer = case["peer_certificate"].as_str().unwrap_or("");
    let mut chain_ders = pem_certificates(peer);
    for pem in strings(&case["untrusted_intermediates"]) {
        chain_ders.extend(pem_certificates(pem));
    }
    let trusted_ders: Vec<Vec<u8>> = strings(&case["trusted_certs"])
        .into_iter()
        .flat_map(pem_certificates)
        .collect();
    let now = case["validation_time"]
        .as_str()
        .or(Some(SUITE_DATE))
        .and_then(UnixTime::parse_rfc3339)
        .expect("limbo times are RFC 3339");

    let mut reasons = Vec::new();
    let chain = parse_all(&chain_ders, "cert_content", &mut reasons);
    let trusted = parse_all(&trusted_ders, "trusted_root_ca", &mut reasons);
    if !reasons.is_empty() || chain.is_empty() {
        return Verdict {
            reasons,
            after_2038: false,
            reordered: None,
        };
    }
    let report = check(&chain, &trusted, now, TrustedRootCaPolicy::ServerChain);
    let (reasons, after_2038) = reasons_of(&report.diagnostics);
    let reordered = report.order.map(|order| {
        let chain: Vec<Certificate<'_>> = order.iter().map(|&b| chain[b - 1].clone()).collect();
        let again = check(&chain, &trusted, now, TrustedRootCaPolicy::ServerChain);
        reasons_of(&again.diagnostics).0
    });
    Verdict {
        reasons,
        after_2038,
        reordered,
    }
}

/// The failing codes and ids, and whether APIG.3148 was among them (kept apart).
fn reasons_of(diagnostics: &[cert_preflight::Diagnostic]) -> (Vec<String>, bool) {
    let mut after_2038 = false;
    let mut reasons = Vec::new();
    for d in diagnostics {
        if d.code == GatewayCode::ExpiresAfter2038 {
            after_2038 = true;
        } else {
            reasons.push(format!("{} {}", d.code, d.id.as_str()));
        }
    }
    reasons.sort();
    reasons.dedup();
    (reasons, after_2038)
}

/// Parses every certificate; a failure is APIG.2106 with Go's message.
fn parse_all<'a>(
    ders: &'a [Vec<u8>],
    field: &str,
    reasons: &mut Vec<String>,
) -> Vec<Certificate<'a>> {
    let mut certs = Vec::new();
    for der in ders {
        match Certificate::parse(der) {
            Ok(c) => certs.push(c),
            Err(e) => reasons.push(format!("APIG.2106 {field}: {}", e.go_message)),
        }
    }
    certs
}

/// limbo's family of a case: `rfc5280::nc::permitted-dns-mismatch` -> `rfc5280::nc`.
fn family(id: &str) -> &str {
    id.rfind("::").map_or(id, |i| &id[..i])
}

#[test]
fn limbo_agreement_stays_above_the_floor() {
    let json: Value = serde_json::from_str(include_str!("../data/limbo/limbo.json")).unwrap();
    let cases = json["testcases"].as_array().expect("limbo testcases");
    let mut agree = 0;
    let mut agree_reordered = 0;
    let mut after_2038_only = 0;
    let mut disagree: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for case in cases {
        let id = case["id"].as_str().unwrap_or("?");
        let expected_success = case["expected_result"] == "SUCCESS";
        let v = run_case(case);
        let ours_success = v.reasons.is_empty();
        if ours_success && expected_success && v.after_2038 {
            after_2038_only += 1;
        }
        let after_fix = v.reordered.as_ref().map_or(ours_success, |r| r.is_empty());
        if after_fix == expected_success {
            agree_reordered += 1;
        }
        if ours_success == expected_success {
            agree += 1;
            continue;
        }
        let reason = if ours_success {
            format!("we pass, limbo expects FAILURE: {}", family(id))
        } else {
            let mut r = format!("we fail, limbo expects SUCCESS: {}", v.reasons.join("; "));
            if let Some(again) = &v.reordered {
                let _ = write!(r, " | in our order: {}", again.join("; "));
            }
            r
        };
        disagree.entry(reason).or_default().push(id.to_owned());
    }
    println!(
        "limbo: {agree}/{} verdicts agree (floor {FLOOR}); {agree_reordered} once cert_content is \
         put in the order the report gives; {after_2038_only} agreeing SUCCESS cases would still \
         get APIG.3148 (notAfter >= 2038) from the gateway",
        cases.len()
    );
    for (reason, ids) in &disagree {
        println!("\n{reason} ({}):", ids.len());
        for id in ids {
            println!("  {id}");
        }
    }
    assert!(
        agree >= FLOOR,
        "limbo agreement fell to {agree} (floor {FLOOR}); see the disagreements above"
    );
}
