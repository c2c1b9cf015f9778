//! `cert-preflight-serve`: the same server as `cert-preflight serve`, as a binary of this crate
//! (so that the crate's own tests can start, kill and restart the real process).

use cert_preflight_server::{looks_like_key_material, ServeArgs};
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
    match Cli::try_parse() {
        Ok(cli) => cert_preflight_server::run(cli.serve),
        // clap quotes the offending value; never when it looks like a key.
        Err(e) if e.use_stderr() && looks_like_key_material(&e.to_string()) => {
            eprintln!(
                "cert-preflight-serve: an argument looks like key material and is not shown. \
                 Pass secrets through CERT_PREFLIGHT_SK or CERT_PREFLIGHT_TOKEN; see --help."
            );
            ExitCode::from(2)
        }
        Err(e) => e.exit(),
    }
}
