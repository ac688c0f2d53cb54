//! Leptos components: a thin layer over `core` (what to show) and `platform` (side effects).

mod app;
mod backup;
mod catalog;
mod charts;
mod coach;
mod drafts;
mod editor;
mod exchange;
mod feedback;
mod frameworks;
mod i18n;
mod install;
mod my_scans;
mod persist;
mod plan;
mod raters;
mod report;
mod results;
mod scan;
mod screens;
mod seal;
mod trusted;
mod update;

pub use app::App;
pub use i18n::load_en;
pub use persist::stored_lang;
