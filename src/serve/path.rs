//! Request paths to output files. The server looks files up in the
//! in-memory build by the key this returns, so a path that is not exactly
//! the name of an output file can never reach anything else: there is no
//! file system behind it, and symlinks cannot lead out of the output.
//! Paths that try to climb anyway are refused here, before the lookup.

/// The output file a request path names (`positions/a.html`), or `None`
/// when the path is malformed or tries to leave the site: a `..` or `.`
/// segment (raw or percent-encoded), an empty segment (`//etc`), a
/// backslash, a NUL or other control character, or invalid UTF-8.
/// `/` and `/dir/` name the folder's `index.html`.
pub fn to_key(path: &str) -> Option<String> {
    if !escapes_are_whole(path) {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let rel = decoded.strip_prefix('/')?;
    if rel.chars().any(|c| c == '\\' || c.is_control()) {
        return None;
    }
    let mut key = rel.to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    if key
        .split('/')
        .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return None;
    }
    Some(key)
}

/// Whether every `%` starts an escape of two hex digits: one that does not
/// makes the whole path invalid, where the decoder would pass it through.
fn escapes_are_whole(path: &str) -> bool {
    path.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_and_folders() {
        assert_eq!(to_key("/").as_deref(), Some("index.html"));
        assert_eq!(to_key("/staffing.html").as_deref(), Some("staffing.html"));
        assert_eq!(
            to_key("/positions/a.html").as_deref(),
            Some("positions/a.html")
        );
        assert_eq!(
            to_key("/positions/").as_deref(),
            Some("positions/index.html")
        );
    }

    #[test]
    fn percent_encoded_names_are_decoded() {
        assert_eq!(
            to_key("/positions/%E8%B2%A1%E5%AF%8C%E5%B0%88%E5%93%A1.html").as_deref(),
            Some("positions/財富專員.html")
        );
        assert_eq!(to_key("/a%20b.html").as_deref(), Some("a b.html"));
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/positions/../../etc/passwd",
            "/..",
            "/./index.html",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/positions/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "/..%2fCargo.toml",
            "/..%5cCargo.toml",
            "/a\\b",
            "//etc/passwd",
            "/etc//passwd",
            "/a%00.html",
            "/a%0a.html",
            "/%ff.html",
            "/%zz",
            "/%2",
            "/a%",
            "/%e8%b2.html",
            "etc/passwd",
            "",
        ] {
            assert_eq!(to_key(bad), None, "{bad:?} must be refused");
        }
    }

    #[test]
    fn double_encoding_stays_a_literal_name() {
        // `%252e` decodes once to the three characters `%2e`, a harmless
        // name that no output file has.
        assert_eq!(
            to_key("/%252e%252e/x").as_deref(),
            Some("%2e%2e/x"),
            "decoded exactly once"
        );
    }
}
