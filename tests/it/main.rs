//! The integration tests, one binary: each former test file is a module here, and `support`
//! is the one fixture layer (the PKI builder, the clock, the corpus rule) they share.
//!
//! Run one module with a filter, such as `cargo test --test it corpus_certs -- --nocapture`.

mod support;

mod architecture;
mod chain;
mod corpus_certs;
mod corpus_details;
mod corpus_pairs;
mod details;
mod go_marshal;
mod json_go;
mod key_props;
mod limbo;
mod preflight;
mod props;
mod regressions;
mod robustness;
mod secrets;
mod trusted_root_ca;
mod warnings;
