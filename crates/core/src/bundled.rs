//! The frameworks compiled into the app: every `frameworks/*.json` (see build.rs).

use super::framework::{Framework, FrameworkError};

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// Parses every bundled framework, in file-name order. Host tests guarantee they are valid;
/// the `Result` keeps a broken file from taking the whole app down.
pub fn frameworks() -> Vec<(&'static str, Result<Framework, FrameworkError>)> {
    BUNDLED
        .iter()
        .map(|(name, json)| (*name, Framework::parse(json)))
        .collect()
}
