//! Coach: a whole class at a glance. Import many files at once (with progress), then a table
//! student × group with St % / BPV % and band colours, sortable and filterable; a student opens
//! the results screen; the CSV download holds one row per student × item.

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::drafts::Drafts;
use super::i18n::lang;
use super::scan::band_tone;
use crate::core::exchange;
use crate::core::framework::{Framework, Rater};
use crate::core::overview;
use crate::core::route::Screen;
use crate::core::scan::Scan;
use crate::core::scoring::{score, Mean};
use crate::core::stored::{open, read};
use crate::platform::{clock, files, storage};

const OVERVIEW_KEY: &str = "coach-overview";
const OVERVIEW_VERSION: u32 = 1;

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredOverview {
    version: u32,
    ids: Vec<String>,
}

fn load_overview() -> Vec<String> {
    storage::get(OVERVIEW_KEY)
        .ok()
        .flatten()
        .and_then(|raw| open(&raw, OVERVIEW_VERSION).ok())
        .and_then(|(v, _)| read::<StoredOverview>(v).ok())
        .map(|o| o.ids)
        .unwrap_or_default()
}

fn save_overview(ids: &[String]) -> Result<(), String> {
    let raw = serde_json::to_string(&StoredOverview {
        version: OVERVIEW_VERSION,
        ids: ids.to_vec(),
    })
    .expect("ids serialise");
    storage::set(OVERVIEW_KEY, &raw).map_err(|e| e.message(lang()))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    Overall,
    Group(usize),
}

/// One student's row: the scan, its framework, and the means per group.
struct Row {
    scan: Scan,
    framework: Arc<Framework>,
    groups: Vec<(Mean, Mean, Mean)>,
    overall: (Mean, Mean, Mean),
}

#[component]
pub fn CoachScreen() -> impl IntoView {
    let drafts = Drafts::get();
    let ids = RwSignal::new(load_overview());
    let progress = RwSignal::new(None::<(usize, usize)>);
    let messages = RwSignal::new(Vec::<String>::new());
    let framework_filter = RwSignal::new(String::new());
    let band_filter = RwSignal::new(String::new());
    let finished_filter = RwSignal::new(String::new());
    let sort = RwSignal::new((SortBy::Name, false));

    let on_files = move |ev: leptos::ev::Event| {
        let list = files::chosen(&ev);
        let total = list.len();
        progress.set(Some((0, total)));
        messages.set(Vec::new());
        spawn_local(async move {
            let mut good = Vec::new();
            let mut problems = Vec::new();
            for (done, file) in list.into_iter().enumerate() {
                let name = files::name(&file);
                let outcome = if files::size(&file) > exchange::MAX_IMPORT_BYTES {
                    Err(exchange::ImportError::TooLarge(files::size(&file)).message(lang()))
                } else {
                    match files::read_bytes(file).await {
                        Ok(bytes) => exchange::import(&bytes).map_err(|e| e.message(lang())),
                        Err(e) => Err(e),
                    }
                };
                match outcome {
                    Ok(i) => good.push(i),
                    Err(e) => problems.push(format!("{name}: {e}")),
                }
                progress.set(Some((done + 1, total)));
            }
            let mut differ = 0;
            let incoming: Vec<String> = good.iter().map(|i| i.scan.id.clone()).collect();
            for i in &good {
                if drafts.scan(&i.scan.id).is_some_and(|here| here != i.scan) {
                    differ += 1;
                }
            }
            drafts.add_imported_many(good);
            let mut next = ids.get_untracked();
            for id in incoming {
                if !next.contains(&id) {
                    next.push(id);
                }
            }
            if let Err(e) = save_overview(&next) {
                problems.push(e);
            }
            ids.set(next);
            if differ > 0 {
                problems.push(format!(
                    "{differ} bestand(en) hoorden bij een scan die hier al stond en verschilt: die is niet overschreven. Open zo'n bestand via \"Bestand openen\" om samen te voegen."
                ));
            }
            messages.set(problems);
        });
    };

    let rows = Memo::new(move |_| {
        let ids = ids.get();
        drafts.scans.with(|all| {
            ids.iter()
                .filter_map(|id| all.iter().find(|s| &s.id == id))
                .filter_map(|s| {
                    let framework = drafts.framework_for(&s.framework)?;
                    let scores = score(&framework, s);
                    let groups: Vec<(Mean, Mean, Mean)> = scores
                        .groups
                        .iter()
                        .map(|g| (g.student, g.supervisor, g.decisive))
                        .collect();
                    let o = scores.overall;
                    Some((
                        s.id.clone(),
                        s.framework.id.clone(),
                        framework.display_title().to_string(),
                        groups,
                        (o.student, o.supervisor, o.decisive),
                    ))
                })
                .collect::<Vec<_>>()
        })
    });
    let frameworks = move || {
        rows.with(|r| {
            r.iter()
                .map(|(_, id, title, ..)| (id.clone(), title.clone()))
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
                .filter(|(_, f, ..)| *f == fid)
                .filter_map(|(id, _, _, groups, overall)| {
                    let scan = drafts.scan(id)?;
                    let framework = drafts.framework_for(&scan.framework)?;
                    Some(Row {
                        scan,
                        framework,
                        groups: groups.clone(),
                        overall: *overall,
                    })
                })
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
                "student" => row.scan.finished.contains_key(&Rater::Student),
                "bpv" => row.scan.finished.contains_key(&Rater::Supervisor),
                "open" => row.scan.finished.is_empty(),
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
            (
                m.map(|v| (v * 10.0) as i64),
                r.scan.subject.student.to_lowercase(),
            )
        };
        out.sort_by_key(key);
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
        view! {
            <td class=format!("cell {}", tone.unwrap_or("none")) title=band>
                "BPV " {fmt(bpv)} <br /> "St " {fmt(st)}
            </td>
        }
    };
    let table = move || {
        let list = visible();
        let Some(first) = list.first() else {
            return view! { <p>"Geen studenten die aan de filters voldoen."</p> }.into_any();
        };
        let f = first.framework.clone();
        let groups = f.groups(first.scan.variant.as_deref());
        let heads = groups
            .iter()
            .enumerate()
            .map(|(i, g)| header_button(g.node.code.clone(), SortBy::Group(i)))
            .collect_view();
        let body = list
            .iter()
            .map(|row| {
                let id = row.scan.id.clone();
                let remove_id = id.clone();
                let results = Screen::Results(id.clone()).to_hash();
                let finished = if row.scan.finished.is_empty() { "" } else { " ✓" };
                view! {
                    <tr data-id=id>
                        <th scope="row"><a href=results>{row.scan.subject.student.clone()}</a>{finished}</th>
                        {cell(&row.framework, row.overall)}
                        {row.groups.iter().map(|g| cell(&row.framework, *g)).collect_view()}
                        <td><button type="button" class="link" on:click=move |_| {
                            let mut next = ids.get_untracked();
                            next.retain(|x| *x != remove_id);
                            match save_overview(&next) {
                                Ok(()) => ids.set(next),
                                Err(e) => messages.set(vec![e]),
                            }
                        }>"Uit overzicht"</button></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="coach-table" data-testid="coach-table">
                    <thead><tr>
                        {header_button("Student".into(), SortBy::Name)}
                        {header_button("Totaal".into(), SortBy::Overall)}
                        {heads}
                        <th scope="col"><span class="visually-hidden">"Acties"</span></th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let download = move |_| {
        let list = visible();
        let entries: Vec<(&Scan, &Framework)> = list
            .iter()
            .map(|r| (&r.scan, r.framework.as_ref()))
            .collect();
        let name = format!("competentiescan_overzicht_{}.csv", clock::today());
        if let Err(e) = files::download(
            &name,
            &overview::csv(&entries, lang()),
            "text/csv;charset=utf-8",
        ) {
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
            <h1>"Coach"</h1>
            <p>"Open de bestanden van je studenten (een hele klas tegelijk kan). Ze blijven alleen op dit apparaat."</p>
            <div class="field">
                <label for="coach-files">"Bestanden van studenten openen"</label>
                <input id="coach-files" type="file" multiple accept=".json,application/json" on:change=on_files />
            </div>
            {move || progress.get().map(|(done, total)| view! {
                <p role="status" data-testid="coach-progress">{format!("{done} van {total} bestanden verwerkt")}</p>
                <progress max=total value=done aria-label="Voortgang importeren"></progress>
            })}
            {move || (!messages.get().is_empty()).then(|| view! {
                <div class="error" role="alert"><ul>{messages.get().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul></div>
            })}
            <div class="filters">
                <div class="field">
                    <label for="f-framework">"Kader"</label>
                    <select id="f-framework" on:change=move |ev| framework_filter.set(event_target_value(&ev))>
                        {move || frameworks().into_iter().map(|(id, title)| {
                            let selected = id == chosen();
                            view! { <option value=id selected=selected>{title}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-band">"Band (totaal)"</label>
                    <select id="f-band" on:change=move |ev| band_filter.set(event_target_value(&ev))>
                        <option value="">"Alle"</option>
                        {band_options}
                    </select>
                </div>
                <div class="field">
                    <label for="f-finished">"Afgerond"</label>
                    <select id="f-finished" on:change=move |ev| finished_filter.set(event_target_value(&ev))>
                        <option value="">"Alle"</option>
                        <option value="student">"Door student"</option>
                        <option value="bpv">"Door BPV-begeleider"</option>
                        <option value="open">"Nog niet afgerond"</option>
                    </select>
                </div>
            </div>
            <p class="meta">"Per onderdeel het gemiddelde van de BPV-begeleider en de student; de kleur volgt het beslissende oordeel (BPV waar die er is)."</p>
            {table}
            <p><button type="button" on:click=download>"Download overzicht (CSV)"</button></p>
        </section>
    }
}
