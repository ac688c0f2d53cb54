use competentiescan::core::i18n::Lang;
use competentiescan::{platform, ui};

fn main() {
    // First: a panic anywhere after this shows a message and a way to save the scans.
    platform::panic::install();
    // English is a file of its own: with English stored, it is fetched before the app mounts,
    // so the first render is English; the static start page (English already) shows meanwhile.
    // On failure the app mounts in Dutch and says so (see `ui::i18n::EnTexts`).
    if ui::stored_lang() == Lang::En {
        wasm_bindgen_futures::spawn_local(async {
            ui::load_en().await;
            mount();
        });
    } else {
        mount();
    }
}

fn mount() {
    leptos::mount::mount_to_body(ui::App);
    // Mounting renders synchronously: the static start page goes in the same task.
    platform::first_paint::remove();
}
