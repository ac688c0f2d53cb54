//! How the app runs, for the home-screen hint (`core::install`): installed or in a tab, whether
//! the browser offers its own install prompt, and the user agent. Read through `Reflect`, so
//! a browser without `matchMedia` or `navigator.standalone` (only Safari has it) reads as "no".

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::install::Platform;

/// Opened from the home screen: `display-mode: standalone` (the manifest's mode), or Safari's
/// own `navigator.standalone`.
pub fn installed() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let get = |target: &JsValue, name: &str| js_sys::Reflect::get(target, &name.into()).ok();
    let standalone_mode = get(&window, "matchMedia")
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&window, &"(display-mode: standalone)".into()).ok())
        .and_then(|list| get(&list, "matches"))
        .and_then(|m| m.as_bool())
        .unwrap_or(false);
    let ios_standalone = get(&window.navigator(), "standalone").and_then(|s| s.as_bool());
    standalone_mode || ios_standalone == Some(true)
}

pub fn platform() -> Platform {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Platform::Other;
    };
    let touch = js_sys::Reflect::get(&navigator, &"maxTouchPoints".into())
        .ok()
        .and_then(|n| n.as_f64())
        .is_some_and(|n| n > 1.0);
    Platform::guess(&navigator.user_agent().unwrap_or_default(), touch)
}

/// Calls `on_prompt` when the browser offers to install the app (`beforeinstallprompt`). The
/// event is left alone, so the browser shows its own install button as usual. Call once: the
/// listener lives as long as the page.
pub fn on_install_prompt(on_prompt: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener = Closure::<dyn Fn()>::new(on_prompt);
    let _ = window
        .add_event_listener_with_callback("beforeinstallprompt", listener.as_ref().unchecked_ref());
    listener.forget();
}
