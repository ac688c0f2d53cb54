//! The frameworks shipped with the app: every `frameworks/*.json` as a file next to the app
//! (`dist/frameworks/<stem>-<hash>.json`, see build.rs), fetched when a screen first needs one.
//! Only their names and URLs are compiled in.

/// One shipped framework file.
pub struct File {
    /// The source file's name in `frameworks/`, e.g. `quickscan-smd-2014.json`.
    pub name: &'static str,
    /// Relative to the document; content-hashed, so a cache may keep it forever.
    pub url: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The source files, read from `frameworks/` (the unit tests' stand-in for the fetch).
#[cfg(test)]
pub(crate) fn sources() -> Vec<(&'static str, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frameworks");
    FILES
        .iter()
        .map(|f| {
            let json = std::fs::read_to_string(dir.join(f.name)).expect("readable framework");
            (f.name, json)
        })
        .collect()
}

/// Every shipped framework, parsed, in file-name order (unit tests).
#[cfg(test)]
pub(crate) fn frameworks() -> Vec<(
    &'static str,
    Result<crate::framework::Framework, crate::framework::FrameworkError>,
)> {
    sources()
        .into_iter()
        .map(|(name, json)| (name, crate::framework::Framework::parse(&json)))
        .collect()
}
