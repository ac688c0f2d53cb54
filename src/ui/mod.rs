//! Leptos components: a thin layer over `core` (what to show) and `platform` (side effects).

mod app;
mod authoring;
mod backup;
mod catalog;
mod coach;
mod drafts;
mod exchange;
mod feedback;
mod i18n;
mod install;
mod kaders;
mod lazy;
mod my_scans;
mod persist;
mod raters;
mod results;
mod scan;
mod screens;
mod seal;
mod settings;
mod signing;
mod trusted;
mod update;

pub use app::App;
pub use i18n::load_en;
pub use persist::stored_lang;
