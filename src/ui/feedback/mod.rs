//! 360° feedback without a server: "Vraag feedback" (one request file per rater, the list of
//! requests and who answered), the respondent's part of the scan screen (whose feedback is
//! asked and why, their name, "Verstuur feedback") and what opening a request or a feedback
//! file does (called by Bestand openen).

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;

use super::drafts::{Drafts, SelectedScan};
use super::exchange::send_file;
use super::i18n::{k, lang, t, tf};
use super::scan::RaterIdentity;
use crate::core::anonymous::Taken;
use crate::core::exchange::ImportError;
use crate::core::feedback::{
    self, ask, Asked, AskedLog, Feedback, Recipients, ASKED_KEY, MAX_PER_ROLE,
};
use crate::core::framework::Framework;
use crate::core::merge::Conflict;
use crate::core::problem::Problem;
use crate::core::rater::{RaterId, RaterRole};
use crate::core::route::Screen;
use crate::core::scan::{uuid_v4, Scan, MAX_TEXT};
use crate::core::stored::DecodeError;
use crate::platform::{clock, storage};

/// The roles a person can ask feedback from: the framework's extra roles (an expected role
/// such as the BPV-begeleider has its own column, filled in through an export).
pub fn askable(framework: &Framework) -> Vec<RaterRole> {
    RaterRole::ALL
        .into_iter()
        .filter(|r| framework.extra_roles.contains(r))
        .collect()
}

/// The requests made on this device, as stored; an unreadable log is shown and never written.
fn read_log() -> Result<AskedLog, DecodeError> {
    match storage::get(ASKED_KEY).ok().flatten() {
        None => Ok(AskedLog::default()),
        Some(raw) => AskedLog::decode(&raw),
    }
}

/// The Vraag feedback screen of one scan.
#[component]
pub fn AskFeedbackScreen(id: String) -> impl IntoView {
    let drafts = Drafts::get();
    let id = StoredValue::new(id);
    let scan = id.with_value(|id| drafts.select(id));
    let Some(framework) = scan
        .get_untracked()
        .and_then(|s| drafts.framework_for(&s.framework))
    else {
        return view! {
            <section><h1>{t(k::scan::NOT_FOUND)}</h1><p><a href="#/scans">{t(k::scan::TO_MY_SCANS)}</a></p></section>
        }
        .into_any();
    };
    let log = RwSignal::new(read_log());
    let roles = askable(&framework);
    let counts = RwSignal::new(roles.iter().map(|r| (*r, 0u32)).collect::<Vec<_>>());
    let reason = RwSignal::new(String::new());
    let named = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let fw = StoredValue::new(framework.clone());
    let make = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(mut current) = log.get_untracked() else {
            return;
        };
        let made = fw.with_value(|f| {
            ask(
                f,
                &counts.get_untracked(),
                reason.get_untracked().trim(),
                named.get_untracked(),
                clock::now(),
                || RaterId::parse(&uuid_v4(clock::random_bytes())).expect("a UUID is an id"),
            )
        });
        match made {
            Err(p) => error.set(Some(p.text(lang()))),
            Ok(made) => {
                current.0.entry(id.get_value()).or_default().extend(made);
                // Stored first: a request that is not kept cannot be shown as made.
                match storage::set(ASKED_KEY, &current.encode()) {
                    Ok(()) => {
                        error.set(None);
                        counts.update(|c| c.iter_mut().for_each(|(_, n)| *n = 0));
                        log.set(Ok(current));
                    }
                    Err(e) => error.set(Some(e.message(lang()))),
                }
            }
        }
    };
    let count_fields = roles
        .into_iter()
        .enumerate()
        .map(|(i, role)| {
            let dom = format!("count-{}", role.wire_name());
            view! {
                <div class="field count">
                    <label for=dom.clone()>{t(role.label_plural())}</label>
                    <input id=dom type="number" inputmode="numeric" min="0" max=MAX_PER_ROLE.to_string() step="1"
                        prop:value=move || counts.with(|c| c.get(i).map(|(_, n)| n.to_string()).unwrap_or_default())
                        on:change=move |ev| {
                            let n = event_target_value(&ev).trim().parse().unwrap_or(0);
                            counts.update(|c| if let Some(entry) = c.get_mut(i) { entry.1 = n });
                        } />
                </div>
            }
        })
        .collect_view();
    let list = move || {
        match log.get() {
        Err(e) => view! {
            <p class="error" role="alert">{tf(k::feedback::LOG_UNREADABLE, &[("reason", &super::drafts::unreadable_reason(&e))])}</p>
        }
        .into_any(),
        Ok(log) => {
            let mine = log.0.get(&id.get_value()).cloned().unwrap_or_default();
            if mine.is_empty() {
                return view! { <p>{t(k::feedback::NONE_ASKED)}</p> }.into_any();
            }
            let rows = mine
                .into_iter()
                .map(|asked| view! { <AskedRow asked scan framework=fw.get_value() /> })
                .collect_view();
            view! { <ul class="cards" data-testid="asked-list">{rows}</ul> }.into_any()
        }
    }
    };
    let student = scan
        .get_untracked()
        .map(|s| s.subject.student)
        .unwrap_or_default();
    view! {
        <section class="ask-feedback">
            <h1>{t(k::feedback::ASK_TITLE)}</h1>
            <p class="meta">{student} " · " {framework.display_title().to_string()}</p>
            <p>{t(k::feedback::ASK_INTRO)}</p>
            <form on:submit=make>
                <fieldset><legend>{t(k::feedback::WHO)}</legend>{count_fields}</fieldset>
                <div class="field">
                    <label for="ask-reason">{t(k::feedback::REASON)}</label>
                    <textarea id="ask-reason" rows="3" maxlength=MAX_TEXT.to_string()
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                <fieldset><legend>{t(k::feedback::NAMED_LEGEND)}</legend>
                    <label class="choice"><input type="radio" name="named" prop:checked=move || named.get() on:change=move |_| named.set(true) /><span>{t(k::feedback::NAMED)}</span></label>
                    <label class="choice"><input type="radio" name="named" prop:checked=move || !named.get() on:change=move |_| named.set(false) /><span>{t(k::feedback::ANONYMOUS_OK)}</span></label>
                </fieldset>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <button type="submit" class="primary" disabled=move || log.with(|l| l.is_err())>{t(k::feedback::MAKE)}</button>
            </form>
            <h2>{t(k::feedback::ASKED_TITLE)}</h2>
            {list}
        </section>
    }
    .into_any()
}

/// "anoniem, één bestand voor 3 mensen: …" (or for 1 person).
fn batch_words(count: u32) -> String {
    if count == 1 {
        t(k::feedback::BATCH_ONE).to_string()
    } else {
        tf(k::feedback::BATCH, &[("count", &count.to_string())])
    }
}

/// One request made: role, whom it is for (a short rater id, or an anonymous batch and how
/// many it went to), how many answered, and its file to send (again).
#[component]
fn AskedRow(asked: Asked, scan: SelectedScan, framework: Arc<Framework>) -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    let mailto = RwSignal::new(None::<String>);
    let role = asked.role;
    let (to, rater) = match &asked.to {
        Recipients::One { rater } => (
            view! { <code>{rater.short()}</code> }.into_any(),
            Some(rater.to_string()),
        ),
        Recipients::Batch { count, .. } => (
            view! { <span>{batch_words(*count)}</span> }.into_any(),
            None,
        ),
    };
    let asked = StoredValue::new(asked);
    let answered = move || {
        let (done, of) = scan.with(|s| s.map_or((0, 0), |s| asked.with_value(|a| a.answered(s))));
        asked.with_value(|a| match a.to {
            Recipients::One { .. } => t(if done > 0 {
                k::feedback::ANSWERED
            } else {
                k::feedback::NOT_ANSWERED
            })
            .to_string(),
            Recipients::Batch { .. } => tf(
                k::feedback::BATCH_ANSWERED,
                &[("answered", &done.to_string()), ("count", &of.to_string())],
            ),
        })
    };
    let send = move |_| {
        let Some(s) = scan.get_untracked() else {
            return;
        };
        let made = asked.with_value(|a| a.file(&s, &framework).map(|text| (a.clone(), text)));
        match made {
            Err(p) => status.set(Some(p.text(lang()))),
            Ok((a, text)) => {
                let name = feedback::request_file_name(&s.subject.student, a.role, &a.to);
                let body = tf(
                    k::feedback::REQUEST_MAIL,
                    &[("student", &s.subject.student), ("file", &name)],
                );
                // The e-mail opens from the link below: at once, it could cancel the download (`send_file`).
                send_file(
                    &name,
                    &text,
                    &body,
                    k::feedback::REQUEST_FALLBACK,
                    status,
                    mailto,
                    || (),
                );
            }
        }
    };
    view! {
        <li class="card" data-rater=rater>
            <p>
                <strong>{t(role.label())}</strong> " · " {to} " · "
                <span data-testid="answered">{answered}</span>
            </p>
            <button type="button" on:click=send>{t(k::feedback::SEND_REQUEST)}</button>
            {move || status.get().map(|s| view! { <p role="status" data-testid="send-status">{s}</p> })}
            {move || mailto.get().map(|u| view! { <p><a href=u data-testid="mailto">{t(k::exchange::OPEN_MAIL)}</a></p> })}
        </li>
    }
}

/// On a respondent's scan, above the items: who asks, why, on which framework, and the
/// respondent's name and function (the name may stay empty unless named feedback is asked).
#[component]
pub fn RespondentIntro(id: String, scan: SelectedScan, framework: Arc<Framework>) -> impl IntoView {
    let Some(info) = scan.with_untracked(|s| s.and_then(|s| s.request.clone())) else {
        return ().into_any();
    };
    view! {
        <div class="notice respondent" data-testid="request-intro">
            <p>{tf(k::feedback::ASKS_YOU, &[
                ("from", &info.from),
                ("role", t(info.role.label())),
                ("framework", framework.display_title()),
            ])}</p>
            {(!info.reason.is_empty()).then(|| view! { <p class="reason">{t(k::feedback::WHY)} " " {info.reason.clone()}</p> })}
            <p data-testid="request-privacy">{tf(if info.named { k::feedback::NAME_ASKED } else { k::feedback::NAME_OPTIONAL }, &[
                ("from", &info.from),
                ("min", &framework.anonymous_minimum().to_string()),
            ])}</p>
            <p class="meta">{t(k::feedback::NOT_SHOWN)}</p>
            <RaterIdentity id=id scan framework=framework.clone() rater=info.rater.clone() name_label=k::feedback::YOUR_NAME dom="respondent" />
        </div>
    }
    .into_any()
}

/// "Verstuur feedback": the respondent's column as a feedback file, sent like an export.
#[component]
pub fn SendFeedback(scan: SelectedScan) -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    let mailto = RwSignal::new(None::<String>);
    let send = move |_| {
        let Some(s) = scan.get_untracked() else {
            return;
        };
        let Some(info) = s.request.clone() else {
            return;
        };
        let nameless = s
            .rater(&info.rater)
            .is_none_or(|r| r.name.trim().is_empty());
        if info.named && nameless {
            status.set(Some(tf(k::feedback::NAME_NEEDED, &[("from", &info.from)])));
            return;
        }
        let Some(text) = feedback::answer(&s, clock::now()) else {
            return;
        };
        let name = feedback::answer_file_name(&info);
        let body = tf(
            k::feedback::ANSWER_MAIL,
            &[("from", &info.from), ("file", &name)],
        );
        // The e-mail opens from the link below: at once, it could cancel the download (`send_file`).
        send_file(
            &name,
            &text,
            &body,
            k::feedback::ANSWER_FALLBACK,
            status,
            mailto,
            || (),
        );
    };
    view! {
        <div class="send">
            <button type="button" class="primary" on:click=send>{t(k::feedback::SEND_FEEDBACK)}</button>
            {move || status.get().map(|s| view! { <p role="status" data-testid="send-status">{s}</p> })}
            {move || mailto.get().map(|u| view! { <p><a href=u data-testid="mailto">{t(k::exchange::OPEN_MAIL)}</a></p> })}
        </div>
    }
}

/// What opening a request did: the respondent's draft (new, or the one already here).
pub struct Opened {
    pub id: String,
    pub rater: RaterId,
    pub from: String,
    pub again: bool,
}

/// Opens a feedback request file: every field checked, then a draft to answer it in.
pub fn open_request(drafts: Drafts, bytes: &[u8]) -> Result<Opened, String> {
    // A batch's file names no column: this device makes one, so the person never learns
    // which answer came from whom.
    let request = feedback::read_request(bytes, || {
        RaterId::parse(&uuid_v4(clock::random_bytes())).expect("a UUID is an id")
    })
    .map_err(|e| e.message(lang()))?;
    let (rater, from) = (request.info.rater.clone(), request.info.from.clone());
    let (id, again) = drafts.answer_request(request);
    Ok(Opened {
        id,
        rater,
        from,
        again,
    })
}

/// What applying a feedback file did.
#[derive(Clone)]
pub struct Applied {
    pub id: String,
    pub student: String,
    pub role: RaterRole,
    pub name: String,
    /// A new column (else an update of that rater's column).
    pub added: bool,
    pub conflicts: Vec<Conflict>,
}

/// Applies a named feedback file to its scan on this device; refused with the core's reason
/// (and what to do) and nothing changed.
pub fn apply_file(drafts: Drafts, fb: &Feedback) -> Result<Applied, String> {
    let (here, framework) = scan_here(drafts, &fb.scan_id)?;
    let added = here.rater(&fb.rater.id).is_none();
    let (updated, conflicts) =
        feedback::apply(&here, &framework, fb).map_err(|p| p.text(lang()))?;
    drafts.put_feedback(updated)?;
    Ok(Applied {
        id: here.id,
        student: here.subject.student,
        role: fb.rater.role,
        name: fb.rater.name.clone(),
        added,
        conflicts,
    })
}

/// Reads a feedback file: its fields checked (its values against the scan when applied).
pub fn read_file(bytes: &[u8]) -> Result<Feedback, String> {
    feedback::read_feedback(bytes).map_err(|e: ImportError| e.message(lang()))
}

/// What reading anonymous answers together did for one scan and role.
#[derive(Clone)]
pub struct TookIn {
    pub id: String,
    pub student: String,
    pub taken: Taken,
}

/// Reads anonymous answers chosen together into their scans' totals, one set per scan and role
/// ([`feedback::take_in`]): each set's file names and what came of it.
pub fn take_in_files(
    drafts: Drafts,
    answers: Vec<(String, Feedback)>,
) -> Vec<(Vec<String>, Result<TookIn, String>)> {
    let mut sets: BTreeMap<(String, RaterRole), (Vec<String>, Vec<Feedback>)> = BTreeMap::new();
    for (name, fb) in answers {
        let set = sets.entry((fb.scan_id.clone(), fb.rater.role)).or_default();
        set.0.push(name);
        set.1.push(fb);
    }
    sets.into_iter()
        .map(|((scan_id, role), (names, answers))| {
            let took = scan_here(drafts, &scan_id).and_then(|(here, framework)| {
                let (updated, taken) = feedback::take_in(&here, &framework, role, &answers)
                    .map_err(|p| p.text(lang()))?;
                if updated != here {
                    drafts.put_feedback(updated)?;
                }
                Ok(TookIn {
                    id: here.id,
                    student: here.subject.student,
                    taken,
                })
            });
            (names, took)
        })
        .collect()
}

/// The scan a feedback file is for, with its framework; else why not and what to do.
fn scan_here(drafts: Drafts, scan_id: &str) -> Result<(Scan, Arc<Framework>), String> {
    let Some(here) = drafts.scan(scan_id) else {
        let why = Problem::new(None, k::feedback::NOT_THIS_SCAN).text(lang());
        return Err(format!("{why}. {}", t(k::feedback::NOT_HERE_WHAT_TO_DO)));
    };
    let framework = drafts
        .framework_for(&here.framework)
        .ok_or_else(|| t(k::drafts::SCAN_OR_FRAMEWORK_NOT_FOUND).to_string())?;
    Ok((here, framework))
}

/// The Mijn scans title of a respondent's draft: "Feedback voor <naam>".
pub fn draft_title(scan: &Scan) -> Option<String> {
    scan.request
        .as_ref()
        .map(|r| tf(k::feedback::DRAFT_TITLE, &[("from", &r.from)]))
}

/// Where a draft opens: a respondent's draft in their own column, any other as the person.
pub fn draft_screen(scan: &Scan) -> Screen {
    let rater = scan
        .request
        .as_ref()
        .map_or(RaterId::primary(RaterRole::Subject), |r| r.rater.clone());
    Screen::Scan {
        id: scan.id.clone(),
        rater,
        group: 1,
    }
}

/// The 360° chunk: asking for feedback and taking answers in.
#[leptos::wasm_split::wasm_split(feedback, fallible, wasm_split_path = leptos::wasm_split)]
pub fn screen(id: String) -> super::lazy::Loaded {
    Ok(view! { <AskFeedbackScreen id /> }.into_any())
}
