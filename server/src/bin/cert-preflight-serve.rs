//! `cert-preflight-serve`: the same server as `cert-preflight serve`, as a binary of this crate
//! (so that the crate's own tests can start, kill and restart the real process).

use cert_preflight_server::ServeArgs;
use clap::Parser;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cert-preflight-serve",
    version,
    about = "A local stand-in for the API gateway's v2 SSL-certificate API."
)]
struct Cli {
    #[command(flatten)]
    serve: ServeArgs,
}

fn main() -> ExitCode {
    cert_preflight_server::run(Cli::parse().serve)
}
