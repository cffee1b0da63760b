//! orgsite compiles a folder of role documents (Markdown with YAML front
//! matter, one file per position) into a static organisation handbook: a
//! chart, one page per position and unit, and a staffing table.
//!
//! The flow runs one way: [`content`] reads files into documents, [`model`]
//! resolves them into an organisation, [`validate`] reports what is wrong,
//! [`chart`] lays out and draws the charts, [`render`] fills the templates
//! (with [`obligations`], [`ics`], [`export`] and [`search`] for the
//! reporting calendar, the exports and the search index) and [`site`]
//! writes the output. [`public`] turns a build into a public edition;
//! [`serve`] serves a site while it is edited; [`diff`] compares two
//! points of its git history. Below them all, [`text`] (widths,
//! wrapping, escaping), [`diag`] (problems as values) and [`stop`] (what a
//! stopped process removes) use nothing above them; imports follow the
//! flow (`python3 tools/import-cycles.py` reports any circle).
//!
//! `ARCHITECTURE.md` (at the top of the repository) draws this pipeline
//! with `Site::load` and the page table, says where personal data lives,
//! and lists the files a new field, page, language or chart view touches.

pub mod chart;
pub mod cli;
pub mod collate;
pub mod content;
pub mod day;
pub mod diag;
pub mod diff;
pub mod export;
pub mod fields;
pub mod front;
pub mod i18n;
pub mod ics;
pub mod import;
pub mod init;
pub mod limit;
pub mod markdown;
pub mod model;
pub mod obligations;
pub mod photo;
pub mod photo_cache;
pub mod progress;
pub mod public;
pub mod render;
pub mod revision;
pub mod schedule;
pub mod search;
pub mod serve;
pub mod site;
pub mod stop;
pub mod text;
pub mod theme;
pub mod validate;
pub mod vcard;
