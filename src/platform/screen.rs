//! The screen's size, where a screen's layout is a choice CSS cannot make (what starts folded).

/// Below 600 px wide (a phone), the width the stylesheet's phone layout starts at.
pub fn narrow() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < 600.0)
}
