//! Work for when the browser has nothing else to do: `requestIdleCallback`, or where a browser
//! lacks it (Safari), the next task.

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;

/// Runs `f` once the browser is idle (never before the current task has finished).
pub fn when_idle(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(f);
    let callback = callback.unchecked_ref();
    if window.request_idle_callback(callback).is_err() {
        let _ = window.set_timeout_with_callback(callback);
    }
}
