//! Competentiescan. Three layers, each knowing only the one below:
//! - [`core`]: the domain (frameworks, screens, settings), pure and host-tested;
//! - [`platform`]: thin browser adapters (storage, location), one module per side effect;
//! - [`ui`]: Leptos components over both.
//!
//! See ARCHITECTURE.md for the map and its invariants.

/// The domain lives in its own crate (`crates/core`), which cannot depend on the browser.
pub use competentiescan_core as core;
pub mod platform;
pub mod ui;
