//! `orgsite serve` from the outside: starts the binary on a free port
//! against a new site in a temporary folder, talks HTTP to it over plain
//! sockets, edits and breaks a document, and watches the reload events.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How long any one step may take. Generous: the machine may be busy with
/// other builds; a page reloads far sooner in practice.
const BOUND: Duration = Duration::from_secs(15);

/// The server process; killed when the test ends, whether it passed or not.
struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(site: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_orgsite"))
            .arg("serve")
            .arg(site)
            .args(["--port", "0"])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start orgsite serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let err_pipe = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&stderr);
        thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let out = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            port: 0,
            stderr,
        };
        let deadline = Instant::now() + BOUND;
        while server.port == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no address printed; stderr:\n{}", server.stderr()));
            if let Some(rest) = line.split(" at http://127.0.0.1:").nth(1) {
                server.port = rest.trim_end_matches('/').parse().expect("port");
            }
        }
        // Keep draining stdout so that the server never blocks on it.
        thread::spawn(move || while rx.recv().is_ok() {});
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Sends `target` exactly as given (no normalisation by a client library).
    fn request(&self, method: &str, target: &str) -> Reply {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(BOUND)).unwrap();
        write!(
            s,
            "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read reply");
        Reply::parse(&raw)
    }

    fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    /// A GET of `target` with `host` as its `Host` header.
    fn get_as(&self, host: &str, target: &str) -> Reply {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(BOUND)).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read reply");
        Reply::parse(&raw)
    }

    /// Opens the live-reload event stream, as an open page does.
    fn events(&self) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            s,
            "GET /__orgsite/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut name = String::new();
            let mut data: Vec<String> = Vec::new();
            for line in BufReader::new(s).lines().map_while(Result::ok) {
                // Chunk-size lines of the chunked encoding carry no field.
                if let Some(v) = line.strip_prefix("event:") {
                    name = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                } else if line.is_empty() && !name.is_empty() {
                    let ev = (std::mem::take(&mut name), data.join("\n"));
                    data.clear();
                    if tx.send(ev).is_err() {
                        break;
                    }
                }
            }
        });
        Events { rx }
    }
}

struct Events {
    rx: Receiver<(String, String)>,
}

impl Events {
    /// The next event named `name`, skipping others; its data and when it came.
    fn wait_for(&self, name: &str) -> (String, Instant) {
        let deadline = Instant::now() + BOUND;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((n, data)) if n == name => return (data, Instant::now()),
                Ok(_) => continue,
                Err(_) => panic!("no `{name}` event within {BOUND:?}"),
            }
        }
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text.split_once("\r\n\r\n").expect("a reply");
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .expect("status line");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

fn new_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("handbook");
    orgsite::init::init(&site).expect("init");
    (tmp, site)
}

/// Replaces `from` by `to` in a file, as an editor saving it would.
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{from:?} not in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn edits_reload_open_pages_and_failures_show_an_overlay() {
    let (_tmp, site) = new_site();
    let server = Server::start(&site);
    let doc = site.join("content/operations/specialist.md");
    let page = "/positions/specialist.html";

    let first = server.get(page);
    assert_eq!(first.status, 200);
    assert!(first.body.contains("Handles requests from customers."));
    assert!(first.body.contains("/__orgsite/events"), "reload script");
    assert!(
        !first.body.contains("data-orgsite-overlay role"),
        "no overlay yet"
    );

    // An open page hears of a rebuild and finds the new text.
    let events = server.events();
    events.wait_for("hello");
    let saved = Instant::now();
    edit(
        &doc,
        "Handles requests from customers.",
        "Answers the phone within three rings.",
    );
    let (version, heard) = events.wait_for("reload");
    assert!(!version.is_empty());
    eprintln!("reload event {:?} after the save", heard - saved);
    let after = server.get(page);
    assert_eq!(after.status, 200);
    assert!(after.body.contains("Answers the phone within three rings."));
    assert!(after.body.contains(&format!("const v=\"{version}\"")));

    // A broken document: the last good page is still served, with the
    // overlay naming the file and line; the terminal says the same.
    edit(
        &doc,
        "title: Operations Specialist",
        "titel: Operations Specialist",
    );
    let (overlay, _) = events.wait_for("failed");
    assert!(
        overlay.contains("content/operations/specialist.md:2:"),
        "{overlay}"
    );
    assert!(overlay.contains("titel"), "{overlay}");
    assert!(!overlay.contains("<script"), "escaped: {overlay}");
    let stale = server.get(page);
    assert_eq!(stale.status, 200);
    assert!(stale.body.contains("Answers the phone within three rings."));
    assert!(stale.body.contains("<div id=\"orgsite-overlay\""));
    assert!(stale.body.contains("content/operations/specialist.md:2:"));
    let deadline = Instant::now() + BOUND;
    while !server
        .stderr()
        .contains("content/operations/specialist.md:2:")
    {
        assert!(Instant::now() < deadline, "terminal: {}", server.stderr());
        thread::sleep(Duration::from_millis(50));
    }

    // A page opened while the site is broken learns of it on connecting.
    let late = server.events();
    late.wait_for("hello");
    assert!(late.wait_for("failed").0.contains("titel"));

    // Fixing it reloads the pages, without the overlay.
    edit(
        &doc,
        "titel: Operations Specialist",
        "title: Operations Specialist",
    );
    let (fixed, _) = events.wait_for("reload");
    assert_ne!(fixed, version);
    late.wait_for("reload");
    let good = server.get(page);
    assert!(!good.body.contains("<div id=\"orgsite-overlay\""));
    assert!(good.body.contains("Answers the phone within three rings."));
}

#[test]
fn only_the_site_is_served() {
    let (_tmp, site) = new_site();
    // A symlink in the site folder pointing out of it.
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc", site.join("etc")).expect("symlink");
    let server = Server::start(&site);
    for target in [
        "/../site.yaml",
        "/../../../../etc/passwd",
        "/positions/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2e%2e%2fsite.yaml",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/positions/%2e%2e%2f%2e%2e%2fsite.yaml",
        "/..%5csite.yaml",
        "/%5c..%5csite.yaml",
        "//etc/passwd",
        "/etc/passwd",
        "http://127.0.0.1/../site.yaml",
        "/site.yaml",
        "/content/operations/specialist.md",
        "/etc/passwd",
        "/etc/",
        "/etc/hostname",
        "/index.html%00.txt",
        "/missing.html",
    ] {
        let r = server.get(target);
        assert!(
            r.status == 404 || r.status == 400,
            "{target}: {} {}",
            r.status,
            r.body
        );
        assert!(!r.body.contains("root:"), "{target} leaked a file");
        assert!(!r.body.contains("Example Organisation\nlanguage"));
    }
    let missing = server.get("/positions/missing.html");
    assert_eq!(missing.status, 404);
    // The site's own 404.html, with a base so its links work from any path.
    assert!(missing.body.contains("Page not found"), "{}", missing.body);
    assert!(
        missing.body.contains("<base href=\"/\">"),
        "{}",
        missing.body
    );
    assert!(missing.header("content-type").starts_with("text/html"));

    for (target, ctype) in [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/chart.svg", "image/svg+xml"),
        ("/style.css", "text/css; charset=utf-8"),
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 200, "{target}");
        assert_eq!(r.header("content-type"), ctype, "{target}");
    }

    let get = server.get("/staffing.html");
    let head = server.request("HEAD", "/staffing.html");
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "", "HEAD has no body");
    assert_eq!(
        head.header("content-length"),
        get.body.len().to_string(),
        "HEAD gives the length GET sends"
    );
    assert_eq!(server.request("POST", "/index.html").status, 405);
}

#[test]
fn build_output_has_no_reload_script() {
    let (_tmp, site) = new_site();
    let (_out_tmp, out) = common::build(&site);
    for f in common::files(&out) {
        let bytes = std::fs::read(out.join(&f)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__orgsite"), "{}", f.display());
        assert!(!text.contains("EventSource"), "{}", f.display());
    }
}

/// A page of another site whose name a DNS rebinding points at this
/// machine sends its own name as `Host`: it gets neither the handbook nor
/// the event stream. The server's own names are served.
#[test]
fn only_the_servers_own_host_names_are_answered() {
    let (_tmp, site) = new_site();
    let server = Server::start(&site);
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let ok = server.get_as(&host, "/index.html");
        assert_eq!(ok.status, 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
    ] {
        for target in ["/index.html", "/__orgsite/events", "/org.json"] {
            let refused = server.get_as(&host, target);
            assert_eq!(refused.status, 421, "{host} {target}");
            assert!(refused.body.contains("--bind"), "{}", refused.body);
            assert!(!refused.body.contains("<html"), "{}", refused.body);
        }
    }
}

/// A client that sends half a header and then nothing is disconnected
/// within seconds (the header read timeout), not kept open for ever.
#[test]
fn half_a_header_is_not_waited_for_long() {
    let (_tmp, site) = new_site();
    let server = Server::start(&site);
    let mut half: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
            s.write_all(b"GET /index.html HTTP/1.1\r\nHost: 127.0")
                .unwrap();
            s
        })
        .collect();
    let start = Instant::now();
    let limit = Duration::from_secs(9);
    for s in &mut half {
        let left = limit
            .saturating_sub(start.elapsed())
            .max(Duration::from_millis(1));
        s.set_read_timeout(Some(left)).unwrap();
        let mut buf = Vec::new();
        // Closed by the server: the read ends (after a 408, or nothing);
        // a read that times out means the connection was still held.
        let held = matches!(
            s.read_to_end(&mut buf),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)
        );
        assert!(
            !held,
            "a half-open connection was held {:?}",
            start.elapsed()
        );
    }
    // The server still answers.
    assert_eq!(server.get("/index.html").status, 200);
}
