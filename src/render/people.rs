//! People: the directory (`people.html`), a page per person file
//! (`people/ID.html`), vCards (`people.vcf`, `people/ID.vcf`) and photo
//! thumbnails (`people/photos/ID-96.jpg`, `ID-256.jpg`). A public edition
//! has no person data (`Org::personal` is gone), so none of these but an
//! empty directory is written.

use super::*;
use crate::model::{Person, Profile};
use crate::photo;

/// Where a person's page, card and thumbnails go, relative to the site.
pub(super) fn person_path(id: &str) -> String {
    format!("people/{id}.html")
}

/// A person file's id and its small thumbnail.
type Thumb = (String, Vec<u8>);

/// A link target inside the site for an id, percent-encoded.
fn seg(id: &str) -> String {
    crate::text::url_segment(id)
}

/// A post as the directory and a person's page list it.
#[derive(Serialize)]
pub(super) struct PostView {
    pub(super) link: LinkView,
    pub(super) unit: Option<LinkView>,
    pub(super) status: &'static str,
    pub(super) status_label: String,
    pub(super) concurrent: bool,
}

/// A person as the directory and their page show them.
#[derive(Serialize)]
pub(super) struct PersonView {
    pub(super) name: String,
    /// Their page; empty for a bare name.
    pub(super) url: String,
    /// An `<img>` of the photo, or an initials avatar (SVG).
    pub(super) avatar: String,
    /// What the filter box matches besides the name.
    pub(super) sort_as: String,
    pub(super) email: String,
    pub(super) phone: String,
    /// `tel:` of the phone number.
    pub(super) tel: String,
    pub(super) location: String,
    pub(super) pronouns: String,
    pub(super) posts: Vec<PostView>,
}

/// A heading of the directory (a letter, a stroke count) and its people.
#[derive(Serialize)]
pub(super) struct Group {
    pub(super) heading: String,
    /// Its anchor.
    pub(super) id: String,
    pub(super) people: Vec<PersonView>,
}

/// `tel:` for a phone number as written: its digits and a leading `+`.
fn tel(phone: &str) -> String {
    let mut out = String::from("tel:");
    for (k, c) in phone.trim().chars().enumerate() {
        if c.is_ascii_digit() || (c == '+' && k == 0) {
            out.push(c);
        }
    }
    if out.len() > 4 {
        out
    } else {
        String::new()
    }
}

impl Renderer<'_> {
    /// A person's picture at `size` pixels, from a page `root` below the
    /// site's top: their photo's thumbnail, or an initials avatar.
    pub(super) fn avatar(
        &self,
        name: &str,
        profile: Option<&Profile>,
        root: &str,
        size: u32,
    ) -> String {
        match profile {
            Some(x) if x.photo.is_some() => {
                let file = if size > photo::SMALL {
                    photo::LARGE
                } else {
                    photo::SMALL
                };
                format!(
                    "<img class=\"avatar\" src=\"{root}{}\" alt=\"\" width=\"{size}\" height=\"{size}\" loading=\"lazy\">",
                    photo::thumb_path(&seg(&x.id), file)
                )
            }
            _ => photo::initials_svg(name, size).replacen(
                "<svg ",
                "<svg class=\"avatar\" aria-hidden=\"true\" ",
                1,
            ),
        }
    }

    fn post_view(&self, i: usize, status: HolderStatus, concurrent: bool, root: &str) -> PostView {
        let (status, status_label) = self.status(status);
        PostView {
            link: self.pos_link(i, At::page(root)),
            unit: self.org.positions[i].unit.map(|u| self.unit_link(u, root)),
            status,
            status_label,
            concurrent,
        }
    }

    pub(super) fn person_view(&self, person: &Person, root: &str, size: u32) -> PersonView {
        let profile = person.profile.and_then(|k| self.org.profile(k));
        let text = |f: fn(&Profile) -> &Option<String>| {
            profile.and_then(|x| f(x).clone()).unwrap_or_default()
        };
        let phone = text(|x| &x.phone);
        PersonView {
            name: person.name.clone(),
            url: profile
                .map(|x| format!("{root}{}", person_path(&seg(&x.id))))
                .unwrap_or_default(),
            avatar: self.avatar(&person.name, profile, root, size),
            sort_as: text(|x| &x.sort_as),
            email: text(|x| &x.email),
            tel: tel(&phone),
            phone,
            location: text(|x| &x.location),
            pronouns: text(|x| &x.pronouns),
            posts: person
                .posts
                .iter()
                .map(|&(i, status, concurrent)| self.post_view(i, status, concurrent, root))
                .collect(),
        }
    }

    /// `people.html`: everyone, grouped under the headings readers of the
    /// site's language expect, with a filter box.
    pub(super) fn people(&self, c: &mut Context) {
        c.insert("page_title", &self.tr("people"));
        // The language was checked when site.yaml was read; English if
        // ICU has no rules for it after all.
        let collator = crate::collate::Collator::new(&self.org.config.language)
            .or_else(|_| crate::collate::Collator::new("en"))
            .ok();
        let compare = |a: &str, b: &str| match &collator {
            Some(c) => c.compare(a, b),
            None => a.cmp(b),
        };
        let group = |s: &str| match &collator {
            Some(c) => c.group(s),
            None => s.chars().take(1).collect(),
        };
        let mut people: Vec<(String, Person)> = self
            .org
            .people()
            .into_iter()
            .map(|p| {
                let key = self.sort_name(&p);
                (key, p)
            })
            .collect();
        people.sort_by(|a, b| compare(&a.0, &b.0).then_with(|| a.1.name.cmp(&b.1.name)));
        let mut groups: Vec<Group> = Vec::new();
        for (key, person) in &people {
            let heading = group(key);
            if groups.last().is_none_or(|g| g.heading != heading) {
                groups.push(Group {
                    id: format!("g-{}", groups.len() + 1),
                    heading,
                    people: Vec::new(),
                });
            }
            if let Some(g) = groups.last_mut() {
                g.people.push(self.person_view(person, "", 40));
            }
        }
        c.insert("person_count", &people.len());
        c.insert(
            "person_count_text",
            &i18n::plural(&self.t, "person_count", people.len()),
        );
        c.insert("groups", &groups);
        c.insert("vcf", &(self.org.personal.is_some() && !people.is_empty()));
    }

    /// What the directory sorts a person by: `sort_as`, else, in English,
    /// the family name first; else the name.
    fn sort_name(&self, p: &Person) -> String {
        if let Some(s) = p
            .profile
            .and_then(|k| self.org.profile(k))
            .and_then(|x| x.sort_as.clone())
        {
            return s;
        }
        if self.org.config.language == "en" {
            family_first(&p.name)
        } else {
            p.name.clone()
        }
    }

    /// Every person file's page, card and thumbnails, and `people.vcf`.
    pub(super) fn people_files(&self, sink: &dyn Sink) -> Result<(), Diagnostic> {
        if self.org.personal.is_none() {
            return Ok(());
        }
        let people = self.org.people();
        if people.is_empty() {
            return Ok(());
        }
        // Each person's small thumbnail, kept for people.vcf (a few KB each).
        let cards: Vec<Result<Option<Thumb>, Diagnostic>> = people
            .par_iter()
            .filter(|p| p.profile.is_some())
            .map(|p| {
                if sink.stopped() {
                    return Ok(None);
                }
                self.person_files(p, sink)
            })
            .collect();
        let mut thumbs: Vec<(String, Vec<u8>)> = Vec::new();
        let mut first_error = None;
        for c in cards {
            match c {
                Ok(Some(t)) => thumbs.push(t),
                Ok(None) => {}
                Err(d) => {
                    first_error.get_or_insert(d);
                }
            }
        }
        if let Some(d) = first_error {
            return Err(d);
        }
        let by_id: BTreeMap<&str, &[u8]> = thumbs
            .iter()
            .map(|(id, b)| (id.as_str(), b.as_slice()))
            .collect();
        let titles: Vec<Vec<&str>> = people.iter().map(|p| self.titles(p)).collect();
        let list: Vec<crate::vcard::Card> = people
            .iter()
            .zip(&titles)
            .map(|(p, titles)| {
                let x = p.profile.and_then(|k| self.org.profile(k));
                let photo = x.and_then(|x| by_id.get(x.id.as_str()).copied());
                self.card(p, x, titles, photo)
            })
            .collect();
        sink.put((
            PathBuf::from("people.vcf"),
            crate::vcard::write(&list).into_bytes(),
        ))
    }

    fn titles<'p>(&'p self, p: &Person) -> Vec<&'p str> {
        p.posts
            .iter()
            .map(|&(i, _, _)| self.org.positions[i].title.as_str())
            .collect()
    }

    fn card<'c>(
        &'c self,
        p: &'c Person,
        x: Option<&'c Profile>,
        titles: &'c [&'c str],
        photo: Option<&'c [u8]>,
    ) -> crate::vcard::Card<'c> {
        let unit = p
            .posts
            .first()
            .and_then(|&(i, _, _)| self.org.positions[i].unit)
            .map(|u| self.org.units[u].name.as_str());
        let text = |f: fn(&Profile) -> Option<&str>| x.and_then(f);
        let (family, given) = if self.org.config.language == "en" {
            let (f, g) = split_name(&p.name);
            (Some(f), Some(g))
        } else {
            (None, None)
        };
        crate::vcard::Card {
            family,
            given: given.filter(|g| !g.is_empty()),
            full_name: &p.name,
            sort_as: text(|x| x.sort_as.as_deref()),
            email: text(|x| x.email.as_deref()),
            phone: text(|x| x.phone.as_deref()),
            title: titles,
            org: &self.org.title,
            unit,
            location: text(|x| x.location.as_deref()),
            note: text(|x| Some(x.bio.trim()).filter(|b| !b.is_empty())),
            photo: photo.map(|b| ("image/jpeg", b)),
            // A bare name has no file: its name is its id.
            uid: x.map_or(p.name.as_str(), |x| x.id.as_str()),
            ..crate::vcard::Card::default()
        }
    }

    /// One person's page, card and thumbnails; returns their small
    /// thumbnail for `people.vcf`.
    fn person_files(
        &self,
        p: &Person,
        sink: &dyn Sink,
    ) -> Result<Option<(String, Vec<u8>)>, Diagnostic> {
        let Some(x) = p.profile.and_then(|k| self.org.profile(k)) else {
            return Ok(None);
        };
        let mut small = None;
        if let Some(photo_file) = &x.photo {
            let file = x.photo_file.as_deref().unwrap_or(photo_file);
            let bytes = std::fs::read(file).map_err(|e| {
                Diagnostic::file_error(photo_file, format!("cannot read the photo: {e}"))
            })?;
            let t = crate::photo_cache::thumbnails(
                self.info.photo_cache.as_deref(),
                photo_file,
                &bytes,
            )?;
            sink.put((
                PathBuf::from(photo::thumb_path(&x.id, photo::SMALL)),
                t.small.clone(),
            ))?;
            sink.put((
                PathBuf::from(photo::thumb_path(&x.id, photo::LARGE)),
                t.large,
            ))?;
            small = Some((x.id.clone(), t.small));
        }
        let titles = self.titles(p);
        let card = self.card(
            p,
            Some(x),
            &titles,
            small.as_ref().map(|(_, b)| b.as_slice()),
        );
        sink.put((
            PathBuf::from(format!("people/{}.vcf", x.id)),
            crate::vcard::write(&[card]).into_bytes(),
        ))?;
        let root = "../";
        let mut c = self.base(root, "", &p.name);
        let mut view = self.person_view(p, root, 160);
        view.avatar = self.avatar(&p.name, Some(x), root, 160);
        c.insert("person", &view);
        c.insert(
            "since",
            &x.since
                .as_deref()
                .and_then(crate::day::Day::parse)
                .map(|d| i18n::date(&self.t, d)),
        );
        let links: Vec<(&str, &str)> = x
            .links
            .iter()
            .filter(|(_, url)| crate::markdown::is_safe_url(url))
            .map(|(l, u)| (l.as_str(), u.as_str()))
            .collect();
        c.insert("links", &links);
        let fields = self.org.config.fields.person.ordered(&[&x.fields]);
        c.insert(
            "fields",
            &field_views(self.org, fields, &self.tr("name_sep")),
        );
        c.insert(
            "bio_html",
            &markdown::render(&x.bio, self.org.config.allow_raw_html),
        );
        c.insert("vcf_url", &format!("{}.vcf", seg(&x.id)));
        // The managers of their posts, and who reports to those posts.
        let at = At::page(root);
        let mut managers: Vec<LinkView> = Vec::new();
        let mut reports: Vec<PositionRow> = Vec::new();
        for &(i, _, _) in &p.posts {
            let pos = &self.org.positions[i];
            if let Some(m) = &pos.manager {
                let link = self.link(m, at);
                if !managers
                    .iter()
                    .any(|l| l.url == link.url && l.title == link.title)
                {
                    managers.push(link);
                }
            }
            reports.extend(
                pos.children
                    .iter()
                    .take(MAX_LISTED)
                    .map(|&k| self.row(k, at)),
            );
        }
        c.insert("managers", &managers);
        c.insert("direct_reports", &reports);
        let page = self.render("person.html", &c)?;
        sink.put((PathBuf::from(person_path(&x.id)), page.into_bytes()))?;
        Ok(small)
    }
}

/// "Mei Lin" -> "Lin Mei", "Vincent van Gogh" -> "van Gogh Vincent": how
/// an English directory sorts a name with no `sort_as`.
fn family_first(name: &str) -> String {
    let (family, given) = split_name(name);
    if given.is_empty() {
        family.to_string()
    } else {
        format!("{family} {given}")
    }
}

/// An English-style name as (family, given): what comes before the
/// family name is the given name.
fn split_name(name: &str) -> (&str, &str) {
    let family = crate::collate::family_name(name);
    let start = (family.as_ptr() as usize).saturating_sub(name.as_ptr() as usize);
    (family, name.get(..start).unwrap_or_default().trim())
}

/// How many direct reports a person's page lists per post; the post's own
/// page lists them all.
const MAX_LISTED: usize = 50;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tel_keeps_digits_and_a_leading_plus() {
        assert_eq!(tel("+886 2 1234 5678"), "tel:+886212345678");
        assert_eq!(tel("011.44.1346.729268"), "tel:011441346729268");
        assert_eq!(tel("ext. only"), "");
    }
}
