//! Leptos components: a thin layer over `core` (what to show) and `platform` (side effects).

mod app;
mod catalog;
mod frameworks;
mod persist;
mod screens;

pub use app::App;
