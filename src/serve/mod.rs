//! `orgsite serve`: build the site in memory, serve it over HTTP, watch
//! its sources, rebuild the whole site on every change and make every open
//! page reload by itself (or show what is wrong). Nothing is written to
//! disk: the build lives in memory, so there are no temporary files to
//! clean up and no path can lead to a file outside the site.

mod http;
mod inject;
mod path;
mod state;
mod watch;

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::Duration;

use state::Rebuilder;

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 1111;

/// How `serve` was asked to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder, holding content/ and site.yaml.
    pub site: PathBuf,
    /// The port; `None` tries [`DEFAULT_PORT`], then any free port.
    /// `Some(0)` asks for any free port at once.
    pub port: Option<u16>,
    /// The address to listen on (loopback unless asked otherwise).
    pub bind: IpAddr,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Runs the server until Ctrl-C; returns the exit status.
pub fn serve(opts: &Options) -> i32 {
    crate::limit::serving();
    let site = match std::fs::canonicalize(&opts.site) {
        Ok(p) if p.is_dir() => p,
        Ok(_) => {
            eprintln!("error: {} is not a folder", opts.site.display());
            return 1;
        }
        Err(e) => {
            eprintln!(
                "error: cannot open the site folder {}: {e}",
                opts.site.display()
            );
            return 1;
        }
    };
    let listener = match bind(opts.bind, opts.port) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let (mut rebuilder, snapshots) = Rebuilder::new(&site);
    rebuilder.rebuild(None);
    let watching = match watch::start(&site, rebuilder) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {} for changes: {e}", site.display());
            return 1;
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let url = url_for(addr);
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: listening on {} makes the handbook, with the names of the people in it, \
reachable from other machines; use it only on a network you trust",
            opts.bind
        );
    }
    if opts.port.is_none() && addr.port() != DEFAULT_PORT {
        // Said beside the address, where it cannot scroll away unseen.
        println!(
            "Port {DEFAULT_PORT} is in use; using port {} instead.",
            addr.port()
        );
    }
    println!("Serving {} at {url}", display(&site));
    println!("Watching content/, site.yaml and themes/ for changes. Press Ctrl-C to stop.");
    if opts.open {
        open_browser(&url);
    }
    let status = match run_server(listener, snapshots) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    };
    drop(watching);
    println!("Stopped.");
    status
}

/// Listens on `port`, or on [`DEFAULT_PORT`] falling back to a free port
/// (said so clearly) when none was given.
fn bind(addr: IpAddr, port: Option<u16>) -> Result<TcpListener, String> {
    let at = |p: u16| TcpListener::bind(SocketAddr::new(addr, p));
    match port {
        Some(p) => at(p).map_err(|e| match e.kind() {
            io::ErrorKind::AddrInUse => format!(
                "port {p} is in use; choose another with --port, or --port 0 for any free port"
            ),
            _ => format!("cannot listen on {}: {e}", SocketAddr::new(addr, p)),
        }),
        None => match at(DEFAULT_PORT) {
            Ok(l) => Ok(l),
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => {
                at(0).map_err(|e| format!("cannot listen on {addr}: {e}"))
            }
            Err(e) => Err(format!(
                "cannot listen on {}: {e}",
                SocketAddr::new(addr, DEFAULT_PORT)
            )),
        },
    }
}

/// The address to type into a browser: an unspecified address (0.0.0.0)
/// is reached through loopback on this machine.
pub(crate) fn url_for(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// How long a client may take to send a request's headers before its
/// connection is closed, so that half-open connections cannot pile up.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Connections served at once; more wait to be accepted. Each open page
/// holds one for its event stream, and a browser a few more.
pub const MAX_CONNECTIONS: usize = 256;

/// Serves until Ctrl-C (or SIGTERM), then ends the event streams and
/// lets open requests finish, for at most a few seconds. hyper's own
/// connection builder rather than `axum::serve`, which has no header read
/// timeout: with hyper-util's timer a connection that sends half a header
/// is closed after [`HEADER_READ_TIMEOUT`].
fn run_server(
    listener: TcpListener,
    snapshots: tokio::sync::watch::Receiver<state::Snapshot>,
) -> io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let addr = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let (stop_tx, stopping) = tokio::sync::watch::channel(false);
        let app = http::router(
            http::App {
                snapshots,
                stopping: stopping.clone(),
            },
            http::Hosts { addr },
        );
        let mut until = stopping.clone();
        let server = tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT);
            let graceful = GracefulShutdown::new();
            let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
            loop {
                let permit = tokio::select! {
                    p = permits.clone().acquire_owned() => match p {
                        Ok(p) => p,
                        Err(_) => break,
                    },
                    _ = stopped(&mut until) => break,
                };
                let stream = tokio::select! {
                    accepted = listener.accept() => match accepted {
                        Ok((stream, _)) => stream,
                        // Out of file descriptors and the like: wait, go on.
                        Err(_) => {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    },
                    _ = stopped(&mut until) => break,
                };
                let conn = builder
                    .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    let _ = conn.await;
                    drop(permit);
                });
            }
            graceful.shutdown().await;
        });
        stop_signal().await;
        let _ = stop_tx.send(true);
        // Timed out or the task failed: stop anyway.
        let _ = tokio::time::timeout(Duration::from_secs(3), server).await;
        Ok(())
    })
}

/// Until `stopping` turns true.
async fn stopped(stopping: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = stopping.wait_for(|s| *s).await;
}

async fn stop_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// Opens `url` in the default browser; a failure is only a warning.
fn open_browser(url: &str) {
    #[cfg(target_os = "macos")]
    let cmd = std::process::Command::new("open").arg(url).spawn();
    #[cfg(windows)]
    let cmd = std::process::Command::new("cmd")
        .args(["/C", "start", "", url])
        .spawn();
    #[cfg(not(any(target_os = "macos", windows)))]
    let cmd = std::process::Command::new("xdg-open")
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = cmd {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_for_addresses() {
        assert_eq!(
            url_for("127.0.0.1:1111".parse().unwrap()),
            "http://127.0.0.1:1111/"
        );
        assert_eq!(
            url_for("0.0.0.0:8080".parse().unwrap()),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(url_for("[::]:80".parse().unwrap()), "http://[::1]:80/");
    }

    #[test]
    fn a_taken_port_is_an_error_when_asked_for_and_replaced_by_default() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let err = bind(IpAddr::from([127, 0, 0, 1]), Some(port)).unwrap_err();
        assert!(err.contains("in use"), "{err}");
        let any = bind(IpAddr::from([127, 0, 0, 1]), Some(0)).unwrap();
        assert_ne!(any.local_addr().unwrap().port(), 0);
    }
}
