//! Reading files the user picked (file input). Writing/downloading comes with export.

use wasm_bindgen::JsCast;

use crate::core::i18n::{k, text, Lang};

/// The files chosen in the `<input type="file">` that fired `ev`.
pub fn chosen(ev: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input.files();
    let out = files
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    // Clear the input so choosing the same file again fires `change` again.
    input.set_value("");
    out
}

pub fn size(file: &web_sys::File) -> usize {
    file.size() as usize
}

/// Offers `text` as a file download named `name` (a Blob behind an object URL).
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let blob = gloo_file::Blob::new_with_options(text, Some(mime));
    let url = gloo_file::ObjectUrl::from(blob);
    // Like the browser's own errors below, a technical detail: a page always has a document.
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoking at once can cancel the download in some browsers; keep the URL until unload.
    std::mem::forget(url);
    Ok(())
}

/// Why a file could not be read: the browser's own description when it gives one (in the
/// browser's language), else ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(Option<String>);

impl ReadError {
    pub fn message(&self, lang: Lang) -> String {
        self.0
            .clone()
            .unwrap_or_else(|| text(lang, k::files::UNREADABLE).into())
    }
}

/// Reads many files as bytes with one wait for all (the browser reads them side by side,
/// instead of one round trip per file), in the order given; an unreadable file gives its error.
pub async fn read_all_bytes(files: &[web_sys::File]) -> Vec<Result<Vec<u8>, ReadError>> {
    let reads: js_sys::Array = files.iter().map(|f| f.array_buffer()).collect();
    let settled = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all_settled(&reads))
        .await
        .map(|v| js_sys::Array::from(&v))
        .unwrap_or_default();
    (0..files.len() as u32)
        .map(|i| {
            let outcome = settled.get(i);
            let field = |k: &str| js_sys::Reflect::get(&outcome, &k.into()).unwrap_or_default();
            if field("status").as_string().as_deref() == Some("fulfilled") {
                Ok(js_sys::Uint8Array::new(&field("value")).to_vec())
            } else {
                let reason = field("reason");
                Err(ReadError(
                    js_sys::Reflect::get(&reason, &"message".into())
                        .ok()
                        .and_then(|m| m.as_string()),
                ))
            }
        })
        .collect()
}

pub async fn read_bytes(file: web_sys::File) -> Result<Vec<u8>, String> {
    gloo_file::futures::read_as_bytes(&gloo_file::File::from(file))
        .await
        .map_err(|e| e.to_string())
}

pub fn name(file: &web_sys::File) -> String {
    file.name()
}
