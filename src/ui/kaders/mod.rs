//! Kaders: the list of frameworks and a reader that shows one framework's whole content, with
//! collapsible levels, the variant switch and a highlighting search. Text is always inserted
//! as text, never as HTML.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::authoring::{EditButtons, NewFrameworkLink};
use super::catalog::{AddOutcome, Catalog};
use super::exchange::send_file;
use super::i18n::{k, lang, t, tf, tn};
use crate::core::custom::{AddError, Candidate, Placement, Taken};
use crate::core::framework::{in_variant, Block, Framework, Item, Node, Purpose};
use crate::core::refusal::{Refusal, MAX_FRAMEWORK_BYTES};
use crate::core::route::Screen;
use crate::core::search::{Hit, Query, SearchIndex};
use crate::core::{moodle, template};
use crate::platform::files;

fn purpose_label(p: Purpose) -> &'static str {
    match p {
        Purpose::Assessment => t(k::frameworks::PURPOSE_ASSESSMENT),
        Purpose::Reflection => t(k::frameworks::PURPOSE_REFLECTION),
    }
}

fn card(f: &Framework, remove: Option<AnyView>) -> impl IntoView {
    let href = format!("#/kaders/{}", f.id);
    view! {
        <li class="card">
            <a href=href class="card-title">{f.title.clone()}</a>
            <p class="meta">
                {f.source.publisher.clone()} " · " {f.source.year} " · "
                <span class="chip">{purpose_label(f.purpose)}</span>
            </p>
            {remove}
        </li>
    }
}

#[component]
pub fn FrameworkList() -> impl IntoView {
    let catalog = Catalog::get();
    let rows = catalog
        .bundled()
        .iter()
        .map(|f| card(f, None))
        .collect_view();
    let custom_rows = move || {
        catalog.custom.with(|entries| {
            entries
                .iter()
                .map(|e| match &e.parsed {
                    Ok(f) => {
                        let id = f.id.clone();
                        let title = f.title.clone();
                        let remove = view! {
                            <button type="button" class="secondary" on:click=move |_| {
                                let question = tf(k::frameworks::REMOVE_CONFIRM, &[("title", &title)]);
                                if window().confirm_with_message(&question).unwrap_or(false) {
                                    if let Err(e) = catalog.remove(&id) {
                                        let _ = window().alert_with_message(&e);
                                    }
                                }
                            }>{t(k::frameworks::REMOVE)}</button>
                        };
                        card(f, Some(remove.into_any())).into_any()
                    }
                    Err(err) => view! {
                        <li class="card">
                            <p class="card-title">{t(k::frameworks::UNREADABLE_CUSTOM)}</p>
                            <p class="meta">{err.text(lang())}</p>
                        </li>
                    }
                    .into_any(),
                })
                .collect_view()
        })
    };
    view! {
        <section>
            <h1>{t(k::frameworks::TITLE)}</h1>
            <p>{t(k::frameworks::INTRO)}</p>
            <ul class="cards" data-testid="framework-list">{rows}</ul>
            <h2>{t(k::frameworks::CUSTOM_TITLE)}</h2>
            <p class="hint">{t(k::frameworks::CUSTOM_HINT)}</p>
            <ul class="cards" data-testid="custom-framework-list">{custom_rows}</ul>
            <p>
                <button type="button" class="secondary" on:click=move |_| download_csv("kader-sjabloon.csv", &template::example())>
                    {t(k::frameworks::EXAMPLE_DOWNLOAD)}
                </button>
            </p>
            <NewFrameworkLink />
            <AddFramework />
        </section>
    }
}

/// Where adding one framework file is: refused or added, or read and waiting for the user.
/// Kader toevoegen and Bestand openen (a shared framework file) both go through it.
#[derive(Clone)]
pub(crate) enum Adding {
    Added(Arc<Framework>),
    Refused(String, Vec<String>),
    /// Warnings to accept or a taken id to decide on; nothing is stored until then.
    Asking(Arc<Candidate>),
}

impl Adding {
    /// Reads a file's bytes (`custom::read_file`): stored at once when there is nothing to
    /// ask, else waiting for the user's choice.
    pub(crate) fn read(catalog: Catalog, bytes: &[u8]) -> Adding {
        match catalog.read(bytes) {
            Ok(c) if c.warnings.is_empty() && c.taken.is_none() => {
                Adding::from_outcome(catalog.store(c, None))
            }
            Ok(c) => Adding::Asking(Arc::new(c)),
            Err(e) => Adding::from_outcome(Err(e)),
        }
    }

    /// Refused by size, before the file is read into memory.
    pub(crate) fn too_large(size: usize) -> Adding {
        Adding::Refused(
            AddError::Not(Refusal::TooLarge(size)).message(lang()),
            Vec::new(),
        )
    }

    fn from_outcome(outcome: Result<Framework, AddOutcome>) -> Adding {
        match outcome {
            Ok(f) => Adding::Added(Arc::new(f)),
            Err(AddOutcome::Refused(AddError::Invalid(e))) => Adding::Refused(
                AddError::Invalid(e.clone()).message(lang()),
                e.problems.iter().map(|p| p.text(lang())).collect(),
            ),
            Err(AddOutcome::Refused(e)) => Adding::Refused(e.message(lang()), Vec::new()),
            Err(AddOutcome::Storage(reason)) => Adding::Refused(reason, Vec::new()),
        }
    }
}

/// "Kader toevoegen": reads a JSON or spreadsheet file and checks it; a file with warnings or
/// an id that is taken waits for the user's choice, anything else is stored or refused with
/// every problem on its place.
#[component]
fn AddFramework() -> impl IntoView {
    let catalog = Catalog::get();
    let state = RwSignal::new(None::<Adding>);
    let on_change = move |ev: leptos::ev::Event| {
        let Some(file) = files::chosen(&ev).into_iter().next() else {
            return;
        };
        // Checked before reading: a huge file is never loaded into memory.
        if files::size(&file) > MAX_FRAMEWORK_BYTES {
            state.set(Some(Adding::too_large(files::size(&file))));
            return;
        }
        spawn_local(async move {
            state.set(Some(match files::read_bytes(file).await {
                Ok(bytes) => Adding::read(catalog, &bytes),
                Err(e) => {
                    Adding::Refused(tf(k::frameworks::READ_FAILED, &[("error", &e)]), Vec::new())
                }
            }));
        });
    };
    view! {
        <div class="field">
            <label for="add-framework">{t(k::frameworks::ADD_LABEL)}</label>
            <input id="add-framework" type="file" accept=".csv,text/csv,.json,application/json" on:change=on_change />
        </div>
        <AddingStatus state />
    }
}

/// What became of a framework file: added (with a way to start a scan with it), refused with
/// every problem, or the question to answer before it is added.
#[component]
pub(crate) fn AddingStatus(state: RwSignal<Option<Adding>>) -> impl IntoView {
    let catalog = Catalog::get();
    let store = move |candidate: Candidate, placement: Option<Placement>| {
        state.set(Some(Adding::from_outcome(
            catalog.store(candidate, placement),
        )));
    };
    move || {
        state.get().map(|s| match s {
            Adding::Added(f) => view! {
                <p class="success" role="status" data-testid="framework-added">
                    {tf(k::frameworks::ADDED, &[("title", &f.title)])} " "
                    <a href=Screen::NewScanWith(f.id.clone()).to_hash()>{t(k::frameworks::START_SCAN)}</a>
                </p>
            }
            .into_any(),
            Adding::Refused(message, problems) => view! {
                <div class="error" role="alert" data-testid="framework-refused">
                    <p><strong>{t(k::frameworks::NOT_ADDED)}</strong> " " {message}</p>
                    <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            }
            .into_any(),
            Adding::Asking(candidate) => {
                view! { <AskBeforeAdding candidate store cancel=move || state.set(None) /> }
                    .into_any()
            }
        })
    }
}

/// A read framework's warnings and, for a taken id, the choice of new version or copy.
#[component]
fn AskBeforeAdding(
    candidate: Arc<Candidate>,
    store: impl Fn(Candidate, Option<Placement>) + Copy + Send + Sync + 'static,
    cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let f = &candidate.framework;
    let warnings = (!candidate.warnings.is_empty()).then(|| {
        view! {
            <p>{tn(candidate.warnings.len(), k::frameworks::WARNINGS_ONE, k::frameworks::WARNINGS_MANY, &[])}</p>
            <ul>{candidate.warnings.iter().map(|w| view! { <li>{w.text(lang())}</li> }).collect_view()}</ul>
        }
    });
    let choice = |label: &'static str, placement: Option<Placement>| {
        let c = candidate.clone();
        view! { <button type="button" on:click=move |_| store((*c).clone(), placement)>{label}</button> }
    };
    let (question, buttons) = match candidate.taken {
        None => (None, vec![choice(t(k::frameworks::ACCEPT), None)]),
        Some(taken) => {
            let key = match taken {
                Taken::Bundled => k::frameworks::TAKEN_BUNDLED,
                Taken::Custom => k::frameworks::TAKEN_CUSTOM,
            };
            let buttons = taken
                .placements()
                .iter()
                .map(|&p| {
                    let label = match p {
                        Placement::NewVersion => t(k::frameworks::AS_NEW_VERSION),
                        Placement::Copy => t(k::frameworks::AS_COPY),
                    };
                    choice(label, Some(p))
                })
                .collect();
            let (old, new) = (
                candidate.replaces.as_deref().unwrap_or_default(),
                f.version.as_str(),
            );
            (
                Some(view! { <p>{tf(key, &[("id", &f.id), ("old", old), ("new", new)])}</p> }),
                buttons,
            )
        }
    };
    view! {
        <div class="notice" role="alert" data-testid="add-framework-question">
            <p><strong>{tf(k::frameworks::REVIEW_TITLE, &[("title", &f.title)])}</strong></p>
            {warnings}
            {question}
            <div class="actions">
                {buttons}
                <button type="button" class="secondary" on:click=move |_| cancel()>{t(k::frameworks::CANCEL)}</button>
            </div>
        </div>
    }
}

/// Offers `text` as a CSV download; a failure is said, not swallowed.
fn download_csv(name: &str, text: &str) {
    if let Err(e) = files::download(name, text, "text/csv;charset=utf-8") {
        let _ = window().alert_with_message(&tf(k::frameworks::DOWNLOAD_FAILED, &[("error", &e)]));
    }
}

#[component]
pub fn FrameworkReader(id: String) -> impl IntoView {
    let Some((framework, custom)) = Catalog::get().find(&id) else {
        return view! {
            <section>
                <h1>{t(k::frameworks::NOT_FOUND_TITLE)}</h1>
                <p>{tf(k::frameworks::NOT_FOUND, &[("id", &id)])}</p>
                <p><a href="#/kaders">{t(k::frameworks::TO_FRAMEWORKS)}</a></p>
            </section>
        }
        .into_any();
    };
    let variant = RwSignal::new(framework.variants.first().map(|v| v.id.clone()));
    let query_text = RwSignal::new(String::new());
    let query = Memo::new(move |_| query_text.with(|q| Query::new(q)));
    // Levels the reader has open, by code: kept when the variant changes or a search ends.
    let opened = StoredValue::new(HashSet::<String>::new());
    // Bumped when `opened` changes from outside the tree (a search result is revealed).
    let revision = RwSignal::new(0u32);

    let f = framework.clone();
    let tree = move || {
        revision.track();
        let ctx = Arc::new(Ctx {
            framework: f.clone(),
            variant: variant.get(),
            opened,
        });
        let about = (!f.about.is_empty()).then(|| {
            let ctx2 = ctx.clone();
            collapsible(
                t(k::frameworks::ABOUT).into_any(),
                "about".to_string(),
                &ctx,
                move || {
                    ctx2.framework
                        .about
                        .iter()
                        .filter(|b| in_variant(&b.variants, ctx2.variant()))
                        .map(block_view)
                        .collect_view()
                        .into_any()
                },
            )
        });
        let nodes = f
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| in_variant(&n.variants, ctx.variant()))
            .map(|(i, n)| node_view(n, vec![i], &ctx))
            .collect_view();
        view! { {about}<div class="tree">{nodes}</div> }
    };

    let f = framework.clone();
    let reveal = move |hit: Hit| {
        opened.update_value(|o| {
            o.extend(hit.trail.iter().cloned());
            if hit.trail.is_empty() {
                o.insert("about".into());
            }
        });
        query_text.set(String::new());
        revision.update(|r| *r += 1);
        let target = hit
            .item
            .or(hit.trail.last().cloned())
            .unwrap_or_else(|| "about".into());
        request_animation_frame(move || {
            let selector = format!("[data-code=\"{target}\"]");
            if let Ok(Some(el)) = document().query_selector(&selector) {
                el.scroll_into_view();
                let _ = el.class_list().add_1("target");
            }
        });
    };
    // Built on the first search and again only when the variant changes.
    let index = StoredValue::new(None::<(Option<String>, Arc<SearchIndex>)>);
    let results = move || {
        query.get().map(|q| {
            let v = variant.get();
            let current = index.with_value(|i| {
                i.as_ref()
                    .filter(|(iv, _)| *iv == v)
                    .map(|(_, x)| x.clone())
            });
            let idx = current.unwrap_or_else(|| {
                let built = Arc::new(SearchIndex::new(&f, v.as_deref(), lang()));
                index.set_value(Some((v.clone(), built.clone())));
                built
            });
            let found = idx.find(&q);
            view! { <SearchResults query=q found reveal /> }
        })
    };

    let variant_switch = (!framework.variants.is_empty()).then(|| {
        let buttons = framework
            .variants
            .iter()
            .map(|v| {
                let id = v.id.clone();
                let id2 = v.id.clone();
                view! {
                    <button
                        type="button"
                        aria-pressed=move || (variant.get().as_deref() == Some(id.as_str())).to_string()
                        on:click=move |_| variant.set(Some(id2.clone()))
                    >
                        {v.label.clone()}
                    </button>
                }
            })
            .collect_view();
        view! { <div class="segmented" role="group" aria-label=t(k::frameworks::VARIANT)>{buttons}</div> }
    });

    let (for_template, for_moodle, for_share) =
        (framework.clone(), framework.clone(), framework.clone());
    let (share_status, share_mailto) =
        (RwSignal::new(None::<String>), RwSignal::new(None::<String>));
    // One file, the framework's canonical JSON: what Bestand openen and Kader toevoegen read.
    let share = move |_| {
        let name = format!("kader-{}.json", for_share.id);
        let body = tf(
            k::frameworks::SHARE_BODY,
            &[("title", &for_share.title), ("file", &name)],
        );
        send_file(
            &name,
            &for_share.canonical_json(),
            &body,
            k::frameworks::SHARE_FALLBACK,
            share_status,
            share_mailto,
            || (),
        );
    };
    view! {
        <section class="reader">
            <p><a href="#/kaders">{t(k::frameworks::ALL_FRAMEWORKS)}</a></p>
            <h1>{framework.title.clone()}</h1>
            <p class="meta">
                {framework.source.publisher.clone()} " · " {framework.source.year} " · " {framework.source.document.clone()}
            </p>
            <p><span class="chip">{purpose_label(framework.purpose)}</span></p>
            <EditButtons framework=framework.clone() custom />
            <div class="actions" role="group" aria-label=t(k::frameworks::EXPORT_TITLE)>
                <button type="button" class="secondary" on:click=move |_| download_csv(&format!("{}-sjabloon.csv", for_template.id), &template::write(&for_template))>
                    {t(k::frameworks::EXPORT_TEMPLATE)}
                </button>
                <button type="button" class="secondary" on:click=move |_| download_csv(&format!("{}-moodle.csv", for_moodle.id), &moodle::write(&for_moodle))>
                    {t(k::frameworks::EXPORT_MOODLE)}
                </button>
                <button type="button" class="primary" on:click=share>{t(k::frameworks::SHARE)}</button>
            </div>
            {move || share_status.get().map(|s| view! { <p role="status" data-testid="share-status">{s}</p> })}
            {move || share_mailto.get().map(|u| view! { <p><a href=u>{t(k::exchange::OPEN_MAIL)}</a></p> })}
            {variant_switch}
            <div class="field search">
                <label for="framework-search">{t(k::frameworks::SEARCH_LABEL)}</label>
                <input
                    id="framework-search"
                    type="search"
                    placeholder=t(k::frameworks::SEARCH_PLACEHOLDER)
                    prop:value=move || query_text.get()
                    on:input=move |ev| query_text.set(event_target_value(&ev))
                />
            </div>
            {results}
            <div hidden=move || query.with(Option::is_some)>{tree}</div>
        </section>
    }
    .into_any()
}

/// How many search results are rendered at first; the rest on request. Rendering is what costs
/// on a phone, so a common word must not render the whole framework.
const RESULTS_PAGE: usize = 50;

#[component]
fn SearchResults(
    query: Query,
    found: Vec<Hit>,
    reveal: impl Fn(Hit) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let shown = RwSignal::new(RESULTS_PAGE);
    let total = found.len();
    let status = match total {
        0 => t(k::frameworks::NO_HITS).to_string(),
        1 => t(k::frameworks::ONE_HIT).to_string(),
        n => tf(k::frameworks::HITS, &[("count", &n.to_string())]),
    };
    let list = move || {
        found
            .iter()
            .take(shown.get())
            .map(|hit| {
                let h = hit.clone();
                view! {
                    <li>
                        <p class="meta">{hit.place.clone()}</p>
                        <p>{highlighted(&hit.text, &query)}</p>
                        <button type="button" class="link" on:click=move |_| reveal(h.clone())>{t(k::frameworks::SHOW_IN_FRAMEWORK)}</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <p class="search-status" role="status">{status}</p>
        <ul class="results" data-testid="search-results">{list}</ul>
        {move || (shown.get() < total).then(|| view! {
            <button type="button" on:click=move |_| shown.update(|n| *n += RESULTS_PAGE)>
                {tf(k::frameworks::MORE_HITS, &[("shown", &shown.get().to_string()), ("total", &total.to_string())])}
            </button>
        })}
    }
}

/// What every piece of the tree needs: the framework, the variant and the set of open levels.
/// Shared (`Arc`) because a level's body is built later, when it is opened.
struct Ctx {
    framework: Arc<Framework>,
    variant: Option<String>,
    opened: StoredValue<HashSet<String>>,
}

impl Ctx {
    fn variant(&self) -> Option<&str> {
        self.variant.as_deref()
    }
}

/// A `<details>` whose body is only built while it is open, so the reader of a large
/// framework renders just the summaries of closed levels.
fn collapsible(
    summary: AnyView,
    code: String,
    ctx: &Ctx,
    body: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    let opened = ctx.opened;
    let initially = opened.with_value(|o| o.contains(&code));
    let open = RwSignal::new(initially);
    let key = code.clone();
    view! {
        <details
            class="node"
            data-code=code
            open=initially
            on:toggle=move |ev| {
                use wasm_bindgen::JsCast;
                if let Some(d) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                    let is_open = d.open();
                    opened.update_value(|o| {
                        if is_open { o.insert(key.clone()); } else { o.remove(&key); }
                    });
                    // Opening from code (`open` attribute) fires `toggle` too: an unchanged
                    // state must not rebuild the body, or the revealed item loses its mark.
                    if open.get_untracked() != is_open {
                        open.set(is_open);
                    }
                }
            }
        >
            <summary>{summary}</summary>
            {move || open.get().then(|| view! { <div class="node-body">{body()}</div> })}
        </details>
    }
    .into_any()
}

/// Text with search matches wrapped in `<mark>`; always text nodes, never HTML.
fn highlighted(text: &str, query: &Query) -> AnyView {
    query
        .segments(text)
        .into_iter()
        .map(|(s, m)| {
            if m {
                view! { <mark>{s}</mark> }.into_any()
            } else {
                s.into_any()
            }
        })
        .collect_view()
        .into_any()
}

fn paragraphs(text: &str) -> impl IntoView {
    text.split("\n\n")
        .map(|p| view! { <p>{p.to_string()}</p> })
        .collect_view()
}

fn block_view(b: &Block) -> AnyView {
    let heading = b.heading.clone().map(|h| view! { <h4>{h}</h4> });
    let text = b.text.as_deref().map(paragraphs);
    let list = (!b.list.is_empty())
        .then(|| view! { <ul>{b.list.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul> });
    let table = b.table.as_ref().map(|t| {
        view! {
            <div class="table-wrap">
                <table>
                    <thead><tr>{t.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {t.rows.iter().map(|r| view! { <tr>{r.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr> }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    });
    view! { <div class="block">{heading}{text}{list}{table}</div> }.into_any()
}

fn item_view(i: &Item, ctx: &Ctx) -> AnyView {
    let description = i.description.as_deref().map(paragraphs);
    let indicators: Vec<_> = i.indicators_for(ctx.variant()).cloned().collect();
    let indicators = (!indicators.is_empty()).then(|| {
        let lead = ctx.framework.indicator_lead.clone().map(|l| view! { <p class="lead-in">{l}</p> });
        view! {
            {lead}
            <ul class="indicators">{indicators.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
        }
    });
    view! {
        <article class="item" data-code=i.code.clone()>
            <h4><span class="code">{i.code.clone()}</span> " " {i.title.clone()}</h4>
            {description}
            {indicators}
            {i.texts.iter().filter(|b| in_variant(&b.variants, ctx.variant())).map(block_view).collect_view()}
        </article>
    }
    .into_any()
}

/// The node at `path` (indices from the root list). Paths come from the same framework, so
/// `None` cannot happen; reading with `get` keeps even that from panicking.
fn node_at<'a>(f: &'a Framework, path: &[usize]) -> Option<&'a Node> {
    let (first, rest) = path.split_first()?;
    rest.iter()
        .try_fold(f.nodes.get(*first)?, |node, &i| node.children.get(i))
}

fn node_view(n: &Node, path: Vec<usize>, ctx: &Arc<Ctx>) -> AnyView {
    let summary = view! {
        <span class="kind">{n.kind.clone()} " " {n.code.clone()}</span>
        <span class="title">{n.title.clone()}</span>
    }
    .into_any();
    let inner = ctx.clone();
    collapsible(summary, n.code.clone(), ctx, move || {
        let Some(n) = node_at(&inner.framework, &path) else {
            return ().into_any();
        };
        let v = inner.variant();
        let texts = n
            .texts
            .iter()
            .filter(|b| in_variant(&b.variants, v))
            .map(block_view)
            .collect_view();
        let items = n
            .items
            .iter()
            .filter(|i| in_variant(&i.variants, v))
            .map(|i| item_view(i, &inner))
            .collect_view();
        let children = n
            .children
            .iter()
            .enumerate()
            .filter(|(_, c)| in_variant(&c.variants, v))
            .map(|(i, c)| {
                let mut child = path.clone();
                child.push(i);
                node_view(c, child, &inner)
            })
            .collect_view();
        view! { {texts}{items}{children} }.into_any()
    })
}

/// The Kaders chunk: the list of frameworks, the reader and its search.
#[leptos::wasm_split::wasm_split(kaders, fallible, wasm_split_path = leptos::wasm_split)]
pub fn list() -> super::lazy::Loaded {
    Ok(view! { <FrameworkList /> }.into_any())
}

#[leptos::wasm_split::wasm_split(kaders, fallible, wasm_split_path = leptos::wasm_split)]
pub fn reader(id: String) -> super::lazy::Loaded {
    Ok(view! { <FrameworkReader id /> }.into_any())
}
