//! The domain core: pure Rust, no `web-sys`, no Leptos, no I/O. Everything here is tested on
//! the host with `cargo test`; the UI and the browser adapters only call into it.

pub mod anonymous;
pub mod backup;
pub mod bundled;
pub mod chart;
pub mod csv;
pub mod custom;
pub mod draft;
pub mod edit;
pub mod exchange;
pub mod feedback;
pub mod framework;
pub mod i18n;
pub mod install;
pub mod json;
pub mod merge;
pub mod migrate;
pub mod moodle;
pub mod overview;
pub mod plan;
pub mod problem;
pub mod rater;
pub mod rating;
pub mod refusal;
pub mod route;
pub mod scan;
pub mod scoring;
pub mod search;
pub mod settings;
pub mod signature;
pub mod sort;
pub mod stored;
pub mod template;
pub mod time;
pub mod to_sign;
pub mod trust;
