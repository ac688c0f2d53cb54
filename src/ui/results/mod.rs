//! Resultaat: per group the St % / BPV % / band / paraaf table with means (a 360° scan: a
//! column per role, peers of a role as their mean with the count, named raters' own values),
//! then speerpunten, sterke punten, verschillen (self against the others' mean) and the
//! studieadvies, with the charts. Reflection frameworks show strengths and challenges only,
//! never a verdict. `GroupTables` and `Findings` are shared with the printable report.

pub mod charts;
pub mod plan;
pub mod report;

use std::sync::Arc;

use leptos::prelude::*;

use self::charts::{series_label, GroupBars, GrowthBars, Radar};
use super::drafts::Drafts;
use super::exchange::SendButtons;
use super::i18n::{k, lang, t, tf, tn};
use super::raters::column_label;
use super::scan::band_tone;
use super::seal::SealLines;
use crate::core::anonymous::{self, Pool};
use crate::core::chart::{group_means, growth_by_group, growth_raters, series};
use crate::core::framework::Framework;
use crate::core::i18n::Key;
use crate::core::overview::{earlier_scan, growth};
use crate::core::rater::RaterRole;
use crate::core::route::Screen;
use crate::core::scan::Scan;
use crate::core::scoring::{
    has_more_raters, named_values, role_scores, score, self_vs_others, study_advice,
    DifferenceKind, Disclosure, ItemScore, Mean, RoleScores, Scores,
};
use crate::platform::screen;

/// A value or a role's mean: whole numbers as they are, a mean with one decimal (comma).
fn pct_mean(v: Option<f64>) -> String {
    match v {
        Some(v) if v.fract() == 0.0 => format!("{v:.0} %"),
        Some(v) => format!("{} %", format!("{v:.1}").replace('.', ",")),
        None => "–".into(),
    }
}

/// The column heading of a role: the paper form's "St %"/"BPV %" on a two-rater scan, else
/// the role with its count ("Collega's (3) %").
fn role_head(r: &RoleScores, classic: bool) -> String {
    match r.role {
        RaterRole::Subject if classic => t(k::results::COL_STUDENT).to_string(),
        RaterRole::Supervisor if classic => t(k::results::COL_SUPERVISOR).to_string(),
        _ => tf(
            k::results::ROLE_HEAD,
            &[("role", &series_label(r.role, r.raters, classic))],
        ),
    }
}

pub fn mean_text(m: &Mean) -> String {
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
            let by = if s.decisive.is_some_and(|d| d.by == RaterRole::Subject) {
                t(k::results::BY_STUDENT)
            } else {
                ""
            };
            view! { <span class=format!("band-chip {}", band_tone(f, b))>{f.bands.get(b).map(|band| band.label.clone())}</span> {by} }.into_any()
        }
        None => "–".into_any(),
    }
}

fn item_list(
    title: Key,
    testid: &'static str,
    indices: &[usize],
    scores: &Scores,
    f: &Framework,
    empty: Key,
) -> impl IntoView {
    let rows = indices
        .iter()
        .filter_map(|&i| scores.items.get(i))
        .map(|s| {
            let d = s.decisive.map(|d| {
                let by = if d.by == RaterRole::Supervisor { k::results::BY_SUPERVISOR_SHORT } else { k::results::BY_STUDENT_SHORT };
                format!("{} % ({})", d.value, t(by))
            });
            view! { <li><span class="code">{s.item.code.clone()}</span> " " {s.item.title.clone()} " – " {d} " " {band_cell(f, s)}</li> }
        })
        .collect_view();
    view! {
        <h2>{t(title)}</h2>
        {if indices.is_empty() { view! { <p class="meta">{t(empty)}</p> }.into_any() } else { view! { <ol data-testid=testid>{rows}</ol> }.into_any() }}
    }
}

/// Per group the table St % / BPV % / band / paraaf, like the paper form, with the means; a
/// 360° scan has a column per role (the mean of its raters, and the values of those who gave
/// their name; anonymous ones only count in the mean).
/// `folded` (Resultaat on a phone): each group closed under its heading and means, so the
/// screen is its findings and twelve lines to open, not thirteen screens of cards.
pub fn group_tables(f: &Framework, scan: &Scan, scores: &Scores, folded: bool) -> impl IntoView {
    let verdicts = f.has_verdicts();
    let roles = role_scores(f, scan, scores);
    let classic = !has_more_raters(scan);
    let disclosure = disclosure_notes(f, scan, &roles);
    let heads: Vec<String> = roles.iter().map(|r| role_head(r, classic)).collect();
    let tables = scores
        .groups
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let rows = scores
                .items
                .iter()
                .enumerate()
                .filter(|(_, s)| std::ptr::eq(s.group, g.node))
                .map(|(ii, s)| {
                    // A row without a paraaf says so ("–", the legend above): an empty cell on
                    // paper reads as forgotten. A scan without a BPV-begeleider has nobody to
                    // initial: its cells stay empty.
                    let paraaf = scan.primary(RaterRole::Supervisor).map(|r| r.paraafs.get(&s.item.code).map_or_else(|| "–".to_string(), |p| p.initials.clone())).unwrap_or_default();
                    let comments = comment_list(scan, &roles, &s.item.code);
                    let cells = roles
                        .iter()
                        .zip(&heads)
                        .map(|(r, head)| {
                            let mean = r.items.get(ii).copied().flatten().map(|m| m.1);
                            let named = (r.raters > 1).then(|| {
                                named_values(r, scan, &s.item.code)
                                    .into_iter()
                                    .map(|(rater, v)| format!("{} {v}", rater.name.trim()))
                                    .collect::<Vec<_>>()
                                    .join(" · ")
                            });
                            view! {
                                <td data-role=r.role.wire_name() data-label=head.clone()>{pct_mean(mean)}
                                    {named.filter(|n| !n.is_empty()).map(|n| view! { <br /><span class="named-values">{n}</span> })}
                                </td>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr data-code=s.item.code.clone()>
                            <th scope="row">{s.item.title.clone()}{comments}</th>
                            {cells}
                            {verdicts.then(|| view! { <td data-label=t(k::results::COL_BAND)>{band_cell(f, s)}</td> })}
                            <td data-label=t(k::results::COL_PARAAF)>{paraaf}</td>
                        </tr>
                    }
                })
                .collect_view();
            let means = roles
                .iter()
                .zip(&heads)
                .map(|(r, head)| view! { <td data-label=head.clone()>{r.groups.get(gi).map(mean_text)}</td> })
                .collect_view();
            let heading = view! { <h3>{g.node.kind.clone()} " " {g.node.code.clone()} " " {g.node.title.clone()}</h3> };
            let group_means = roles
                .iter()
                .zip(&heads)
                .map(|(r, head)| format!("{head} {}", pct_mean(r.groups.get(gi).and_then(|m| m.value))))
                .collect::<Vec<_>>()
                .join(" · ");
            // Each value cell names its column (data-label): below 600 px a row is a card.
            let table = view! {
                <div class="table-wrap">
                    <table class="result-table" data-group=g.node.code.clone()>
                        <thead><tr>
                            <th scope="col">{t(k::results::COL_ITEM)}</th>{heads.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}
                            {verdicts.then(|| view! { <th scope="col">{t(k::results::COL_BAND)}</th> })}
                            <th scope="col">{t(k::results::COL_PARAAF)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot><tr>
                            <th scope="row">{t(k::results::MEAN)}</th>
                            {means}
                            {verdicts.then(|| view! { <td></td> })}
                            <td></td>
                        </tr></tfoot>
                    </table>
                </div>
            };
            foldable(folded, heading, group_means, table)
        })
        .collect_view();
    view! { {disclosure} {paraaf_note(f, scan)} {tables} }
}

/// A heading and what it heads; `folded` (Resultaat on a phone): closed under the heading and
/// a line saying what is inside (the group's means, the list's count), opened with one tap.
fn foldable(
    folded: bool,
    heading: impl IntoView + 'static,
    line: String,
    body: impl IntoView + 'static,
) -> AnyView {
    if folded {
        view! {
            <details class="group-result">
                <summary>{heading}<span class="meta group-means">{line}</span></summary>
                {body}
            </details>
        }
        .into_any()
    } else {
        view! { {heading} {body} }.into_any()
    }
}

/// Each rater's comment on an item, under its name in the table, with whose it is; a role
/// shown as too few anonymous answers shows nothing (anonymous answers are no columns, so every
/// column here has a name).
fn comment_list(scan: &Scan, roles: &[RoleScores], code: &str) -> Option<impl IntoView> {
    let hidden = |role| {
        roles
            .iter()
            .any(|r| r.role == role && matches!(r.disclosure, Disclosure::TooFew { .. }))
    };
    let rows: Vec<_> = scan
        .raters
        .iter()
        .filter(|r| !hidden(r.role))
        .filter_map(|r| {
            let text = r.ratings.get(code)?.comment.trim();
            (!text.is_empty()).then(|| {
                let who = if r.name.trim().is_empty() || r.role == RaterRole::Subject {
                    column_label(r).to_string()
                } else {
                    format!("{} ({})", column_label(r), r.name.trim())
                };
                view! { <li><span class="who">{who} ": "</span>{text.to_string()}</li> }
            })
        })
        .collect();
    (!rows.is_empty()).then(|| {
        view! { <ul class="row-comments" data-testid="row-comments" aria-label=t(k::results::COMMENTS)>{rows}</ul> }
    })
}

/// What "–" in the paraaf column means, and how many rows the BPV-begeleider rated but did not
/// initial: the printed report says which rows have none.
fn paraaf_note(f: &Framework, scan: &Scan) -> Option<impl IntoView> {
    let count = scan.primary(RaterRole::Supervisor).and_then(|supervisor| {
        let rated = f
            .items(scan.variant.as_deref())
            .iter()
            .filter(|i| supervisor.value(&i.code).is_some())
            .count()
            .to_string();
        match scan.without_paraaf(f, &supervisor.id).len() {
            0 => None,
            1 => Some(tf(k::results::PARAAF_MISSING_ONE, &[("rated", &rated)])),
            n => Some(tf(
                k::results::PARAAF_MISSING,
                &[("count", &n.to_string()), ("rated", &rated)],
            )),
        }
    });
    scan.primary(RaterRole::Supervisor).map(|_| {
        view! {
            <p class="meta" data-testid="paraaf-note">{t(k::results::PARAAF_LEGEND)} {count.map(|c| format!(" {c}"))}</p>
        }
    })
}

/// What the tables leave out, and why: a role with an anonymous answer shows only its means,
/// and none while fewer answered anonymously than the minimum; where two devices read
/// overlapping answers apart, that not all count. A role shown as a mean lists its anonymous
/// comments per item (sorted, so their order tells nothing).
fn disclosure_notes(f: &Framework, scan: &Scan, roles: &[RoleScores]) -> Option<impl IntoView> {
    let notes: Vec<_> = roles
        .iter()
        .filter_map(|r| {
            let role = t(r.role.label_plural());
            let text = match r.disclosure {
                Disclosure::Named => return None,
                Disclosure::Pooled => tf(k::results::POOLED, &[("role", role)]),
                Disclosure::TooFew { answered, needed } => tf(
                    k::results::TOO_FEW,
                    &[
                        ("role", role),
                        ("answered", &answered.to_string()),
                        ("needed", &needed.to_string()),
                    ],
                ),
            };
            let (pools, left_out) = anonymous::shown(&scan.anonymous, r.role);
            let overlap = left_out.then(|| {
                let min = f.anonymous_minimum().to_string();
                view! { <p data-testid="anonymous-overlap">{tf(k::results::OVERLAP, &[("role", role), ("min", &min)])}</p> }
            });
            let comments = (r.disclosure == Disclosure::Pooled)
                .then(|| anonymous_comments(f, r.role, &pools))
                .flatten();
            Some(view! {
                <p data-testid=format!("disclosure-{}", r.role.wire_name())>{text}</p>
                {overlap}
                {comments}
            })
        })
        .collect();
    (!notes.is_empty())
        .then(|| view! { <div class="notice" data-testid="disclosure">{notes}</div> })
}

/// The comments of a role's anonymous answers, per item in form order.
fn anonymous_comments(f: &Framework, role: RaterRole, pools: &[&Pool]) -> Option<impl IntoView> {
    let rows: Vec<_> = f
        .items(None)
        .into_iter()
        .flat_map(|item| {
            let mut texts: Vec<String> = pools
                .iter()
                .filter_map(|p| p.comments.get(&item.code))
                .flatten()
                .cloned()
                .collect();
            texts.sort();
            texts
                .into_iter()
                .map(move |c| view! { <li><strong>{item.title.clone()}</strong> ": " {c}</li> })
        })
        .collect();
    let summary = tf(
        k::results::ANONYMOUS_COMMENTS,
        &[("role", t(role.label_plural()))],
    );
    (!rows.is_empty()).then(|| {
        view! {
            <details data-testid=format!("anonymous-comments-{}", role.wire_name())>
                <summary>{summary}</summary>
                <ul>{rows}</ul>
            </details>
        }
    })
}

/// Speerpunten, sterke punten and studieadvies (or, for reflection, strengths and challenges),
/// then the differences between the raters: on a two-rater scan the student against the
/// BPV-begeleider, on a 360° scan self against the mean of all others.
/// `folded` (Resultaat on a phone): the two lists of differences closed under their heading
/// and count, as the groups are.
pub fn findings(f: &Framework, scan: &Scan, scores: &Scores, folded: bool) -> impl IntoView {
    let more = has_more_raters(scan);
    let gaps = if more {
        self_vs_others(f, scan, scores)
    } else {
        Vec::new()
    };
    let of_kind = |kind: DifferenceKind| -> Vec<String> {
        if more {
            return gaps
                .iter()
                .filter(|g| g.kind == kind)
                .map(|g| {
                    tf(
                        k::results::GAP_LINE,
                        &[
                            ("item", &g.item.title),
                            ("own", &g.own.to_string()),
                            ("others", pct_mean(Some(g.others)).trim_end_matches(" %")),
                            ("n", &g.count.to_string()),
                        ],
                    )
                })
                .collect();
        }
        scores
            .differences
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| {
                tf(
                    k::results::DIFFERENCE_LINE,
                    &[
                        ("item", &d.item.title),
                        ("student", &d.student.to_string()),
                        ("supervisor", &d.supervisor.to_string()),
                    ],
                )
            })
            .collect()
    };
    let diff_list = |title: Key, list: Vec<String>, testid: &'static str| {
        let heading = view! { <h3>{t(title)}</h3> };
        if list.is_empty() {
            return view! { {heading} <p class="meta">{t(k::results::NONE)}</p> }.into_any();
        }
        let count = tn(
            list.len(),
            k::results::ITEMS_ONE,
            k::results::ITEMS_MANY,
            &[],
        );
        let items = view! { <ul data-testid=testid>{list.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul> };
        foldable(folded, heading, count, items)
    };
    let summary = if f.has_verdicts() {
        view! {
            {item_list(k::results::FOCUS, "focus", &scores.focus, scores, f, k::results::NO_FOCUS)}
            {item_list(k::results::STRENGTHS, "strengths", &scores.strengths, scores, f, k::results::NO_STRENGTHS)}
            <h2>{t(k::results::ADVICE)}</h2>
            <ul data-testid="advice">{study_advice(f, scores, lang()).into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
        }
        .into_any()
    } else {
        view! {
            <p class="notice">{t(k::results::REFLECTION_NOTE)}</p>
            {item_list(k::results::STRENGTHS, "strengths", &scores.strengths, scores, f, k::results::NO_SPREAD)}
            {item_list(k::results::CHALLENGES, "challenges", &scores.challenges, scores, f, k::results::NO_SPREAD)}
        }
        .into_any()
    };
    view! {
        {summary}
        <h2>{t(k::results::DIFFERENCES)}</h2>
        {more.then(|| view! { <p class="meta">{t(k::results::OTHERS_NOTE)}</p> })}
        {diff_list(k::results::BLIND_SPOTS, of_kind(DifferenceKind::BlindSpot), "blind-spots")}
        {diff_list(
            if more { k::results::HIDDEN_STRENGTHS_OTHERS } else { k::results::HIDDEN_STRENGTHS },
            of_kind(DifferenceKind::HiddenStrength),
            "hidden-strengths",
        )}
    }
}

/// The scan and its framework, for a screen about one scan; or the screen that says which of
/// the two is missing (results, plan and report share it).
pub fn open_scan(drafts: &Drafts, id: &str) -> Result<(Scan, Arc<Framework>), AnyView> {
    let Some(scan) = drafts.scan(id) else {
        return Err(view! { <section><h1>{t(k::results::NOT_FOUND)}</h1><p><a href="#/scans">{t(k::results::TO_MY_SCANS)}</a></p></section> }.into_any());
    };
    match drafts.framework_for(&scan.framework) {
        Some(f) => Ok((scan, f)),
        None => {
            Err(view! { <section><h1>{t(k::results::FRAMEWORK_MISSING)}</h1></section> }.into_any())
        }
    }
}

#[component]
pub fn ResultsScreen(id: String) -> impl IntoView {
    let drafts = Drafts::get();
    let (scan, f) = match open_scan(&drafts, &id) {
        Ok(found) => found,
        Err(missing) => return missing,
    };
    let scores = score(&f, &scan);
    let groups = group_means(&scores);
    let roles = role_scores(&f, &scan, &scores);
    let series = series(&roles);
    let overall = if has_more_raters(&scan) {
        let each = roles
            .iter()
            .map(|r| {
                format!(
                    "{}: {}",
                    series_label(r.role, r.raters, false),
                    mean_text(&r.overall)
                )
            })
            .collect::<Vec<_>>()
            .join(" · ");
        tf(k::results::OVERALL_ROLES, &[("roles", &each)])
    } else {
        tf(
            k::results::OVERALL,
            &[
                ("student", &mean_text(&scores.overall.student)),
                ("supervisor", &mean_text(&scores.overall.supervisor)),
            ],
        )
    };
    // Chosen once, as the screen opens: a phone gets the long lists folded.
    let folded = screen::narrow();
    view! {
        <section class="results-screen">
            <p><a href=Screen::Scan { id: id.clone(), rater: crate::core::rater::RaterId::primary(RaterRole::Subject), group: 1 }.to_hash()>{t(k::results::BACK_TO_SCAN)}</a></p>
            <h1>{t(k::results::TITLE)}</h1>
            <p class="meta">{scan.subject.student.clone()} " · " {f.title.clone()} " · " {scan.subject.date.map(|d| d.to_string()).unwrap_or_default()}</p>
            <SendButtons id=id.clone() />
            <p class="row-actions">
                <a class="action" href=Screen::Plan(id.clone()).to_hash()>{t(k::results::PLAN)}</a>
                <a class="action" href=Screen::Report(id.clone()).to_hash()>{t(k::results::REPORT)}</a>
            </p>
            <p data-testid="overall">{overall}</p>
            <SealLines scan=drafts.select(&id) />
            <p class="meta">{t(k::results::DECISIVE_NOTE)}</p>
            {findings(&f, &scan, &scores, folded)}
            <GroupBars framework=f.clone() groups=groups.clone() series=series.clone() />
            <Radar framework=f.clone() groups=groups series=series />
            <h2>{t(k::results::PER_GROUP)}</h2>
            {group_tables(&f, &scan, &scores, folded)}
            {growth_view(&f, &scan, &drafts.scans().get_untracked())}
        </section>
    }
    .into_any()
}

/// The most recent earlier scan of the same student with the same framework, and per item the
/// change since then, shown as growth: per rater compared (like with like, named in the
/// headings) a chart per group and a table per item; items rated by different raters then and
/// now are counted, not compared.
fn growth_view(f: &Arc<Framework>, scan: &Scan, all: &[Scan]) -> Option<AnyView> {
    let earlier = earlier_scan(scan, all)?;
    let since = earlier
        .subject
        .date
        .map(|d| d.to_string())
        .unwrap_or_default();
    let items = growth(f, earlier, scan);
    let classic = !has_more_raters(scan);
    let per_rater = growth_raters(&items)
        .into_iter()
        .map(|rater| {
            let label = series_label(rater, 1, classic);
            let rows = items
                .iter()
                .filter(|g| g.rater() == Some(rater))
                .filter_map(|g| {
                    let d = g.delta()?;
                    let sign = if d > 0 { "+" } else { "" };
                    let class = match d.signum() {
                        1 => "up",
                        -1 => "down",
                        _ => "",
                    };
                    Some(view! {
                        <tr><th scope="row">{g.code.clone()} " " {g.title.clone()}</th><td>{format!("{} %", g.before?.value)}</td><td>{format!("{} %", g.after?.value)}</td>
                        <td class=class>{format!("{sign}{d}")}</td></tr>
                    })
                })
                .collect_view();
            let head = |key| tf(key, &[("rater", &label)]);
            view! {
                <GrowthBars framework=f.clone() growth=growth_by_group(&items, rater) since=since.clone() rater=label.clone() />
                <div class="table-wrap">
                    <table data-testid=format!("growth-{}", rater.wire_name())>
                        <thead><tr><th scope="col">{t(k::results::COL_ITEM)}</th><th scope="col">{head(k::results::COL_THEN)}</th><th scope="col">{head(k::results::COL_NOW)}</th><th scope="col">{t(k::results::COL_CHANGE)}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })
        .collect_view();
    let other = items.iter().filter(|g| g.other_raters()).count();
    let other = (other > 0).then(|| {
        let text = if other == 1 {
            t(k::results::GROWTH_OTHER_RATERS_ONE).to_string()
        } else {
            tf(
                k::results::GROWTH_OTHER_RATERS_MANY,
                &[("count", &other.to_string())],
            )
        };
        view! { <p class="meta" data-testid="growth-other-raters">{text}</p> }
    });
    Some(
        view! {
            <h2>{tf(k::results::GROWTH_SINCE, &[("date", &since)])}</h2>
            <div data-testid="growth">{per_rater}{other}</div>
        }
        .into_any(),
    )
}

/// The results' chunk: Resultaat with its charts, the plan and the report.
#[leptos::wasm_split::wasm_split(results, fallible, wasm_split_path = leptos::wasm_split)]
pub fn screen(id: String) -> super::lazy::Loaded {
    Ok(view! { <ResultsScreen id /> }.into_any())
}

#[leptos::wasm_split::wasm_split(results, fallible, wasm_split_path = leptos::wasm_split)]
pub fn plan(id: String) -> super::lazy::Loaded {
    Ok(view! { <plan::PlanScreen id /> }.into_any())
}

#[leptos::wasm_split::wasm_split(results, fallible, wasm_split_path = leptos::wasm_split)]
pub fn report(id: String) -> super::lazy::Loaded {
    Ok(view! { <report::ReportScreen id /> }.into_any())
}
