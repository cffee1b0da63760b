//! Fields of a site's own: `site.yaml`'s `fields:` declares extra fields
//! for positions, units and people (a label per language, a type, whether
//! the public edition may show it, where to show it). A declared field is
//! accepted in those documents and its value checked against its type as
//! the document is read ([`value_of`]); an undeclared one stays an error.

use std::collections::BTreeMap;

use marked_yaml::Node;
use serde::{Deserialize, Deserializer};

/// `site.yaml` `fields:`: the declarations, per kind of document.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FieldDecls {
    pub position: Decls,
    pub unit: Decls,
    pub person: Decls,
}

/// The declared fields of one kind of document, in the order `site.yaml`
/// declares them (the order pages, columns and exports follow).
#[derive(Debug, Clone, Default)]
pub struct Decls(pub Vec<(String, FieldDecl)>);

impl Decls {
    pub fn get(&self, name: &str) -> Option<&FieldDecl> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, d)| d)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The declarations a build shows: all of them, or in a public
    /// edition only those with `public: true`.
    pub fn shown(&self, public: bool) -> impl Iterator<Item = (&str, &FieldDecl)> {
        self.0
            .iter()
            .filter(move |(_, d)| d.public || !public)
            .map(|(n, d)| (n.as_str(), d))
    }

    /// The values of `sets` (a document's public and private values) in
    /// declaration order, with their declarations.
    pub fn ordered<'a>(
        &'a self,
        sets: &[&'a [(String, FieldValue)]],
    ) -> Vec<(&'a str, &'a FieldDecl, &'a FieldValue)> {
        self.0
            .iter()
            .filter_map(|(n, d)| {
                sets.iter()
                    .find_map(|s| s.iter().find(|(k, _)| k == n))
                    .map(|(_, v)| (n.as_str(), d, v))
            })
            .collect()
    }
}

impl<'de> Deserialize<'de> for Decls {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Decls;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of field names to `{ type: ... }`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Decls, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, FieldDecl>()? {
                    out.push((k, v));
                }
                Ok(Decls(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// One declared field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDecl {
    /// Shown as the field's name; default: the key.
    #[serde(default)]
    pub label: Option<Label>,
    #[serde(rename = "type", default)]
    pub kind: FieldType,
    /// `false`: never in the public edition.
    #[serde(default = "yes")]
    pub public: bool,
    /// Where it is shown [page].
    #[serde(default = "page_only")]
    pub show: Vec<Show>,
}

fn yes() -> bool {
    true
}

fn page_only() -> Vec<Show> {
    vec![Show::Page]
}

impl FieldDecl {
    pub fn shows(&self, s: Show) -> bool {
        self.show.contains(&s)
    }

    /// The label in `lang`, falling back to English, then to `key`.
    pub fn label<'a>(&'a self, key: &'a str, lang: &str) -> &'a str {
        match &self.label {
            Some(Label::Text(s)) => s,
            Some(Label::PerLanguage(m)) => m
                .get(lang)
                .or_else(|| m.get("en"))
                .map_or(key, String::as_str),
            None => key,
        }
    }
}

/// A label: one text, or one per language (`{ en: ..., zh-Hant: ... }`).
#[derive(Debug, Clone)]
pub enum Label {
    Text(String),
    PerLanguage(BTreeMap<String, String>),
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Label;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text, or one text per language (`{ en: ..., zh-Hant: ... }`)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Label, E> {
                Ok(Label::Text(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Label, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    out.insert(k, v);
                }
                Ok(Label::PerLanguage(out))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    #[default]
    Text,
    Number,
    Date,
    Url,
    Email,
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Show {
    Page,
    Table,
    Chart,
}

/// A declared field's value, checked against its type.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    /// As written, and its value.
    Number(String, f64),
    /// `YYYY-MM-DD`.
    Date(String),
    Url(String),
    Email(String),
    List(Vec<String>),
}

impl FieldValue {
    /// The value as pages show it; a list joined with `sep`.
    pub fn text(&self, sep: &str) -> String {
        match self {
            FieldValue::Text(s)
            | FieldValue::Number(s, _)
            | FieldValue::Date(s)
            | FieldValue::Url(s)
            | FieldValue::Email(s) => s.clone(),
            FieldValue::List(v) => v.join(sep),
        }
    }

    /// Where a link on it goes: the URL, or `mailto:` for an email.
    pub fn href(&self) -> Option<String> {
        match self {
            FieldValue::Url(u) => Some(u.clone()),
            FieldValue::Email(e) => Some(format!("mailto:{e}")),
            _ => None,
        }
    }

    /// Every text the value holds, for the search index.
    pub fn words(&self) -> String {
        self.text(" ")
    }
}

impl serde::Serialize for FieldValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Number(text, n) => match text.parse::<i64>() {
                Ok(i) => s.serialize_i64(i),
                Err(_) => s.serialize_f64(*n),
            },
            FieldValue::List(v) => v.serialize(s),
            other => s.serialize_str(&other.text("")),
        }
    }
}

/// A document's values, in declaration order, as a JSON object.
pub struct FieldsJson<'a>(pub Vec<(&'a str, &'a FieldValue)>);

impl serde::Serialize for FieldsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// `node` as a value of type `kind`, or what is wrong with it.
pub fn value_of(node: &Node, kind: FieldType) -> Result<FieldValue, String> {
    let scalar = || -> Result<&marked_yaml::types::MarkedScalarNode, String> {
        node.as_scalar().ok_or_else(|| {
            let found = if node.as_sequence().is_some() {
                "a list"
            } else {
                "a mapping"
            };
            format!("expected {}, found {found}", kind.expected())
        })
    };
    match kind {
        FieldType::Text => Ok(FieldValue::Text(scalar()?.as_str().to_string())),
        FieldType::Number => {
            let s = scalar()?;
            let text = s.as_str().trim();
            match text.parse::<f64>() {
                // Quoted numbers are read too: the loader does not keep
                // quotes apart (coercion is not prevented).
                Ok(n) if n.is_finite() && !text.starts_with('+') => {
                    Ok(FieldValue::Number(text.to_string(), n))
                }
                _ => Err(format!("expected a number, found `{text}`")),
            }
        }
        FieldType::Date => {
            let text = scalar()?.as_str().trim();
            let shaped =
                text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
            match crate::day::Day::parse(text) {
                Some(_) if shaped => Ok(FieldValue::Date(text.to_string())),
                _ => Err(format!("expected a date as YYYY-MM-DD, found `{text}`")),
            }
        }
        FieldType::Url => {
            let text = scalar()?.as_str().trim();
            let lower = text.to_ascii_lowercase();
            let scheme = ["http://", "https://", "mailto:"]
                .iter()
                .any(|p| lower.starts_with(p));
            match scheme
                && crate::markdown::is_safe_url(text)
                && !text.contains(char::is_whitespace)
            {
                true => Ok(FieldValue::Url(text.to_string())),
                false => Err(format!(
                    "expected a web address (`https://...`) or `mailto:`, found `{text}`"
                )),
            }
        }
        FieldType::Email => {
            let text = scalar()?.as_str().trim();
            match crate::text::is_email(text) {
                true => Ok(FieldValue::Email(text.to_string())),
                false => Err(format!(
                    "expected an email address (`name@example.com`), found `{text}`"
                )),
            }
        }
        FieldType::List => match node {
            Node::Scalar(s) => Ok(FieldValue::List(vec![s.as_str().to_string()])),
            Node::Sequence(seq) => seq
                .iter()
                .map(|n| {
                    n.as_scalar()
                        .map(|s| s.as_str().to_string())
                        .ok_or_else(|| {
                            "expected a list of texts; an item is not a text".to_string()
                        })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(FieldValue::List),
            Node::Mapping(_) => Err("expected a list of texts, found a mapping".into()),
        },
    }
}

impl FieldType {
    fn expected(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "a number",
            FieldType::Date => "a date",
            FieldType::Url => "a web address",
            FieldType::Email => "an email address",
            FieldType::List => "a list of texts",
        }
    }
}

/// What front matter of one kind of document accepts besides its own
/// fields: the kind's name (for the message about declaring one) and the
/// declared fields.
#[derive(Clone, Copy)]
pub struct Extra<'a> {
    /// `position`, `unit` or `person`.
    pub kind: &'a str,
    pub decls: &'a Decls,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(yaml: &str) -> Node {
        marked_yaml::parse_yaml(0, format!("v: {yaml}"))
            .unwrap()
            .as_mapping()
            .unwrap()
            .get_node("v")
            .unwrap()
            .clone()
    }

    #[test]
    fn values_are_checked_by_type() {
        use FieldType::*;
        assert_eq!(
            value_of(&node("12.5"), Number),
            Ok(FieldValue::Number("12.5".into(), 12.5))
        );
        assert!(value_of(&node("inf"), Number).is_err());
        assert!(value_of(&node("twelve"), Number).is_err());
        assert!(value_of(&node("2024-02-30"), Date).is_err());
        assert!(value_of(&node("2024-2-3"), Date).is_err());
        assert!(value_of(&node("2024-02-03"), Date).is_ok());
        assert!(value_of(&node("javascript:alert(1)"), Url).is_err());
        assert!(value_of(&node("/relative"), Url).is_err());
        assert!(value_of(&node("https://example.com/x"), Url).is_ok());
        assert!(value_of(&node("not-an-email"), Email).is_err());
        assert_eq!(
            value_of(&node("[a, b]"), List),
            Ok(FieldValue::List(vec!["a".into(), "b".into()]))
        );
        assert_eq!(
            value_of(&node("one"), List),
            Ok(FieldValue::List(vec!["one".into()]))
        );
        assert!(value_of(&node("[a, [b]]"), List).is_err());
        assert!(value_of(&node("[a]"), Text).is_err());
    }
}
