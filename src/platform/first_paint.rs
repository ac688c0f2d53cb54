//! The static start page `index.html` shows until the app runs (`#first-paint`).

/// Takes the static start page off the page. Called right after the app has mounted, in the
/// same task, so no frame shows both start pages or neither.
pub fn remove() {
    if let Some(static_page) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("first-paint"))
    {
        static_page.remove();
    }
}
