//! Ontwikkelplan: goals made from the speerpunten (or reflection challenges), each with guided
//! SMART fields, actions, who helps, a deadline, evaluation and status. Every keystroke is
//! saved like a rating (goals are part of the draft), so nothing typed is lost.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::super::drafts::Drafts;
use super::super::i18n::{k, t, tf, tn};
use super::open_scan;
use crate::core::framework::{Framework, Item};
use crate::core::i18n::Key;
use crate::core::plan::{Goal, GoalStatus, SmartPart};
use crate::core::route::Screen;
use crate::core::scan::{uuid_v4, MAX_TEXT};
use crate::core::scoring::score;
use crate::core::time::Date;
use crate::platform::clock;

pub fn smart_label(part: SmartPart) -> (Key, Key) {
    match part {
        SmartPart::Specific => (k::plan::SPECIFIC, k::plan::SPECIFIC_HINT),
        SmartPart::Measurable => (k::plan::MEASURABLE, k::plan::MEASURABLE_HINT),
        SmartPart::Acceptable => (k::plan::ACCEPTABLE, k::plan::ACCEPTABLE_HINT),
        SmartPart::Realistic => (k::plan::REALISTIC, k::plan::REALISTIC_HINT),
        SmartPart::TimeBound => (k::plan::TIME_BOUND, k::plan::TIME_BOUND_HINT),
    }
}

pub fn status_label(status: GoalStatus) -> Key {
    match status {
        GoalStatus::Open => k::plan::STATUS_OPEN,
        GoalStatus::InProgress => k::plan::STATUS_IN_PROGRESS,
        GoalStatus::Achieved => k::plan::STATUS_ACHIEVED,
    }
}

/// "3 doelen: 1 open, 1 bezig, 1 behaald".
pub fn plan_summary(plan: &[Goal]) -> String {
    let count = |s: GoalStatus| plan.iter().filter(|g| g.status == s).count().to_string();
    tn(
        plan.len(),
        k::plan::SUMMARY_ONE,
        k::plan::SUMMARY_MANY,
        &[
            ("total", &plan.len().to_string()),
            ("open", &count(GoalStatus::Open)),
            ("busy", &count(GoalStatus::InProgress)),
            ("done", &count(GoalStatus::Achieved)),
        ],
    )
}

#[component]
pub fn PlanScreen(id: String) -> impl IntoView {
    let drafts = Drafts::get();
    let (scan, framework) = match open_scan(&drafts, &id) {
        Ok(found) => found,
        Err(missing) => return missing,
    };
    let verdicts = framework.has_verdicts();
    let id = StoredValue::new(id);
    let plan = Memo::new(move |_| {
        drafts.scans().with(|all| {
            all.iter()
                .find(|s| s.id == id.get_value())
                .map(|s| s.plan.clone())
                .unwrap_or_default()
        })
    });
    let add_goal = move |items: Vec<String>| {
        let now = clock::now();
        let goal = Goal::new(uuid_v4(clock::random_bytes()), items, now);
        let focus_id = format!("goal-{}-specific", goal.id);
        drafts.change(&id.get_value(), |s, now| s.set_goal(goal, now));
        // Straight to the first guided field of the new goal, for keyboard and screen reader.
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&focus_id) {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        });
    };
    let fw = framework.clone();
    let suggestions = move || {
        let scan = drafts.scan(&id.get_value())?;
        let scores = score(&fw, &scan);
        let picks = if fw.has_verdicts() {
            &scores.focus
        } else {
            &scores.challenges
        };
        let linked: Vec<&String> = scan.plan.iter().flat_map(|g| &g.items).collect();
        let open: Vec<(String, String)> = picks
            .iter()
            .filter_map(|&i| scores.items.get(i).map(|s| s.item))
            .filter(|item| !linked.contains(&&item.code))
            .map(|item| (item.code.clone(), item.title.clone()))
            .collect();
        Some(if open.is_empty() {
            view! { <p class="meta">{t(k::plan::NO_SUGGESTIONS)}</p> }.into_any()
        } else {
            view! {
                <ul class="suggestions" data-testid="plan-suggestions">
                    {open.into_iter().map(|(code, title)| {
                        let c = code.clone();
                        view! {
                            <li>
                                <span class="code">{code}</span> " " {title} " "
                                <button type="button" on:click=move |_| add_goal(vec![c.clone()])>{t(k::plan::MAKE_GOAL)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })
    };
    let goal_ids =
        Memo::new(move |_| plan.with(|p| p.iter().map(|g| g.id.clone()).collect::<Vec<_>>()));
    let variant = scan.variant.clone();
    view! {
        <section class="plan-screen">
            <p><a href=Screen::Results(id.get_value()).to_hash()>{t(k::plan::TO_RESULTS)}</a></p>
            <h1>{t(k::plan::TITLE)}</h1>
            <p class="meta">{scan.subject.student.clone()} " · " {framework.display_title().to_string()}</p>
            <p>{t(if verdicts { k::plan::INTRO } else { k::plan::INTRO_REFLECTION })}</p>
            <h2>{t(if verdicts { k::plan::SUGGESTIONS } else { k::plan::SUGGESTIONS_REFLECTION })}</h2>
            {suggestions}
            <h2>{t(k::plan::GOALS)}</h2>
            <p data-testid="plan-summary" role="status">{move || plan.with(|p| plan_summary(p))}</p>
            <For each=move || goal_ids.get().into_iter().enumerate() key=|(_, gid)| gid.clone() let((n, gid))>
                <GoalEditor id=id.get_value() goal_id=gid n=n + 1 framework=framework.clone() variant=variant.clone() />
            </For>
            <p class="row-actions">
                <button type="button" on:click=move |_| add_goal(Vec::new())>{t(k::plan::NEW_GOAL)}</button>
                <a class="action" href=Screen::Report(id.get_value()).to_hash()>{t(k::plan::TO_REPORT)}</a>
            </p>
        </section>
    }
    .into_any()
}

#[component]
fn GoalEditor(
    id: String,
    goal_id: String,
    n: usize,
    framework: Arc<Framework>,
    variant: Option<String>,
) -> AnyView {
    let drafts = Drafts::get();
    let (id, gid) = (StoredValue::new(id), StoredValue::new(goal_id.clone()));
    let find = move || {
        drafts.scans().with(|all| {
            all.iter()
                .find(|s| s.id == id.get_value())
                .and_then(|s| s.plan.iter().find(|g| g.id == gid.get_value()).cloned())
        })
    };
    // The goal as it was when the editor opened stands in for the moment between its removal
    // and the editor's own removal from the list.
    let Some(opened) = untrack(find) else {
        return ().into_any();
    };
    let goal = Memo::new(move |_| find().unwrap_or_else(|| opened.clone()));
    let update = move |edit: &dyn Fn(&mut Goal)| {
        drafts.change(&id.get_value(), |s, now| {
            if let Some(mut g) = s.plan.iter().find(|g| g.id == gid.get_value()).cloned() {
                edit(&mut g);
                s.set_goal(g, now);
            }
        })
    };
    let dom = move |field: &str| format!("goal-{}-{field}", gid.get_value());
    // A date field gives `YYYY-MM-DD` or nothing; anything else leaves the deadline as it was.
    let set_deadline = |g: &mut Goal, v: String| match Date::parse(&v) {
        Some(d) => g.deadline = Some(d),
        None if v.is_empty() => g.deadline = None,
        None => {}
    };
    let items: Arc<Vec<Item>> = Arc::new(
        framework
            .items(variant.as_deref())
            .into_iter()
            .cloned()
            .collect(),
    );
    let all_items = items.clone();
    let linked = move || {
        let codes = goal.with(|g| g.items.clone());
        if codes.is_empty() {
            return view! { <p class="meta">{t(k::plan::NO_ITEMS)}</p> }.into_any();
        }
        view! {
            <ul class="linked-items">
                {codes.into_iter().map(|code| {
                    let title = all_items.iter().find(|i| i.code == code).map(|i| i.title.clone()).unwrap_or_default();
                    let c = code.clone();
                    view! {
                        <li>
                            <span class="code">{code.clone()}</span> " " {title} " "
                            <button type="button" class="icon" aria-label=tf(k::plan::REMOVE_ITEM, &[("item", &code)])
                                on:click=move |_| update(&|g| g.items.retain(|x| *x != c))>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let options = items
        .iter()
        .map(
            |i| view! { <option value=i.code.clone()>{format!("{} {}", i.code, i.title)}</option> },
        )
        .collect_view();
    let smart = SmartPart::ALL
        .into_iter()
        .map(|part| {
            let (label, hint) = smart_label(part);
            let field = dom(part.id());
            let hint_id = format!("{field}-hint");
            view! {
                <div class="field smart">
                    <label for=field.clone()><span class="smart-letter" aria-hidden="true">{t(label).chars().next().map(String::from).unwrap_or_default()}</span> {t(label)}</label>
                    <p class="hint" id=hint_id.clone()>{t(hint)}</p>
                    <textarea id=field rows="2" maxlength=MAX_TEXT.to_string() aria-describedby=hint_id
                        prop:value=move || goal.with(|g| part.get(&g.smart).to_string())
                        on:input=move |ev| { let v = event_target_value(&ev); update(&|g| *part.get_mut(&mut g.smart) = v.clone()) }></textarea>
                </div>
            }
        })
        .collect_view();
    let missing = move || {
        let parts = goal.with(Goal::missing);
        if parts.is_empty() {
            t(k::plan::COMPLETE).to_string()
        } else {
            let names: Vec<String> = parts
                .iter()
                .map(|p| t(smart_label(*p).0).to_lowercase())
                .collect();
            tf(k::plan::MISSING, &[("parts", &names.join(", "))])
        }
    };
    let statuses = GoalStatus::ALL
        .into_iter()
        .map(|s| {
            view! {
                <label class="radio">
                    <input type="radio" name=dom("status") prop:checked=move || goal.with(|g| g.status == s)
                        on:change=move |_| update(&|g| g.status = s) />
                    {t(status_label(s))}
                </label>
            }
        })
        .collect_view();
    let confirming = RwSignal::new(false);
    let text_field = move |field: &'static str,
                           label: Key,
                           get: fn(&Goal) -> String,
                           set: fn(&mut Goal, String),
                           kind: &'static str| {
        view! {
            <div class="field">
                <label for=dom(field)>{t(label)}</label>
                <input id=dom(field) type=kind maxlength=MAX_TEXT.to_string() prop:value=move || goal.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); update(&|g| set(g, v.clone())) } />
            </div>
        }
    };
    view! {
        <article class="goal" data-goal=goal_id>
            <h3>{tf(k::plan::GOAL_N, &[("n", &n.to_string())])} " · " {move || t(status_label(goal.with(|g| g.status)))}</h3>
            <fieldset>
                <legend>{t(k::plan::ITEMS)}</legend>
                {linked}
                <label class="visually-hidden" for=dom("add-item")>{t(k::plan::ADD_ITEM)}</label>
                <select id=dom("add-item") on:change=move |ev| {
                    let code = event_target_value(&ev);
                    if !code.is_empty() {
                        update(&|g| if !g.items.contains(&code) { g.items.push(code.clone()) });
                    }
                    // Back to the prompt, ready for the next item.
                    event_target::<web_sys::HtmlSelectElement>(&ev).set_value("");
                }>
                    <option value="">{t(k::plan::CHOOSE_ITEM)}</option>
                    {options}
                </select>
            </fieldset>
            {smart}
            <p class="meta" data-testid="smart-missing">{missing}</p>
            <div class="field">
                <label for=dom("actions")>{t(k::plan::ACTIONS)}</label>
                <textarea id=dom("actions") rows="3" maxlength=MAX_TEXT.to_string()
                    prop:value=move || goal.with(|g| g.actions.join("\n"))
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        update(&|g| g.actions = v.split('\n').map(str::to_string).collect())
                    }></textarea>
            </div>
            {text_field("support", k::plan::SUPPORT, |g| g.support.clone(), |g, v| g.support = v, "text")}
            {text_field("deadline", k::plan::DEADLINE, |g| g.deadline.map(|d| d.to_string()).unwrap_or_default(), set_deadline, "date")}
            <div class="field">
                <label for=dom("evaluation")>{t(k::plan::EVALUATION)}</label>
                <textarea id=dom("evaluation") rows="2" maxlength=MAX_TEXT.to_string()
                    prop:value=move || goal.with(|g| g.evaluation.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); update(&|g| g.evaluation = v.clone()) }></textarea>
            </div>
            <fieldset class="segmented-radios"><legend>{t(k::plan::STATUS)}</legend>{statuses}</fieldset>
            {move || if confirming.get() {
                view! {
                    <p role="alert">{t(k::plan::REMOVE_CONFIRM)} " "
                        <button type="button" class="danger" on:click=move |_| drafts.change(&id.get_value(), |s, now| s.remove_goal(&gid.get_value(), now))>{t(k::plan::REMOVE_YES)}</button>
                        " "
                        <button type="button" on:click=move |_| confirming.set(false)>{t(k::plan::CANCEL)}</button>
                    </p>
                }.into_any()
            } else {
                view! { <p><button type="button" class="link" on:click=move |_| confirming.set(true)>{t(k::plan::REMOVE)}</button></p> }.into_any()
            }}
        </article>
    }
    .into_any()
}
