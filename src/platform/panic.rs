//! What a user sees when the app panics. The release build aborts on panic (`panic = "abort"`),
//! so the wasm instance is dead afterwards: no Leptos, no Rust event handler runs again. The
//! hook therefore only logs (console_error_panic_hook) and writes a plain DOM message with
//! web-sys: something went wrong, the scans are safe on this device, reload; and a button that
//! downloads every stored draft as an export file. Those two buttons are handled by
//! `public/rescue.js`, a few lines of plain JavaScript that read localStorage directly, so
//! even a broken build cannot hold a student's data hostage.
//!
//! A test can force a panic with `#/test-panic` ([`TEST_HASH`]), honoured only while the storage flag
//! [`TEST_FLAG`] is set: a user never sets it, and no screen links to it.

use crate::core::i18n::{k, text, Key, Lang};
use crate::core::settings::Settings;
use crate::platform::storage;

/// The hash route (`#/test-panic`, as `location_hash` gives it: without `#`) that panics on
/// purpose, for the end-to-end tests of this page.
pub const TEST_HASH: &str = "/test-panic";
/// Storage key (after the app's prefix) that must hold "1" for [`TEST_HASH`] to panic.
pub const TEST_FLAG: &str = "test-panic";

/// Replaces the default hook; call first thing in `main`.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(lang());
    }));
}

/// Panics if `hash` is the test route and the test flag is set; otherwise does nothing.
pub fn test_trigger(hash: &str) {
    if hash == TEST_HASH && storage::get(TEST_FLAG).ok().flatten().as_deref() == Some("1") {
        panic!("test panic: {TEST_HASH} with the {TEST_FLAG} flag set");
    }
}

/// The language the user chose (settings), else the page's `<html lang>`, which the app sets
/// on every language switch. Never panics: a panic inside the hook would hide the message.
fn lang() -> Lang {
    if let Some(settings) = storage::get("settings")
        .ok()
        .flatten()
        .and_then(|raw| Settings::decode(&raw).ok())
    {
        return settings.lang;
    }
    let html = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"));
    match html.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Nl,
    }
}

/// Puts the message on top of whatever the dead app left on the page. Every step may fail
/// (the panic may have come from a broken DOM); then the console log is all there is.
fn show(lang: Lang) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    // A debug build unwinds and may panic again; one message is enough.
    if document.get_element_by_id("crash").is_some() {
        return;
    }
    // The app's controls no longer answer: take them out of reach of clicks and screen readers.
    let mut child = body.first_element_child();
    while let Some(c) = child {
        let _ = c.set_attribute("inert", "");
        child = c.next_element_sibling();
    }
    let t = |key: Key| text(lang, key);
    let el = |tag: &str, attrs: &[(&str, &str)], content: &str| {
        let e = document.create_element(tag).ok()?;
        for (name, value) in attrs {
            e.set_attribute(name, value).ok()?;
        }
        e.set_text_content((!content.is_empty()).then_some(content));
        Some(e)
    };
    let Some(crash) = el(
        "section",
        &[
            ("id", "crash"),
            ("class", "crash"),
            ("role", "alert"),
            ("aria-labelledby", "crash-title"),
            ("lang", lang.tag()),
            ("data-version", env!("CARGO_PKG_VERSION")),
            // Texts rescue.js shows, one and many; `{count}` is filled in there.
            ("data-none", t(k::panic::NONE)),
            ("data-done", t(k::panic::DONE)),
            ("data-done-one", t(k::panic::DONE_ONE)),
            ("data-skipped", t(k::panic::SKIPPED)),
            ("data-skipped-one", t(k::panic::SKIPPED_ONE)),
        ],
        "",
    ) else {
        return;
    };
    let parts = [
        el(
            "h1",
            &[("id", "crash-title"), ("tabindex", "-1")],
            t(k::panic::TITLE),
        ),
        el("p", &[], t(k::panic::SAFE)),
        el(
            "button",
            &[("type", "button"), ("data-rescue", "reload")],
            t(k::panic::RELOAD),
        ),
        el(
            "button",
            &[("type", "button"), ("data-rescue", "download")],
            t(k::panic::DOWNLOAD),
        ),
        el("p", &[("class", "rescue-status"), ("role", "status")], ""),
        el("ul", &[("class", "rescue-files")], ""),
    ];
    for part in parts.into_iter().flatten() {
        let _ = crash.append_child(&part);
    }
    if body.append_child(&crash).is_ok() {
        if let Some(title) = document
            .get_element_by_id("crash-title")
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = title.focus();
        }
    }
}
