//! Kaders: the list of frameworks and a reader that shows one framework's whole content, with
//! collapsible levels, the variant switch and a highlighting search. Text is always inserted
//! as text, never as HTML.

use std::sync::{Arc, OnceLock};

use leptos::prelude::*;

use crate::core::bundled;
use crate::core::framework::{in_variant, Block, Framework, Item, Node, Purpose};
use crate::core::search::Query;

/// Bundled frameworks, parsed once on first use (not at start-up: the start page needs none).
pub fn catalog() -> &'static [Arc<Framework>] {
    static CATALOG: OnceLock<Vec<Arc<Framework>>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        bundled::frameworks()
            .into_iter()
            .filter_map(|(name, parsed)| match parsed {
                Ok(f) => Some(Arc::new(f)),
                Err(e) => {
                    leptos::logging::error!("bundled framework {name} is invalid: {e}");
                    None
                }
            })
            .collect()
    })
}

fn purpose_label(p: Purpose) -> &'static str {
    match p {
        Purpose::Assessment => "Beoordelingskader",
        Purpose::Reflection => "Reflectiekader (geen oordeel, voor leerdoelen)",
    }
}

#[component]
pub fn FrameworkList() -> impl IntoView {
    let rows = catalog()
        .iter()
        .map(|f| {
            let href = format!("#/kaders/{}", f.id);
            view! {
                <li class="card">
                    <a href=href class="card-title">{f.title.clone()}</a>
                    <p class="meta">
                        {f.source.publisher.clone()} " · " {f.source.year} " · "
                        <span class="chip">{purpose_label(f.purpose)}</span>
                    </p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section>
            <h1>"Kaders"</h1>
            <p>"De beroepscompetentiekaders waarmee je een scan kunt invullen. Open een kader om het helemaal te lezen."</p>
            <ul class="cards" data-testid="framework-list">{rows}</ul>
        </section>
    }
}

#[component]
pub fn FrameworkReader(id: String) -> impl IntoView {
    let Some(framework) = catalog().iter().find(|f| f.id == id).cloned() else {
        return view! {
            <section>
                <h1>"Kader niet gevonden"</h1>
                <p>"Er is geen kader met de naam \"" {id} "\"."</p>
                <p><a href="#/kaders">"Naar de kaders"</a></p>
            </section>
        }
        .into_any();
    };
    let variant = RwSignal::new(framework.variants.first().map(|v| v.id.clone()));
    let query_text = RwSignal::new(String::new());
    let query = Memo::new(move |_| query_text.with(|q| Query::new(q)));

    let f = framework.clone();
    let body = move || {
        let q = query.get();
        let v = variant.get();
        let ctx = Ctx {
            query: q.as_ref(),
            variant: v.as_deref(),
            lead: f.indicator_lead.as_deref(),
        };
        let hits = f
            .nodes
            .iter()
            .filter(|n| in_variant(&n.variants, ctx.variant))
            .map(|n| count_node(n, &ctx))
            .sum::<usize>()
            + f.about.iter().map(|b| count_block(b, &ctx)).sum::<usize>();
        let status = q.as_ref().map(|_| match hits {
            0 => "Geen treffers.".to_string(),
            1 => "1 onderdeel gevonden.".to_string(),
            n => format!("{n} onderdelen gevonden."),
        });
        let about = (!f.about.is_empty()).then(|| {
            let open = ctx.query.is_some() && f.about.iter().any(|b| count_block(b, &ctx) > 0);
            view! {
                <details class="node about" open=open>
                    <summary>"Over dit kader"</summary>
                    {f.about.iter().filter(|b| in_variant(&b.variants, ctx.variant)).map(|b| block_view(b, &ctx)).collect_view()}
                </details>
            }
        });
        let nodes = f
            .nodes
            .iter()
            .filter(|n| in_variant(&n.variants, ctx.variant))
            .map(|n| node_view(n, &ctx))
            .collect_view();
        view! {
            <p class="search-status" role="status">{status}</p>
            {about}
            <div class="tree">{nodes}</div>
        }
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
        view! { <div class="segmented" role="group" aria-label="Variant">{buttons}</div> }
    });

    view! {
        <section class="reader">
            <p><a href="#/kaders">"← Alle kaders"</a></p>
            <h1>{framework.title.clone()}</h1>
            <p class="meta">
                {framework.source.publisher.clone()} " · " {framework.source.year} " · " {framework.source.document.clone()}
            </p>
            <p><span class="chip">{purpose_label(framework.purpose)}</span></p>
            {variant_switch}
            <div class="field search">
                <label for="framework-search">"Zoeken in dit kader"</label>
                <input
                    id="framework-search"
                    type="search"
                    placeholder="bijv. cliënt"
                    prop:value=move || query_text.get()
                    on:input=move |ev| query_text.set(event_target_value(&ev))
                />
            </div>
            {body}
        </section>
    }
    .into_any()
}

/// What every piece of the tree needs to render: the search and the chosen variant.
struct Ctx<'a> {
    query: Option<&'a Query>,
    variant: Option<&'a str>,
    lead: Option<&'a str>,
}

fn hit(text: &str, ctx: &Ctx) -> bool {
    ctx.query.is_some_and(|q| q.matches(text))
}

fn count_block(b: &Block, ctx: &Ctx) -> usize {
    if ctx.query.is_none() || !in_variant(&b.variants, ctx.variant) {
        return 0;
    }
    let mut n = b
        .heading
        .iter()
        .chain(b.text.iter())
        .chain(b.list.iter())
        .filter(|t| hit(t, ctx))
        .count();
    if let Some(t) = &b.table {
        n += t
            .columns
            .iter()
            .chain(t.rows.iter().flatten())
            .filter(|c| hit(c, ctx))
            .count();
    }
    n
}

fn count_item(i: &Item, ctx: &Ctx) -> usize {
    if ctx.query.is_none() || !in_variant(&i.variants, ctx.variant) {
        return 0;
    }
    usize::from(hit(&i.title, ctx) || hit(&i.code, ctx))
        + i.description.iter().filter(|t| hit(t, ctx)).count()
        + i.indicators_for(ctx.variant)
            .filter(|t| hit(t, ctx))
            .count()
        + i.texts.iter().map(|b| count_block(b, ctx)).sum::<usize>()
}

fn count_node(n: &Node, ctx: &Ctx) -> usize {
    if ctx.query.is_none() || !in_variant(&n.variants, ctx.variant) {
        return 0;
    }
    usize::from(hit(&n.title, ctx))
        + n.texts.iter().map(|b| count_block(b, ctx)).sum::<usize>()
        + n.items.iter().map(|i| count_item(i, ctx)).sum::<usize>()
        + n.children.iter().map(|c| count_node(c, ctx)).sum::<usize>()
}

/// Text with search matches wrapped in `<mark>`.
fn highlighted(text: &str, ctx: &Ctx) -> AnyView {
    match ctx.query {
        Some(q) if q.matches(text) => q
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
            .into_any(),
        _ => text.to_string().into_any(),
    }
}

fn paragraphs(text: &str, ctx: &Ctx) -> impl IntoView {
    text.split("\n\n")
        .map(|p| view! { <p>{highlighted(p, ctx)}</p> })
        .collect_view()
}

fn block_view(b: &Block, ctx: &Ctx) -> AnyView {
    let heading = b
        .heading
        .as_deref()
        .map(|h| view! { <h4>{highlighted(h, ctx)}</h4> });
    let text = b.text.as_deref().map(|t| paragraphs(t, ctx));
    let list = (!b.list.is_empty())
        .then(|| view! { <ul>{b.list.iter().map(|e| view! { <li>{highlighted(e, ctx)}</li> }).collect_view()}</ul> });
    let table = b.table.as_ref().map(|t| {
        view! {
            <div class="table-wrap">
                <table>
                    <thead><tr>{t.columns.iter().map(|c| view! { <th scope="col">{highlighted(c, ctx)}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {t.rows.iter().map(|r| view! { <tr>{r.iter().map(|c| view! { <td>{highlighted(c, ctx)}</td> }).collect_view()}</tr> }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    });
    view! { <div class="block">{heading}{text}{list}{table}</div> }.into_any()
}

fn item_view(i: &Item, ctx: &Ctx) -> AnyView {
    let description = i.description.as_deref().map(|d| paragraphs(d, ctx));
    let indicators: Vec<_> = i.indicators_for(ctx.variant).collect();
    let indicators = (!indicators.is_empty()).then(|| {
        let lead = ctx.lead.map(|l| view! { <p class="lead-in">{l.to_string()}</p> });
        view! {
            {lead}
            <ul class="indicators">{indicators.into_iter().map(|t| view! { <li>{highlighted(t, ctx)}</li> }).collect_view()}</ul>
        }
    });
    view! {
        <article class="item" data-code=i.code.clone()>
            <h4><span class="code">{i.code.clone()}</span> " " {highlighted(&i.title, ctx)}</h4>
            {description}
            {indicators}
            {i.texts.iter().filter(|b| in_variant(&b.variants, ctx.variant)).map(|b| block_view(b, ctx)).collect_view()}
        </article>
    }
    .into_any()
}

fn node_view(n: &Node, ctx: &Ctx) -> AnyView {
    let open = ctx.query.is_some() && count_node(n, ctx) > 0;
    let texts = n
        .texts
        .iter()
        .filter(|b| in_variant(&b.variants, ctx.variant))
        .map(|b| block_view(b, ctx))
        .collect_view();
    let items = n
        .items
        .iter()
        .filter(|i| in_variant(&i.variants, ctx.variant))
        .map(|i| item_view(i, ctx))
        .collect_view();
    let children = n
        .children
        .iter()
        .filter(|c| in_variant(&c.variants, ctx.variant))
        .map(|c| node_view(c, ctx))
        .collect_view();
    view! {
        <details class="node" data-code=n.code.clone() open=open>
            <summary>
                <span class="kind">{n.kind.clone()} " " {n.code.clone()}</span>
                <span class="title">{highlighted(&n.title, ctx)}</span>
            </summary>
            <div class="node-body">{texts}{items}{children}</div>
        </details>
    }
    .into_any()
}
