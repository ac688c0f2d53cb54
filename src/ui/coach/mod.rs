//! Coach: a whole class at a glance. Import many files at once (with progress), then a table
//! student × group with St % / BPV % and band colours, sortable and filterable; a student opens
//! the results screen (a 360° scan lists its other roles under the name); the CSV download holds
//! one row per student × item × role. Each finished column's seal is checked once per content
//! and shown compactly in its row; the class's signing keys are grouped per role (intact
//! columns only) and can be marked as trusted on this device.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::drafts::Drafts;
use super::i18n::{k, lang, t, tf};
use super::raters::{rater_label, role_label};
use super::results::charts::series_label;
use super::scan::band_tone;
use super::seal::{decided, drafts_framework, verdict, Device, ItemTitles};
use super::trusted::{students, trusted_label, Trusted};
use crate::core::exchange;
use crate::core::framework::Framework;
use crate::core::overview::{
    self, class_rows, frameworks, ClassList, ClassRow, FinishedFilter, Means, SortBy, View,
    CLASS_KEY,
};
use crate::core::rater::Rater;
use crate::core::rater::{RaterId, RaterRole};
use crate::core::route::Screen;
use crate::core::scan::{Scan, MAX_NAME};
use crate::core::scoring::Mean;
use crate::core::signature::{
    check, reword, CanonicalForm, Carrier, ColumnSeal, PublicKey, SealCheck, VerifyRequest,
};
use crate::core::stored::DecodeError;
use crate::core::trust::{key_groups, KeyGroup};
use crate::platform::{clock, files, storage};

/// Why the stored list is kept as it is, in the current language.
fn locked_message(e: &DecodeError) -> String {
    match e {
        DecodeError::Newer(v) => tf(k::coach::LIST_NEWER, &[("version", &v.to_string())]),
        DecodeError::Corrupt(_) => t(k::coach::LIST_CORRUPT).to_string(),
    }
}

/// One finished column of a class scan and its seal; `None` while it is being checked.
#[derive(Debug, Clone, PartialEq)]
struct RowSeal {
    rater: RaterId,
    role: RaterRole,
    /// The key it claims, for the trusted name of an intact seal.
    key: Option<PublicKey>,
    seal: Option<ColumnSeal>,
}

/// One finished column's checks: its own, and those of the other columns on this device that
/// carry the same signature value (to word a seal that does not hold).
#[derive(Clone, PartialEq)]
struct ColumnChecks {
    rater: RaterId,
    role: RaterRole,
    now: Rater,
    check: SealCheck,
    carriers: Vec<(Carrier, SealCheck, Rater)>,
}

/// A check's answer: decided, or the platform's once it came.
fn answer_of(check: &SealCheck, answers: &HashMap<Vec<u8>, ColumnSeal>) -> Option<ColumnSeal> {
    match check {
        SealCheck::Decided(seal) => Some(seal.clone()),
        SealCheck::Verify(request) => answers.get(&content(request)).cloned(),
    }
}

/// What a verify call answers for: the key, the signature and the signed bytes. The same
/// content is never checked twice, whatever the filters, sorting or re-imports do.
fn content(request: &VerifyRequest) -> Vec<u8> {
    [
        request.public_key.as_bytes(),
        request.value.as_bytes(),
        &request.message,
    ]
    .concat()
}

/// Per scan in the class, its finished columns and what it takes to learn their seals.
fn column_checks(list: &ClassList, device: &Device) -> Vec<(String, Vec<ColumnChecks>)> {
    let by_id: HashMap<&str, &Scan> = device.scans.iter().map(|s| (s.id.as_str(), s)).collect();
    list.0
        .iter()
        .filter_map(|id| by_id.get(id.as_str()))
        .map(|s| {
            let framework = (device.framework_of)(s);
            let columns = s
                .raters
                .iter()
                .filter(|r| r.finished.is_some())
                .map(|r| ColumnChecks {
                    rater: r.id.clone(),
                    role: r.role,
                    now: r.clone(),
                    check: check(s, framework.as_deref(), r, r.signature.as_ref()),
                    carriers: device.carriers(s, r),
                })
                .collect();
            (s.id.clone(), columns)
        })
        .collect()
}

/// Table rows shown before "Toon meer".
const PAGE: usize = 100;

/// The screen's state: the class (the stored list), what the coach chose to see, and the rows
/// derived from them: every row scored once per change of the class, filtered and sorted once
/// per change of the choice. The parts below read and change only this.
#[derive(Clone, Copy)]
struct Class {
    list: RwSignal<ClassList>,
    /// Why the stored list cannot be read; then it is never written.
    locked: StoredValue<Option<DecodeError>>,
    messages: RwSignal<Vec<String>>,
    /// What the last batch did besides adding students (files merged into scans here, files
    /// that added nothing): news, not problems.
    notes: RwSignal<Vec<String>>,
    view: RwSignal<View>,
    rows: Memo<Vec<ClassRow>>,
    visible: Memo<Vec<ClassRow>>,
    /// Rows drawn at once: a phone builds 100 rows quickly, 500 not; sorting, filters and the
    /// CSV always cover the whole class.
    shown: RwSignal<usize>,
    /// Per class scan (by id) its finished columns' seals.
    seals: Memo<HashMap<String, Vec<RowSeal>>>,
}

impl Class {
    fn new(drafts: Drafts) -> Class {
        let raw = storage::get(CLASS_KEY).ok().flatten();
        let (stored, locked) = ClassList::open_stored(raw.as_deref());
        let list = RwSignal::new(stored);
        let view = RwSignal::new(View::default());
        let rows = Memo::new(move |_| {
            list.with(|list| {
                drafts
                    .scans()
                    .with(|all| class_rows(list, all, |s| drafts.framework_for(&s.framework)))
            })
        });
        // Never compared: comparing would walk every row's framework, and a new choice is
        // a new table anyway.
        let visible = Memo::new_with_compare(
            move |_| view.with(|v| rows.with(|r| v.apply(r))),
            |_, _| true,
        );
        let checks = Memo::new(move |_| {
            list.with(|list| {
                drafts.scans().with(|all| {
                    let framework_of = drafts_framework(drafts);
                    let device = Device {
                        scans: all,
                        framework_of: &framework_of,
                    };
                    column_checks(list, &device)
                })
            })
        });
        // The platform's answers by content; a column edited or re-imported with other
        // content is checked anew, the same content never twice.
        let answers = RwSignal::new(HashMap::<Vec<u8>, ColumnSeal>::new());
        let asked = StoredValue::new(HashSet::<Vec<u8>>::new());
        Effect::new(move |_| {
            let missing: Vec<VerifyRequest> = checks.with(|checks| {
                asked.with_value(|asked| {
                    checks
                        .iter()
                        .flat_map(|(_, columns)| columns)
                        .flat_map(|c| {
                            std::iter::once(&c.check).chain(c.carriers.iter().map(|(_, k, _)| k))
                        })
                        .filter_map(|check| match check {
                            SealCheck::Verify(request) => Some(request),
                            SealCheck::Decided(_) => None,
                        })
                        .filter(|request| !asked.contains(&content(request)))
                        .cloned()
                        .collect()
                })
            });
            if missing.is_empty() {
                return;
            }
            asked.update_value(|asked| asked.extend(missing.iter().map(content)));
            spawn_local(async move {
                let mut found = Vec::with_capacity(missing.len());
                for request in missing {
                    let key = content(&request);
                    found.push((key, decided(SealCheck::Verify(request)).await));
                }
                // One update for the batch: every row's seal is redrawn once, not per column.
                answers.update(|answers| answers.extend(found));
            });
        });
        let seals = Memo::new(move |_| {
            checks.with(|checks| {
                answers.with(|answers| {
                    checks
                        .iter()
                        .map(|(id, columns)| {
                            let seals = columns
                                .iter()
                                .map(|c| RowSeal {
                                    rater: c.rater.clone(),
                                    role: c.role,
                                    key: match &c.check {
                                        SealCheck::Verify(request) => {
                                            Some(request.public_key.clone())
                                        }
                                        SealCheck::Decided(_) => None,
                                    },
                                    seal: answer_of(&c.check, answers).map(|seal| {
                                        let holding: Vec<(Carrier, &Rater)> = c
                                            .carriers
                                            .iter()
                                            .filter(|(_, check, _)| {
                                                answer_of(check, answers)
                                                    .is_some_and(|s| s.is_intact())
                                            })
                                            .map(|(carrier, _, rater)| (*carrier, rater))
                                            .collect();
                                        reword(seal, &c.now, &holding)
                                    }),
                                })
                                .collect();
                            (id.clone(), seals)
                        })
                        .collect()
                })
            })
        });
        Class {
            list,
            locked: StoredValue::new(locked),
            messages: RwSignal::new(Vec::new()),
            notes: RwSignal::new(Vec::new()),
            view,
            rows,
            visible,
            shown: RwSignal::new(PAGE),
            seals,
        }
    }

    /// Writes the list, unless the stored one could not be read.
    fn save(&self, next: &ClassList) -> Result<(), String> {
        if let Some(e) = self.locked.with_value(|l| l.as_ref().map(locked_message)) {
            return Err(e);
        }
        storage::set(CLASS_KEY, &next.encode()).map_err(|e| e.message(lang()))
    }

    /// Imported scans join the class; shown even if the list could not be stored (the
    /// scans themselves are stored as drafts), with the reason.
    fn add(&self, ids: Vec<String>) -> Result<(), String> {
        let next = self.list.with_untracked(|l| l.with_added(ids));
        let saved = self.save(&next);
        self.list.set(next);
        saved
    }

    /// A student leaves the overview (the draft stays); only once that is stored.
    fn remove(&self, id: &str) {
        let next = self.list.with_untracked(|l| l.without(id));
        match self.save(&next) {
            Ok(()) => self.list.set(next),
            Err(e) => self.messages.set(vec![e]),
        }
    }

    /// The framework the table shows (the chosen one, else the class's first).
    fn framework_shown(&self) -> Option<String> {
        self.view.with(|v| self.rows.with(|r| v.framework_shown(r)))
    }
}

#[component]
pub fn CoachScreen() -> impl IntoView {
    let drafts = Drafts::get();
    let class = Class::new(drafts);
    let download = move |_| {
        let csv = class.visible.with_untracked(|list| {
            drafts.scans().with_untracked(|all| {
                let by_id: std::collections::HashMap<&str, &Scan> =
                    all.iter().map(|s| (s.id.as_str(), s)).collect();
                let entries: Vec<(&Scan, &Framework)> = list
                    .iter()
                    .filter_map(|r| Some((*by_id.get(r.id.as_str())?, r.framework.as_ref())))
                    .collect();
                overview::csv(&entries, lang())
            })
        });
        let name = format!("competentiescan_overzicht_{}.csv", clock::today());
        if let Err(e) = files::download(&name, &csv, "text/csv;charset=utf-8") {
            class.messages.set(vec![e]);
        }
    };
    view! {
        <section class="coach">
            <h1>{t(k::coach::TITLE)}</h1>
            <p>{t(k::coach::INTRO)}</p>
            {class.locked.with_value(|l| l.as_ref().map(|e| view! {
                <p class="banner warning" role="alert" data-testid="class-list-locked">{locked_message(e)}</p>
            }))}
            <ClassImport class />
            {move || class.notes.with(|n| !n.is_empty()).then(|| view! {
                <ul role="status" data-testid="coach-notes">{class.notes.get().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            })}
            {move || class.messages.with(|m| !m.is_empty()).then(|| view! {
                <div class="error" role="alert"><ul>{class.messages.get().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul></div>
            })}
            <FilterBar class />
            <p class="meta">{t(k::coach::LEGEND)}</p>
            <ClassTable class />
            <p><button type="button" on:click=download>{t(k::coach::DOWNLOAD)}</button></p>
            <KeyGroups class />
        </section>
    }
}

/// Choosing many files: each read and checked with one core `Importer` (the class's shared
/// framework is checked once), with progress; the good ones become drafts and join the class.
#[component]
fn ClassImport(class: Class) -> impl IntoView {
    let drafts = Drafts::get();
    let progress = RwSignal::new(None::<(usize, usize)>);
    let on_files = move |ev: leptos::ev::Event| {
        let list = files::chosen(&ev);
        let total = list.len();
        progress.set(Some((0, total)));
        class.messages.set(Vec::new());
        class.notes.set(Vec::new());
        spawn_local(async move {
            // Asked once per file: for a picked file the browser answers `size` with a
            // synchronous round trip to the file system each time.
            let sizes: Vec<usize> = list.iter().map(files::size).collect();
            let fits = |n: usize| sizes[n] <= exchange::MAX_IMPORT_BYTES;
            let readable: Vec<web_sys::File> = list
                .iter()
                .enumerate()
                .filter(|(n, _)| fits(*n))
                .map(|(_, f)| f.clone())
                .collect();
            let mut contents = files::read_all_bytes(&readable).await.into_iter();
            let mut importer = exchange::Importer::default();
            let mut good = Vec::new();
            let mut problems = Vec::new();
            let mut painted = clock::millis();
            for (done, file) in list.iter().enumerate() {
                let outcome = if !fits(done) {
                    Err(exchange::ImportError::TooLarge(sizes[done]).message(lang()))
                } else {
                    match contents.next() {
                        Some(Ok(bytes)) => importer.import(&bytes).map_err(|e| e.message(lang())),
                        Some(Err(e)) => Err(e.message(lang())),
                        None => Err(t(k::coach::FILE_UNREADABLE).into()),
                    }
                };
                match outcome {
                    Ok(i) => good.push(i),
                    Err(e) => problems.push(format!("{}: {e}", files::name(file))),
                }
                progress.set(Some((done + 1, total)));
                // On a slow phone the progress shows a few times a second, not after each file.
                if clock::millis() - painted > 200.0 {
                    clock::next_task().await;
                    painted = clock::millis();
                }
            }
            let incoming: Vec<String> = good.iter().map(|i| i.scan.id.clone()).collect();
            let intake = drafts
                .scans()
                .with_untracked(|all| overview::intake(all, good));
            let said = |n: usize, one, many| match n {
                0 => None,
                1 => Some(t(one).to_string()),
                n => Some(tf(many, &[("count", &n.to_string())])),
            };
            let merged = said(
                intake.merged.len(),
                k::coach::MERGED_ONE,
                k::coach::MERGED_MANY,
            );
            let unchanged = said(
                intake.unchanged,
                k::coach::UNCHANGED_ONE,
                k::coach::UNCHANGED_MANY,
            );
            drafts.take_in(intake);
            if let Err(e) = class.add(incoming) {
                problems.push(e);
            }
            class
                .notes
                .set(merged.into_iter().chain(unchanged).collect());
            class.messages.set(problems);
        });
    };
    view! {
        <div class="field">
            <label for="coach-files">{t(k::coach::FILES_LABEL)}</label>
            <input id="coach-files" type="file" multiple accept=".json,application/json" on:change=on_files />
        </div>
        {move || progress.get().map(|(done, total)| view! {
            <p role="status" data-testid="coach-progress">{tf(k::coach::PROGRESS, &[("done", &done.to_string()), ("total", &total.to_string())])}</p>
            <progress max=total value=done aria-label=t(k::coach::PROGRESS_LABEL)></progress>
        })}
    }
}

/// Framework, band and "afgerond" filters.
#[component]
fn FilterBar(class: Class) -> impl IntoView {
    let band_options = move || {
        let shown = class.framework_shown();
        class
            .rows
            .with(|r| {
                r.iter()
                    .find(|row| Some(&row.framework_id) == shown.as_ref())
                    .map(|row| row.framework.clone())
            })
            .map(|f| {
                f.bands
                    .iter()
                    .map(|b| view! { <option value=b.id.clone()>{b.label.clone()}</option> })
                    .collect_view()
            })
    };
    let finished_label = |f: FinishedFilter| {
        t(match f {
            FinishedFilter::Any => k::coach::FILTER_ALL,
            FinishedFilter::ByStudent => k::coach::FINISHED_STUDENT,
            FinishedFilter::BySupervisor => k::coach::FINISHED_SUPERVISOR,
            FinishedFilter::Open => k::coach::NOT_FINISHED,
        })
    };
    view! {
        <div class="filters">
            <div class="field">
                <label for="f-framework">{t(k::coach::FILTER_FRAMEWORK)}</label>
                <select id="f-framework" on:change=move |ev| {
                    let id = event_target_value(&ev);
                    class.view.update(|v| v.framework = Some(id));
                }>
                    {move || {
                        let shown = class.framework_shown();
                        class.rows.with(|r| frameworks(r)).into_iter().map(|(id, title)| {
                            let selected = Some(&id) == shown.as_ref();
                            view! { <option value=id selected=selected>{title}</option> }
                        }).collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="f-band">{t(k::coach::FILTER_BAND)}</label>
                <select id="f-band" on:change=move |ev| {
                    let id = event_target_value(&ev);
                    class.view.update(|v| v.band = (!id.is_empty()).then_some(id));
                }>
                    <option value="">{t(k::coach::FILTER_ALL)}</option>
                    {band_options}
                </select>
            </div>
            <div class="field">
                <label for="f-finished">{t(k::coach::FILTER_FINISHED)}</label>
                <select id="f-finished" on:change=move |ev| {
                    let filter = FinishedFilter::parse(&event_target_value(&ev)).unwrap_or_default();
                    class.view.update(|v| v.finished = filter);
                }>
                    {FinishedFilter::ALL.map(|f| view! { <option value=f.id()>{finished_label(f)}</option> }).collect_view()}
                </select>
            </div>
        </div>
    }
}

/// The table of the rows shown, a page at a time, with sortable column headings.
#[component]
fn ClassTable(class: Class) -> impl IntoView {
    let trusted = Trusted::get();
    let sort = move || class.view.with(|v| (v.sort, v.descending));
    let header_button = move |label: String, by: SortBy| {
        let active = move || sort().0 == by;
        // The arrow shows the order to the eye; a screen reader hears it from aria-sort.
        let arrow = move || active().then(|| if sort().1 { "▼" } else { "▲" });
        view! {
            <th scope="col" aria-sort=move || if !active() { "none" } else if sort().1 { "descending" } else { "ascending" }>
                <button type="button" class="link" on:click=move |_| class.view.update(|v| *v = v.sorted_by(by))>
                    {label}<span class="sort-arrow" aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };
    let cell = |f: &Framework, m: Means| {
        let band = m.decisive.value.and_then(|v| f.band_index(v));
        let tone = band.map(|b| band_tone(f, b)).unwrap_or("none");
        let label = band
            .and_then(|b| f.bands.get(b))
            .map(|b| b.label.clone())
            .unwrap_or_default();
        let fmt = |m: Mean| {
            m.value
                .map(|v| format!("{v:.0}"))
                .unwrap_or_else(|| "–".into())
        };
        // One text node with a line break (CSS white-space: pre), not five nodes: a class of
        // 500 students is 7,000 cells.
        view! {
            <td class=format!("cell {tone}") title=label>
                {format!(
                    "{}\n{}",
                    tf(k::coach::CELL_SUPERVISOR, &[("value", &fmt(m.supervisor))]),
                    tf(k::coach::CELL_STUDENT, &[("value", &fmt(m.student))])
                )}
            </td>
        }
    };
    let row_view = move |row: &ClassRow| {
        let id = row.id.clone();
        let remove_id = id.clone();
        let results = Screen::Results(id.clone()).to_hash();
        let finished = match (row.finished_by_student, row.finished_by_supervisor) {
            (true, true) => Some(k::coach::ROW_FINISHED_BOTH),
            (true, false) => Some(k::coach::ROW_FINISHED_STUDENT),
            (false, true) => Some(k::coach::ROW_FINISHED_SUPERVISOR),
            (false, false) => None,
        }
        .map(|key| view! { <span class="meta" data-testid="coach-finished">{t(key)}</span> });
        let framework = row.framework.clone();
        view! {
            <tr data-id=id>
                // The name, then the lines under it: the scan's date tells two scans of one
                // student apart.
                <th scope="row"><a href=results>{row.student.clone()}</a>
                    {row.date.map(|d| view! { <span class="meta" data-testid="coach-date">{d.to_string()}</span> })}
                    {finished}
                    {(!row.other_raters.is_empty()).then(|| {
                        let roles = row.other_raters.iter().map(|(role, n)| series_label(*role, *n, false)).collect::<Vec<_>>().join(" · ");
                        view! { <span class="meta" data-testid="coach-raters">{roles}</span> }
                    })}
                    // Comments are read in Resultaat, behind the name's link.
                    {match row.comments {
                        0 => None,
                        1 => Some(t(k::coach::COMMENTS_ONE).to_string()),
                        n => Some(tf(k::coach::COMMENTS, &[("count", &n.to_string())])),
                    }.map(|c| view! { <span class="meta" data-testid="coach-comments">{c}</span> })}
                    {row_seals(class, trusted, id.clone(), framework)}
                </th>
                {cell(&row.framework, row.overall)}
                {row.groups.iter().map(|g| cell(&row.framework, *g)).collect_view()}
                <td><button type="button" class="link" on:click=move |_| class.remove(&remove_id)>{t(k::coach::REMOVE)}</button></td>
            </tr>
        }
    };
    move || {
        let limit = class.shown.get();
        class.visible.with(|list| {
            let total = list.len();
            let Some(first) = list.first() else {
                return view! { <p>{t(k::coach::NO_STUDENTS)}</p> }.into_any();
            };
            let framework: Arc<Framework> = first.framework.clone();
            let heads = framework
                .groups(first.variant.as_deref())
                .iter()
                .enumerate()
                .map(|(i, g)| header_button(g.node.code.clone(), SortBy::Group(i)))
                .collect_view();
            let body = list.iter().take(limit).map(row_view).collect_view();
            view! {
                <div class="table-wrap">
                    <table class="coach-table" data-testid="coach-table">
                        <thead><tr>
                            {header_button(t(k::coach::COL_STUDENT).into(), SortBy::Name)}
                            {header_button(t(k::coach::COL_TOTAL).into(), SortBy::Overall)}
                            {heads}
                            <th scope="col"><span class="visually-hidden">{t(k::coach::COL_ACTIONS)}</span></th>
                        </tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
                <p class="row-actions" data-testid="coach-count">
                    {tf(k::coach::SHOWN, &[("shown", &limit.min(total).to_string()), ("total", &total.to_string())])}
                    {(total > limit).then(|| view! {
                        " "
                        <button type="button" on:click=move |_| class.shown.update(|n| *n += PAGE)>{t(k::coach::SHOW_MORE)}</button>
                        " "
                        <button type="button" on:click=move |_| class.shown.set(usize::MAX)>{t(k::coach::SHOW_ALL)}</button>
                    })}
                </p>
            }
            .into_any()
        })
    }
}

/// A row's seals, one mark per finished column ("BPV-begeleider: ondertekend · vertrouwd:
/// Joost Bakker"), apart from the finished mark after the name; each opens (tap, keyboard,
/// screen reader: a `<details>`) to the full verdict with the fingerprint and changed items.
fn row_seals(
    class: Class,
    trusted: Trusted,
    id: String,
    framework: Arc<Framework>,
) -> impl IntoView {
    let titles = ItemTitles::of(Some(&framework));
    move || {
        class.seals.with(|seals| {
            let columns = seals.get(&id).filter(|c| !c.is_empty())?;
            let marks = columns
                .iter()
                .map(|column| {
                    let role = rater_label(&column.rater, column.role);
                    let (short, full) = match &column.seal {
                        None => (
                            format!("{role}: {}", t(k::trust::CHECKING)),
                            t(k::seal::CHECKING).to_string(),
                        ),
                        Some(seal) => {
                            let mut short = tf(
                                match seal {
                                    ColumnSeal::Intact(_, CanonicalForm::V2) => {
                                        k::trust::ROW_INTACT
                                    }
                                    ColumnSeal::Intact(_, CanonicalForm::V1) => {
                                        k::trust::ROW_INTACT_V1
                                    }
                                    ColumnSeal::Changed { .. } => k::trust::ROW_CHANGED,
                                    ColumnSeal::NotThisColumn => k::trust::ROW_NOT_THIS_COLUMN,
                                    ColumnSeal::DoesNotHold => k::trust::ROW_DOES_NOT_HOLD,
                                    ColumnSeal::Unsigned => k::trust::ROW_UNSIGNED,
                                    ColumnSeal::Unverifiable(_) => k::trust::ROW_UNVERIFIABLE,
                                },
                                &[("role", role)],
                            );
                            if seal.is_intact() {
                                if let Some(name) =
                                    column.key.as_ref().and_then(|key| trusted.name_of(key))
                                {
                                    short = format!("{short} · {}", trusted_label(&name));
                                }
                            }
                            (short, verdict(seal, &titles))
                        }
                    };
                    view! {
                        <li data-testid=format!("coach-seal-{}", column.rater.as_str())>
                            <details>
                                <summary>{short}</summary>
                                <span data-testid="coach-seal-detail">{full}</span>
                            </details>
                        </li>
                    }
                })
                .collect_view();
            Some(view! { <ul class="meta coach-seals" data-testid="coach-seals">{marks}</ul> })
        })
    }
}

/// Ondertekensleutels: the class's signing keys per role, through intact columns only, each
/// to be marked as trusted (or no longer) on this device.
#[component]
fn KeyGroups(class: Class) -> impl IntoView {
    let drafts = Drafts::get();
    let trusted = Trusted::get();
    // The names being typed, per group's field: kept when a group's line is drawn anew.
    let typed = RwSignal::new(HashMap::<String, String>::new());
    let groups = Memo::new(move |_| {
        class.list.with(|list| {
            drafts.scans().with(|all| {
                class.seals.with(|seals| {
                    let by_id: HashMap<&str, &Scan> =
                        all.iter().map(|s| (s.id.as_str(), s)).collect();
                    let scans: Vec<&Scan> = list
                        .0
                        .iter()
                        .filter_map(|id| by_id.get(id.as_str()).copied())
                        .collect();
                    key_groups(&scans, |scan, rater| {
                        seals.get(&scan.id).is_some_and(|columns| {
                            columns.iter().any(|c| {
                                c.rater == rater.id
                                    && c.seal.as_ref().is_some_and(ColumnSeal::is_intact)
                            })
                        })
                    })
                })
            })
        })
    });
    view! {
        <section class="key-groups" data-testid="key-groups">
            <h2>{t(k::trust::TITLE)}</h2>
            <p class="meta">{t(k::trust::INTRO)}</p>
            {trusted.locked_message().map(|m| view! { <p class="banner warning" role="alert">{m}</p> })}
            {move || {
                if groups.with(Vec::is_empty) {
                    view! { <p>{t(k::trust::NONE)}</p> }.into_any()
                } else {
                    // Keyed by content: a batch of checks that leaves a group as it was keeps
                    // its line, and the field being typed in with it.
                    view! {
                        <ul>
                            <For each=move || groups.get() key=|g| (g.role, g.public_key.clone(), g.students, g.organisations.clone()) let(group)>
                                <KeyGroupLine group typed />
                            </For>
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// One key group: role, fingerprint, students and organisations; trusted with its name, or a
/// name field to trust it.
#[component]
fn KeyGroupLine(group: KeyGroup, typed: RwSignal<HashMap<String, String>>) -> impl IntoView {
    let trusted = Trusted::get();
    let fingerprint = group.fingerprint.to_string();
    let summary = std::iter::once(tf(
        k::trust::GROUP,
        &[
            ("role", role_label(group.role)),
            ("fingerprint", &fingerprint),
            ("students", &students(group.students)),
        ],
    ))
    .chain(group.organisations.iter().cloned())
    .collect::<Vec<_>>()
    .join(", ");
    let field = format!("trust-{}-{fingerprint}", group.role.wire_name());
    let label = tf(k::trust::NAME_LABEL, &[("fingerprint", &fingerprint)]);
    let key = group.public_key;
    let error = RwSignal::new(None::<String>);
    let name = StoredValue::new(field.clone());
    let value = move || typed.with(|m| name.with_value(|f| m.get(f).cloned().unwrap_or_default()));
    let state = move || {
        let (mark_key, remove_key) = (key.clone(), key.clone());
        match trusted.name_of(&key) {
            Some(name) => view! {
                " · "<span data-testid="key-group-trusted">{trusted_label(&name)}</span>" "
                <button type="button" class="link" on:click=move |_| error.set(trusted.remove(&remove_key).err())>{t(k::trust::UNMARK)}</button>
            }
            .into_any(),
            None => view! {
                <div class="field">
                    <label for=field.clone()>{label.clone()}</label>
                    <input id=field.clone() type="text" maxlength=MAX_NAME.to_string()
                        placeholder=t(k::trust::NAME_PLACEHOLDER)
                        prop:value=value
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            typed.update(|m| { m.insert(name.get_value(), text); });
                        } />
                    <button type="button" on:click=move |_| {
                        let result = trusted.mark(mark_key.clone(), &untrack(value));
                        error.set(result.err());
                    }>{t(k::trust::MARK)}</button>
                </div>
            }
            .into_any(),
        }
    };
    view! {
        <li data-testid=format!("key-group-{}-{fingerprint}", group.role.wire_name())>
            <span data-testid="key-group-summary">{summary}</span>
            {state}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </li>
    }
}

/// The coach's chunk: the class overview, its checks of seals and its trust list.
#[leptos::wasm_split::wasm_split(coach, fallible, wasm_split_path = leptos::wasm_split)]
pub fn screen() -> super::lazy::Loaded {
    Ok(view! { <CoachScreen /> }.into_any())
}
