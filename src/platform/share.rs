//! Sending a file to someone: the Web Share API (the phone's share sheet, with the file
//! attached) where the browser can share files, otherwise a download plus a `mailto:` link.
//! `share` and `canShare` are looked up at run time, so browsers without them simply fall back.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

pub enum Started {
    /// The share sheet is open; await the promise for the outcome.
    Sharing(js_sys::Promise),
    /// This browser cannot share files: use the fallback.
    Unsupported,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Shared,
    Cancelled,
    Failed(String),
}

fn method(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<Function>()
        .ok()
}

/// Opens the share sheet with `text` attached as file `name`. Must run directly in the click
/// handler: browsers only allow sharing during the user's gesture.
pub fn start(name: &str, text: &str, title: &str, body: &str) -> Started {
    let Some(window) = web_sys::window() else {
        return Started::Unsupported;
    };
    let navigator: JsValue = window.navigator().into();
    let (Some(can_share), Some(share)) =
        (method(&navigator, "canShare"), method(&navigator, "share"))
    else {
        return Started::Unsupported;
    };
    let options = web_sys::FilePropertyBag::new();
    options.set_type("application/json");
    let parts = Array::of1(&JsValue::from_str(text));
    let Ok(file) = web_sys::File::new_with_str_sequence_and_options(&parts, name, &options) else {
        return Started::Unsupported;
    };
    let data = Object::new();
    let _ = Reflect::set(&data, &"files".into(), &Array::of1(&file));
    let _ = Reflect::set(&data, &"title".into(), &title.into());
    let _ = Reflect::set(&data, &"text".into(), &body.into());
    if !can_share
        .call1(&navigator, &data)
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
    {
        return Started::Unsupported;
    }
    match share
        .call1(&navigator, &data)
        .map(|p| p.dyn_into::<js_sys::Promise>())
    {
        Ok(Ok(promise)) => Started::Sharing(promise),
        _ => Started::Unsupported,
    }
}

pub async fn finish(promise: js_sys::Promise) -> Outcome {
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(_) => Outcome::Shared,
        Err(e) => {
            let name = e
                .dyn_ref::<web_sys::DomException>()
                .map(|d| d.name())
                .unwrap_or_default();
            if name == "AbortError" {
                Outcome::Cancelled
            } else {
                Outcome::Failed(if name.is_empty() {
                    format!("{e:?}")
                } else {
                    name
                })
            }
        }
    }
}

/// A `mailto:` URL with subject and body, percent-encoded.
pub fn mailto(subject: &str, body: &str) -> String {
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    format!("mailto:?subject={}&body={}", enc(subject), enc(body))
}
