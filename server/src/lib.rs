//! `cert-preflight serve`: a local stand-in for the API gateway's v2 SSL-certificate endpoints
//! (`/v2/{project_id}/apigw/certificates[/{certificate_id}]`), answering with the library's
//! exact verdicts, storing accepted certificates in SQLite, and taking the clients' own
//! authentication (IAM token or `SDK-HMAC-SHA256` AK/SK signatures).
//!
//! The library (`cert-preflight`) stays free of I/O; everything with a socket, a file or a
//! clock is here. docs/server.md says what each rule is based on.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod auth;
pub mod errors;
pub mod store;

use api::{AppState, Clock};
use auth::AuthConfig;
use cert_preflight::UnixTime;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use store::Store;
use tokio::sync::oneshot;

/// `cert-preflight serve` options.
#[derive(clap::Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on (loopback by default: this is a test double, not a gateway).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Directory of the SQLite database (created 0700; the file 0600).
    /// Default: $XDG_DATA_HOME/cert-preflight, else ~/.local/share/cert-preflight.
    #[arg(long, value_name = "DIR", conflicts_with = "memory")]
    pub data_dir: Option<PathBuf>,
    /// Keep everything in memory (a throwaway instance).
    #[arg(long)]
    pub memory: bool,
    /// Pin the clock requests are checked against (RFC 3339), for tests.
    #[arg(long, value_name = "RFC3339", value_parser = parse_at)]
    pub at: Option<UnixTime>,
    /// Require this X-Auth-Token value (default: any non-empty token).
    #[arg(
        long,
        value_name = "TOKEN",
        env = "CERT_PREFLIGHT_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Access key: requests must be signed (SDK-HMAC-SHA256) with this AK and --sk.
    #[arg(
        long,
        value_name = "AK",
        requires = "sk",
        env = "CERT_PREFLIGHT_AK",
        hide_env_values = true
    )]
    pub ak: Option<String>,
    /// Secret key of --ak (prefer the CERT_PREFLIGHT_SK variable: arguments are visible in ps).
    #[arg(
        long,
        value_name = "SK",
        requires = "ak",
        env = "CERT_PREFLIGHT_SK",
        hide_env_values = true
    )]
    pub sk: Option<String>,
    /// Longest a request may take, body included, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 30_000, value_parser = clap::value_parser!(u64).range(1..=3_600_000))]
    pub request_timeout_ms: u64,
}

/// Never prints the token or the secret key.
impl fmt::Debug for ServeArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServeArgs")
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field("memory", &self.memory)
            .field("at", &self.at)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("ak", &self.ak)
            .field("sk", &self.sk.as_ref().map(|_| "<redacted>"))
            .field("request_timeout_ms", &self.request_timeout_ms)
            .finish()
    }
}

impl ServeArgs {
    /// Defaults with this listen address, in memory (for tests and embedding).
    pub fn memory(listen: SocketAddr) -> Self {
        ServeArgs {
            listen,
            data_dir: None,
            memory: true,
            at: None,
            token: None,
            ak: None,
            sk: None,
            request_timeout_ms: 30_000,
        }
    }
}

/// `--at`: an RFC 3339 instant. The message never repeats the value (it could be anything,
/// a pasted key included).
fn parse_at(s: &str) -> Result<UnixTime, String> {
    UnixTime::parse_rfc3339(s)
        .ok_or_else(|| "not an RFC 3339 time such as 2030-01-01T00:00:00Z".to_owned())
}

/// Whether a text holds something that looks like key material: a PEM private-key label, or a
/// run of 40 or more base64 characters (so that no message ever repeats such a value).
pub fn looks_like_key_material(text: &str) -> bool {
    if text.contains("PRIVATE KEY") {
        return true;
    }
    let mut run = 0;
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=') {
            run += 1;
            if run >= 40 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// 32 random lowercase hex characters: certificate and request IDs, as the gateway makes them.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::getrandom(&mut bytes).is_err() {
        // No OS randomness: fall back to time and a counter (IDs only need to be unique).
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        bytes[..8].copy_from_slice(&(t as u64).to_be_bytes());
        bytes[8..].copy_from_slice(&n.to_be_bytes());
    }
    auth::hex(&bytes)
}

/// The default data directory.
pub fn default_data_dir() -> PathBuf {
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(xdg).join("cert-preflight");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(home).join(".local/share/cert-preflight");
    }
    PathBuf::from("cert-preflight-data")
}

/// A server running on its own thread; [`RunningServer::stop`] shuts it down gracefully.
pub struct RunningServer {
    addr: SocketAddr,
    location: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl RunningServer {
    /// The address it listens on (the real port when `--listen` asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Where the data lives.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Stops accepting, lets requests in flight finish (bounded by the request timeout), and
    /// waits for the server thread.
    pub fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.join()
    }

    /// Waits until the server stops (on SIGINT/SIGTERM when started by [`run`]).
    pub fn join(&mut self) -> std::io::Result<()> {
        match self.thread.take() {
            Some(t) => t
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("server thread panicked"))),
            None => Ok(()),
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
            let _ = self.join();
        }
    }
}

/// Starts the server on its own thread and runtime; returns once it listens.
pub fn start(args: ServeArgs) -> Result<RunningServer, String> {
    start_with(args, false)
}

fn start_with(args: ServeArgs, signals: bool) -> Result<RunningServer, String> {
    let store = if args.memory {
        Store::memory()?
    } else {
        Store::open(&args.data_dir.clone().unwrap_or_else(default_data_dir))?
    };
    let location = store.location().to_owned();
    let auth = AuthConfig {
        token: args.token.clone(),
        aksk: args.ak.clone().zip(args.sk.clone()),
    };
    let request_timeout = Duration::from_millis(args.request_timeout_ms);
    let state = Arc::new(AppState {
        store: Arc::new(store),
        clock: args.at.map_or(Clock::System, Clock::Pinned),
        auth,
        request_timeout,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("cert-preflight-serve")
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(args.listen))
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    let (tx, rx) = oneshot::channel::<()>();
    let app = api::router(state);
    let thread = std::thread::Builder::new()
        .name("cert-preflight-serve".into())
        .spawn(move || {
            runtime.block_on(async move {
                let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
                tokio::spawn(async move {
                    wait_for_stop(rx, signals).await;
                    tracing::info!("shutting down: finishing requests in flight");
                    let _ = stop_tx.send(true);
                });
                serve(listener, app, stop_rx, request_timeout).await;
                Ok(())
            })
        })
        .map_err(|e| format!("cannot start the server thread: {e}"))?;
    Ok(RunningServer {
        addr,
        location,
        stop: Some(tx),
        thread: Some(thread),
    })
}

/// Most connections served at once; further clients wait in the listen backlog.
const MAX_CONNECTIONS: usize = 1024;

/// The accept loop: HTTP/1.1 with a header read timeout (a client that never finishes its
/// headers is dropped), at most [`MAX_CONNECTIONS`] connections, and a graceful stop that
/// lets requests in flight finish for up to the request timeout and a second.
async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    mut stop: tokio::sync::watch::Receiver<bool>,
    request_timeout: Duration,
) {
    let permits = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let mut connections = tokio::task::JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break },
            _ = stop.changed() => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little, do not spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stop.changed() => break,
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let mut stop = stop.clone();
        connections.spawn(async move {
            let _permit = permit;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(request_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stop.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
    drop(listener);
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(request_timeout + Duration::from_secs(1), drain)
        .await
        .is_err()
    {
        tracing::warn!("connections still open after the grace period; stopping");
    }
}

/// Resolves on `stop()`, or on SIGINT/SIGTERM when `signals`.
async fn wait_for_stop(rx: oneshot::Receiver<()>, signals: bool) {
    if !signals {
        let _ = rx.await;
        return;
    }
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = rx => {}
        () = ctrl_c => {}
        () = term => {}
    }
}

/// `cert-preflight serve`: runs until SIGINT or SIGTERM. Exit 0 after a clean shutdown, 1 when
/// the server cannot start or fails.
pub fn run(args: ServeArgs) -> ExitCode {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .try_init();
    match start_with(args, true) {
        Ok(mut server) => {
            // One line on stdout for people and scripts (tests read the port from it).
            println!(
                "cert-preflight serve: listening on http://{}, data in {}",
                server.addr(),
                server.location()
            );
            tracing::info!(addr = %server.addr(), data = %server.location(), "listening");
            match server.join() {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("cert-preflight serve: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            eprintln!("cert-preflight serve: {e}");
            ExitCode::FAILURE
        }
    }
}
