fn main() {
    // First: a panic anywhere after this shows a message and a way to save the scans.
    competentiescan::platform::panic::install();
    leptos::mount::mount_to_body(competentiescan::ui::App);
    // Mounting renders synchronously: the static start page goes in the same task.
    competentiescan::platform::first_paint::remove();
}
