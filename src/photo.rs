//! Person photos: a photo file becomes two small square thumbnails, and a
//! person without one gets an initials avatar.
//!
//! [`thumbnails`] reads a JPEG, PNG or WebP photo (the format is told by
//! its bytes, so a `.jpg` that is really a PNG is fine), refuses one over
//! [`MAX_MEGAPIXELS`] from its header before decoding anything, applies
//! the EXIF orientation, crops the centre square and writes it as a
//! [`SMALL`] and a [`LARGE`] pixel JPEG. Every problem a user's file can
//! have is a [`Diagnostic`] that says what to do, never a panic.
//!
//! [`initials_svg`] draws the avatar: the initials of a Latin name, the
//! given name of a Chinese one, white on a colour derived from the name.

use std::io::Cursor;
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};
use unicode_normalization::UnicodeNormalization;

use crate::diag::Diagnostic;

/// The side of the small thumbnail (directory rows, chart boxes), in pixels.
pub const SMALL: u32 = 96;
/// The side of the large thumbnail (a person's page), in pixels.
pub const LARGE: u32 = 256;

/// Where the thumbnail of person file `id` at `size` pixels goes,
/// relative to the site's top (`id` as written: percent-encode it for a link).
pub fn thumb_path(id: &str, size: u32) -> String {
    format!("people/photos/{id}-{size}.jpg")
}
/// The largest photo decoded, in megapixels (a 40 MP photo takes 160 MB
/// of memory while it is decoded; a phone photo is 12 to 50 MP).
pub const MAX_MEGAPIXELS: u64 = 40;
/// JPEG quality of the thumbnails: at 256 px, 85 shows no artefacts on a
/// face and keeps a thumbnail near 15 KB.
pub const QUALITY: u8 = 85;

/// A photo's two thumbnails, both square and encoded as [`Thumbnails::mime`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnails {
    /// [`SMALL`] × [`SMALL`] pixels.
    pub small: Vec<u8>,
    /// [`LARGE`] × [`LARGE`] pixels (smaller only if the photo is smaller).
    pub large: Vec<u8>,
    /// The media type of both, `image/jpeg`.
    pub mime: &'static str,
}

/// The thumbnails of the photo `bytes`, read from `path` (which names the
/// file in an error and is not opened). The photo is decoded once; one
/// over [`MAX_MEGAPIXELS`] is refused from its header.
pub fn thumbnails(path: &Path, bytes: &[u8]) -> Result<Thumbnails, Diagnostic> {
    let fail = |msg: String| Diagnostic::file_error(path, msg);
    let mut decoder = open(path, ImageReader::new(Cursor::new(bytes)), bytes)?;
    // EXIF orientation: read from the header here, applied after decoding;
    // a photo whose EXIF block is unreadable is shown as it is stored.
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| fail(explain(&e)))?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    let square = centre_square(img);
    let large = shrink(&square, LARGE);
    let small = shrink(&large, SMALL);
    Ok(Thumbnails {
        small: jpeg(&small).map_err(|e| fail(explain(&e)))?,
        large: jpeg(&large).map_err(|e| fail(explain(&e)))?,
        mime: "image/jpeg",
    })
}

/// The decoder of a photo, its type and size checked from its header:
/// nothing is decoded yet. `head` is the file's first bytes, to name a
/// type no decoder here reads.
fn open<'r, R: std::io::BufRead + std::io::Seek + 'r>(
    path: &Path,
    reader: ImageReader<R>,
    head: &[u8],
) -> Result<impl image::ImageDecoder + 'r, Diagnostic> {
    let fail = |msg: String| Diagnostic::file_error(path, msg);
    let mut reader = reader
        .with_guessed_format()
        .map_err(|e| fail(format!("the photo cannot be read: {e}")))?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) => {}
        Some(other) => return Err(fail(unsupported(other.extensions_str()[0]))),
        None => return Err(fail(unknown_type(head))),
    }
    let max_side = 20_000;
    let mut limits = Limits::default();
    limits.max_image_width = Some(max_side);
    limits.max_image_height = Some(max_side);
    // The decoded pixels (4 bytes each at most) and the decoder's own buffers.
    limits.max_alloc = Some(MAX_MEGAPIXELS * 1_000_000 * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|e| fail(explain(&e)))?;
    let (w, h) = decoder.dimensions();
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_MEGAPIXELS * 1_000_000 {
        return Err(fail(too_large(w, h)));
    }
    if w == 0 || h == 0 {
        return Err(fail(format!(
            "the photo is {w} × {h} pixels: it has no picture in it"
        )));
    }
    Ok(decoder)
}

/// Checks a photo file's type and size from its header, without decoding
/// it (what `check` does; a build decodes it with [`thumbnails`]).
/// `path` names it in an error; `file` is where it is.
pub fn probe(path: &Path, file: &Path) -> Result<(), Diagnostic> {
    use std::io::Read as _;
    let fail =
        |e: std::io::Error| Diagnostic::file_error(path, format!("cannot read the photo: {e}"));
    let mut head = Vec::new();
    std::fs::File::open(file)
        .map_err(fail)?
        .take(64)
        .read_to_end(&mut head)
        .map_err(fail)?;
    let f = std::fs::File::open(file).map_err(fail)?;
    open(path, ImageReader::new(std::io::BufReader::new(f)), &head).map(|_| ())
}

/// The message for a photo of `w` × `h` pixels over the limit.
fn too_large(w: u32, h: u32) -> String {
    let mp = (u64::from(w) * u64::from(h) + 500_000) / 1_000_000;
    format!(
        "the photo is {w} × {h} pixels ({mp} megapixels); the limit is {MAX_MEGAPIXELS} \
         megapixels: make it smaller (a directory photo needs no more than 1000 × 1000)"
    )
}

fn unsupported(kind: &str) -> String {
    format!(
        "the photo is a {} image, which is not supported: save it as JPEG, PNG or WebP",
        kind.to_uppercase()
    )
}

/// The message for bytes that no supported decoder recognises, naming
/// the common image types that are not supported when it sees one.
fn unknown_type(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("<svg") || (trimmed.starts_with("<?xml") && text.contains("<svg")) {
        return unsupported("svg");
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        let brand = &head[8..12];
        if [&b"heic"[..], b"heix", b"mif1", b"msf1", b"hevc"].contains(&brand) {
            return unsupported("heic");
        }
        if brand == b"avif" {
            return unsupported("avif");
        }
    }
    if bytes.is_empty() {
        return "the photo file is empty: replace it with a JPEG, PNG or WebP photo".to_string();
    }
    "the photo is not a JPEG, PNG or WebP image (its first bytes match none of them): save it \
     as one of those"
        .to_string()
}

/// The message for an error from the decoder or the encoder.
fn explain(e: &ImageError) -> String {
    match e {
        ImageError::Unsupported(u) => match u.format_hint() {
            image::error::ImageFormatHint::Exact(f) => format!(
                "the photo uses a feature of {f:?} that cannot be read ({u}): save it again \
                 as a plain JPEG or PNG"
            ),
            _ => unsupported("unknown"),
        },
        ImageError::Limits(_) => format!(
            "the photo needs more memory to decode than the {MAX_MEGAPIXELS} megapixel limit \
             allows: make it smaller"
        ),
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => truncated(),
        ImageError::Decoding(_) | ImageError::IoError(_) if is_eof(e) => truncated(),
        ImageError::Decoding(_) | ImageError::IoError(_) => {
            "the photo is damaged and cannot be decoded: export it again from the original"
                .to_string()
        }
        ImageError::Parameter(_) | ImageError::Encoding(_) => {
            format!("the photo cannot be made into a thumbnail ({e}): save it again as JPEG")
        }
    }
}

fn truncated() -> String {
    "the photo is cut short (the file ends before the picture does): copy it again from the \
     original"
        .to_string()
}

/// Whether a decoder's error says the data ended early: decoders report
/// it as an I/O error or, wrapped, as a decoding error that says so.
fn is_eof(e: &ImageError) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::UnexpectedEof {
                return true;
            }
        }
        let text = s.to_string().to_lowercase();
        if text.contains("eof") || text.contains("end of file") || text.contains("truncated") {
            return true;
        }
        source = s.source();
    }
    false
}

/// The centre square of `img` as RGB, transparency laid on white (a JPEG
/// has no alpha channel, and a transparent avatar on white reads as one).
fn centre_square(img: DynamicImage) -> RgbImage {
    let (w, h) = (img.width(), img.height());
    let side = w.min(h);
    let cropped = img.crop_imm((w - side) / 2, (h - side) / 2, side, side);
    if !cropped.color().has_alpha() {
        return cropped.into_rgb8();
    }
    let rgba = cropped.into_rgba8();
    RgbImage::from_fn(side, side, |x, y| {
        let p = rgba.get_pixel(x, y).0;
        let a = u32::from(p[3]);
        let mix = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])])
    })
}

/// `img` scaled down to `side` × `side` (never up: a small photo stays
/// its size), by averaging the source pixels each target pixel covers:
/// for a reduction of 5× and more this looks as good as a triangle filter
/// and takes a fraction of its time (a triangle resize of a 1200 px square
/// to 256 px took 13 ms, three times the JPEG decode).
fn shrink(img: &RgbImage, side: u32) -> RgbImage {
    if img.width() <= side {
        return img.clone();
    }
    image::imageops::thumbnail(img, side, side)
}

fn jpeg(img: &RgbImage) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::with_capacity(16 * 1024);
    JpegEncoder::new_with_quality(&mut out, QUALITY).encode_image(img)?;
    Ok(out)
}

/// The initials an avatar shows for `name`: for a Chinese (or Korean)
/// name the given name, as Chinese avatars show it (the last two
/// characters: "王曦虹" -> "曦虹", "歐陽娜娜" -> "娜娜", "李四" -> "李四");
/// otherwise the first letters of the first and the last word ("Chloé
/// Dubois" -> "CD", "Plato" -> "P"), titles before the name and
/// suffixes after it left out ("Professor Dame Sally Davies" -> "SD",
/// "Martin Luther King Jr." -> "MK"); "?" for a name with no letter.
pub fn initials(name: &str) -> String {
    let name: String = name.nfc().collect();
    let cjk: Vec<char> = name.chars().filter(|&c| is_cjk(c)).collect();
    if !cjk.is_empty() && cjk.len() * 2 >= name.chars().filter(|c| c.is_alphabetic()).count() {
        return cjk[cjk.len().saturating_sub(2)..].iter().collect();
    }
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words.len() > 1 && crate::collate::is_name_suffix(words[words.len() - 1]) {
        words.pop();
    }
    let titles = words
        .iter()
        .take_while(|w| crate::collate::is_honorific(w))
        .count();
    let words = &words[titles.min(words.len().saturating_sub(1))..];
    let firsts: Vec<char> = words
        .iter()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .collect();
    match firsts.as_slice() {
        [] => "?".to_string(),
        [one] => one.to_uppercase().collect(),
        [first, .., last] => first.to_uppercase().chain(last.to_uppercase()).collect(),
    }
}

/// Han ideographs and Hangul syllables: scripts whose avatars show
/// characters of the name rather than initial letters.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}' | '\u{ac00}'..='\u{d7a3}')
}

/// The avatar colour for `name`, as `#rrggbb`: a hue from a stable hash
/// of the name (FNV-1a, the same in every build and on every machine) at a
/// saturation and lightness where white text has a contrast of at least
/// 4.5:1 (WCAG AA) whatever the hue.
pub fn avatar_colour(name: &str) -> String {
    let (r, g, b) = avatar_rgb(name);
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn avatar_rgb(name: &str) -> (u8, u8, u8) {
    let mut hash: u32 = 0x811c_9dc5;
    for b in name.nfc().collect::<String>().bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    aa_on_white((hash % 360) as f64)
}

/// The colour of `hue` at saturation 0.55, as light as it can be (at most
/// lightness 0.42) while white text on it keeps a contrast of 4.5:1:
/// yellows and greens are brighter than blues at one HSL lightness, so they
/// come out darker.
fn aa_on_white(hue: f64) -> (u8, u8, u8) {
    let mut l = 0.42;
    loop {
        let rgb = hsl_to_rgb(hue, 0.55, l);
        if contrast_with_white(rgb) >= 4.5 || l <= 0.1 {
            return rgb;
        }
        l -= 0.01;
    }
}

/// WCAG 2 contrast ratio of white against an sRGB colour.
fn contrast_with_white((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    1.05 / (luminance + 0.05)
}

fn hsl_to_rgb(h: f64, s: f64, l: f64) -> (u8, u8, u8) {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let hp = h / 60.0;
    let x = c * (1.0 - (hp % 2.0 - 1.0).abs());
    let (r, g, b) = match hp as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    let to = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    (to(r), to(g), to(b))
}

/// An initials avatar for `name`, `size` pixels square, as a standalone
/// SVG document: [`initials`] in white on [`avatar_colour`]. The name is
/// its accessible label; both are escaped for XML.
pub fn initials_svg(name: &str, size: u32) -> String {
    let text = initials(name);
    let wide = text.chars().count().max(1) as f64;
    // Two Latin letters fill about 0.8 of the side at 0.4; CJK glyphs are
    // square, so two of them get a little less each.
    let font = if text.chars().any(is_cjk) {
        0.72 / wide.max(1.6)
    } else {
        0.42
    };
    let font_px = (f64::from(size) * font).round();
    let half = f64::from(size) / 2.0;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" \
         viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{label}\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"{colour}\"/>\
         <text x=\"{half}\" y=\"{half}\" dy=\".35em\" text-anchor=\"middle\" \
         font-family=\"system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', \
         'Microsoft YaHei', sans-serif\" font-size=\"{font_px}\" fill=\"#ffffff\">{text}</text>\
         </svg>",
        label = crate::text::xml_escape(name),
        colour = avatar_colour(name),
        text = crate::text::xml_escape(&text),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::codecs::png::PngEncoder;
    use image::{ImageEncoder, Rgb, Rgba, RgbaImage};

    fn path() -> &'static Path {
        Path::new("people/mei-lin.jpg")
    }

    /// A photo-like picture: gradients and a disc, so that a wrong crop or
    /// orientation would show in the pixels.
    fn picture(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            let (cx, cy) = (w as i64 / 2, h as i64 / 2);
            let d = ((x as i64 - cx).pow(2) + (y as i64 - cy).pow(2)) as f64;
            let disc = d.sqrt() < f64::from(w.min(h)) / 4.0;
            if disc {
                Rgb([240, 200, 170])
            } else {
                Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 90])
            }
        })
    }

    fn png_bytes(img: &RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        PngEncoder::new(&mut out)
            .write_image(
                img.as_raw(),
                img.width(),
                img.height(),
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        out
    }

    fn jpeg_bytes(img: &RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(img)
            .unwrap();
        out
    }

    fn decoded(bytes: &[u8]) -> DynamicImage {
        let img = image::load_from_memory(bytes).unwrap();
        assert_eq!(image::guess_format(bytes).unwrap(), ImageFormat::Jpeg);
        img
    }

    fn message(bytes: &[u8]) -> String {
        let d = thumbnails(path(), bytes).unwrap_err();
        assert_eq!(d.path, path());
        assert!(d.is_error());
        d.message
    }

    #[test]
    fn png_and_jpeg_give_square_thumbnails() {
        for bytes in [
            png_bytes(&picture(640, 480)),
            jpeg_bytes(&picture(480, 640)),
        ] {
            let t = thumbnails(path(), &bytes).unwrap();
            assert_eq!(t.mime, "image/jpeg");
            let (s, l) = (decoded(&t.small), decoded(&t.large));
            assert_eq!((s.width(), s.height()), (SMALL, SMALL));
            assert_eq!((l.width(), l.height()), (LARGE, LARGE));
            // The centre of the crop is the centre of the photo (the disc).
            let c = l.to_rgb8().get_pixel(LARGE / 2, LARGE / 2).0;
            assert!(c[0] > 200 && c[1] > 160, "{c:?}");
            assert!(t.large.len() < 40_000 && t.small.len() < 10_000);
        }
    }

    #[test]
    fn an_extension_that_lies_is_fine_when_the_bytes_decode() {
        // A PNG named .jpg: the bytes decide.
        let t = thumbnails(Path::new("people/x.jpg"), &png_bytes(&picture(300, 300))).unwrap();
        assert_eq!(decoded(&t.large).width(), LARGE);
    }

    #[test]
    fn a_small_photo_is_not_scaled_up() {
        let t = thumbnails(path(), &png_bytes(&picture(120, 200))).unwrap();
        assert_eq!(decoded(&t.large).width(), 120);
        assert_eq!(decoded(&t.small).width(), SMALL);
    }

    #[test]
    fn transparency_is_laid_on_white() {
        let img = RgbaImage::from_pixel(100, 100, Rgba([0, 0, 0, 0]));
        let mut bytes = Vec::new();
        PngEncoder::new(&mut bytes)
            .write_image(img.as_raw(), 100, 100, image::ExtendedColorType::Rgba8)
            .unwrap();
        let t = thumbnails(path(), &bytes).unwrap();
        let p = decoded(&t.small).to_rgb8().get_pixel(50, 50).0;
        assert!(p.iter().all(|&c| c > 245), "{p:?}");
    }

    #[test]
    fn exif_orientation_is_applied() {
        // A 400 × 200 JPEG with an EXIF block saying "rotate 90° clockwise"
        // comes out as a portrait: its left half (red) ends up on top.
        let img = RgbImage::from_fn(400, 200, |x, _| {
            if x < 200 {
                Rgb([255, 0, 0])
            } else {
                Rgb([0, 0, 255])
            }
        });
        let mut enc_out = Vec::new();
        let mut enc = JpegEncoder::new_with_quality(&mut enc_out, 90);
        // TIFF little-endian, one IFD entry: Orientation (0x0112) = 6.
        let exif: Vec<u8> = [
            &b"II*\0"[..],
            &8u32.to_le_bytes(),
            &1u16.to_le_bytes(),
            &0x0112u16.to_le_bytes(),
            &3u16.to_le_bytes(),
            &1u32.to_le_bytes(),
            &6u16.to_le_bytes(),
            &[0, 0],
            &0u32.to_le_bytes(),
        ]
        .concat();
        enc.set_exif_metadata(exif).unwrap();
        enc.encode_image(&img).unwrap();
        let t = thumbnails(path(), &enc_out).unwrap();
        let l = decoded(&t.large).to_rgb8();
        // Rotated 90° clockwise, the left (red) half is on top. The crop is
        // the centre 200 × 200, half red and half blue either way.
        let side = l.width();
        assert_eq!((side, l.height()), (200, 200));
        let top = l.get_pixel(side / 2, 10).0;
        let bottom = l.get_pixel(side / 2, side - 10).0;
        assert!(top[0] > 200 && top[2] < 60, "top {top:?}");
        assert!(bottom[2] > 200 && bottom[0] < 60, "bottom {bottom:?}");
    }

    #[test]
    fn a_corrupt_photo_is_an_error() {
        let mut bytes = png_bytes(&picture(64, 64));
        // Keep the signature and the header; garble the picture data.
        for b in bytes.iter_mut().skip(40) {
            *b = b.wrapping_mul(31).wrapping_add(7);
        }
        assert_eq!(
            message(&bytes),
            "the photo is damaged and cannot be decoded: export it again from the original"
        );
        assert_eq!(
            message(b"\xff\xd8\xff\xe0 this is not really a JPEG at all, just text after it"),
            "the photo is damaged and cannot be decoded: export it again from the original"
        );
    }

    #[test]
    fn a_truncated_photo_is_an_error() {
        let bytes = png_bytes(&picture(64, 64));
        assert_eq!(
            message(&bytes[..bytes.len() / 2]),
            "the photo is cut short (the file ends before the picture does): copy it again \
             from the original"
        );
    }

    #[test]
    fn unsupported_types_are_named() {
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;";
        assert_eq!(
            message(gif),
            "the photo is a GIF image, which is not supported: save it as JPEG, PNG or WebP"
        );
        assert_eq!(
            message(b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0"),
            "the photo is a BMP image, which is not supported: save it as JPEG, PNG or WebP"
        );
        assert_eq!(
            message(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            "the photo is a SVG image, which is not supported: save it as JPEG, PNG or WebP"
        );
        assert_eq!(
            message(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"),
            "the photo is a HEIC image, which is not supported: save it as JPEG, PNG or WebP"
        );
        assert_eq!(
            message(b"hello, I am a text file"),
            "the photo is not a JPEG, PNG or WebP image (its first bytes match none of them): \
             save it as one of those"
        );
        assert_eq!(
            message(b""),
            "the photo file is empty: replace it with a JPEG, PNG or WebP photo"
        );
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
        out
    }

    /// A PNG whose header claims `w` × `h` pixels and whose data is a few
    /// bytes: decoding it would allocate w × h × 3 bytes.
    fn png_claiming(w: u32, h: u32) -> Vec<u8> {
        let mut ihdr = w.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        [
            b"\x89PNG\r\n\x1a\n".to_vec(),
            chunk(b"IHDR", &ihdr),
            chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
            chunk(b"IEND", &[]),
        ]
        .concat()
    }

    #[test]
    fn an_image_over_the_limit_is_refused_before_decoding() {
        assert_eq!(
            message(&png_claiming(12_000, 9_000)),
            "the photo is 12000 × 9000 pixels (108 megapixels); the limit is 40 megapixels: \
             make it smaller (a directory photo needs no more than 1000 × 1000)"
        );
        assert_eq!(
            message(&png_claiming(20_000, 20_000)),
            "the photo is 20000 × 20000 pixels (400 megapixels); the limit is 40 megapixels: \
             make it smaller (a directory photo needs no more than 1000 × 1000)"
        );
        // A side over 20000 pixels is refused by the decoder's own limits.
        assert_eq!(
            message(&png_claiming(100_000, 10)),
            "the photo needs more memory to decode than the 40 megapixel limit allows: make \
             it smaller"
        );
    }

    #[test]
    fn webp_is_read() {
        let img = picture(300, 200);
        let mut bytes = Vec::new();
        image::codecs::webp::WebPEncoder::new_lossless(&mut bytes)
            .encode(img.as_raw(), 300, 200, image::ExtendedColorType::Rgb8)
            .unwrap();
        let t = thumbnails(Path::new("people/a.webp"), &bytes).unwrap();
        assert_eq!(decoded(&t.large).width(), 200);
    }

    #[test]
    fn initials_of_latin_and_chinese_names() {
        for (name, want) in [
            ("Mei Lin", "ML"),
            ("Chloé Dubois", "CD"),
            ("Chloe\u{301} Dubois", "CD"),
            ("Ölof Åberg", "ÖÅ"),
            ("Arjun Mehta", "AM"),
            ("Ludwig van Beethoven", "LB"),
            ("Plato", "P"),
            ("Professor Dame Sally Davies", "SD"),
            ("Dr. Chris Whitty", "CW"),
            ("Sir Chris Wormald KCB", "CW"),
            ("Martin Luther King Jr.", "MK"),
            ("Dame", "D"),
            ("mei lin", "ML"),
            ("  ", "?"),
            ("王曦虹", "曦虹"),
            ("李四", "李四"),
            ("陳大文", "大文"),
            ("歐陽娜娜", "娜娜"),
            ("김민수", "민수"),
            ("王", "王"),
        ] {
            assert_eq!(initials(name), want, "{name}");
        }
    }

    #[test]
    fn white_text_has_aa_contrast_on_every_hue() {
        let worst = (0..360)
            .map(|hue| contrast_with_white(aa_on_white(f64::from(hue))))
            .fold(f64::MAX, f64::min);
        assert!(worst >= 4.5, "worst contrast {worst:.2}");
        // A known value, checked by hand: white on #1a1a1a is 17.4:1.
        assert!((contrast_with_white((0x1a, 0x1a, 0x1a)) - 17.4).abs() < 0.1);
    }

    #[test]
    fn colour_is_deterministic_and_varies() {
        assert_eq!(avatar_colour("Mei Lin"), avatar_colour("Mei Lin"));
        // The same name composed or decomposed is the same person.
        assert_eq!(avatar_colour("Chloé"), avatar_colour("Chloe\u{301}"));
        // Fixed values: a change of hash would recolour every avatar.
        assert_eq!(avatar_colour("Mei Lin"), "#a6305d");
        assert_eq!(avatar_colour("王曦虹"), "#8330a6");
        let colours: std::collections::BTreeSet<String> = [
            "Mei Lin",
            "Tom Becker",
            "王曦虹",
            "李四",
            "Arjun Mehta",
            "Chloé Dubois",
        ]
        .iter()
        .map(|n| avatar_colour(n))
        .collect();
        assert!(colours.len() >= 5, "{colours:?}");
    }

    #[test]
    fn svg_is_escaped_and_well_formed() {
        let svg = initials_svg("<Tom> & \"Becker\"", 96);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"96\""));
        assert!(svg.contains("aria-label=\"&lt;Tom&gt; &amp; &quot;Becker&quot;\""));
        assert!(svg.contains(">TB</text>"));
        assert!(!svg.contains("<Tom>"));
        let zh = initials_svg("王曦虹", 256);
        assert!(zh.contains(">曦虹</text>"));
        assert!(zh.contains(&format!("fill=\"{}\"", avatar_colour("王曦虹"))));
    }
}
