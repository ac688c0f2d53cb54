//! The service worker (public/sw.js) as the app sees it: register it, report an update that is
//! installed and waiting, and let that update take over when the user agrees. Without service
//! worker support (old browsers, plain http) every function here quietly does nothing.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    HtmlElement, RegistrationOptions, ServiceWorker, ServiceWorkerContainer,
    ServiceWorkerRegistration, ServiceWorkerState,
};

const SKIP_WAITING: &str = "skip-waiting";

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &"serviceWorker".into())
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

/// Registers the service worker next to index.html (so it works on any sub-path) and calls
/// `on_waiting` when a new version has installed and waits for the user's go-ahead.
pub fn register(on_waiting: impl Fn() + 'static) {
    let Some(container) = container() else {
        return;
    };
    let on_waiting: Rc<dyn Fn()> = Rc::new(on_waiting);
    spawn_local(async move {
        let options = RegistrationOptions::new();
        options.set_scope("./");
        // Checked, not assumed: a stubbed or blocked `register` (browser settings, extensions,
        // test tools) may resolve to something that is not a registration.
        let Some(registration) = JsFuture::from(container.register_with_options("sw.js", &options))
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
        else {
            return;
        };
        // An update may have installed while no tab was open; without a controller this is the
        // first install, which is not an update.
        if registration.waiting().is_some() && container.controller().is_some() {
            on_waiting();
        }
        // The browser may have started installing one before this listener existed.
        if let Some(worker) = registration.installing() {
            watch(worker, container.clone(), on_waiting.clone());
        }
        watch_installs(&registration, &container, on_waiting);
        check_when_shown(registration);
    });
}

fn watch_installs(
    registration: &ServiceWorkerRegistration,
    container: &ServiceWorkerContainer,
    on_waiting: Rc<dyn Fn()>,
) {
    let (reg, container) = (registration.clone(), container.clone());
    let found = Closure::<dyn Fn()>::new(move || {
        if let Some(worker) = reg.installing() {
            watch(worker, container.clone(), on_waiting.clone());
        }
    });
    registration.set_onupdatefound(Some(found.as_ref().unchecked_ref()));
    // Lives as long as the page, like the registration it listens to.
    found.forget();
}

/// Calls `on_waiting` once `worker` has installed, if it is an update (a page is controlled).
fn watch(worker: ServiceWorker, container: ServiceWorkerContainer, on_waiting: Rc<dyn Fn()>) {
    let w = worker.clone();
    let changed = Closure::<dyn Fn()>::new(move || {
        if w.state() == ServiceWorkerState::Installed && container.controller().is_some() {
            on_waiting();
        }
    });
    worker.set_onstatechange(Some(changed.as_ref().unchecked_ref()));
    changed.forget();
}

/// Browsers look for a new sw.js on navigation; an installed app may stay open for days, so
/// also look whenever it comes back to the foreground. Offline that check fails, harmlessly.
fn check_when_shown(registration: ServiceWorkerRegistration) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let doc = document.clone();
    let check = Closure::<dyn Fn()>::new(move || {
        if doc.visibility_state() == web_sys::VisibilityState::Visible {
            if let Ok(promise) = registration.update() {
                spawn_local(async move {
                    let _ = JsFuture::from(promise).await;
                });
            }
        }
    });
    let _ = document
        .add_event_listener_with_callback("visibilitychange", check.as_ref().unchecked_ref());
    check.forget();
}

/// Lets the waiting version take over, then reloads this tab into it. What is being typed is
/// committed first (blur fires the change event that saves it). Other open tabs keep running
/// the version they loaded until they are reloaded.
pub fn apply_update() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(focused) = window
        .document()
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = focused.blur();
    }
    let Some(container) = container() else {
        let _ = window.location().reload();
        return;
    };
    let reload = Closure::once_into_js(move || {
        let _ = window.location().reload();
    });
    container.set_oncontrollerchange(Some(reload.unchecked_ref()));
    spawn_local(async move {
        let registration = JsFuture::from(container.get_registration())
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok());
        match registration.and_then(|r| r.waiting()) {
            Some(worker) => {
                let _ = worker.post_message(&SKIP_WAITING.into());
            }
            // Another tab already let it take over: this tab only needs the reload.
            None => {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
        }
    });
}
