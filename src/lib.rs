//! orgsite compiles a folder of role documents (Markdown with YAML front
//! matter, one file per position) into a static organisation handbook: a
//! chart, one page per position and unit, and a staffing table.
//!
//! The flow runs one way: [`content`] reads files into documents, [`model`]
//! resolves them into an organisation, [`validate`] reports what is wrong,
//! [`chart`] lays out and draws the charts, [`render`] fills the templates
//! and [`site`] writes the output.

pub mod chart;
pub mod cli;
pub mod content;
pub mod diag;
pub mod i18n;
pub mod init;
pub mod markdown;
pub mod model;
pub mod render;
pub mod site;
pub mod synth;
pub mod theme;
pub mod validate;
