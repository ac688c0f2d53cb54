//! Resultaat: per group the St % / BPV % / band / paraaf table with means, then speerpunten,
//! sterke punten, verschillen and the studieadvies. Reflection frameworks show strengths and
//! challenges only, never a verdict.

use leptos::prelude::*;

use super::drafts::Drafts;
use super::exchange::SendButtons;
use super::scan::band_tone;
use crate::core::framework::{Framework, Rater};
use crate::core::overview::growth;
use crate::core::route::Screen;
use crate::core::scan::Scan;
use crate::core::scoring::{score, study_advice, DifferenceKind, ItemScore, Mean, Scores};

fn pct(v: Option<u32>) -> String {
    v.map(|v| format!("{v} %")).unwrap_or_else(|| "–".into())
}

fn mean_text(m: &Mean) -> String {
    match m.value {
        Some(v) => format!(
            "{} % ({}/{})",
            format!("{v:.1}").replace('.', ","),
            m.rated,
            m.total
        ),
        None => format!("– (0/{})", m.total),
    }
}

fn band_cell(f: &Framework, s: &ItemScore) -> AnyView {
    match s.band {
        Some(b) => {
            let by = match s.decisive.map(|d| d.by) {
                Some(Rater::Student) => " (student)",
                _ => "",
            };
            view! { <span class=format!("band-chip {}", band_tone(f, b))>{f.bands[b].label.clone()}</span> {by} }.into_any()
        }
        None => "–".into_any(),
    }
}

fn item_list(
    title: &'static str,
    testid: &'static str,
    indices: &[usize],
    scores: &Scores,
    f: &Framework,
    empty: &'static str,
) -> impl IntoView {
    let rows = indices
        .iter()
        .map(|&i| {
            let s = &scores.items[i];
            let d = s.decisive.map(|d| format!("{} % ({})", d.value, if d.by == Rater::Supervisor { "BPV" } else { "student" }));
            view! { <li><span class="code">{s.item.code.clone()}</span> " " {s.item.title.clone()} " – " {d} " " {band_cell(f, s)}</li> }
        })
        .collect_view();
    view! {
        <h2>{title}</h2>
        {if indices.is_empty() { view! { <p class="meta">{empty}</p> }.into_any() } else { view! { <ol data-testid=testid>{rows}</ol> }.into_any() }}
    }
}

#[component]
pub fn ResultsScreen(id: String) -> impl IntoView {
    let drafts = Drafts::get();
    let Some(scan) = drafts.scan(&id) else {
        return view! { <section><h1>"Scan niet gevonden"</h1><p><a href="#/scans">"Naar mijn scans"</a></p></section> }.into_any();
    };
    let Some(f) = drafts.framework_for(&scan.framework) else {
        return view! { <section><h1>"Kader ontbreekt"</h1></section> }.into_any();
    };
    let scores = score(&f, &scan);
    let groups = scores
        .groups
        .iter()
        .map(|g| {
            let rows = scores
                .items
                .iter()
                .filter(|s| std::ptr::eq(s.group, g.node))
                .map(|s| {
                    let paraaf = scan.paraafs.get(&s.item.code).map(|p| p.initials.clone()).unwrap_or_default();
                    view! {
                        <tr data-code=s.item.code.clone()>
                            <th scope="row">{s.item.title.clone()}</th>
                            <td>{pct(s.student)}</td>
                            <td>{pct(s.supervisor)}</td>
                            {f.has_verdicts().then(|| view! { <td>{band_cell(&f, s)}</td> })}
                            <td>{paraaf}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h3>{g.node.kind.clone()} " " {g.node.code.clone()} " " {g.node.title.clone()}</h3>
                <div class="table-wrap">
                    <table class="result-table" data-group=g.node.code.clone()>
                        <thead><tr>
                            <th scope="col">"Onderdeel"</th><th scope="col">"St %"</th><th scope="col">"BPV %"</th>
                            {f.has_verdicts().then(|| view! { <th scope="col">"Band"</th> })}
                            <th scope="col">"Paraaf BPV"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot><tr>
                            <th scope="row">"Gemiddelde"</th>
                            <td>{mean_text(&g.student)}</td>
                            <td>{mean_text(&g.supervisor)}</td>
                            {f.has_verdicts().then(|| view! { <td></td> })}
                            <td></td>
                        </tr></tfoot>
                    </table>
                </div>
            }
        })
        .collect_view();
    let blind: Vec<_> = scores
        .differences
        .iter()
        .filter(|d| d.kind == DifferenceKind::BlindSpot)
        .collect();
    let hidden: Vec<_> = scores
        .differences
        .iter()
        .filter(|d| d.kind == DifferenceKind::HiddenStrength)
        .collect();
    let diff_list = |list: Vec<&crate::core::scoring::Difference>| {
        list.into_iter()
            .map(|d| view! { <li>{d.item.title.clone()} ": student " {d.student} " %, BPV " {d.supervisor} " %"</li> })
            .collect_view()
    };
    let verdicts = f.has_verdicts();
    let summary = if verdicts {
        view! {
            {item_list("Speerpunten", "focus", &scores.focus, &scores, &f, "Geen speerpunten.")}
            {item_list("Sterke punten", "strengths", &scores.strengths, &scores, &f, "Nog geen onderdelen met GOED.")}
            <h2>"Studieadvies"</h2>
            <ul data-testid="advice">{study_advice(&f, &scores).into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
        }
        .into_any()
    } else {
        view! {
            <p class="notice">"Dit is een reflectiekader: er is geen oordeel. Gebruik je sterke punten en uitdagingen om leerdoelen te formuleren."</p>
            {item_list("Sterke punten", "strengths", &scores.strengths, &scores, &f, "Nog geen verschil tussen de onderdelen.")}
            {item_list("Uitdagingen", "challenges", &scores.challenges, &scores, &f, "Nog geen verschil tussen de onderdelen.")}
        }
        .into_any()
    };
    view! {
        <section class="results-screen">
            <p><a href=Screen::Scan { id: id.clone(), rater: Rater::Student, group: 1 }.to_hash()>"← Terug naar de scan"</a></p>
            <h1>"Resultaat"</h1>
            <p class="meta">{scan.subject.student.clone()} " · " {f.title.clone()} " · " {scan.subject.date.clone()}</p>
            <SendButtons id=id.clone() />
            <p data-testid="overall">"Totaal student: " {mean_text(&scores.overall.student)} " · BPV: " {mean_text(&scores.overall.supervisor)}</p>
            <p class="meta">"Beslissend is het oordeel van de BPV-begeleider waar dat er is, anders dat van de student (gemarkeerd met “student”)."</p>
            {summary}
            <h2>"Verschillen"</h2>
            <h3>"Je schat jezelf hoger in (blinde vlek)"</h3>
            {if blind.is_empty() { view! { <p class="meta">"Geen."</p> }.into_any() } else { view! { <ul data-testid="blind-spots">{diff_list(blind)}</ul> }.into_any() }}
            <h3>"Je begeleider ziet meer dan jij (verborgen sterkte)"</h3>
            {if hidden.is_empty() { view! { <p class="meta">"Geen."</p> }.into_any() } else { view! { <ul data-testid="hidden-strengths">{diff_list(hidden)}</ul> }.into_any() }}
            <h2>"Per onderdeel"</h2>
            {groups}
            {growth_view(&f, &scan, &drafts.scans.get_untracked())}
        </section>
    }
    .into_any()
}

/// The most recent earlier scan of the same student with the same framework, and per item the
/// change since then (decisive values), shown as growth.
fn growth_view(f: &Framework, scan: &Scan, all: &[Scan]) -> Option<AnyView> {
    let same_student = |s: &Scan| {
        s.subject
            .student
            .trim()
            .eq_ignore_ascii_case(scan.subject.student.trim())
    };
    let earlier = all
        .iter()
        .filter(|s| s.id != scan.id && s.framework.id == scan.framework.id && same_student(s))
        .filter(|s| (&s.subject.date, &s.created) < (&scan.subject.date, &scan.created))
        .max_by(|a, b| (&a.subject.date, &a.created).cmp(&(&b.subject.date, &b.created)))?;
    let rows = growth(f, earlier, scan)
        .into_iter()
        .filter_map(|g| {
            let d = g.delta()?;
            let sign = if d > 0 { "+" } else { "" };
            let class = match d.signum() {
                1 => "up",
                -1 => "down",
                _ => "",
            };
            Some(view! {
                <tr><th scope="row">{g.code} " " {g.title}</th><td>{format!("{} %", g.before?)}</td><td>{format!("{} %", g.after?)}</td>
                <td class=class>{format!("{sign}{d}")}</td></tr>
            })
        })
        .collect_view();
    Some(
        view! {
            <h2>"Groei sinds " {earlier.subject.date.clone()}</h2>
            <div class="table-wrap">
                <table data-testid="growth">
                    <thead><tr><th scope="col">"Onderdeel"</th><th scope="col">"Toen"</th><th scope="col">"Nu"</th><th scope="col">"Verschil"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any(),
    )
}
