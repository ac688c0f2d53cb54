//! Filling in a scan: the new-scan form and the scan screen (one group per screen).

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::catalog::Catalog;
use super::drafts::{Drafts, SaveState, SelectedScan};
use super::exchange::SendButtons;
use super::feedback::{RespondentIntro, SendFeedback};
use super::i18n::{k, lang, t, tf};
use super::persist::SettingsContext;
use super::raters::{column_label, rater_label};
use super::seal;
use crate::core::framework::{in_variant, BandTone, Framework, Item, Purpose, Scale};
use crate::core::i18n::Key;
use crate::core::rater::{RaterId, RaterRole};
use crate::core::rating;
use crate::core::route::Screen;
use crate::core::scan::{excerpt, initials, Paraaf, Rating, Scan, Subject, MAX_NAME, MAX_TEXT};
use crate::core::time::Date;
use crate::platform::clock;

thread_local! {
    /// Where the focus goes when the next group opens, instead of its heading.
    static FOCUS_ON_OPEN: RefCell<Option<FocusOnOpen>> = const { RefCell::new(None) };
}

/// A field to focus when a group opens.
enum FocusOnOpen {
    /// A typed rating moved on to this group: typing goes on in its first field.
    FirstField,
    /// An unrated item chosen at Afronden: its field, scrolled into view.
    Item(String),
}

/// Goes to item `code`'s field on the scan screen's page `screen`: focused at once when that
/// page is open, else once it is.
fn go_to_item(screen: Screen, code: String) {
    if window().location().hash().ok().as_deref() == Some(screen.to_hash().as_str()) {
        focus_field(&code);
    } else {
        FOCUS_ON_OPEN.set(Some(FocusOnOpen::Item(code)));
        go(&screen);
    }
}

pub fn go(screen: &Screen) {
    let _ = window().location().set_hash(&screen.to_hash());
}

fn self_id() -> RaterId {
    RaterId::primary(RaterRole::Subject)
}

fn bpv_id() -> RaterId {
    RaterId::primary(RaterRole::Supervisor)
}

/// Nieuwe scan; `framework` (an id) comes chosen when the link gives one.
#[component]
pub fn NewScan(#[prop(optional)] framework: Option<String>) -> impl IntoView {
    let catalog = Catalog::get();
    let drafts = Drafts::get();
    let SettingsContext { settings, .. } = expect_context::<SettingsContext>();
    let available = move || {
        let mut all: Vec<Arc<Framework>> = catalog.bundled().to_vec();
        catalog.custom.with(|c| {
            all.extend(
                c.iter()
                    .filter_map(|e| e.parsed.as_ref().ok().cloned().map(Arc::new)),
            )
        });
        all
    };
    // No default: the framework decides what is rated, so the user picks it on purpose (or
    // followed the link of a framework just added).
    let chosen = RwSignal::new(framework.unwrap_or_default());
    let framework = Memo::new(move |_| available().into_iter().find(|f| f.id == chosen.get()));
    let variant = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        variant.set(framework.with(|f| {
            f.as_ref()
                .and_then(|f| f.variants.first().map(|v| v.id.clone()))
        }))
    });
    let student = RwSignal::new(settings.get_untracked().name);
    let programme = RwSignal::new(String::new());
    let organisation = RwSignal::new(String::new());
    let date = RwSignal::new(clock::today().to_string());
    // What is missing is said once the user tried to start, and only while it is missing: a
    // message that stays after the name is filled in reads as a new problem.
    let tried = RwSignal::new(false);
    let no_framework = move || tried.get() && framework.with(Option::is_none);
    let no_name = move || tried.get() && student.with(|s| s.trim().is_empty());
    // A reflection framework is also for professionals: no "student", no BPV.
    let reflection =
        move || framework.with(|f| f.as_ref().is_some_and(|f| f.purpose == Purpose::Reflection));

    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let Some(f) = framework.get_untracked() else {
            return;
        };
        if student.get_untracked().trim().is_empty() {
            return;
        }
        let subject = Subject {
            student: student.get_untracked().trim().to_string(),
            programme: programme.get_untracked().trim().to_string(),
            organisation: organisation.get_untracked().trim().to_string(),
            // The date field gives `YYYY-MM-DD` or nothing; anything else is no date.
            date: Date::parse(&date.get_untracked()),
        };
        let id = drafts.create(&f, variant.get_untracked(), subject);
        go(&Screen::Scan {
            id,
            rater: self_id(),
            group: 1,
        });
    };

    let options = move || {
        available()
            .into_iter()
            .map(|f| {
                let id = f.id.clone();
                let id2 = f.id.clone();
                let kind = t(match f.purpose {
                    Purpose::Assessment => k::scan::PURPOSE_ASSESSMENT,
                    Purpose::Reflection => k::scan::PURPOSE_REFLECTION,
                });
                view! {
                    <label class="choice">
                        <input type="radio" name="framework" prop:checked=move || chosen.get() == id
                            on:change=move |_| chosen.set(id2.clone()) />
                        <span>{f.title.clone()} <span class="meta">" (" {kind} ")"</span></span>
                    </label>
                }
            })
            .collect_view()
    };
    let variants = move || {
        framework.get().filter(|f| !f.variants.is_empty()).map(|f| {
            let choices = f
                .variants
                .iter()
                .map(|v| {
                    let id = v.id.clone();
                    let id2 = v.id.clone();
                    view! {
                        <label class="choice">
                            <input type="radio" name="variant" prop:checked=move || variant.get().as_deref() == Some(id.as_str())
                                on:change=move |_| variant.set(Some(id2.clone())) />
                            <span>{v.label.clone()}</span>
                        </label>
                    }
                })
                .collect_view();
            view! { <fieldset><legend>{t(k::scan::VARIANT_LEGEND)}</legend>{choices}</fieldset> }
        })
    };
    let label_for = move |assessment: Key, reflective: Key| {
        move || t(if reflection() { reflective } else { assessment })
    };
    let text_field = |id: &'static str,
                      label: Box<dyn Fn() -> &'static str + Send + Sync>,
                      value: RwSignal<String>,
                      kind: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type=kind maxlength=MAX_NAME.to_string() prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </div>
        }
    };
    let fill_name = label_for(k::scan::FILL_STUDENT_NAME, k::scan::FILL_NAME);
    view! {
        <section class="new-scan">
            <h1>{t(k::scan::NEW_SCAN_TITLE)}</h1>
            <form on:submit=start>
                <fieldset aria-describedby=move || no_framework().then_some("framework-problem")><legend>{t(k::scan::FRAMEWORK_LEGEND)}</legend>{options}
                    {move || no_framework().then(|| view! { <p class="error" role="alert" id="framework-problem">{t(k::scan::CHOOSE_FRAMEWORK)}</p> })}
                </fieldset>
                {variants}
                <div class="field">
                    <label for="student">{label_for(k::scan::STUDENT_NAME, k::scan::PERSON_NAME)}</label>
                    <input id="student" type="text" maxlength=MAX_NAME.to_string() prop:value=move || student.get() on:input=move |ev| student.set(event_target_value(&ev))
                        aria-invalid=move || no_name().to_string() aria-describedby=move || no_name().then_some("student-problem") />
                    {move || no_name().then(|| view! { <p class="error" role="alert" id="student-problem">{fill_name()}</p> })}
                </div>
                {text_field("programme", Box::new(|| t(k::scan::PROGRAMME)), programme, "text")}
                {text_field("organisation", Box::new(label_for(k::scan::ORGANISATION, k::scan::ANY_ORGANISATION)), organisation, "text")}
                {text_field("date", Box::new(|| t(k::scan::DATE)), date, "date")}
                <button type="submit" class="primary">{t(k::scan::START_SCAN)}</button>
            </form>
        </section>
    }
}

/// Shows whether the last change is stored, or why not (with the way out: a download).
#[component]
pub fn SaveStatus(id: String) -> impl IntoView {
    let drafts = Drafts::get();
    move || {
        let id = id.clone();
        let (reason, conflict) = match drafts.save_state().get() {
            SaveState::Idle => {
                return view! { <p class="save-status" role="status"></p> }.into_any()
            }
            SaveState::Saved => {
                return view! { <p class="save-status" role="status">{t(k::scan::SAVED)}</p> }
                    .into_any()
            }
            SaveState::Conflict => (t(k::scan::CONFLICT).to_string(), true),
            SaveState::Failed(reason) => (reason, false),
        };
        let id2 = id.clone();
        view! {
            <div class="error" role="alert" data-testid="save-problem">
                <p>{reason}</p>
                {conflict.then(|| view! {
                    <button type="button" on:click=move |_| drafts.reload(&id2)>{t(k::scan::LOAD_NEWEST)}</button>
                })}
                <button type="button" on:click=move |_| {
                    if let Err(e) = drafts.download(&id) {
                        let _ = window().alert_with_message(&e);
                    }
                }>{t(k::scan::DOWNLOAD_SCAN)}</button>
            </div>
        }
        .into_any()
    }
}

#[component]
pub fn ScanScreen(id: String, rater: RaterId, group: usize) -> impl IntoView {
    let drafts = Drafts::get();
    let rater = StoredValue::new(rater);
    let Some(scan) = drafts.scan(&id) else {
        return view! {
            <section><h1>{t(k::scan::NOT_FOUND)}</h1><p><a href="#/scans">{t(k::scan::TO_MY_SCANS)}</a></p></section>
        }
        .into_any();
    };
    let Some(framework) = drafts.framework_for(&scan.framework) else {
        return view! {
            <section>
                <h1>{t(k::scan::FRAMEWORK_MISSING)}</h1>
                <p>{tf(k::scan::FRAMEWORK_MISSING_TEXT, &[("id", &scan.framework.id), ("version", &scan.framework.version)])}</p>
            </section>
        }
        .into_any();
    };
    let variant = scan.variant.clone();
    // A respondent's draft: the request's intro instead of the rater switch, "Verstuur
    // feedback" instead of finishing, and no results of their single column.
    let respondent = scan.request.is_some();
    let groups = framework.groups(variant.as_deref());
    let count = groups.len();
    let index = group.clamp(1, count.max(1)) - 1;
    // Framework validation refuses a form without items, so there is a group; a screen that
    // reads it with `get` stays alive even if that ever changes.
    let Some(node) = groups.get(index).map(|g| g.node.clone()) else {
        return view! {
            <section><h1>{t(k::scan::NOT_FOUND)}</h1><p>{t(k::validation::NO_ITEMS)}</p></section>
        }
        .into_any();
    };
    let items: Vec<Item> = node
        .items
        .iter()
        .filter(|i| in_variant(&i.variants, variant.as_deref()))
        .cloned()
        .collect();

    let id_s = StoredValue::new(id.clone());
    // The screen's scan, selected once; every part of the screen reads it in place.
    let current = drafts.select(&id);
    // Initials come from the supervisor's name: without a name there is nothing to sign with.
    let signer = Memo::new(move |_| {
        current.with(|s| {
            s.and_then(|s| s.rater(&bpv_id()))
                .map(|r| initials(&r.name))
                .unwrap_or_default()
        })
    });
    // Counts are memos, so a change to an item that was already rated (the usual edit)
    // re-renders neither the progress bar nor the 15-odd options of the jump list. The codes
    // per group are listed once: a count is then one lookup per item in the rater's column.
    let group_codes: Vec<Vec<String>> = groups
        .iter()
        .map(|g| {
            g.node
                .items
                .iter()
                .filter(|i| in_variant(&i.variants, variant.as_deref()))
                .map(|i| i.code.clone())
                .collect()
        })
        .collect();
    let counts = Memo::new(move |_| {
        current.with(|scan| {
            let column = scan.and_then(|s| rater.with_value(|r| s.rater(r)));
            let groups: Vec<(usize, usize)> = group_codes
                .iter()
                .map(|codes| match (scan, column) {
                    (None, _) => (0, 0),
                    (Some(_), column) => (column.map_or(0, |c| c.rated(codes)), codes.len()),
                })
                .collect();
            let total = scan.map(|_| {
                groups
                    .iter()
                    .fold((0, 0), |(done, all), (d, a)| (done + d, all + a))
            });
            (total, groups)
        })
    });
    let progress_line = move || {
        counts.with(|(total, _)| *total).map(|(done, total)| {
            view! { <p class="progress-line">{tf(k::scan::PROGRESS, &[("done", &done.to_string()), ("total", &total.to_string())])}</p> }
        })
    };
    let progress_bar = move || {
        counts.with(|(total, _)| *total).map(|(done, total)| {
            view! { <progress max=total value=done aria-label=t(k::scan::PROGRESS_LABEL)></progress> }
        })
    };
    let jump_list = groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let name = format!("{} {} – {}", g.node.kind, g.node.code, g.node.title);
            let label = move || {
                let (done, total) = counts.with(|(_, c)| c.get(i).copied().unwrap_or_default());
                format!("{name} ({done}/{total})")
            };
            view! { <option value=(i + 1).to_string() selected=i == index>{label}</option> }
        })
        .collect_view();
    let goto = move |n: usize| {
        go(&Screen::Scan {
            id: id_s.get_value(),
            rater: rater.get_value(),
            group: n,
        })
    };
    let switch = move |r: RaterId| {
        let current = rater.with_value(|x| *x == r);
        let cls = if current { "active" } else { "" };
        // Only the two primary raters are switched between.
        let label = r.primary_role().map_or("", |role| rater_label(&r, role));
        let href = Screen::Scan {
            id: id_s.get_value(),
            rater: r,
            group: index + 1,
        }
        .to_hash();
        view! { <a class=cls href=href aria-current=current.then_some("page")>{label}</a> }
    };
    let is_supervisor = rater.with_value(|r| *r == bpv_id());
    let texts = node
        .texts
        .iter()
        .filter(|b| in_variant(&b.variants, variant.as_deref()))
        .map(|b| {
            let heading = b.heading.clone();
            let text = b.text.clone().unwrap_or_default();
            let list = b.list.clone();
            view! {
                <div class="block">
                    {heading.map(|h| view! { <h4>{h}</h4> })}
                    {text.split("\n\n").filter(|p| !p.is_empty()).map(|p| view! { <p>{p.to_string()}</p> }).collect_view()}
                    {(!list.is_empty()).then(|| view! { <ul>{list.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul> })}
                </div>
            }
        })
        .collect_view();
    // One state per row, kept by one effect that writes only the rows whose state changed: a
    // rating change re-renders its own row. (A memo per row re-read the scan in every row on
    // every change: most of a change's time on a large group, by the rating benchmark.)
    let me = rater.get_value();
    let other = if is_supervisor { self_id() } else { bpv_id() };
    let row_states = move |s: Option<&Scan>, items: &[Item]| -> Vec<RowState> {
        let (mine, theirs, bpv) = match s {
            Some(s) => (s.rater(&me), s.rater(&other), s.rater(&bpv_id())),
            None => (None, None, None),
        };
        items
            .iter()
            .map(|i| {
                let their = theirs.and_then(|r| r.ratings.get(&i.code));
                RowState {
                    mine: mine.and_then(|r| r.ratings.get(&i.code).cloned()),
                    theirs: their.and_then(|r| r.value),
                    their_comment: their
                        .map(|r| r.comment.trim().to_string())
                        .unwrap_or_default(),
                    paraaf: bpv.and_then(|r| r.paraafs.get(&i.code).cloned()),
                }
            })
            .collect()
    };
    let row_signals: Vec<RwSignal<RowState>> = current
        .with_untracked(|s| row_states(s, &items))
        .into_iter()
        .map(RwSignal::new)
        .collect();
    {
        let (items, rows) = (items.clone(), row_signals.clone());
        Effect::new(move |_| {
            let states = current.with(|s| row_states(s, &items));
            for (row, state) in rows.iter().zip(states) {
                if row.with_untracked(|r| *r != state) {
                    row.set(state);
                }
            }
        });
    }
    let last = index + 1 == count;
    // Where a rating moves on to: typed, the next field (after the group's last, its first
    // unrated one, else the next group); tapped, the next group once every item here is rated.
    let codes = StoredValue::new(items.iter().map(|i| i.code.clone()).collect::<Vec<_>>());
    let on_rated = Callback::new(move |(at, next): (usize, Next)| {
        let unrated = current.with_untracked(|s| {
            let column = s.and_then(|s| rater.with_value(|r| s.rater(r)));
            codes.with_value(|c| {
                c.iter()
                    .find(|code| {
                        column
                            .is_none_or(|r| r.ratings.get(*code).is_none_or(|x| x.value.is_none()))
                    })
                    .cloned()
            })
        });
        match next {
            Next::Typed => match codes.with_value(|c| c.get(at + 1).cloned()).or(unrated) {
                Some(code) => focus_field(&code),
                None if !last => {
                    FOCUS_ON_OPEN.set(Some(FocusOnOpen::FirstField));
                    goto(index + 2);
                }
                None => focus_selector("nav.pager .primary"),
            },
            Next::Tapped if unrated.is_none() && !last => goto(index + 2),
            Next::Tapped => {}
        }
    });
    let rows = items
        .iter()
        .zip(&row_signals)
        .enumerate()
        .map(|(at, (item, row))| view! { <ItemRating id=id.clone() row=row.read_only() signer framework=framework.clone() variant=variant.clone() item=item.clone() rater=rater.get_value() index=at on_rated /> })
        .collect_view();
    let paraaf_all = is_supervisor.then(|| {
        view! { <ParaafAll id=id.clone() scan=current framework=framework.clone() /> }
    });
    // After "Volgende"/"Vorige" the focus would stay on the pager at the bottom of a group the
    // user has not read yet (or be lost): move it to the new group's heading, so keyboard and
    // screen-reader users go on from the top of the group. The jump list keeps its focus: arrow
    // keys there change groups one by one. Typing that moved on here goes on in the first field.
    request_animation_frame(|| {
        let doc = document();
        match FOCUS_ON_OPEN.take() {
            Some(FocusOnOpen::FirstField) => {
                window().scroll_to_with_x_and_y(0.0, 0.0);
                if let Some(code) = doc
                    .query_selector("article.rating")
                    .ok()
                    .flatten()
                    .and_then(|a| a.get_attribute("data-code"))
                {
                    return focus_field(&code);
                }
            }
            Some(FocusOnOpen::Item(code)) => return focus_field(&code),
            None => {}
        }
        let on_pager = doc.active_element().is_none_or(|e| {
            e.tag_name() == "BODY" || e.closest("nav.pager").ok().flatten().is_some()
        });
        if let (true, Some(h)) = (on_pager, doc.get_element_by_id("group-heading")) {
            let _ = h.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
    view! {
        <section class="scan">
            <p class="meta">{scan.subject.student.clone()} " · " {framework.display_title().to_string()}</p>
            {if respondent {
                view! { <RespondentIntro id=id.clone() scan=current framework=framework.clone() /> }.into_any()
            } else {
                view! {
                    <nav class="segmented rater-switch" aria-label=t(k::scan::WHO_RATES)>
                        {switch(self_id())}{switch(bpv_id())}
                    </nav>
                }.into_any()
            }}
            <div class="scan-status">{progress_line}<SaveStatus id=id.clone() />{progress_bar}</div>
            {is_supervisor.then(|| view! {
                <div class="supervisor">
                    <RaterIdentity id=id.clone() scan=current framework=framework.clone() rater=bpv_id() name_label=k::scan::SUPERVISOR_NAME dom="sup" />
                </div>
            })}
            <h1 id="group-heading" tabindex="-1">
                <span class="kind">{node.kind.clone()} " " {node.code.clone()}</span>
                " " {node.title.clone()}
            </h1>
            <ScaleLegend framework=framework.clone() />
            <details class="group-texts"><summary>{t(k::scan::EXPLANATION)}</summary>{texts}</details>
            <div class="items">{rows}</div>
            {paraaf_all}
            // The jump list sits with the pager, below the items: above them it pushed the first
            // item out of a phone's first screen, next to a heading that says the same.
            <div class="field jump">
                <label for="jump">{t(k::scan::PART)}</label>
                <select id="jump" on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<usize>() { goto(n) }
                }>{jump_list}</select>
            </div>
            <nav class="pager" aria-label=t(k::scan::PARTS)>
                {(index > 0).then(|| view! { <button type="button" on:click=move |_| goto(index)>{t(k::scan::PREVIOUS)}</button> })}
                <span>{tf(k::scan::PAGE_OF, &[("page", &(index + 1).to_string()), ("count", &count.to_string())])}</span>
                {if last && respondent {
                    ().into_any()
                } else if last {
                    view! { <a class="button primary" href=Screen::Results(id.clone()).to_hash()>{t(k::scan::TO_RESULTS)}</a> }.into_any()
                } else {
                    view! { <button type="button" class="primary" on:click=move |_| goto(index + 2)>{t(k::scan::NEXT)}</button> }.into_any()
                }}
            </nav>
            {if respondent {
                view! { <SendFeedback scan=current /> }.into_any()
            } else {
                view! { <FinishPanel id=id.clone() scan=current framework=framework.clone() rater=rater.get_value() /> }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// A rater's name and function, as they sign (the supervisor's paraaf, the report, the export)
/// or answer (a respondent's feedback): one pair of fields for every rater who describes
/// themself. `dom` prefixes the fields' ids (`{dom}-name`, `{dom}-function`).
#[component]
pub fn RaterIdentity(
    id: String,
    scan: SelectedScan,
    framework: Arc<Framework>,
    rater: RaterId,
    name_label: Key,
    dom: &'static str,
) -> impl IntoView {
    let drafts = Drafts::get();
    let id = StoredValue::new(id);
    let fw = StoredValue::new(framework);
    let rater = StoredValue::new(rater);
    let get = move |f: fn(&crate::core::rater::Rater) -> String| {
        scan.with(|s| {
            s.and_then(|s| rater.with_value(|r| s.rater(r).map(f)))
                .unwrap_or_default()
        })
    };
    let set = move |name: Option<String>, function: Option<String>| {
        drafts.change(&id.get_value(), |s, now| {
            let r = rater.get_value();
            let old = s.rater(&r);
            let name = name.unwrap_or_else(|| old.map(|r| r.name.clone()).unwrap_or_default());
            let function =
                function.unwrap_or_else(|| old.map(|r| r.function.clone()).unwrap_or_default());
            // The screens show this for a column that exists (a respondent's, from
            // `feedback::start`) or a primary one the framework expects (the supervisor's).
            let _ = fw.with_value(|f| s.describe_rater(&r, f, name.trim(), function.trim(), now));
        });
    };
    let (name_id, function_id) = (format!("{dom}-name"), format!("{dom}-function"));
    view! {
        <div class="field">
            <label for=name_id.clone()>{t(name_label)}</label>
            <input id=name_id type="text" maxlength=MAX_NAME.to_string() prop:value=move || get(|r| r.name.clone())
                on:change=move |ev| set(Some(event_target_value(&ev)), None) />
        </div>
        <div class="field">
            <label for=function_id.clone()>{t(k::scan::FUNCTION)}</label>
            <input id=function_id type="text" maxlength=MAX_NAME.to_string() prop:value=move || get(|r| r.function.clone())
                on:change=move |ev| set(None, Some(event_target_value(&ev))) />
        </div>
    }
}

/// The band of a value, as text (never colour only); nothing for reflection frameworks.
#[component]
pub fn BandChip(
    framework: Arc<Framework>,
    #[prop(into)] value: Signal<Option<u32>>,
) -> impl IntoView {
    // The chip is rebuilt only when the band changes, not on every value within it.
    let fw = framework.clone();
    let band = Memo::new(move |_| fw.band_index(f64::from(value.get()?)));
    move || {
        let i = band.get()?;
        let tone = band_tone(&framework, i);
        Some(
            view! { <span class=format!("band-chip {tone}")>{framework.bands.get(i).map(|b| b.label.clone())}</span> },
        )
    }
}

/// The band chip in a slot as wide and tall as the longest band label (the labels laid over one
/// another, unseen), so a chip appearing or changing moves nothing on the screen; nothing for
/// reflection frameworks.
#[component]
fn BandSlot(framework: Arc<Framework>, value: Memo<Option<u32>>) -> impl IntoView {
    framework.has_verdicts().then(|| {
        let ghosts = framework
            .bands
            .iter()
            .map(|b| view! { <span class="band-ghost" aria-hidden="true" data-label=b.label.clone()></span> })
            .collect_view();
        view! { <span class="band-slot">{ghosts}<BandChip framework value /></span> }
    })
}

/// What a score means, on the screen where it is given: each band and where it lies (the
/// framework's bounds and unit), or the bare scale of a reflection framework; and that the
/// rating moves on by itself, said before it does.
#[component]
fn ScaleLegend(framework: Arc<Framework>) -> impl IntoView {
    let ranges = framework.band_ranges();
    let scale = &framework.scale;
    let bands = if ranges.is_empty() {
        let (min, max) = (scale.min.to_string(), scale.max.to_string());
        view! { <p>{tf(k::scan::SCALE_WHOLE, &[("min", &min), ("max", &max), ("unit", &scale.unit)])}</p> }
            .into_any()
    } else {
        let keys = framework
            .bands
            .iter()
            .zip(ranges)
            .enumerate()
            .map(|(i, (band, range))| {
                let tone = band_tone(&framework, i);
                view! { <li><span class=format!("band-key {tone}")>{band.label.clone()}</span> " " {range}</li> }
            })
            .collect_view();
        view! { <ul aria-label=t(k::scan::SCALE_LEGEND)>{keys}</ul> }.into_any()
    };
    view! {
        <div class="scale-legend" data-testid="scale-legend">{bands}<p class="hint">{t(k::scan::RATE_HINT)}</p></div>
    }
}

/// Characters of a comment a closed comment box shows.
const COMMENT_EXCERPT: usize = 24;

/// How a rating was given, which decides where the screen moves on to.
#[derive(Debug, Clone, Copy)]
enum Next {
    /// A whole number typed, or Enter in the field.
    Typed,
    /// A tap (or drag) on the slider of an item that had no value.
    Tapped,
}

/// Focuses item `code`'s number field with its text selected, so typing replaces it.
fn focus_field(code: &str) {
    if let Some(input) = document()
        .get_element_by_id(&format!("rate-{code}"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        let _ = input.focus();
        input.select();
    }
}

/// Focuses the first element matching `selector`, if there is one.
fn focus_selector(selector: &str) {
    if let Some(e) = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = e.focus();
    }
}

/// CSS class of band `i`'s tone.
pub fn band_tone(f: &Framework, i: usize) -> &'static str {
    match f.band_tone(i) {
        BandTone::Low => "low",
        BandTone::Mid => "mid",
        BandTone::High => "high",
    }
}

/// What one row shows of the scan: the rater's own rating, the other primary rater's value and
/// comment, and the supervisor's paraaf on the item.
#[derive(Debug, Clone, PartialEq)]
struct RowState {
    mine: Option<Rating>,
    theirs: Option<u32>,
    /// The other primary rater's comment, trimmed; empty when there is none.
    their_comment: String,
    paraaf: Option<Paraaf>,
}

/// One item's row. It reads only its own [`RowState`], which the screen updates when it
/// changes; `signer` is the supervisor's initials, derived once per screen.
#[component]
fn ItemRating(
    id: String,
    row: ReadSignal<RowState>,
    signer: Memo<String>,
    framework: Arc<Framework>,
    variant: Option<String>,
    item: Item,
    rater: RaterId,
    /// The row's place in the group, for `on_rated`.
    index: usize,
    on_rated: Callback<(usize, Next)>,
) -> impl IntoView {
    let drafts = Drafts::get();
    let id = StoredValue::new(id);
    let code = StoredValue::new(item.code.clone());
    let is_supervisor = rater == bpv_id();
    // Today's screen shows the other primary rater's value next to one's own.
    let other = StoredValue::new(if is_supervisor { self_id() } else { bpv_id() });
    let fw = StoredValue::new(framework.clone());
    let rater = StoredValue::new(rater);
    let theirs = Memo::new(move |_| row.with(|r| r.theirs));
    let their_comment = Memo::new(move |_| row.with(|r| r.their_comment.clone()));
    let paraaf = Memo::new(move |_| row.with(|r| r.paraaf.clone()));
    // Memos: a new value must not re-set the comment box, nor a new comment the value.
    let value = Memo::new(move |_| row.with(|r| r.mine.as_ref().and_then(|m| m.value)));
    let comment = Memo::new(move |_| {
        row.with(|r| r.mine.as_ref().map(|m| m.comment.clone()))
            .unwrap_or_default()
    });
    let (min, max, step) = (
        framework.scale.min,
        framework.scale.max,
        framework.scale.step,
    );
    let scale = StoredValue::new(framework.scale.clone());
    let set = move |v: Option<u32>| {
        drafts.change(&id.get_value(), |s, now| {
            // The controls offer only values on the scale; the core refuses any other.
            let _ = code
                .with_value(|c| rater.with_value(|r| fw.with_value(|f| s.rate(r, c, v, f, now))));
        })
    };
    let typed_error = RwSignal::new(false);
    // Only a real change of the flag re-renders the message.
    let show_error = move |bad: bool| {
        if typed_error.get_untracked() != bad {
            typed_error.set(bad);
        }
    };
    // A typed rating is done: leaving the field commits it (its change event), then the
    // screen moves on.
    let typed_done = move |input: web_sys::HtmlInputElement| {
        let _ = input.blur();
        on_rated.run((index, Next::Typed));
    };
    // Whether the slider's current touch started on an item without a value.
    let tap_on_unrated = StoredValue::new(false);
    let dom_id = format!("rate-{}", item.code);
    let indicators: Vec<String> = item.indicators_for(variant.as_deref()).cloned().collect();
    let title = item.title.clone();
    let band_text = {
        let f = framework.clone();
        move || {
            value
                .get()
                .map(|v| {
                    let band = f
                        .band_for(f64::from(v))
                        .map(|b| format!(", {}", b.label))
                        .unwrap_or_default();
                    format!("{v} %{band}")
                })
                .unwrap_or_else(|| t(k::scan::NOT_RATED).into())
        }
    };
    let other_label = move || {
        other
            .with_value(|o| o.primary_role().map(|role| rater_label(o, role)))
            .unwrap_or_default()
    };
    let other_text = move || {
        theirs.get().map(|v| {
            let (rater, value) = (other_label(), v.to_string());
            // The paraaf vouches for the supervisor's value: beside it when that is the other
            // column; in the supervisor's own view it is on their own row.
            match paraaf.get().filter(|_| !is_supervisor) {
                Some(p) => tf(
                    k::scan::OTHER_RATING_INITIALLED,
                    &[
                        ("rater", rater),
                        ("value", &value),
                        ("initials", &p.initials),
                        ("date", &p.date.to_string()),
                    ],
                ),
                None => tf(
                    k::scan::OTHER_RATING,
                    &[("rater", rater), ("value", &value)],
                ),
            }
        })
    };
    // In a row of its own height in every state: the Paraaf button appearing when a value is
    // committed moves nothing below it.
    let paraaf_view = is_supervisor.then_some({
        move || match (paraaf.get(), value.get()) {
            (Some(p), _) => view! {
                <span class="paraaf">{tf(k::scan::INITIALLED, &[("initials", &p.initials), ("date", &p.date.to_string())])} " "
                    <button type="button" class="link" on:click=move |_| drafts.change(&id.get_value(), |s, now| code.with_value(|c| s.remove_paraaf(&bpv_id(), c, now)))>{t(k::scan::WITHDRAW)}</button>
                </span>
            }.into_any(),
            (None, Some(_)) if signer.get().is_empty() => view! {
                <span class="paraaf meta">{t(k::scan::NAME_TO_INITIAL)}</span>
            }.into_any(),
            (None, Some(_)) => view! {
                <button type="button" on:click=move |_| drafts.change(&id.get_value(), |s, now| {
                    code.with_value(|c| s.paraaf(&bpv_id(), c, &signer.get_untracked(), clock::today(), now));
                })>{t(k::scan::INITIAL)}</button>
            }.into_any(),
            (None, None) => ().into_any(),
        }
    });
    let typed = move |ev: &leptos::ev::Event| {
        scale.with_value(|s| rating::parse_typed(s, &event_target_value(ev)))
    };
    view! {
        <article class="rating" data-code=item.code.clone()>
            // The number beside the title, as the paper form's % column: the first stop of a
            // row for the keyboard, where typing goes on from row to row.
            <div class="item-head">
                <h2 class="item-title" id=format!("{dom_id}-title")>{title.clone()}</h2>
                <input id=dom_id.clone() type="number" inputmode="numeric" enterkeyhint="next" min=min max=max step="1" class="number" placeholder="%"
                    aria-label=tf(k::scan::PERCENTAGE, &[("item", &title)])
                    aria-invalid=move || typed_error.get().to_string()
                    prop:value=move || value.get().map(|v| v.to_string()).unwrap_or_default()
                    on:change=move |ev| {
                        let valid = typed(&ev);
                        show_error(valid.is_err());
                        if let Ok(v) = valid {
                            if v != value.get_untracked() {
                                set(v)
                            }
                        }
                    }
                    on:input=move |ev| {
                        // One digit typed (not a paste, not a whole value put in at once) that
                        // no further digit can follow on the scale: the value is complete.
                        let one_key = ev.dyn_ref::<web_sys::InputEvent>().is_some_and(|e| {
                            e.input_type() == "insertText" && e.data().is_some_and(|d| d.chars().count() == 1)
                        });
                        let complete = one_key && matches!(typed(&ev), Ok(Some(v)) if scale.with_value(|s| rating::typed_complete(s, v)));
                        if complete {
                            typed_done(event_target(&ev));
                        }
                    }
                    on:keydown=move |ev| {
                        let step: Option<fn(&Scale, Option<u32>) -> u32> = match ev.key().as_str() {
                            "ArrowUp" => Some(rating::step_up),
                            "ArrowDown" => Some(rating::step_down),
                            _ => None,
                        };
                        if let Some(step) = step {
                            // The arrows step on the scale's grid (the field's own step is 1,
                            // so 63 can be typed), from what is in the field.
                            ev.prevent_default();
                            let from = typed(&ev).ok().flatten().or(value.get_untracked());
                            show_error(false);
                            set(Some(scale.with_value(|s| step(s, from))));
                        } else if ev.key() == "Enter" {
                            ev.prevent_default();
                            match typed(&ev) {
                                Ok(_) => typed_done(event_target(&ev)),
                                Err(_) => show_error(true),
                            }
                        }
                    } />
            </div>
            <div class="control">
                <button type="button" class="step" aria-label=tf(k::scan::STEP_DOWN, &[("item", &title), ("step", &step.to_string())])
                    on:click=move |_| set(Some(scale.with_value(|s| rating::step_down(s, value.get_untracked()))))>"−"</button>
                <input type="range" min=min max=max step=step
                    aria-labelledby=format!("{dom_id}-title")
                    aria-valuetext=band_text.clone()
                    prop:value=move || value.get().unwrap_or(min).to_string()
                    class:unset=move || value.get().is_none()
                    on:pointerdown=move |_| tap_on_unrated.set_value(value.get_untracked().is_none())
                    on:input=move |ev| set(event_target_value(&ev).parse().ok())
                    on:change=move |_| {
                        if tap_on_unrated.get_value() {
                            tap_on_unrated.set_value(false);
                            on_rated.run((index, Next::Tapped));
                        }
                    } />
                <button type="button" class="step" aria-label=tf(k::scan::STEP_UP, &[("item", &title), ("step", &step.to_string())])
                    on:click=move |_| set(Some(scale.with_value(|s| rating::step_up(s, value.get_untracked()))))>"+"</button>
                <BandSlot framework=framework.clone() value=value />
            </div>
            {move || typed_error.get().then(|| view! {
                <p class="error" role="alert">{tf(k::scan::NUMBER_ERROR, &[("min", &min.to_string()), ("max", &max.to_string())])}</p>
            })}
            <p class="other" data-testid="other-rating">{other_text}</p>
            <p class="other" data-testid="other-comment">{move || {
                their_comment.with(|c| (!c.is_empty()).then(|| tf(k::scan::OTHER_COMMENT, &[("rater", other_label()), ("text", c)])))
            }}</p>
            {paraaf_view.map(|p| view! { <div class="paraaf-row">{p}</div> })}
            <div class="item-more">
                {(!indicators.is_empty()).then(|| view! {
                    <details class="indicators">
                        <summary>{tf(k::scan::INDICATORS, &[("count", &indicators.len().to_string())])}</summary>
                        <ul>{indicators.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                    </details>
                })}
                <details class="comment">
                    // Closed, the box still shows that it holds text, and its first words.
                    <summary>{move || comment.with(|c| {
                        if c.trim().is_empty() {
                            t(k::scan::COMMENT).to_string()
                        } else {
                            tf(k::scan::COMMENT_FILLED, &[("text", &excerpt(c, COMMENT_EXCERPT))])
                        }
                    })}</summary>
                    <label class="visually-hidden" for=format!("{dom_id}-comment")>{tf(k::scan::COMMENT_ON, &[("item", &title)])}</label>
                    <textarea id=format!("{dom_id}-comment") rows="2" maxlength=MAX_TEXT.to_string()
                        prop:value=comment
                        on:change=move |ev| {
                            let text = event_target_value(&ev);
                            drafts.change(&id.get_value(), |s, now| {
                                let _ = code.with_value(|c| {
                                    rater.with_value(|r| fw.with_value(|f| s.comment(r, c, &text, f, now)))
                                });
                            })
                        }></textarea>
                </details>
            </div>
        </article>
    }
}

/// "Alle beoordeelde rijen paraferen": initials every row of the whole scan that the
/// BPV-begeleider rated, not only this page's, and says how many it initialled.
#[component]
fn ParaafAll(id: String, scan: SelectedScan, framework: Arc<Framework>) -> impl IntoView {
    let drafts = Drafts::get();
    let id = StoredValue::new(id);
    let fw = StoredValue::new(framework);
    let done = RwSignal::new(None::<usize>);
    let nameless = move || {
        scan.with(|s| s.is_none_or(|s| s.rater(&bpv_id()).is_none_or(|r| r.name.trim().is_empty())))
    };
    let initial_all = move |_| {
        let mut added = 0;
        drafts.change(&id.get_value(), |s, now| {
            let name = s
                .rater(&bpv_id())
                .map(|r| r.name.clone())
                .unwrap_or_default();
            added = fw
                .with_value(|f| s.paraaf_all(&bpv_id(), f, &initials(&name), clock::today(), now));
        });
        done.set(Some(added));
    };
    let said = move || {
        done.get().map(|n| match n {
            0 => t(k::scan::INITIALLED_NONE).to_string(),
            1 => t(k::scan::INITIALLED_ALL_ONE).to_string(),
            n => tf(k::scan::INITIALLED_ALL, &[("count", &n.to_string())]),
        })
    };
    view! {
        <div class="paraaf-all">
            <button type="button" disabled=nameless title=move || nameless().then(|| t(k::scan::FILL_NAME_FIRST))
                on:click=initial_all>{t(k::scan::INITIAL_ALL)}</button>
            <p class="meta" role="status" data-testid="paraaf-all-status">{said}</p>
        </div>
    }
}

/// "Afronden" for the current rater: unrated items (each a link to its field) and, for the
/// BPV-begeleider, rated rows without a paraaf are said first; once finished, the next step.
#[component]
fn FinishPanel(
    id: String,
    scan: SelectedScan,
    framework: Arc<Framework>,
    rater: RaterId,
) -> impl IntoView {
    let drafts = Drafts::get();
    let signer = seal::Signer::get();
    let is_supervisor = rater == bpv_id();
    let finish_label = if is_supervisor {
        k::scan::FINISH_AS_SUPERVISOR
    } else {
        k::scan::FINISH_AS_STUDENT
    };
    let rater = StoredValue::new(rater);
    let id = StoredValue::new(id);
    let asked = RwSignal::new(false);
    let fw = StoredValue::new(framework.clone());
    // Each unrated item with its page (from 1), in form order. Memos, so the panel is rebuilt
    // when these change, not on every change of the scan (a paraaf keeps the panel as it is).
    let unrated = Memo::new(move |_| -> Vec<(usize, String, String)> {
        scan.with(|s| {
            s.map(|s| {
                fw.with_value(|f| {
                    rater
                        .with_value(|r| s.unrated_by_group(f, r))
                        .into_iter()
                        .map(|(g, i)| (g + 1, i.code.clone(), format!("{} {}", i.code, i.title)))
                        .collect()
                })
            })
            .unwrap_or_default()
        })
    });
    // Rated rows without the BPV-begeleider's paraaf (none in the student's column).
    let missing_paraafs = Memo::new(move |_| {
        scan.with(|s| {
            s.map_or(0, |s| {
                fw.with_value(|f| rater.with_value(|r| s.without_paraaf(f, r).len()))
            })
        })
    });
    let item_screen = move |group: usize| Screen::Scan {
        id: id.get_value(),
        rater: rater.get_value(),
        group,
    };
    let unrated_link = move |(page, code, label): (usize, String, String)| {
        let screen = item_screen(page);
        let href = screen.to_hash();
        view! {
            <li><a href=href on:click=move |ev| {
                ev.prevent_default();
                go_to_item(screen.clone(), code.clone());
            }>{label}</a></li>
        }
    };
    let keep_filling = move |_| {
        asked.set(false);
        if let Some((page, code, _)) = unrated.with_untracked(|u| u.first().cloned()) {
            go_to_item(item_screen(page), code);
        }
    };
    let finished_by = Memo::new(move |_| {
        scan.with(|s| {
            s.and_then(|s| rater.with_value(|r| s.rater(r).map(column_label)))
                .unwrap_or_default()
        })
    });
    // A memo: the panel (a button with its handler) is rebuilt when the finished time changes,
    // not on every rating.
    let finished = Memo::new(move |_| {
        scan.with(|s| s.and_then(|s| rater.with_value(|r| s.rater(r).and_then(|r| r.finished))))
    });
    // The BPV-begeleider still to rate: the student's next step is to hand the phone over.
    let supervisor_open = move || {
        !is_supervisor
            && scan.with(|s| {
                s.is_some_and(|s| s.rater(&bpv_id()).is_none_or(|r| r.finished.is_none()))
            })
    };
    // A finished column without a signature: being signed, to be signed on the next start,
    // this device cannot sign, or changed since finishing (which drops a signature).
    let unsigned = Memo::new(move |_| {
        scan.with(|s| {
            let s = s?;
            rater.with_value(|r| {
                s.rater(r)
                    .filter(|c| c.finished.is_some() && c.signature.is_none())
                    .map(|_| signer.unsigned(s, r))
            })
        })
    });
    let finish = move || {
        rater.with_value(|r| {
            signer.finish(&id.get_value(), r, |s, now| {
                // A rater this screen shows exists or is a primary one the framework expects.
                fw.with_value(|f| s.finish(r, f, now)).is_ok()
            })
        })
    };
    let framework = StoredValue::new(framework);
    view! {
        <div class="finish">
            {move || match finished.get() {
                Some(at) => view! {
                    <p class="success">{tf(k::scan::FINISHED_BY, &[("rater", finished_by.get()), ("date", &at.local_date(clock::offset_at(at)).to_string())])} " "
                        <button type="button" class="link" on:click=move |_| drafts.change(&id.get_value(), |s, now| rater.with_value(|r| s.reopen(r, now)))>{t(k::scan::REOPEN)}</button>
                    </p>
                    {move || unsigned.get().map(|why| view! {
                        <p class="notice" data-testid="column-unsigned">{match why {
                            seal::Unsigned::Signing => t(k::seal::SIGNING_NOW).to_string(),
                            seal::Unsigned::NextStart => t(k::seal::NEXT_START).to_string(),
                            seal::Unsigned::Cannot(e) => tf(k::seal::CANNOT_SIGN, &[("reason", &e.message(lang()))]),
                            seal::Unsigned::Changed => t(k::seal::FINISH_AGAIN).to_string(),
                        }}</p>
                    })}
                    <div class="next-step" data-testid="next-step">
                        <h2>{t(k::scan::NEXT_STEP)}</h2>
                        <p>{t(k::scan::NEXT_SEND)}</p>
                        <SendButtons id=id.get_value() />
                        {move || supervisor_open().then(|| view! {
                            <p><a class="button" href=Screen::Scan { id: id.get_value(), rater: bpv_id(), group: 1 }.to_hash()>{t(k::scan::NEXT_SUPERVISOR)}</a></p>
                        })}
                    </div>
                }.into_any(),
                None if asked.get() => {
                    let open = unrated.get();
                    // The way to initial them stays (with what it did) once none are missing.
                    let initialling = missing_paraafs.get_untracked() > 0;
                    let missing = move || match missing_paraafs.get() {
                        0 => None,
                        1 => Some(t(k::scan::MISSING_PARAAFS_ONE).to_string()),
                        n => Some(tf(k::scan::MISSING_PARAAFS, &[("count", &n.to_string())])),
                    };
                    let done = move || unrated.with(Vec::is_empty) && missing_paraafs.get() == 0;
                    view! {
                        <div class="notice" role="alert">
                            {(!open.is_empty()).then(|| view! {
                                <p>{tf(k::scan::UNRATED_COUNT, &[("count", &open.len().to_string())])}</p>
                                <ul data-testid="unrated">{open.into_iter().map(unrated_link).collect_view()}</ul>
                            })}
                            {initialling.then(|| view! {
                                <p data-testid="missing-paraafs">{missing}</p>
                                <ParaafAll id=id.get_value() scan framework=framework.get_value() />
                            })}
                            <div class="row-actions">
                                <button type="button" on:click=move |_| { asked.set(false); finish() }>
                                    {move || t(if done() { finish_label } else { k::scan::FINISH_ANYWAY })}
                                </button>
                                <button type="button" on:click=keep_filling>{t(k::scan::KEEP_FILLING)}</button>
                            </div>
                        </div>
                    }.into_any()
                }
                None => view! {
                    <button type="button" on:click=move |_| {
                        if unrated.with_untracked(Vec::is_empty) && missing_paraafs.get_untracked() == 0 { finish() } else { asked.set(true) }
                    }>
                        {t(finish_label)}
                    </button>
                }.into_any(),
            }}
        </div>
    }
}

/// The scan's chunk: choosing a framework and filling in (preloaded when the start page is idle).
#[leptos::wasm_split::wasm_split(scan, fallible, preload(preload), wasm_split_path = leptos::wasm_split)]
pub fn new_scan(framework: Option<String>) -> super::lazy::Loaded {
    Ok(match framework {
        Some(framework) => view! { <NewScan framework /> }.into_any(),
        None => view! { <NewScan /> }.into_any(),
    })
}

#[leptos::wasm_split::wasm_split(scan, fallible, wasm_split_path = leptos::wasm_split)]
pub fn screen(id: String, rater: RaterId, group: usize) -> super::lazy::Loaded {
    Ok(view! { <ScanScreen id rater group /> }.into_any())
}
