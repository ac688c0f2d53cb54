//! Time and randomness from the browser, handed to the pure core as plain values.

use crate::core::time::{Date, Timestamp};

/// Now, to the millisecond.
pub fn now() -> Timestamp {
    Timestamp::from_millis(js_sys::Date::now())
}

/// Today's local date: what a user writes on a form.
pub fn today() -> Date {
    let d = js_sys::Date::new_0();
    let (year, month, day) = (d.get_full_year(), d.get_month() + 1, d.get_date());
    let local = match (u16::try_from(year), u8::try_from(month), u8::try_from(day)) {
        (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d),
        _ => None,
    };
    // Only a clock outside the years 1–9999 has no local date; UTC's is the nearest.
    local.unwrap_or_else(|| now().date())
}

/// 16 random bytes from `crypto.getRandomValues`, for scan ids.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    let filled = crypto.is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // Without WebCrypto (very old browsers) ids only need to be unique on this device.
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// Milliseconds since the epoch, for measuring how long a loop has run.
pub fn millis() -> f64 {
    js_sys::Date::now()
}

/// Resolves in a later task (`setTimeout` 0): lets the browser paint during a long loop.
pub async fn next_task() {
    let later = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(later).await;
}

/// Minutes the local clock is ahead of UTC at `at` (daylight saving as it was then): times
/// are shown as the user's own clock showed them.
pub fn offset_at(at: Timestamp) -> i32 {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.millis()));
    -(date.get_timezone_offset() as i32)
}
