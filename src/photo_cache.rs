//! A cache of photo thumbnails, so that a rebuild does not decode every
//! photo again (decoding and scaling a 1600 × 1200 JPEG takes about 15 ms:
//! 10,000 photos would add minutes to every build of a large site).
//!
//! An entry is keyed by a hash of the photo's bytes and of everything that
//! shapes a thumbnail (sizes, quality, this format's version), so an edited
//! photo is a new entry and an old one is never shown. The cache lives
//! outside the site, in the user's cache folder: `$ORGSITE_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/orgsite`, else `~/.cache/orgsite`; `ORGSITE_CACHE_DIR=off`
//! turns it off. It is only ever a shortcut: an entry that cannot be read is
//! made again, and one that cannot be written is simply not kept.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::photo::{self, Thumbnails};

/// Bumped whenever the thumbnails [`photo::thumbnails`] makes change.
const FORMAT: u32 = 1;

/// The cache folder the environment names, `None` when it is turned off
/// or no home folder is known.
pub fn default_dir() -> Option<PathBuf> {
    dir_from(|k| std::env::var_os(k))
}

fn dir_from(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let set = |k: &str| var(k).filter(|v| !v.is_empty());
    if let Some(dir) = set("ORGSITE_CACHE_DIR") {
        return (dir != "off").then(|| PathBuf::from(dir));
    }
    let base = set("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| set("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("orgsite"))
}

/// The thumbnails of the photo `bytes` (read from `path`, which names it in
/// an error), taken from the cache in `dir` when they are there and put
/// there when they are made. A photo that cannot be decoded is not cached:
/// its error is reported on every build, as it should be.
pub fn thumbnails(dir: Option<&Path>, path: &Path, bytes: &[u8]) -> Result<Thumbnails, Diagnostic> {
    let Some(dir) = dir else {
        return photo::thumbnails(path, bytes);
    };
    let entry = dir.join("photos").join(format!("{}.bin", key(bytes)));
    if let Some(t) = std::fs::read(&entry).ok().and_then(|b| decode(&b)) {
        return Ok(t);
    }
    let t = photo::thumbnails(path, bytes)?;
    store(&entry, &encode(&t));
    Ok(t)
}

/// The key of a photo: its length and a 64-bit hash of its bytes and of
/// the thumbnail settings, in hexadecimal.
fn key(bytes: &[u8]) -> String {
    // std's SipHash with its fixed keys: stable for a given Rust release,
    // and a change of release only costs a cold cache.
    let mut h = std::hash::DefaultHasher::new();
    (FORMAT, photo::SMALL, photo::LARGE, photo::QUALITY).hash(&mut h);
    bytes.hash(&mut h);
    format!("{:016x}-{}", h.finish(), bytes.len())
}

/// An entry: the small thumbnail's length (4 bytes, little-endian), the
/// small thumbnail, then the large one.
fn encode(t: &Thumbnails) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + t.small.len() + t.large.len());
    out.extend_from_slice(&(t.small.len() as u32).to_le_bytes());
    out.extend_from_slice(&t.small);
    out.extend_from_slice(&t.large);
    out
}

fn decode(b: &[u8]) -> Option<Thumbnails> {
    let n = u32::from_le_bytes(b.get(..4)?.try_into().ok()?) as usize;
    let small = b.get(4..4usize.checked_add(n)?)?;
    let large = b.get(4 + n..)?;
    // A torn or foreign file is a miss, not a broken picture.
    let jpeg = |x: &[u8]| x.starts_with(&[0xFF, 0xD8]) && x.ends_with(&[0xFF, 0xD9]);
    (jpeg(small) && jpeg(large)).then(|| Thumbnails {
        small: small.to_vec(),
        large: large.to_vec(),
        mime: "image/jpeg",
    })
}

/// Writes an entry through a temporary file renamed into place, so that
/// two builds at once never see half an entry. Failures are ignored: the
/// cache is a shortcut, and the build has the thumbnails either way.
fn store(entry: &Path, bytes: &[u8]) {
    let Some(folder) = entry.parent() else {
        return;
    };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    if let Ok(mut tmp) = tempfile::NamedTempFile::new_in(folder) {
        use std::io::Write as _;
        if tmp.write_all(bytes).is_ok() {
            let _ = tmp.persist(entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn jpeg() -> Vec<u8> {
        let img = image::RgbImage::from_fn(300, 200, |x, y| image::Rgb([x as u8, y as u8, 90]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut out)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn a_second_build_reads_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let photo = jpeg();
        let p = Path::new("people/a.jpg");
        let first = thumbnails(Some(dir.path()), p, &photo).unwrap();
        let entries: Vec<_> = std::fs::read_dir(dir.path().join("photos"))
            .unwrap()
            .collect();
        assert_eq!(entries.len(), 1);
        // What the cache returns is what decoding gives.
        assert_eq!(first, photo::thumbnails(p, &photo).unwrap());
        // Replace the entry with a recognisable one: a hit returns it.
        let entry = entries[0].as_ref().unwrap().path();
        let marked = Thumbnails {
            small: vec![0xFF, 0xD8, 1, 0xFF, 0xD9],
            large: vec![0xFF, 0xD8, 2, 0xFF, 0xD9],
            mime: "image/jpeg",
        };
        std::fs::write(&entry, encode(&marked)).unwrap();
        assert_eq!(thumbnails(Some(dir.path()), p, &photo).unwrap(), marked);
        // A torn entry is made again.
        std::fs::write(&entry, &encode(&first)[..50]).unwrap();
        assert_eq!(thumbnails(Some(dir.path()), p, &photo).unwrap(), first);
    }

    #[test]
    fn another_photo_is_another_entry_and_errors_are_not_cached() {
        let dir = tempfile::tempdir().unwrap();
        let a = jpeg();
        let mut b = a.clone();
        b.insert(b.len() - 2, 0); // the same picture, other bytes
        assert_ne!(key(&a), key(&b));
        let p = Path::new("people/a.jpg");
        assert!(thumbnails(Some(dir.path()), p, b"not a photo").is_err());
        assert!(!dir.path().join("photos").exists());
    }

    #[test]
    fn the_folder_comes_from_the_environment() {
        let env = |pairs: &'static [(&str, &str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        assert_eq!(
            dir_from(env(&[("ORGSITE_CACHE_DIR", "/c"), ("HOME", "/h")])),
            Some(PathBuf::from("/c"))
        );
        assert_eq!(
            dir_from(env(&[("ORGSITE_CACHE_DIR", "off"), ("HOME", "/h")])),
            None
        );
        assert_eq!(
            dir_from(env(&[("XDG_CACHE_HOME", "/x"), ("HOME", "/h")])),
            Some(PathBuf::from("/x/orgsite"))
        );
        assert_eq!(
            dir_from(env(&[("HOME", "/h")])),
            Some(PathBuf::from("/h/.cache/orgsite"))
        );
        assert_eq!(dir_from(env(&[])), None);
    }
}
