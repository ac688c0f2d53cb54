//! Kader bewerken: a new framework, a copy of any framework, or a custom framework edited into
//! its next version. Every change goes through `core::edit` (undo, problems, band preview) and
//! is stored at once as the unsaved edit, so a reload or a closed tab resumes it; saving goes
//! through `Catalog::save_edit` and is refused while the framework has problems.

use std::sync::Arc;

use leptos::prelude::*;

use super::catalog::Catalog;
use super::drafts::unreadable_reason;
use super::i18n::{k, lang, t, tf};
use super::scan::go;
use crate::core::edit::{
    band_preview, decode_pending, encode_pending, BandText, BoundKind, Direction, Edit, Editor,
    GroupText, ItemText, NodePath, Origin, MAX_DEPTH,
};
use crate::core::framework::{Band, Framework, Node, Purpose};
use crate::core::i18n::Key;
use crate::core::problem::{Arg, Place, Problem};
use crate::core::rater::RaterRole;
use crate::core::route::Screen;
use crate::platform::{clock, storage};

/// The unsaved edit: one at a time, kept until it is saved or discarded.
const PENDING_KEY: &str = "framework-edit";

/// Version and the edit buttons, on the framework reader: a bundled framework is only copied.
#[component]
pub fn EditButtons(framework: Arc<Framework>, custom: bool) -> impl IntoView {
    let id = framework.id.clone();
    // Said once, right after Kader bewerken saved it and opened it here.
    let saved = Catalog::get().take_saved(&id).then(|| {
        let text = tf(
            k::editor::SAVED,
            &[("title", &framework.title), ("version", &framework.version)],
        );
        view! { <p class="success" role="status" data-testid="framework-saved">{text}</p> }
    });
    let edit = custom.then(|| {
        let href = Screen::EditFramework(Origin::Edit { id: id.clone() }).to_hash();
        view! { <a class="button" href=href>{t(k::editor::EDIT_FRAMEWORK)}</a> }
    });
    let copy = Screen::EditFramework(Origin::Copy { of: id }).to_hash();
    view! {
        {saved}
        <p class="meta" data-testid="framework-version">{tf(k::editor::VERSION, &[("version", &framework.version)])}</p>
        <div class="actions" role="group" aria-label=t(k::editor::ACTIONS)>
            {edit}
            <a class="button" href=copy>{t(k::editor::EDIT_COPY)}</a>
        </div>
    }
}

/// "Nieuw kader", on the Kaders list.
#[component]
pub fn NewFrameworkLink() -> impl IntoView {
    let href = Screen::EditFramework(Origin::New).to_hash();
    view! { <p><a class="button" href=href>{t(k::editor::NEW_FRAMEWORK)}</a></p> }
}

/// What the screen opens with.
enum Opening {
    /// This screen's own edit, stored earlier: resumed.
    Resumed(Editor),
    Fresh(Editor),
    /// Another framework's unsaved edit is stored: finished or discarded first, never lost.
    Other(Editor),
    Unreadable(String),
    NotFound(String),
}

/// What the route edits: editing a bundled framework is editing a copy.
fn effective(origin: Origin, catalog: &Catalog) -> Origin {
    match origin {
        Origin::Edit { id } if catalog.find(&id).is_some_and(|(_, custom)| !custom) => {
            Origin::Copy { of: id }
        }
        other => other,
    }
}

fn open(origin: &Origin, catalog: &Catalog) -> (Opening, Option<String>) {
    let stored = storage::get(PENDING_KEY);
    let storage_error = stored
        .as_ref()
        .err()
        .map(|e| tf(k::editor::STORAGE_FAILED, &[("reason", &e.message(lang()))]));
    if let Ok(Some(raw)) = stored {
        let opening = match decode_pending(&raw) {
            Ok(e) if e.origin == *origin => Opening::Resumed(e),
            Ok(e) => Opening::Other(e),
            Err(e) => Opening::Unreadable(unreadable_reason(&e)),
        };
        return (opening, storage_error);
    }
    let found = |id: &String, make: &dyn Fn(&Framework) -> Editor| {
        catalog.find(id).map_or_else(
            || Opening::NotFound(id.clone()),
            |(f, _)| Opening::Fresh(make(&f)),
        )
    };
    let opening = match origin {
        Origin::New => Opening::Fresh(Editor::blank(lang(), clock::today().year())),
        Origin::Copy { of } => found(of, &|f| Editor::copy_of(f, lang())),
        Origin::Edit { id } => found(id, &|f| Editor::new(origin.clone(), f.clone())),
    };
    (opening, storage_error)
}

/// Removes the stored edit after asking; a failure is said.
fn discard() -> bool {
    if !window()
        .confirm_with_message(t(k::editor::DISCARD_CONFIRM))
        .unwrap_or(false)
    {
        return false;
    }
    match storage::remove(PENDING_KEY) {
        Ok(()) => true,
        Err(e) => {
            let _ = window().alert_with_message(&tf(
                k::editor::STORAGE_FAILED,
                &[("reason", &e.message(lang()))],
            ));
            false
        }
    }
}

#[component]
pub fn EditorScreen(origin: Origin) -> impl IntoView {
    let catalog = Catalog::get();
    let origin = effective(origin, &catalog);
    // Bumped when another edit is discarded, so the screen opens again.
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        // Opened once per attempt: a save changes the catalog, which must not reopen the form.
        let (opening, storage_error) = untrack(|| open(&origin, &catalog));
        let discard_other = move |_| {
            if discard() {
                attempt.update(|a| *a += 1);
            }
        };
        let body = match opening {
            Opening::Resumed(e) => view! { <EditorForm editor=e resumed=true storage_error /> }.into_any(),
            Opening::Fresh(e) => view! { <EditorForm editor=e resumed=false storage_error /> }.into_any(),
            Opening::Other(e) => {
                let href = Screen::EditFramework(e.origin.clone()).to_hash();
                view! {
                    <div class="notice" role="alert" data-testid="other-edit">
                        <p>{tf(k::editor::OTHER_PENDING, &[("title", &e.framework().title)])}</p>
                        <div class="actions">
                            <a class="button" href=href>{t(k::editor::CONTINUE_OTHER)}</a>
                            <button type="button" class="secondary" on:click=discard_other>{t(k::editor::DISCARD)}</button>
                        </div>
                    </div>
                }
                .into_any()
            }
            Opening::Unreadable(reason) => view! {
                <div class="error" role="alert">
                    <p>{tf(k::editor::PENDING_UNREADABLE, &[("reason", &reason)])}</p>
                    <button type="button" class="secondary" on:click=discard_other>{t(k::editor::DISCARD)}</button>
                </div>
            }
            .into_any(),
            Opening::NotFound(id) => view! {
                <p>{tf(k::frameworks::NOT_FOUND, &[("id", &id)])}</p>
                <p><a href="#/kaders">{t(k::frameworks::TO_FRAMEWORKS)}</a></p>
            }
            .into_any(),
        };
        let heading = match &origin {
            Origin::New => k::editor::HEADING_NEW,
            Origin::Copy { .. } => k::editor::HEADING_COPY,
            Origin::Edit { .. } => k::editor::HEADING_EDIT,
        };
        view! {
            <section class="editor">
                <p><a href="#/kaders">{t(k::frameworks::ALL_FRAMEWORKS)}</a></p>
                <h1>{t(heading)}</h1>
                {body}
            </section>
        }
    }
}

/// The editor's state: the edit itself, its problems and what went wrong storing it or
/// reading a field.
#[derive(Clone, Copy)]
struct Ctx {
    editor: RwSignal<Editor>,
    problems: Memo<Vec<Shown>>,
    storage_error: RwSignal<Option<String>>,
    field_error: RwSignal<Option<String>>,
}

/// A problem as the editor shows it: in the summary with its place, and at its field (by id)
/// without it.
#[derive(Clone, PartialEq)]
struct Shown {
    field: Option<String>,
    text: String,
    what: String,
}

/// The id of the field a problem is about, so the summary can jump to it and the field can say
/// it; `None` where no one field holds it (the framework as a whole).
fn problem_field(f: &Framework, p: &Problem) -> Option<String> {
    use crate::core::i18n::k::validation as v;
    let field = p.args.iter().find_map(|(name, arg)| match arg {
        Arg::Text(key) if *name == "field" => Some(*key),
        _ => None,
    });
    // A code given twice is a problem of its second use: the first one was fine.
    let pick = |mut found: Vec<String>| {
        if p.key == v::CODE_TWICE {
            found.pop()
        } else {
            found.into_iter().next()
        }
    };
    match p.place.as_ref()? {
        Place::Framework => {
            let id = if field == Some(v::FIELD_TITLE) {
                "edit-title".to_string()
            } else if field == Some(v::FIELD_PUBLISHER) {
                "edit-publisher".to_string()
            } else if field == Some(v::FIELD_DOCUMENT) {
                "edit-document".to_string()
            } else if p.key == v::NO_RATERS {
                format!("edit-rater-{}", RaterRole::Subject.wire_name())
            } else {
                return None;
            };
            Some(id)
        }
        Place::Scale => Some("edit-scale-min".into()),
        Place::Band(id) => {
            let i = f.bands.iter().position(|b| b.id == *id)?;
            let text = [v::FIELD_LABEL, v::FIELD_MEANING, v::FIELD_ADVICE]
                .iter()
                .position(|&key| field == Some(key));
            Some(match text {
                Some(t) => format!("band-{i}-{t}"),
                None if i + 1 < f.bands.len() => format!("band-{i}-bound"),
                None => format!("band-{i}-0"),
            })
        }
        Place::Node { code, .. } => {
            let name = if field == Some(v::FIELD_TITLE) {
                "title"
            } else if field == Some(v::FIELD_KIND) {
                "kind"
            } else {
                "code"
            };
            let mut found = Vec::new();
            walk(&f.nodes, &mut Vec::new(), &mut |path, n| {
                if n.code == *code {
                    found.push(format!("g-{}-{name}", path_id(path)));
                }
            });
            pick(found)
        }
        Place::Item(code) => {
            let name = if field == Some(v::FIELD_TITLE) {
                "title"
            } else if field == Some(v::FIELD_INDICATOR) {
                "indicators"
            } else {
                "code"
            };
            let mut found = Vec::new();
            walk(&f.nodes, &mut Vec::new(), &mut |path, n| {
                for (i, item) in n.items.iter().enumerate() {
                    if item.code == *code {
                        found.push(format!("i-{}-{i}-{name}", path_id(path)));
                    }
                }
            });
            pick(found)
        }
        _ => None,
    }
}

/// Every group with its path, in the order the form shows them.
fn walk(nodes: &[Node], path: &mut NodePath, visit: &mut dyn FnMut(&[usize], &Node)) {
    for (i, n) in nodes.iter().enumerate() {
        path.push(i);
        visit(path, n);
        walk(&n.children, path, visit);
        path.pop();
    }
}

/// Moves the focus to a field (or the summary); the browser scrolls it into view, clear of the
/// sticky action bar (`scroll-padding` in the CSS).
fn jump_to(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        use wasm_bindgen::JsCast;
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// A problem's text as a sentence at its field: "Titel is leeg".
fn sentence(what: &str) -> String {
    let mut chars = what.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

impl Ctx {
    /// Applies a change and stores the edit at once; a stale change (the screen is behind)
    /// changes nothing and stores nothing.
    fn change(&self, edit: Edit) {
        self.field_error.set(None);
        let mut applied = false;
        self.editor.update(|e| applied = e.apply(edit).is_ok());
        if applied {
            self.store();
        }
    }

    fn store(&self) {
        let written = self
            .editor
            .with_untracked(|e| storage::set(PENDING_KEY, &encode_pending(e)));
        self.storage_error.set(
            written
                .err()
                .map(|e| tf(k::editor::STORAGE_FAILED, &[("reason", &e.message(lang()))])),
        );
    }

    fn read<R>(&self, f: impl FnOnce(&Framework) -> R) -> R {
        self.editor.with(|e| f(e.framework()))
    }

    /// A number field's value, or the field named in an error.
    fn number<T: std::str::FromStr>(&self, raw: &str, field: Key, error: Key) -> Option<T> {
        let parsed = raw.trim().replace(',', ".").parse().ok();
        if parsed.is_none() {
            self.field_error
                .set(Some(tf(error, &[("field", t(field))])));
        }
        parsed
    }
}

/// The lists' shape: only a change of it rebuilds the form, so typing in a field keeps it.
#[derive(Clone, PartialEq)]
struct Shape {
    purpose: Purpose,
    bands: usize,
    groups: Vec<GroupShape>,
}

#[derive(Clone, PartialEq)]
struct GroupShape {
    items: usize,
    children: Vec<GroupShape>,
}

impl GroupShape {
    fn of(n: &Node) -> GroupShape {
        GroupShape {
            items: n.items.len(),
            children: n.children.iter().map(GroupShape::of).collect(),
        }
    }

    fn depth(&self) -> usize {
        1 + self
            .children
            .iter()
            .map(GroupShape::depth)
            .max()
            .unwrap_or(0)
    }
}

#[component]
fn EditorForm(editor: Editor, resumed: bool, storage_error: Option<String>) -> impl IntoView {
    let editor = RwSignal::new(editor);
    let problems = Memo::new(move |_| {
        editor.with(|e| {
            let f = e.framework();
            e.problems()
                .iter()
                .map(|p| Shown {
                    field: problem_field(f, p),
                    text: p.text(lang()),
                    what: sentence(&p.what(lang())),
                })
                .collect()
        })
    });
    let ctx = Ctx {
        editor,
        problems,
        storage_error: RwSignal::new(storage_error),
        field_error: RwSignal::new(None),
    };
    let intro = matches!(ctx.editor.get_untracked().origin, Origin::Edit { .. })
        .then(|| view! { <p class="hint">{t(k::editor::EDIT_MAKES_VERSION)}</p> });
    let resumed = resumed.then(|| view! { <p class="success" role="status" data-testid="resumed">{t(k::editor::RESUMED)}</p> });
    let errors = move || {
        let messages: Vec<String> = [ctx.storage_error.get(), ctx.field_error.get()]
            .into_iter()
            .flatten()
            .collect();
        (!messages.is_empty()).then(|| view! {
            <div class="error" role="alert">{messages.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}</div>
        })
    };
    view! {
        {intro}
        {resumed}
        {errors}
        <Problems ctx />
        <General ctx />
        <Bands ctx />
        <Raters ctx />
        <Groups ctx />
        <EditActions ctx />
    }
}

/// A one-line text field that changes the framework when the user leaves it (one undo step
/// per field change, not per keystroke).
fn text_field(
    ctx: Ctx,
    id: String,
    label: String,
    value: impl Fn(&Framework) -> String + Send + Sync + 'static,
    edit: impl Fn(String) -> Edit + Send + Sync + 'static,
) -> impl IntoView {
    let (invalid, problem) = field_problems(ctx, &id);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id.clone() type="text" prop:value=move || ctx.read(&value)
                aria-invalid=move || invalid().to_string() aria-describedby=move || invalid().then(|| format!("{id}-problem"))
                on:change=move |ev| ctx.change(edit(event_target_value(&ev))) />
            {problem}
        </div>
    }
}

/// A field's own problems: whether it is invalid (for `aria-invalid`) and the message under it,
/// `<id>-problem`, which its `aria-describedby` names; both gone once the problem is fixed.
fn field_problems(
    ctx: Ctx,
    id: &str,
) -> (
    impl Fn() -> bool + Copy + Send + Sync + 'static,
    impl IntoView,
) {
    let id = StoredValue::new(id.to_string());
    let mine = Memo::new(move |_| {
        id.with_value(|id| {
            ctx.problems.with(|list| {
                list.iter()
                    .filter(|p| p.field.as_deref() == Some(id.as_str()))
                    .map(|p| p.what.clone())
                    .collect::<Vec<_>>()
            })
        })
    });
    let invalid = move || mine.with(|m| !m.is_empty());
    let message = move || {
        invalid().then(|| {
            view! {
                <p class="field-problem" id=id.with_value(|id| format!("{id}-problem"))>{mine.get().join(" · ")}</p>
            }
        })
    };
    (invalid, message)
}

#[component]
fn General(ctx: Ctx) -> impl IntoView {
    let purpose_label = |p: Purpose| match p {
        Purpose::Assessment => t(k::frameworks::PURPOSE_ASSESSMENT),
        Purpose::Reflection => t(k::frameworks::PURPOSE_REFLECTION),
    };
    let options = Purpose::ALL
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            view! { <option value=i.to_string() prop:selected=move || ctx.read(|f| f.purpose == p)>{purpose_label(p)}</option> }
        })
        .collect_view();
    let scale_field = |id: &'static str,
                       label: Key,
                       get: fn(&Framework) -> u32,
                       set: fn(&mut [u32; 3], u32)| {
        let (invalid, problem) = field_problems(ctx, id);
        view! {
            <div class="field">
                <label for=id>{t(label)}</label>
                <input id=id type="number" min="0" step="1" inputmode="numeric"
                    aria-invalid=move || invalid().to_string() aria-describedby=move || invalid().then(|| format!("{id}-problem"))
                    prop:value=move || ctx.read(|f| get(f).to_string())
                    on:change=move |ev| {
                        if let Some(v) = ctx.number(&event_target_value(&ev), label, k::editor::WHOLE_NUMBER) {
                            let mut s = ctx.read(|f| [f.scale.min, f.scale.max, f.scale.step]);
                            set(&mut s, v);
                            ctx.change(Edit::Scale { min: s[0], max: s[1], step: s[2] });
                        }
                    } />
                {problem}
            </div>
        }
    };
    view! {
        <fieldset>
            <legend>{t(k::editor::GENERAL)}</legend>
            {text_field(ctx, "edit-title".into(), t(k::editor::TITLE).into(), |f| f.title.clone(), Edit::Title)}
            {text_field(ctx, "edit-publisher".into(), t(k::editor::PUBLISHER).into(), |f| f.source.publisher.clone(), Edit::Publisher)}
            {text_field(ctx, "edit-document".into(), t(k::editor::DOCUMENT).into(), |f| f.source.document.clone(), Edit::Document)}
            <div class="field">
                <label for="edit-purpose">{t(k::editor::PURPOSE)}</label>
                <select id="edit-purpose" on:change=move |ev| {
                    if let Some(&p) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| Purpose::ALL.get(i)) {
                        ctx.change(Edit::Purpose(p));
                    }
                }>{options}</select>
            </div>
        </fieldset>
        <fieldset class="scale">
            <legend>{t(k::editor::SCALE)}</legend>
            {scale_field("edit-scale-min", k::editor::SCALE_MIN, |f| f.scale.min, |s, v| s[0] = v)}
            {scale_field("edit-scale-max", k::editor::SCALE_MAX, |f| f.scale.max, |s, v| s[1] = v)}
            {scale_field("edit-scale-step", k::editor::SCALE_STEP, |f| f.scale.step, |s, v| s[2] = v)}
        </fieldset>
    }
}

fn shape(ctx: Ctx) -> Memo<Shape> {
    Memo::new(move |_| {
        ctx.read(|f| Shape {
            purpose: f.purpose,
            bands: f.bands.len(),
            groups: f.nodes.iter().map(GroupShape::of).collect(),
        })
    })
}

#[component]
fn Bands(ctx: Ctx) -> impl IntoView {
    let shape = shape(ctx);
    move || {
        let (purpose, count) = shape.with(|s| (s.purpose, s.bands));
        (purpose == Purpose::Assessment).then(|| {
            let bands = (0..count)
                .map(|i| view! { <BandEditor ctx index=i last=i + 1 == count /> })
                .collect_view();
            view! {
                <fieldset>
                    <legend>{t(k::editor::BANDS)}</legend>
                    {bands}
                    <button type="button" class="secondary" on:click=move |_| ctx.change(Edit::AddBand)>{t(k::editor::ADD_BAND)}</button>
                    <BandPreview ctx />
                </fieldset>
            }
        })
    }
}

fn band_field(b: &Band, field: BandText) -> String {
    match field {
        BandText::Label => b.label.clone(),
        BandText::Meaning => b.meaning.clone(),
        BandText::Advice => b.advice.clone(),
    }
}

#[component]
fn BandEditor(ctx: Ctx, index: usize, last: bool) -> impl IntoView {
    let band = move |f: &Framework| f.bands.get(index).cloned();
    let texts = BandText::ALL
        .iter()
        .map(|&field| {
            let label = match field {
                BandText::Label => k::editor::BAND_LABEL,
                BandText::Meaning => k::editor::BAND_MEANING,
                BandText::Advice => k::editor::BAND_ADVICE,
            };
            let id = format!(
                "band-{index}-{}",
                BandText::ALL.iter().position(|&f| f == field).unwrap_or(0)
            );
            text_field(
                ctx,
                id,
                t(label).into(),
                move |f| band(f).map(|b| band_field(&b, field)).unwrap_or_default(),
                move |value| Edit::BandText {
                    band: index,
                    field,
                    value,
                },
            )
        })
        .collect_view();
    let bound_kind = move |f: &Framework| match band(f) {
        Some(Band {
            up_to: Some(_),
            below: None,
            ..
        }) => BoundKind::UpTo,
        _ => BoundKind::Below,
    };
    let bound_value = move |f: &Framework| band(f).and_then(|b| b.below.or(b.up_to));
    let bound = if last {
        view! { <p class="hint">{t(k::editor::LAST_BAND_OPEN)}</p> }.into_any()
    } else {
        let options = BoundKind::ALL
            .iter()
            .enumerate()
            .map(|(i, &kind)| {
                let label = match kind {
                    BoundKind::Below => t(k::editor::BOUND_BELOW),
                    BoundKind::UpTo => t(k::editor::BOUND_UP_TO),
                };
                view! { <option value=i.to_string() prop:selected=move || ctx.read(bound_kind) == kind>{label}</option> }
            })
            .collect_view();
        let bound_id = format!("band-{index}-bound");
        let (invalid, problem) = field_problems(ctx, &bound_id);
        let described = format!("{bound_id}-problem");
        view! {
            <div class="field">
                <label for=format!("band-{index}-kind")>{t(k::editor::BOUND_KIND)}</label>
                <select id=format!("band-{index}-kind") on:change=move |ev| {
                    if let Some(&kind) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| BoundKind::ALL.get(i)) {
                        let value = ctx.read(|f| bound_value(f).unwrap_or(f64::from(f.scale.min)));
                        ctx.change(Edit::BandBound { band: index, kind, value });
                    }
                }>{options}</select>
            </div>
            <div class="field">
                <label for=format!("band-{index}-bound")>{t(k::editor::BOUND_VALUE)}</label>
                <input id=bound_id type="number" step="any" inputmode="decimal"
                    aria-invalid=move || invalid().to_string() aria-describedby=move || invalid().then(|| described.clone())
                    prop:value=move || ctx.read(|f| bound_value(f).map(|v| v.to_string()).unwrap_or_default())
                    on:change=move |ev| {
                        if let Some(value) = ctx.number::<f64>(&event_target_value(&ev), k::editor::BOUND_VALUE, k::editor::A_NUMBER) {
                            let kind = ctx.read(bound_kind);
                            ctx.change(Edit::BandBound { band: index, kind, value });
                        }
                    } />
                {problem}
            </div>
        }
        .into_any()
    };
    let number = (index + 1).to_string();
    view! {
        <fieldset class="band" data-testid=format!("band-{index}")>
            <legend>{tf(k::editor::BAND, &[("number", &number)])}</legend>
            {texts}
            <div class="field check">
                <input id=format!("band-{index}-focus") type="checkbox"
                    prop:checked=move || ctx.read(|f| band(f).is_some_and(|b| b.focus))
                    on:change=move |ev| ctx.change(Edit::BandFocus { band: index, focus: event_target_checked(&ev) }) />
                <label for=format!("band-{index}-focus")>{t(k::editor::BAND_FOCUS)}</label>
            </div>
            {bound}
            <button type="button" class="secondary" on:click=move |_| ctx.change(Edit::RemoveBand(index))>{t(k::editor::REMOVE_BAND)}</button>
        </fieldset>
    }
}

/// Which band 54, 55, 75 and 76 fall into, by the rule the results use.
#[component]
fn BandPreview(ctx: Ctx) -> impl IntoView {
    let lines = move || {
        ctx.read(|f| {
            band_preview(f)
                .into_iter()
                .map(|(value, index)| {
                    let value = value.to_string();
                    let unit = f.scale.unit.as_str();
                    let line = match index.and_then(|i| f.bands.get(i)) {
                        Some(b) => tf(
                            k::editor::PREVIEW_VALUE,
                            &[("value", &value), ("unit", unit), ("band", &b.label)],
                        ),
                        None => tf(
                            k::editor::PREVIEW_NONE,
                            &[("value", &value), ("unit", unit)],
                        ),
                    };
                    view! { <li>{line}</li> }
                })
                .collect_view()
        })
    };
    view! {
        <h2 class="h3">{t(k::editor::PREVIEW)}</h2>
        <ul data-testid="band-preview" aria-live="polite">{lines}</ul>
    }
}

#[component]
fn Raters(ctx: Ctx) -> impl IntoView {
    let boxes = RaterRole::ALL
        .iter()
        .map(|&role| {
            let id = format!("edit-rater-{}", role.wire_name());
            view! {
                <div class="field check">
                    <input id=id.clone() type="checkbox"
                        prop:checked=move || ctx.read(|f| f.raters.contains(&role))
                        on:change=move |ev| ctx.change(Edit::Rates { role, rates: event_target_checked(&ev) }) />
                    <label for=id>{t(role.label())}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset>
            <legend>{t(k::editor::RATERS)}</legend>
            {boxes}
        </fieldset>
    }
}

fn path_id(path: &[usize]) -> String {
    path.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join("-")
}

#[component]
fn Groups(ctx: Ctx) -> impl IntoView {
    let shape = shape(ctx);
    let groups = move || {
        shape.with(|s| {
            let count = s.groups.len();
            s.groups
                .iter()
                .enumerate()
                .map(|(i, g)| group_view(ctx, vec![i], g, count))
                .collect_view()
        })
    };
    view! {
        <section aria-labelledby="edit-groups">
            <h2 id="edit-groups">{t(k::editor::GROUPS)}</h2>
            {groups}
            <button type="button" class="secondary" on:click=move |_| {
                let kind = ctx.read(|f| f.nodes.last().map(|n| n.kind.clone())).unwrap_or_else(|| t(k::editor::DEFAULT_KIND).into());
                ctx.change(Edit::AddGroup { parent: None, kind });
                focus_next_frame(format!("g-{}-title", ctx.read(|f| f.nodes.len()).saturating_sub(1)));
            }>{t(k::editor::ADD_GROUP)}</button>
        </section>
    }
}

/// Puts the focus on a field the last change added, once it is rendered: the list around it
/// was rebuilt, so the button that was clicked is gone.
fn focus_next_frame(id: String) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id) {
            use wasm_bindgen::JsCast;
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}

fn node_at<'a>(f: &'a Framework, path: &[usize]) -> Option<&'a Node> {
    let (first, rest) = path.split_first()?;
    rest.iter()
        .try_fold(f.nodes.get(*first)?, |n, &i| n.children.get(i))
}

/// A button that sends one edit; `disabled` where it would be refused.
fn edit_button(
    ctx: Ctx,
    label: Key,
    disabled: bool,
    edit: impl Fn() -> Edit + Send + Sync + 'static,
) -> impl IntoView {
    view! { <button type="button" class="secondary" disabled=disabled on:click=move |_| ctx.change(edit())>{t(label)}</button> }
}

fn group_view(ctx: Ctx, path: NodePath, shape: &GroupShape, siblings: usize) -> AnyView {
    let at = *path.last().unwrap_or(&0);
    let pid = path_id(&path);
    let node = {
        let path = path.clone();
        move |f: &Framework| node_at(f, &path).cloned()
    };
    let legend = {
        let node = node.clone();
        move || {
            ctx.read(|f| {
                node(f).map(|n| tf(k::editor::GROUP, &[("kind", &n.kind), ("code", &n.code)]))
            })
        }
    };
    let field = |name: &str, label: Key, which: GroupText| {
        let (node, path) = (node.clone(), path.clone());
        text_field(
            ctx,
            format!("g-{pid}-{name}"),
            t(label).into(),
            move |f| {
                node(f)
                    .map(|n| match which {
                        GroupText::Code => n.code,
                        GroupText::Kind => n.kind,
                        GroupText::Title => n.title,
                    })
                    .unwrap_or_default()
            },
            move |value| Edit::GroupText {
                group: path.clone(),
                field: which,
                value,
            },
        )
    };
    let fields = view! {
        {field("title", k::editor::GROUP_TITLE, GroupText::Title)}
        {field("code", k::editor::GROUP_CODE, GroupText::Code)}
        {field("kind", k::editor::GROUP_KIND, GroupText::Kind)}
    };
    let p = path.clone();
    let moves = view! {
        {edit_button(ctx, k::editor::MOVE_UP, at == 0, { let p = p.clone(); move || Edit::MoveGroup { group: p.clone(), direction: Direction::Up } })}
        {edit_button(ctx, k::editor::MOVE_DOWN, at + 1 >= siblings, { let p = p.clone(); move || Edit::MoveGroup { group: p.clone(), direction: Direction::Down } })}
        {edit_button(ctx, k::editor::NEST, at == 0 || path.len() + shape.depth() > MAX_DEPTH, { let p = p.clone(); move || Edit::Nest(p.clone()) })}
        {(path.len() > 1).then(|| edit_button(ctx, k::editor::UNNEST, false, { let p = p.clone(); move || Edit::Unnest(p.clone()) }))}
    };
    let remove = {
        let (node, p) = (node.clone(), p.clone());
        move |_| {
            let title = ctx.read(|f| node(f).map(|n| n.title)).unwrap_or_default();
            if window()
                .confirm_with_message(&tf(k::editor::REMOVE_GROUP_CONFIRM, &[("title", &title)]))
                .unwrap_or(false)
            {
                ctx.change(Edit::RemoveGroup(p.clone()));
            }
        }
    };
    let items = (0..shape.items)
        .map(|i| item_view(ctx, path.clone(), i, shape.items))
        .collect_view();
    let children = shape
        .children
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut child = path.clone();
            child.push(i);
            group_view(ctx, child, c, shape.children.len())
        })
        .collect_view();
    let add_sub = (path.len() < MAX_DEPTH).then(|| {
        let p = p.clone();
        view! {
            <button type="button" class="secondary" on:click=move |_| {
                let kind = ctx.read(|f| node_at(f, &p).and_then(|n| n.children.last()).map(|c| c.kind.clone()))
                    .unwrap_or_else(|| t(k::editor::DEFAULT_KIND).into());
                ctx.change(Edit::AddGroup { parent: Some(p.clone()), kind });
                let last = ctx.read(|f| node_at(f, &p).map_or(0, |n| n.children.len())).saturating_sub(1);
                focus_next_frame(format!("g-{}-{last}-title", path_id(&p)));
            }>{t(k::editor::ADD_SUBGROUP)}</button>
        }
    });
    let code = ctx.read(|f| node(f).map(|n| n.code)).unwrap_or_default();
    let (add_item_to, new_item) = (p.clone(), format!("i-{pid}-{}-title", shape.items));
    view! {
        <fieldset class="edit-group" data-testid=format!("group-{pid}")>
            <legend>{legend}</legend>
            {fields}
            <div class="row-actions" role="group" aria-label=tf(k::editor::GROUP_ACTIONS, &[("code", &code)])>
                {moves}
                <button type="button" class="secondary" on:click=remove>{t(k::editor::REMOVE_GROUP)}</button>
            </div>
            {items}
            <button type="button" class="secondary" on:click=move |_| {
                ctx.change(Edit::AddItem { group: add_item_to.clone() });
                focus_next_frame(new_item.clone());
            }>{t(k::editor::ADD_ITEM)}</button>
            {children}
            {add_sub}
        </fieldset>
    }
    .into_any()
}

fn item_view(ctx: Ctx, group: NodePath, index: usize, count: usize) -> impl IntoView {
    let iid = format!("i-{}-{index}", path_id(&group));
    let item = {
        let group = group.clone();
        move |f: &Framework| node_at(f, &group).and_then(|n| n.items.get(index).cloned())
    };
    let field = |name: &str, label: Key, which: ItemText| {
        let (item, group) = (item.clone(), group.clone());
        text_field(
            ctx,
            format!("{iid}-{name}"),
            t(label).into(),
            move |f| {
                item(f)
                    .map(|i| match which {
                        ItemText::Code => i.code,
                        ItemText::Title => i.title,
                    })
                    .unwrap_or_default()
            },
            move |value| Edit::ItemText {
                group: group.clone(),
                item: index,
                field: which,
                value,
            },
        )
    };
    let legend = {
        let item = item.clone();
        move || ctx.read(|f| item(f).map(|i| tf(k::editor::ITEM, &[("code", &i.code)])))
    };
    let indicators = {
        let item = item.clone();
        move || ctx.read(|f| item(f).map(|i| i.indicators.join("\n")).unwrap_or_default())
    };
    let code = ctx.read(|f| item(f).map(|i| i.code)).unwrap_or_default();
    let g = group.clone();
    let indicators_id = format!("{iid}-indicators");
    let (invalid, problem) = field_problems(ctx, &indicators_id);
    let described = format!("{indicators_id}-problem");
    view! {
        <fieldset class="edit-item" data-testid=iid.to_string()>
            <legend>{legend}</legend>
            {field("title", k::editor::ITEM_TITLE, ItemText::Title)}
            {field("code", k::editor::ITEM_CODE, ItemText::Code)}
            <div class="field">
                <label for=format!("{iid}-indicators")>{t(k::editor::ITEM_INDICATORS)}</label>
                <textarea id=indicators_id rows="3" prop:value=indicators
                    aria-invalid=move || invalid().to_string() aria-describedby=move || invalid().then(|| described.clone())
                    on:change=move |ev| ctx.change(Edit::Indicators { group: g.clone(), item: index, lines: event_target_value(&ev) })></textarea>
                {problem}
            </div>
            <div class="row-actions" role="group" aria-label=tf(k::editor::ITEM_ACTIONS, &[("code", &code)])>
                {edit_button(ctx, k::editor::MOVE_UP, index == 0, { let g = group.clone(); move || Edit::MoveItem { group: g.clone(), item: index, direction: Direction::Up } })}
                {edit_button(ctx, k::editor::MOVE_DOWN, index + 1 >= count, { let g = group.clone(); move || Edit::MoveItem { group: g.clone(), item: index, direction: Direction::Down } })}
                {edit_button(ctx, k::editor::REMOVE_ITEM, false, { let g = group.clone(); move || Edit::RemoveItem { group: g.clone(), item: index } })}
            </div>
        </fieldset>
    }
}

/// The framework's problems as `Framework::parse` would report them, in the interface language,
/// at the top of the form: each one a link that jumps to its field.
#[component]
fn Problems(ctx: Ctx) -> impl IntoView {
    move || {
        let list = ctx.problems.get();
        if list.is_empty() {
            view! { <p class="success" data-testid="editor-problems" role="status">{t(k::editor::NO_PROBLEMS)}</p> }.into_any()
        } else {
            let count = list.len().to_string();
            let items = list
                .into_iter()
                .map(|p| match p.field {
                    Some(field) => {
                        let href = format!("#{field}");
                        view! {
                            <li><a href=href on:click=move |ev| {
                                // The URL fragment is the route: jump without changing it.
                                ev.prevent_default();
                                jump_to(&field);
                            }>{p.text}</a></li>
                        }
                        .into_any()
                    }
                    None => view! { <li>{p.text}</li> }.into_any(),
                })
                .collect_view();
            view! {
                <div class="error" data-testid="editor-problems" id="editor-problems" tabindex="-1" role="status">
                    <h2 class="h3">{tf(k::editor::PROBLEMS, &[("count", &count)])}</h2>
                    <ul>{items}</ul>
                </div>
            }
            .into_any()
        }
    }
}

#[component]
fn EditActions(ctx: Ctx) -> impl IntoView {
    let catalog = Catalog::get();
    let outcome = RwSignal::new(None::<(bool, String)>);
    let blocked = move || ctx.problems.with(|p| !p.is_empty());
    let undo = move |_| {
        let mut undone = false;
        ctx.editor.update(|e| undone = e.undo());
        if undone {
            ctx.store();
        }
    };
    let save = move |_| match catalog.save_edit(&ctx.editor.get_untracked()) {
        Ok(saved) => {
            if let Err(e) = storage::remove(PENDING_KEY) {
                ctx.storage_error.set(Some(tf(
                    k::editor::STORAGE_FAILED,
                    &[("reason", &e.message(lang()))],
                )));
            }
            match saved {
                Some(f) => {
                    catalog.just_saved(&f.id);
                    go(&Screen::Framework(f.id));
                }
                None => outcome.set(Some((true, t(k::editor::UNCHANGED).into()))),
            }
        }
        Err(message) => outcome.set(Some((false, message))),
    };
    let discard_all = move |_| {
        if discard() {
            go(&Screen::Frameworks);
        }
    };
    // Sticky at the bottom of the screen: saving, and why it cannot yet, are always in view.
    let to_problems = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        jump_to("editor-problems");
    };
    view! {
        <div class="editor-bar" data-testid="editor-bar">
            {move || blocked().then(|| view! {
                <p class="hint">{t(k::editor::SAVE_BLOCKED)} " "
                    <a href="#editor-problems" on:click=to_problems>{tf(k::editor::TO_PROBLEMS, &[("count", &ctx.problems.with(Vec::len).to_string())])}</a>
                </p>
            })}
            <div class="actions editor-actions" role="group" aria-label=t(k::editor::ACTIONS)>
                <button type="button" class="secondary" disabled=move || ctx.editor.with(|e| !e.can_undo()) on:click=undo>{t(k::editor::UNDO)}</button>
                <button type="button" class="primary" disabled=blocked on:click=save>{t(k::editor::SAVE)}</button>
                <button type="button" class="secondary" on:click=discard_all>{t(k::editor::DISCARD)}</button>
            </div>
            {move || outcome.get().map(|(ok, m)| if ok {
                view! { <p class="success" role="status">{m}</p> }.into_any()
            } else {
                view! { <p class="error" role="alert">{m}</p> }.into_any()
            })}
        </div>
    }
}

/// The authoring chunk: the framework editor.
#[leptos::wasm_split::wasm_split(authoring, fallible, wasm_split_path = leptos::wasm_split)]
pub fn screen(origin: crate::core::edit::Origin) -> super::lazy::Loaded {
    Ok(view! { <EditorScreen origin /> }.into_any())
}
