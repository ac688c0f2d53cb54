//! Kaders: the list of frameworks and a reader that shows one framework's whole content, with
//! collapsible levels, the variant switch and a highlighting search. Text is always inserted
//! as text, never as HTML.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::catalog::{bundled, AddOutcome, Catalog};
use super::i18n::{k, lang, t, tf};
use crate::core::custom::{AddError, MAX_FILE_BYTES};
use crate::core::framework::{in_variant, Block, Framework, Item, Node, Purpose};
use crate::core::search::{Hit, Query, SearchIndex};
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
    let rows = bundled().iter().map(|f| card(f, None)).collect_view();
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
            <AddFramework />
        </section>
    }
}

/// "Kader toevoegen": reads a JSON file, validates it and stores it, or says exactly why not.
#[component]
fn AddFramework() -> impl IntoView {
    let catalog = Catalog::get();
    let result = RwSignal::new(None::<Result<String, (String, Vec<String>)>>);
    let on_change = move |ev: leptos::ev::Event| {
        let Some(file) = files::chosen(&ev).into_iter().next() else {
            return;
        };
        if files::size(&file) > MAX_FILE_BYTES {
            let e = AddError::TooLarge(files::size(&file));
            result.set(Some(Err((e.message(lang()), Vec::new()))));
            return;
        }
        spawn_local(async move {
            let outcome = match files::read_text(file).await {
                Err(e) => Err((tf(k::frameworks::READ_FAILED, &[("error", &e)]), Vec::new())),
                Ok(text) => match catalog.add(&text) {
                    Ok(title) => Ok(title),
                    Err(AddOutcome::Refused(AddError::Invalid(e))) => Err((
                        AddError::Invalid(e.clone()).message(lang()),
                        e.problems.iter().map(|p| p.text(lang())).collect(),
                    )),
                    Err(AddOutcome::Refused(e)) => Err((e.message(lang()), Vec::new())),
                    Err(AddOutcome::Storage(reason)) => Err((reason, Vec::new())),
                },
            };
            result.set(Some(outcome));
        });
    };
    let feedback = move || {
        result.get().map(|r| match r {
            Ok(title) => view! { <p class="success" role="status">{tf(k::frameworks::ADDED, &[("title", &title)])}</p> }.into_any(),
            Err((message, problems)) => view! {
                <div class="error" role="alert">
                    <p><strong>{t(k::frameworks::NOT_ADDED)}</strong> " " {message}</p>
                    <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            }
            .into_any(),
        })
    };
    view! {
        <div class="field">
            <label for="add-framework">{t(k::frameworks::ADD_LABEL)}</label>
            <input id="add-framework" type="file" accept=".json,application/json" on:change=on_change />
        </div>
        {feedback}
    }
}

#[component]
pub fn FrameworkReader(id: String) -> impl IntoView {
    let Some((framework, _)) = Catalog::get().find(&id) else {
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

    view! {
        <section class="reader">
            <p><a href="#/kaders">{t(k::frameworks::ALL_FRAMEWORKS)}</a></p>
            <h1>{framework.title.clone()}</h1>
            <p class="meta">
                {framework.source.publisher.clone()} " · " {framework.source.year} " · " {framework.source.document.clone()}
            </p>
            <p><span class="chip">{purpose_label(framework.purpose)}</span></p>
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
