//! Coach: a whole class at a glance. Import many files at once (with progress), then a table
//! student × group with St % / BPV % and band colours, sortable and filterable; a student opens
//! the results screen; the CSV download holds one row per student × item.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::drafts::Drafts;
use super::i18n::{k, lang, t, tf};
use super::scan::band_tone;
use crate::core::exchange;
use crate::core::framework::Framework;
use crate::core::overview::{self, ClassList, CLASS_KEY};
use crate::core::rater::RaterRole;
use crate::core::route::Screen;
use crate::core::scan::Scan;
use crate::core::scoring::{score, Mean};
use crate::core::stored::DecodeError;
use crate::platform::{clock, files, storage};

/// The stored class list, or why it cannot be read (then it is never written).
fn load_overview() -> (Vec<String>, Option<DecodeError>) {
    match storage::get(CLASS_KEY).ok().flatten() {
        None => (Vec::new(), None),
        Some(raw) => match ClassList::decode(&raw) {
            Ok(list) => (list.0, None),
            Err(e) => (Vec::new(), Some(e)),
        },
    }
}

/// Why the stored list is kept as it is, in the current language.
fn locked_message(e: &DecodeError) -> String {
    match e {
        DecodeError::Newer(v) => tf(k::coach::LIST_NEWER, &[("version", &v.to_string())]),
        DecodeError::Corrupt(_) => t(k::coach::LIST_CORRUPT).to_string(),
    }
}

fn save_overview(ids: &[String], locked: Option<&DecodeError>) -> Result<(), String> {
    if let Some(e) = locked {
        return Err(locked_message(e));
    }
    storage::set(CLASS_KEY, &ClassList(ids.to_vec()).encode()).map_err(|e| e.message(lang()))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    Overall,
    Group(usize),
}

/// One student's row: what the table, the filters and the sort need, computed once per change
/// of the class (not per filter or sort), and the means per group.
#[derive(Clone, PartialEq)]
struct Row {
    id: String,
    student: String,
    finished_by: (bool, bool),
    framework_id: String,
    title: String,
    framework: Arc<Framework>,
    groups: Vec<(Mean, Mean, Mean)>,
    overall: (Mean, Mean, Mean),
}

/// Table rows shown before "Toon meer".
const PAGE: usize = 100;

#[component]
pub fn CoachScreen() -> impl IntoView {
    let drafts = Drafts::get();
    let (stored_ids, locked) = load_overview();
    let ids = RwSignal::new(stored_ids);
    let locked = StoredValue::new(locked);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let messages = RwSignal::new(Vec::<String>::new());
    let framework_filter = RwSignal::new(String::new());
    let band_filter = RwSignal::new(String::new());
    let finished_filter = RwSignal::new(String::new());
    let sort = RwSignal::new((SortBy::Name, false));
    // Rows drawn at once: a phone builds 100 rows quickly, 500 not; sorting, filters and the
    // CSV always cover the whole class.
    let shown = RwSignal::new(PAGE);

    let on_files = move |ev: leptos::ev::Event| {
        let list = files::chosen(&ev);
        let total = list.len();
        progress.set(Some((0, total)));
        messages.set(Vec::new());
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
            // One importer for the class: their shared framework is checked once.
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
            let differ = drafts.scans.with_untracked(|all| {
                let here: HashMap<&str, &Scan> = all.iter().map(|s| (s.id.as_str(), s)).collect();
                good.iter()
                    .filter(|i| here.get(i.scan.id.as_str()).is_some_and(|h| **h != i.scan))
                    .count()
            });
            drafts.add_imported_many(good);
            let mut next = ids.get_untracked();
            let mut listed: HashSet<String> = next.iter().cloned().collect();
            for id in incoming {
                if listed.insert(id.clone()) {
                    next.push(id);
                }
            }
            if let Err(e) = locked.with_value(|l| save_overview(&next, l.as_ref())) {
                problems.push(e);
            }
            ids.set(next);
            if differ > 0 {
                problems.push(tf(k::coach::DIFFER, &[("count", &differ.to_string())]));
            }
            messages.set(problems);
        });
    };

    let rows = Memo::new(move |_| {
        let ids = ids.get();
        drafts.scans.with(|all| {
            let by_id: HashMap<&str, &Scan> = all.iter().map(|s| (s.id.as_str(), s)).collect();
            ids.iter()
                .filter_map(|id| by_id.get(id.as_str()))
                .filter_map(|s| {
                    let framework = drafts.framework_for(&s.framework)?;
                    let scores = score(&framework, s);
                    let groups: Vec<(Mean, Mean, Mean)> = scores
                        .groups
                        .iter()
                        .map(|g| (g.student, g.supervisor, g.decisive))
                        .collect();
                    let o = scores.overall;
                    Some(Row {
                        id: s.id.clone(),
                        student: s.subject.student.clone(),
                        finished_by: (
                            s.primary(RaterRole::Subject)
                                .is_some_and(|r| r.finished.is_some()),
                            s.primary(RaterRole::Supervisor)
                                .is_some_and(|r| r.finished.is_some()),
                        ),
                        framework_id: s.framework.id.clone(),
                        title: framework.display_title().to_string(),
                        framework,
                        groups,
                        overall: (o.student, o.supervisor, o.decisive),
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    let frameworks = move || {
        rows.with(|r| {
            r.iter()
                .map(|row| (row.framework_id.clone(), row.title.clone()))
                .collect::<BTreeSet<_>>()
        })
    };
    // The table compares like with like: one framework at a time.
    let chosen = move || {
        let f = framework_filter.get();
        if f.is_empty() {
            frameworks()
                .into_iter()
                .next()
                .map(|(id, _)| id)
                .unwrap_or_default()
        } else {
            f
        }
    };
    let visible = move || -> Vec<Row> {
        let fid = chosen();
        let band = band_filter.get();
        let fin = finished_filter.get();
        let (by, desc) = sort.get();
        let mut out: Vec<Row> = rows.with(|r| {
            r.iter()
                .filter(|row| row.framework_id == fid)
                .cloned()
                .collect()
        });
        out.retain(|row| {
            let band_ok = band.is_empty()
                || row
                    .overall
                    .2
                    .value
                    .and_then(|v| row.framework.band_for(v))
                    .is_some_and(|b| b.id == band);
            let fin_ok = match fin.as_str() {
                "student" => row.finished_by.0,
                "bpv" => row.finished_by.1,
                "open" => row.finished_by == (false, false),
                _ => true,
            };
            band_ok && fin_ok
        });
        let key = |r: &Row| -> (Option<i64>, String) {
            let m = match by {
                SortBy::Name => None,
                SortBy::Overall => r.overall.2.value,
                SortBy::Group(i) => r.groups.get(i).and_then(|g| g.2.value),
            };
            (m.map(|v| (v * 10.0) as i64), r.student.to_lowercase())
        };
        out.sort_by_cached_key(key);
        if desc {
            out.reverse();
        }
        out
    };

    let header_button = move |label: String, by: SortBy| {
        let active = move || sort.get().0 == by;
        view! {
            <th scope="col" aria-sort=move || if !active() { "none" } else if sort.get().1 { "descending" } else { "ascending" }>
                <button type="button" class="link" on:click=move |_| sort.update(|s| *s = (by, s.0 == by && !s.1))>{label}</button>
            </th>
        }
    };
    let cell = |f: &Framework, (st, bpv, dec): (Mean, Mean, Mean)| {
        let tone = dec
            .value
            .and_then(|v| f.bands.iter().position(|b| b.admits(v)))
            .filter(|_| f.has_verdicts())
            .map(|b| band_tone(f, b));
        let fmt = |m: Mean| {
            m.value
                .map(|v| format!("{v:.0}"))
                .unwrap_or_else(|| "–".into())
        };
        let band = dec
            .value
            .and_then(|v| f.band_for(v))
            .map(|b| b.label.clone())
            .unwrap_or_default();
        // One text node with a line break (CSS white-space: pre), not five nodes: a class of
        // 500 students is 7,000 cells.
        view! {
            <td class=format!("cell {}", tone.unwrap_or("none")) title=band>
                {format!(
                    "{}
        {}",
                    tf(k::coach::CELL_SUPERVISOR, &[("value", &fmt(bpv))]),
                    tf(k::coach::CELL_STUDENT, &[("value", &fmt(st))])
                )}
            </td>
        }
    };
    let table = move || {
        let list = visible();
        let total = list.len();
        let limit = shown.get();
        let Some(first) = list.first() else {
            return view! { <p>{t(k::coach::NO_STUDENTS)}</p> }.into_any();
        };
        let f = first.framework.clone();
        let variant = drafts.scans.with_untracked(|all| {
            all.iter()
                .find(|s| s.id == first.id)
                .and_then(|s| s.variant.clone())
        });
        let groups = f.groups(variant.as_deref());
        let heads = groups
            .iter()
            .enumerate()
            .map(|(i, g)| header_button(g.node.code.clone(), SortBy::Group(i)))
            .collect_view();
        let body = list
            .iter()
            .take(limit)
            .map(|row| {
                let id = row.id.clone();
                let remove_id = id.clone();
                let results = Screen::Results(id.clone()).to_hash();
                let finished = if row.finished_by == (false, false) {
                    ""
                } else {
                    " ✓"
                };
                view! {
                    <tr data-id=id>
                        <th scope="row"><a href=results>{row.student.clone()}</a>{finished}</th>
                        {cell(&row.framework, row.overall)}
                        {row.groups.iter().map(|g| cell(&row.framework, *g)).collect_view()}
                        <td><button type="button" class="link" on:click=move |_| {
                            let mut next = ids.get_untracked();
                            next.retain(|x| *x != remove_id);
                            match locked.with_value(|l| save_overview(&next, l.as_ref())) {
                                Ok(()) => ids.set(next),
                                Err(e) => messages.set(vec![e]),
                            }
                        }>{t(k::coach::REMOVE)}</button></td>
                    </tr>
                }
            })
            .collect_view();
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
                    <button type="button" on:click=move |_| shown.update(|n| *n += PAGE)>{t(k::coach::SHOW_MORE)}</button>
                    " "
                    <button type="button" on:click=move |_| shown.set(usize::MAX)>{t(k::coach::SHOW_ALL)}</button>
                })}
            </p>
        }
        .into_any()
    };
    let download = move |_| {
        let list = visible();
        let csv = drafts.scans.with_untracked(|all| {
            let by_id: HashMap<&str, &Scan> = all.iter().map(|s| (s.id.as_str(), s)).collect();
            let entries: Vec<(&Scan, &Framework)> = list
                .iter()
                .filter_map(|r| Some((*by_id.get(r.id.as_str())?, r.framework.as_ref())))
                .collect();
            overview::csv(&entries, lang())
        });
        let name = format!("competentiescan_overzicht_{}.csv", clock::today());
        if let Err(e) = files::download(&name, &csv, "text/csv;charset=utf-8") {
            messages.set(vec![e]);
        }
    };
    let band_options = move || {
        let fid = chosen();
        drafts
            .scans
            .with(|all| {
                all.iter()
                    .find(|s| s.framework.id == fid)
                    .and_then(|s| drafts.framework_for(&s.framework))
            })
            .map(|f| {
                f.bands
                    .iter()
                    .map(|b| view! { <option value=b.id.clone()>{b.label.clone()}</option> })
                    .collect_view()
            })
    };
    view! {
        <section class="coach">
            <h1>{t(k::coach::TITLE)}</h1>
            <p>{t(k::coach::INTRO)}</p>
            {locked.with_value(|l| l.as_ref().map(|e| view! {
                <p class="banner warning" role="alert" data-testid="class-list-locked">{locked_message(e)}</p>
            }))}
            <div class="field">
                <label for="coach-files">{t(k::coach::FILES_LABEL)}</label>
                <input id="coach-files" type="file" multiple accept=".json,application/json" on:change=on_files />
            </div>
            {move || progress.get().map(|(done, total)| view! {
                <p role="status" data-testid="coach-progress">{tf(k::coach::PROGRESS, &[("done", &done.to_string()), ("total", &total.to_string())])}</p>
                <progress max=total value=done aria-label=t(k::coach::PROGRESS_LABEL)></progress>
            })}
            {move || (!messages.get().is_empty()).then(|| view! {
                <div class="error" role="alert"><ul>{messages.get().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul></div>
            })}
            <div class="filters">
                <div class="field">
                    <label for="f-framework">{t(k::coach::FILTER_FRAMEWORK)}</label>
                    <select id="f-framework" on:change=move |ev| framework_filter.set(event_target_value(&ev))>
                        {move || frameworks().into_iter().map(|(id, title)| {
                            let selected = id == chosen();
                            view! { <option value=id selected=selected>{title}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-band">{t(k::coach::FILTER_BAND)}</label>
                    <select id="f-band" on:change=move |ev| band_filter.set(event_target_value(&ev))>
                        <option value="">{t(k::coach::FILTER_ALL)}</option>
                        {band_options}
                    </select>
                </div>
                <div class="field">
                    <label for="f-finished">{t(k::coach::FILTER_FINISHED)}</label>
                    <select id="f-finished" on:change=move |ev| finished_filter.set(event_target_value(&ev))>
                        <option value="">{t(k::coach::FILTER_ALL)}</option>
                        <option value="student">{t(k::coach::FINISHED_STUDENT)}</option>
                        <option value="bpv">{t(k::coach::FINISHED_SUPERVISOR)}</option>
                        <option value="open">{t(k::coach::NOT_FINISHED)}</option>
                    </select>
                </div>
            </div>
            <p class="meta">{t(k::coach::LEGEND)}</p>
            {table}
            <p><button type="button" on:click=download>{t(k::coach::DOWNLOAD)}</button></p>
        </section>
    }
}
