//! Competentiescan. Three layers, each knowing only the one below:
//! - [`core`]: the domain (frameworks, screens, settings), pure and host-tested;
//! - [`platform`]: thin browser adapters (storage, location), one module per side effect;
//! - [`ui`]: Leptos components over both.
//!
//! See ARCHITECTURE.md for the map and its invariants.

pub mod core;
pub mod platform;
pub mod ui;
