//! Files in and out: "Exporteren", "Versturen naar coach" (share sheet, or download + e-mail),
//! and "Bestand openen" (choose or drop files; each is checked, then added, merged or kept as
//! a copy; a merge can be undone).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::backup::Backups;
use super::catalog::Catalog;
use super::drafts::Drafts;
use super::feedback::{apply_file, open_request, read_file, take_in_files, Applied, TookIn};
use super::i18n::{k, lang, t, tf};
use super::kaders::{Adding, AddingStatus};
use super::raters::{rater_key, Wording};
use super::seal::{FileSeals, SealLines};
use crate::core::anonymous::Taken;
use crate::core::exchange::{self, FileKind, Imported};
use crate::core::feedback;
use crate::core::i18n::Key;
use crate::core::merge::{compare, Additions, Comparison, Conflict, RaterAdditions};
use crate::core::rater::{RaterId, RaterRole};
use crate::core::route::Screen;
use crate::core::scan::Scan;
use crate::platform::{files, share};

/// The app's name: the same in every language.
const MAIL_SUBJECT: &str = "Competentiescan";

/// "Exporteren" and "Versturen naar coach" for one scan.
#[component]
pub fn SendButtons(id: String) -> impl IntoView {
    let drafts = Drafts::get();
    let backups = Backups::get();
    let id = StoredValue::new(id);
    let status = RwSignal::new(None::<String>);
    let mailto = RwSignal::new(None::<String>);
    let export = move |_| match drafts.download(&id.get_value()) {
        Ok(()) => {
            backups.exported(&id.get_value());
            status.set(Some(t(k::exchange::DOWNLOADED).into()))
        }
        Err(e) => status.set(Some(e)),
    };
    let send = move |_| {
        let Some((name, text)) = drafts.export(&id.get_value()) else {
            return;
        };
        let student = drafts
            .scan(&id.get_value())
            .map(|s| s.subject.student)
            .unwrap_or_default();
        let body = tf(
            k::exchange::MAIL_BODY,
            &[("student", &student), ("file", &name)],
        );
        send_file(
            &name,
            &text,
            &body,
            k::exchange::MAIL_FALLBACK,
            status,
            mailto,
            move || backups.exported(&id.get_value()),
        );
    };
    view! {
        <div class="send">
            <button type="button" on:click=export>{t(k::exchange::EXPORT)}</button>
            <button type="button" class="primary" on:click=send>{t(k::exchange::SEND)}</button>
            {move || status.get().map(|s| view! { <p role="status" data-testid="send-status">{s}</p> })}
            {move || mailto.get().map(|u| view! { <p><a href=u data-testid="mailto">{t(k::exchange::OPEN_MAIL)}</a></p> })}
        </div>
    }
}

/// Sends one file: the share sheet with the file attached where the browser can share files,
/// else a download plus a link to an e-mail with `body` and the words `fallback` (with
/// `{file}`). `status` and `mailto` show the outcome; `sent` runs once the file has left (shared
/// or downloaded). Call it straight from the click: browsers allow sharing only during the
/// gesture. The e-mail is a link, never opened at once: a browser that loads `mailto:` in the
/// tab (WebKitGTK) cancels the download still under way.
pub fn send_file(
    name: &str,
    text: &str,
    body: &str,
    fallback: Key,
    status: RwSignal<Option<String>>,
    mailto: RwSignal<Option<String>>,
    sent: impl Fn() + 'static,
) {
    match share::start(name, text, MAIL_SUBJECT, body) {
        share::Started::Sharing(promise) => {
            spawn_local(async move {
                status.set(Some(match share::finish(promise).await {
                    share::Outcome::Shared => {
                        sent();
                        t(k::exchange::SENT).into()
                    }
                    share::Outcome::Cancelled => t(k::exchange::SEND_CANCELLED).into(),
                    share::Outcome::Failed(e) => tf(k::exchange::SEND_FAILED, &[("error", &e)]),
                }));
            });
        }
        share::Started::Unsupported => {
            if files::download(name, text, "application/json").is_ok() {
                sent();
            }
            status.set(Some(tf(fallback, &[("file", name)])));
            mailto.set(Some(share::mailto(MAIL_SUBJECT, body)));
        }
    }
}

/// What happened to one opened file.
#[derive(Clone)]
enum Outcome {
    Refused(String),
    Added {
        id: String,
        student: String,
    },
    Same {
        id: String,
    },
    /// Everything the file holds is on this device already; its seals are still shown (a
    /// changed copy of a column signed here says which items it changed).
    NothingNew {
        file: Box<Scan>,
    },
    /// The file adds to the scan on this device: the user chooses.
    Choice {
        imported: Box<Imported>,
        additions: Box<Additions>,
    },
    Merged {
        id: String,
        conflicts: Vec<Conflict>,
    },
    /// A feedback request: a draft to answer it in.
    Request {
        id: String,
        rater: RaterId,
        from: String,
        again: bool,
    },
    /// A feedback file put into its scan.
    Feedback(Box<Applied>),
    /// Anonymous answers chosen together, read into their scan's totals.
    Anonymous(Box<TookIn>),
    /// A shared framework file, read as Kader toevoegen reads it.
    Framework(Adding),
}

#[component]
pub fn OpenFile() -> impl IntoView {
    let drafts = Drafts::get();
    let catalog = Catalog::get();
    let results = RwSignal::new(Vec::<(String, Outcome)>::new());
    // One task for the whole choice, file after file: files apply (and feedback columns join
    // a scan) in the order they were chosen, not in the order their reads happen to finish.
    let handle = move |list: Vec<web_sys::File>| {
        spawn_local(async move {
            let mut anonymous = Vec::new();
            for file in list {
                let name = files::name(&file);
                if files::size(&file) > exchange::MAX_IMPORT_BYTES {
                    let e = exchange::ImportError::TooLarge(files::size(&file));
                    results.update(|r| r.push((name, Outcome::Refused(e.message(lang())))));
                    continue;
                }
                let outcome = match files::read_bytes(file).await {
                    Err(e) => Outcome::Refused(tf(k::exchange::READ_FAILED, &[("error", &e)])),
                    Ok(bytes) if exchange::kind(&bytes) == Some(FileKind::FeedbackRequest) => {
                        match open_request(drafts, &bytes) {
                            Ok(o) => Outcome::Request {
                                id: o.id,
                                rater: o.rater,
                                from: o.from,
                                again: o.again,
                            },
                            Err(e) => Outcome::Refused(e),
                        }
                    }
                    Ok(bytes) if exchange::kind(&bytes) == Some(FileKind::Framework) => {
                        Outcome::Framework(Adding::read(catalog, &bytes))
                    }
                    Ok(bytes) if exchange::kind(&bytes) == Some(FileKind::Feedback) => {
                        match read_file(&bytes) {
                            // Read in together once every chosen file is read (below).
                            Ok(fb) if feedback::is_anonymous(&fb) => {
                                anonymous.push((name, fb));
                                continue;
                            }
                            Ok(fb) => match apply_file(drafts, &fb) {
                                Ok(a) => Outcome::Feedback(Box::new(a)),
                                Err(e) => Outcome::Refused(e),
                            },
                            Err(e) => Outcome::Refused(e),
                        }
                    }
                    Ok(bytes) => match exchange::import(&bytes) {
                        Err(e) => Outcome::Refused(e.message(lang())),
                        Ok(imported) => match drafts.scan(&imported.scan.id) {
                            None => {
                                let student = imported.scan.subject.student.clone();
                                Outcome::Added {
                                    id: drafts.add_imported(imported, false),
                                    student,
                                }
                            }
                            Some(here) => match compare(&here, &imported.scan) {
                                Comparison::Same => Outcome::Same { id: here.id },
                                Comparison::NothingNew => Outcome::NothingNew {
                                    file: Box::new(imported.scan),
                                },
                                Comparison::Adds(additions) => Outcome::Choice {
                                    imported: Box::new(imported),
                                    additions: Box::new(additions),
                                },
                            },
                        },
                    },
                };
                results.update(|r| r.push((name, outcome)));
            }
            for (names, took) in take_in_files(drafts, anonymous) {
                let outcome = match took {
                    Ok(took) => Outcome::Anonymous(Box::new(took)),
                    Err(e) => Outcome::Refused(e),
                };
                results.update(|r| r.push((names.join(", "), outcome)));
            }
        });
    };
    let on_change = move |ev: leptos::ev::Event| handle(files::chosen(&ev));
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        let list = ev.data_transfer().and_then(|d| d.files());
        let files: Vec<web_sys::File> = list
            .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
            .unwrap_or_default();
        handle(files);
    };
    let rows = move || {
        results
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, (name, outcome))| view! { <li class="card">{outcome_view(drafts, i, name, outcome, results)}</li> })
            .collect_view()
    };
    view! {
        <section class="open-file" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            <h1>{t(k::exchange::OPEN_TITLE)}</h1>
            <p>{t(k::exchange::OPEN_INTRO)}</p>
            <div class="dropzone">
                <label for="open-files">{t(k::exchange::CHOOSE_FILES)}</label>
                <input id="open-files" type="file" multiple accept=".json,application/json" on:change=on_change />
                <p class="hint">{t(k::exchange::DROP_HINT)}</p>
            </div>
            <ul class="cards" data-testid="open-results">{rows}</ul>
        </section>
    }
}

fn outcome_view(
    drafts: Drafts,
    index: usize,
    name: String,
    outcome: Outcome,
    results: RwSignal<Vec<(String, Outcome)>>,
) -> AnyView {
    let set = move |o: Outcome| results.update(|r| r[index].1 = o);
    let links = |id: &str| {
        view! {
            <a href=Screen::Results(id.to_string()).to_hash()>{t(k::exchange::RESULTS)}</a> " · "
            <a href=Screen::Scan { id: id.to_string(), rater: RaterId::primary(RaterRole::Subject), group: 1 }.to_hash()>{t(k::exchange::OPEN)}</a>
        }
    };
    match outcome {
        Outcome::Refused(message) => view! {
            <div class="error" role="alert"><p><strong>{name}</strong> ": " {message}</p><p>{t(k::exchange::NOTHING_CHANGED)}</p></div>
        }
        .into_any(),
        Outcome::Added { id, student } => view! {
            <div data-testid="added">
                <p class="success"><strong>{name}</strong> ": " {tf(k::exchange::ADDED, &[("student", &student)])} " " {links(&id)}</p>
                <SealLines scan=drafts.select(&id) />
            </div>
        }
        .into_any(),
        Outcome::Same { id } => view! {
            <p><strong>{name}</strong> ": " {t(k::exchange::SAME)} " " {links(&id)}</p>
        }
        .into_any(),
        Outcome::NothingNew { file } => {
            view! {
                <div data-testid="nothing-new">
                    <p><strong>{name}</strong> ": " {t(k::exchange::NOTHING_NEW)} " " {links(&file.id)}</p>
                    <FileSeals file=*file />
                </div>
            }
            .into_any()
        }
        Outcome::Choice { imported, additions } => {
            let lines = additions_lines(&additions);
            let replaced = conflict_lines(&additions.conflicts);
            let replaces = !additions.conflicts.is_empty();
            let (a, b) = (imported.clone(), imported.clone());
            view! {
                <div class="notice" data-testid="merge-choice">
                    <p><strong>{name}</strong> ": " {tf(k::exchange::ADDS, &[("student", &imported.scan.subject.student)])}</p>
                    <ul data-testid="adds">{lines}</ul>
                    {replaces.then(|| view! { <p>{t(k::exchange::REPLACES_INTRO)}</p><ul data-testid="replaces">{replaced}</ul> })}
                    <FileSeals file=imported.scan.clone() framework=imported.framework.clone() />
                    <button type="button" class="primary" on:click=move |_| {
                        let id = a.scan.id.clone();
                        match drafts.merge_in(&id, &a.scan) {
                            Ok(conflicts) => set(Outcome::Merged { id, conflicts }),
                            Err(e) => set(Outcome::Refused(e)),
                        }
                    }>{t(k::exchange::MERGE)}</button>
                    <button type="button" on:click=move |_| {
                        let student = b.scan.subject.student.clone();
                        set(Outcome::Added { id: drafts.add_imported((*b).clone(), true), student })
                    }>{t(k::exchange::KEEP_COPY)}</button>
                </div>
            }
            .into_any()
        }
        Outcome::Request {
            id,
            rater,
            from,
            again,
        } => {
            let href = Screen::Scan { id, rater, group: 1 }.to_hash();
            let said = if again { k::feedback::REQUEST_AGAIN } else { k::feedback::REQUEST_OPENED };
            view! {
                <p class="success" data-testid="request-opened"><strong>{name}</strong> ": " {tf(said, &[("from", &from)])} " "
                    <a href=href>{t(k::feedback::GIVE_FEEDBACK)}</a></p>
            }
            .into_any()
        }
        Outcome::Feedback(applied) => {
            let who = if applied.name.is_empty() {
                tf(k::feedback::WHO_ANONYMOUS, &[("role", t(applied.role.label()))])
            } else {
                tf(k::feedback::WHO_NAMED, &[("role", t(applied.role.label())), ("name", &applied.name)])
            };
            let said = if applied.added { k::feedback::APPLIED_NEW } else { k::feedback::APPLIED_UPDATE };
            let listed = conflict_lines(&applied.conflicts);
            view! {
                <div class="success" data-testid="feedback-applied">
                    <p><strong>{name}</strong> ": " {tf(said, &[("who", &who), ("student", &applied.student)])} " " {links(&applied.id)}</p>
                    {(!applied.conflicts.is_empty()).then(|| view! { <p>{t(k::exchange::CONFLICTS_INTRO)}</p><ul>{listed}</ul> })}
                </div>
            }
            .into_any()
        }
        Outcome::Anonymous(took) => {
            let said = match took.taken {
                Taken::Counted { role, added, total, .. } => {
                    let args = [("role", t(role.label_plural())), ("added", &added.to_string()), ("total", &total.to_string()), ("student", &took.student)];
                    let key = if added > 0 { k::feedback::ANONYMOUS_ADDED } else { k::feedback::ANONYMOUS_RENEWED };
                    tf(key, &args)
                }
                Taken::AlreadyCounted { role, .. } => tf(k::feedback::ANONYMOUS_ALREADY, &[("role", t(role.label_plural()))]),
            };
            view! {
                <div class="success" data-testid="anonymous-taken">
                    <p><strong>{name}</strong> ": " {said} " " {links(&took.id)}</p>
                </div>
            }
            .into_any()
        }
        Outcome::Framework(adding) => {
            let state = RwSignal::new(Some(adding));
            view! { <div><p><strong>{name}</strong></p><AddingStatus state /></div> }.into_any()
        }
        Outcome::Merged { id, conflicts } => {
            let id2 = id.clone();
            let listed = conflict_lines(&conflicts);
            view! {
                <div class="success" data-testid="merged">
                    <p><strong>{name}</strong> ": " {t(k::exchange::MERGED)} " " {links(&id)}</p>
                    <SealLines scan=drafts.select(&id) />
                    {(!conflicts.is_empty()).then(|| view! { <p>{t(k::exchange::CONFLICTS_INTRO)}</p><ul>{listed}</ul> })}
                    {move || drafts.has_backup(&id2).then(|| {
                        let id3 = id2.clone();
                        view! { <button type="button" on:click=move |_| drafts.restore_backup(&id3)>{t(k::exchange::RESTORE)}</button> }
                    })}
                </div>
            }
            .into_any()
        }
    }
}

/// What a file adds, one line per rater whose column would change, then the plan and the scan's
/// details ("BPV-begeleider: afgerond, 2 parafen, ondertekend").
fn additions_lines(additions: &Additions) -> impl IntoView {
    let raters = additions.raters.iter().map(|a| {
        let who = rater_key(&a.rater, a.role, Wording::Exchange);
        view! { <li>{tf(k::exchange::ADDS_LINE, &[("rater", t(who)), ("parts", &rater_parts(a))])}</li> }
    });
    let goals = (additions.goals > 0).then(|| {
        view! { <li>{counted(additions.goals, k::exchange::ADDS_GOALS_ONE, k::exchange::ADDS_GOALS_MANY)}</li> }
    });
    let anonymous = additions.anonymous.iter().map(|(role, count)| {
        let args = [
            ("role", t(role.label_plural())),
            ("count", &count.to_string()),
        ];
        view! { <li>{tf(k::exchange::ADDS_ANONYMOUS, &args)}</li> }
    });
    let details = additions
        .details
        .then(|| view! { <li>{t(k::exchange::ADDS_DETAILS)}</li> });
    view! { {raters.collect_view()} {anonymous.collect_view()} {goals} {details} }
}

/// One rater's additions in words, most telling first.
fn rater_parts(a: &RaterAdditions) -> String {
    let word = |on: bool, key: Key| on.then(|| t(key).to_string());
    let count = |n: usize, one: Key, many: Key| (n > 0).then(|| counted(n, one, many));
    let parts: Vec<String> = [
        word(a.new, k::exchange::ADDS_NEW),
        word(a.finished, k::exchange::ADDS_FINISHED),
        word(a.reopened, k::exchange::ADDS_REOPENED),
        count(
            a.rows,
            k::exchange::ADDS_ROWS_ONE,
            k::exchange::ADDS_ROWS_MANY,
        ),
        count(
            a.paraafs,
            k::exchange::ADDS_PARAAFS_ONE,
            k::exchange::ADDS_PARAAFS_MANY,
        ),
        word(a.signed, k::exchange::ADDS_SIGNED),
        word(a.described, k::exchange::ADDS_DESCRIBED),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        // A column can change in its times only (a paraaf given and taken back).
        t(k::exchange::ADDS_CHANGES).to_string()
    } else {
        parts.join(", ")
    }
}

/// "1 paraaf" or "3 parafen".
fn counted(n: usize, one: Key, many: Key) -> String {
    if n == 1 {
        t(one).to_string()
    } else {
        tf(many, &[("count", &n.to_string())])
    }
}

/// The replaced ratings of a merge, one line each.
fn conflict_lines(conflicts: &[Conflict]) -> impl IntoView {
    conflicts
        .iter()
        .map(|c| {
            let v = |r: &crate::core::scan::Rating| {
                r.value
                    .map(|v| format!("{v} %"))
                    .unwrap_or_else(|| "–".into())
            };
            let rater = rater_key(&c.rater, c.role, Wording::Conflict);
            view! { <li>{tf(k::exchange::CONFLICT_LINE, &[
                ("rater", t(rater)),
                ("item", &c.item),
                ("kept", &v(&c.kept)),
                ("dropped", &v(&c.dropped)),
            ])}</li> }
        })
        .collect_view()
}

/// The chunk of Bestand openen.
#[leptos::wasm_split::wasm_split(exchange, fallible, wasm_split_path = leptos::wasm_split)]
pub fn screen() -> super::lazy::Loaded {
    Ok(view! { <OpenFile /> }.into_any())
}
