//! The HTTP side of `serve`: files of the last good build from memory,
//! with the live-reload script added to HTML, and the event stream that
//! tells open pages to reload or to show a failed build's problems.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream};
use tokio::sync::watch;

use super::inject;
use super::path::to_key;
use super::state::Snapshot;

/// What every handler shares.
#[derive(Clone)]
pub struct App {
    pub snapshots: watch::Receiver<Snapshot>,
    /// Turns true when the server is stopping, to end the event streams
    /// (which otherwise never end and would hold up a clean shutdown).
    pub stopping: watch::Receiver<bool>,
}

/// Every request, the event stream too, passes [`host_guard`] first.
pub fn router(app: App, hosts: Hosts) -> Router {
    Router::new()
        .route(inject::EVENTS_PATH, get(events))
        .fallback(file)
        .with_state(app)
        .layer(middleware::from_fn_with_state(hosts, host_guard))
}

/// The names a request may give its server in `Host`: those of the
/// address `serve` listens on. A page of another site that a DNS
/// rebinding points at this machine sends its own name, and would
/// otherwise read the handbook, names and all.
#[derive(Clone, Debug)]
pub struct Hosts {
    /// The address listened on (0.0.0.0 or :: for every address).
    pub addr: SocketAddr,
}

impl Hosts {
    /// Whether `host` (a `Host` header: a name or an IP literal, with or
    /// without a port) names this server: `localhost` or a loopback
    /// address when loopback is listened on, the address itself, or any IP
    /// address when every address is (an IP literal cannot be rebound).
    /// A port, when given, must be ours.
    pub fn allows(&self, host: &str) -> bool {
        // `[v6]:port`, `name:port`, or either without the port.
        let (name, port) = match host.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((ip, "")) => (ip, None),
                Some((ip, p)) => match p.strip_prefix(':') {
                    Some(p) => (ip, Some(p)),
                    None => return false,
                },
                None => return false,
            },
            None => match host.rsplit_once(':') {
                Some((name, p)) => (name, Some(p)),
                None => (host, None),
            },
        };
        if port.is_some_and(|p| p.parse::<u16>().ok() != Some(self.addr.port())) {
            return false;
        }
        let bound = self.addr.ip();
        let local = bound.is_loopback() || bound.is_unspecified();
        if name.eq_ignore_ascii_case("localhost") {
            return local;
        }
        // `rsplit_once` left a bare IPv6 address in pieces: not a Host.
        match name.parse::<IpAddr>() {
            Ok(ip) if host.starts_with('[') == ip.is_ipv6() => {
                ip == bound || bound.is_unspecified() || (ip.is_loopback() && local)
            }
            _ => false,
        }
    }
}

/// Answers a request whose `Host` names another server with 421.
async fn host_guard(State(hosts): State<Hosts>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()));
    if host.as_deref().is_some_and(|h| hosts.allows(h)) {
        return next.run(req).await;
    }
    let text = format!(
        "421 Misdirected Request: orgsite serve answers only requests for {} \
(or localhost), not for another host name. Open that address, or serve another \
address with --bind ADDRESS.\n",
        super::url_for(hosts.addr)
    );
    (StatusCode::MISDIRECTED_REQUEST, text).into_response()
}

/// Any path but the event stream: a file of the site, or a 404.
async fn file(State(app): State<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n").into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let snap = app.snapshots.borrow().clone();
    let head = method == Method::HEAD;
    let Some(files) = snap.files.clone() else {
        let page = Bytes::from(inject::not_built_page());
        return send(
            &snap,
            StatusCode::SERVICE_UNAVAILABLE,
            "index.html",
            &page,
            head,
        );
    };
    let key = to_key(uri.path());
    if let Some(bytes) = key.as_ref().and_then(|k| files.get(k)) {
        return send(
            &snap,
            StatusCode::OK,
            key.as_deref().unwrap_or(""),
            bytes,
            head,
        );
    }
    // `/units` for a folder with an index: send the browser to `/units/`
    // so that the index's relative links resolve.
    if let Some(k) = &key {
        if files.contains_key(&format!("{k}/index.html")) {
            let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("{}/", uri.path())) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            return r;
        }
    }
    match files.get("404.html") {
        Some(page) => {
            let page = Bytes::from(inject::root_base(page));
            send(&snap, StatusCode::NOT_FOUND, "404.html", &page, head)
        }
        None => {
            let page = Bytes::from(inject::not_found_page());
            send(&snap, StatusCode::NOT_FOUND, "404.html", &page, head)
        }
    }
}

/// A response for the file named `key`; HTML gets the reload script and,
/// while the latest build has failed, the overlay.
fn send(snap: &Snapshot, status: StatusCode, key: &str, bytes: &Bytes, head: bool) -> Response {
    let ctype = content_type(key);
    let body = if ctype.starts_with("text/html") {
        let mut extra = inject::script(&snap.version);
        if let Some(overlay) = &snap.failure {
            extra.push_str(overlay);
        }
        Bytes::from(inject::before_body_end(bytes, &extra))
    } else {
        bytes.clone()
    };
    let len = body.len();
    let mut r = if head {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(body))
    };
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    // Always fetch anew: the whole point is to see the latest build.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// The content type of an output file, by its extension.
pub fn content_type(key: &str) -> &'static str {
    let ext = key
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "dot" | "gv" => "text/vnd.graphviz; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// One open page's event stream (see [`inject::script`] for what the
/// page does with each event).
struct Feed {
    snapshots: watch::Receiver<Snapshot>,
    stopping: watch::Receiver<bool>,
    seen: Snapshot,
    queue: VecDeque<Event>,
}

async fn events(State(app): State<App>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut snapshots = app.snapshots.clone();
    let seen = snapshots.borrow_and_update().clone();
    let queue = VecDeque::from([
        Event::default().event("hello").data(&*seen.version),
        status_event(&seen),
    ]);
    let feed = Feed {
        snapshots,
        stopping: app.stopping.clone(),
        seen,
        queue,
    };
    let stream = stream::unfold(feed, |mut f| async move {
        loop {
            if let Some(e) = f.queue.pop_front() {
                return Some((Ok(e), f));
            }
            tokio::select! {
                changed = f.snapshots.changed() => {
                    if changed.is_err() {
                        return None;
                    }
                    let now = f.snapshots.borrow_and_update().clone();
                    if now.version != f.seen.version {
                        f.queue.push_back(Event::default().event("reload").data(&*now.version));
                    } else if now.failure != f.seen.failure {
                        f.queue.push_back(status_event(&now));
                    }
                    f.seen = now;
                }
                _ = f.stopping.wait_for(|s| *s) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// `failed` with the overlay while the latest build has failed, else `ok`.
fn status_event(s: &Snapshot) -> Event {
    match &s.failure {
        Some(html) => Event::default().event("failed").data(&**html),
        None => Event::default().event("ok").data("ok"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_names_of_the_address_listened_on_are_served() {
        let at = |a: &str| Hosts {
            addr: a.parse().unwrap(),
        };
        let lo = at("127.0.0.1:1111");
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost",
            "[::1]:1111",
            "127.0.0.1",
        ] {
            assert!(lo.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1:2222",
            "localhost.evil.example:1111",
            "192.168.1.5:1111",
            "::1",
            "[::1",
            "127.0.0.1:1111:1111",
            "",
        ] {
            assert!(!lo.allows(bad), "{bad}");
        }
        let lan = at("192.168.1.5:8080");
        assert!(lan.allows("192.168.1.5:8080"));
        assert!(!lan.allows("localhost:8080") && !lan.allows("evil.example:8080"));
        let all = at("0.0.0.0:8080");
        assert!(all.allows("10.0.0.7:8080") && all.allows("localhost:8080"));
        assert!(!all.allows("evil.example:8080"));
        assert!(at("[::]:80").allows("[fe80::1]:80"));
    }

    #[test]
    fn content_types() {
        for (k, t) in [
            ("index.html", "text/html; charset=utf-8"),
            ("chart.svg", "image/svg+xml"),
            ("search.js", "text/javascript; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("calendar.ics", "text/calendar; charset=utf-8"),
            ("org.json", "application/json"),
            ("org.csv", "text/csv; charset=utf-8"),
            ("org.dot", "text/vnd.graphviz; charset=utf-8"),
            ("positions/A.HTML", "text/html; charset=utf-8"),
            ("noext", "application/octet-stream"),
        ] {
            assert_eq!(content_type(k), t, "{k}");
        }
    }
}
