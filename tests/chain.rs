//! The chain checks on rcgen-made chains (RSA, ECDSA P-256/P-384, Ed25519), read by the real
//! parser, `Certificate::parse`. The scenarios are in `chain/scenarios.rs`; the helpers in
//! `chain/support.rs` are shared with the unit tests of `src/chain/`.

use cert_preflight::{check_chain as check, ChainReport, TrustedRootCaPolicy};
use cert_preflight::{Certificate, Field, GatewayCode, Rejection, UnixTime};

fn parse(der: &[u8]) -> Certificate<'_> {
    Certificate::parse(der).expect("rcgen makes certificates Go parses")
}

include!("chain/support.rs");
include!("chain/scenarios.rs");
