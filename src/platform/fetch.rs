//! Fetching a file that ships with the app (the bundled frameworks), by a URL relative to the
//! document, so the app works from any sub-path. Failures come back as values.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why a file did not arrive; for the console, the user sees one message with a retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No response: offline, blocked, or the request was aborted.
    Network(String),
    /// A response, but not 2xx.
    Status(u16),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Network(e) => f.write_str(e),
            FetchError::Status(code) => write!(f, "HTTP {code}"),
        }
    }
}

/// Starts the request at once; awaiting the returned future reads the body. Starting several
/// before awaiting any fetches them in parallel.
pub fn text(url: &str) -> impl std::future::Future<Output = Result<String, FetchError>> {
    let started = web_sys::window()
        .ok_or_else(|| FetchError::Network("no window".into()))
        .map(|w| JsFuture::from(w.fetch_with_str(url)));
    async move {
        let network = |e: wasm_bindgen::JsValue| FetchError::Network(format!("{e:?}"));
        let response: web_sys::Response = started?
            .await
            .map_err(network)?
            .dyn_into()
            .map_err(network)?;
        if !response.ok() {
            return Err(FetchError::Status(response.status()));
        }
        let body = JsFuture::from(response.text().map_err(network)?)
            .await
            .map_err(network)?;
        body.as_string()
            .ok_or_else(|| FetchError::Network(format!("{body:?}")))
    }
}
