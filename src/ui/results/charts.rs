//! The result charts, drawn as SVG by the app: per group one bar per role (peers of a role
//! averaged) over the band zones, a radar over the groups (three or more) with one polygon per
//! role, and growth as then/now bar pairs. Each chart is hidden from assistive technology and
//! followed by a visually hidden table with the same figures, its text alternative. Series
//! differ in dash pattern and marker shape as well as colour, and carry their label in the
//! legend and beside each bar, so charts read in black and white too.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::i18n::{k, t, tf};
use super::super::scan::band_tone;
use crate::core::chart::{
    points_attr, radar_point, radar_polygon, zones, GroupGrowth, GroupMeans, Marker, Point, Series,
    RADAR_MIN_GROUPS,
};
use crate::core::framework::Framework;
use crate::core::rater::RaterRole;

const WIDTH: f64 = 320.0;
const PLOT_X: f64 = 44.0;
const PLOT_W: f64 = 236.0;
const ROW: f64 = 30.0;
/// Height of one bar plus its gap, when a group has a bar per series.
const BAR_STEP: f64 = 12.0;

fn x_of(percent: f64) -> f64 {
    PLOT_X + PLOT_W * percent.clamp(0.0, 100.0) / 100.0
}

fn whole(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0} %"))
        .unwrap_or_else(|| t(k::chart::NO_VALUE).to_string())
}

/// The CSS class of a role's series (fill, stroke, dash pattern); `st` and `bpv` are the
/// two-rater form's.
pub fn series_class(role: RaterRole) -> &'static str {
    match role {
        RaterRole::Subject => "st",
        RaterRole::Supervisor => "bpv",
        RaterRole::Teacher => "teacher",
        RaterRole::Colleague => "colleague",
        RaterRole::Manager => "manager",
        RaterRole::Client => "client",
    }
}

/// Whether the series are the paper form's two columns (one student, one BPV-begeleider):
/// then they keep their short labels, "Student" and "BPV".
pub fn is_classic(series: &[Series]) -> bool {
    series
        .iter()
        .all(|s| s.raters <= 1 && matches!(s.role, RaterRole::Subject | RaterRole::Supervisor))
}

/// A series' name: "Student"/"BPV" on the two-rater form; otherwise the role ("Zelf",
/// "Leidinggevende") with the count when a role has several raters ("Collega's (3)").
pub fn series_label(role: RaterRole, raters: usize, classic: bool) -> String {
    match role {
        RaterRole::Subject if classic => t(k::chart::STUDENT).to_string(),
        RaterRole::Supervisor if classic => t(k::chart::SUPERVISOR).to_string(),
        _ if raters > 1 => tf(
            k::chart::ROLE_COUNT,
            &[("role", t(role.label_plural())), ("n", &raters.to_string())],
        ),
        _ => t(role.label()).to_string(),
    }
}

/// A role's marker at `at`, as an SVG polygon.
fn marker(role: RaterRole, at: Point) -> impl IntoView {
    let class = format!("marker {}", series_class(role));
    view! { <polygon class=class points=points_attr(&Marker::of(role).outline(at, 3.5)) /> }
}

/// The legend: per series a line sample in its dash pattern with its marker, and its name.
fn legend(series: &[Series], classic: bool) -> impl IntoView {
    let items = series
        .iter()
        .map(|s| {
            let class = series_class(s.role);
            view! {
                <li>
                    <svg class="swatch" viewBox="0 0 28 10" width="28" height="10" aria-hidden="true" focusable="false">
                        <line class=format!("line {class}") x1="1" y1="5" x2="27" y2="5" />
                        {marker(s.role, (14.0, 5.0))}
                    </svg>
                    " " {series_label(s.role, s.raters, classic)}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="series-legend" data-testid="chart-legend" aria-label=t(k::chart::LEGEND_TITLE)>{items}</ul> }
}

/// One labelled bar; `class` picks the fill (a series' class, `before`, `after`).
fn bar(y: f64, value: Option<f64>, class: &'static str, label: String) -> impl IntoView {
    let end = value.map(x_of).unwrap_or(PLOT_X);
    let text = format!(
        "{label} {}",
        value
            .map(|v| format!("{v:.0}"))
            .unwrap_or_else(|| "–".into())
    );
    view! {
        <rect class=format!("bar {class}") x=PLOT_X y=y width=end - PLOT_X height="10" />
        <text class="value" x=(end + 3.0).min(WIDTH - 34.0) y=y + 8.5>{text}</text>
    }
}

/// Band zones behind the plot area, with the boundary values under the plot.
fn zone_background(framework: &Framework, height: f64) -> impl IntoView {
    zones(framework)
        .into_iter()
        .map(|z| {
            let tone = band_tone(framework, z.band);
            let tick = (z.to < 100.0).then(|| {
                view! {
                    <line class="tick" x1=x_of(z.to) x2=x_of(z.to) y1="0" y2=height />
                    <text class="tick-label" x=x_of(z.to) y=height + 10.0 text-anchor="middle">{z.to.to_string()}</text>
                }
            });
            view! {
                <rect class=format!("zone {tone}") x=x_of(z.from) y="0" width=x_of(z.to) - x_of(z.from) height=height />
                {tick}
            }
        })
        .collect_view()
}

fn zones_legend(framework: &Framework) -> Option<String> {
    framework.has_verdicts().then(|| {
        let bands = zones(framework)
            .iter()
            .map(|z| format!("{} {}–{} %", framework.bands[z.band].label, z.from, z.to))
            .collect::<Vec<_>>()
            .join(", ");
        tf(k::chart::LEGEND_ZONES, &[("bands", &bands)])
    })
}

/// The text alternative: the chart's figures as a table, a column per series, for screen
/// readers. Hidden by its wrapper: a table cannot be made narrower than its content, a block can.
fn figures_table(
    caption: String,
    heads: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
) -> impl IntoView {
    view! {
        <div class="visually-hidden"><table>
            <caption>{caption}</caption>
            <thead><tr><th scope="col">{t(k::chart::GROUP)}</th>{heads.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
            <tbody>{rows.into_iter().map(|(g, cells)| view! { <tr><th scope="row">{g}</th>{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }).collect_view()}</tbody>
        </table></div>
    }
}

/// The series' figures per group, for the text alternative.
fn series_rows(groups: &[GroupMeans], series: &[Series]) -> Vec<(String, Vec<String>)> {
    groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let cells = series
                .iter()
                .map(|s| whole(s.values.get(i).copied().flatten()))
                .collect();
            (format!("{} {}", g.code, g.title), cells)
        })
        .collect()
}

/// Per group, one bar per series (self, BPV-begeleider, each other role's mean) over the band
/// zones.
#[component]
pub fn GroupBars(
    framework: Arc<Framework>,
    groups: Vec<GroupMeans>,
    series: Vec<Series>,
) -> impl IntoView {
    let classic = is_classic(&series);
    let row = ROW.max(BAR_STEP * series.len() as f64 + 6.0);
    let height = row * groups.len() as f64;
    let labels: Vec<String> = series
        .iter()
        .map(|s| series_label(s.role, s.raters, classic))
        .collect();
    let rows = groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let y = row * i as f64;
            let bars = series
                .iter()
                .zip(&labels)
                .enumerate()
                .map(|(n, (s, label))| {
                    bar(
                        y + 4.0 + BAR_STEP * n as f64,
                        s.values.get(i).copied().flatten(),
                        series_class(s.role),
                        label.clone(),
                    )
                })
                .collect_view();
            view! {
                <text class="group-label" x="0" y=y + row / 2.0 + 3.0>{g.code.clone()}</text>
                {bars}
            }
        })
        .collect_view();
    let title = t(if classic {
        k::chart::BARS_TITLE
    } else {
        k::chart::BARS_TITLE_ROLES
    });
    view! {
        <figure class="chart bars" data-testid="chart-bars">
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {}", height + 14.0) aria-hidden="true" focusable="false">
                {zone_background(&framework, height)}
                {rows}
            </svg>
            {legend(&series, classic)}
            {zones_legend(&framework).map(|l| view! { <p class="legend">{l}</p> })}
            {figures_table(title.to_string(), labels, series_rows(&groups, &series))}
        </figure>
    }
}

/// The radar (spider) chart over the groups: rings at the band boundaries, one polygon per
/// series (the student's solid and filled, the others each in their own dash pattern) with a
/// marker per role at every axis. Only for three or more groups.
#[component]
pub fn Radar(
    framework: Arc<Framework>,
    groups: Vec<GroupMeans>,
    series: Vec<Series>,
) -> impl IntoView {
    (groups.len() >= RADAR_MIN_GROUPS).then(|| {
        const R: f64 = 110.0;
        const PAD: f64 = 36.0;
        let n = groups.len();
        let classic = is_classic(&series);
        let mut rings: Vec<f64> = zones(&framework).iter().map(|z| z.to).filter(|v| *v < 100.0).collect();
        if rings.is_empty() {
            rings = vec![25.0, 50.0, 75.0];
        }
        rings.push(100.0);
        let ring_views = rings
            .iter()
            .map(|r| {
                let pts: Vec<_> = (0..n).map(|i| radar_point(i, n, r / 100.0, R)).collect();
                view! { <polygon class="ring" points=points_attr(&pts) /> }
            })
            .collect_view();
        let axes = groups
            .iter()
            .enumerate()
            .map(|(i, group)| {
                let (x, y) = radar_point(i, n, 1.0, R);
                let (lx, ly) = radar_point(i, n, 1.0, R + 16.0);
                let anchor = if (lx - (R + 16.0)).abs() < 4.0 { "middle" } else if lx > R + 16.0 { "start" } else { "end" };
                view! {
                    <line class="axis" x1=R y1=R x2=x y2=y />
                    <text class="axis-label" x=lx - 16.0 y=ly - 16.0 + 4.0 text-anchor=anchor>{group.code.clone()}</text>
                }
            })
            .collect_view();
        // Drawn last to first, so the person's own (filled) shape lies on top.
        let shapes = series
            .iter()
            .rev()
            .filter(|s| s.values.iter().any(Option::is_some))
            .map(|s| {
                let class = series_class(s.role);
                let points = radar_polygon(&s.values, R);
                let markers = points
                    .iter()
                    .zip(&s.values)
                    .filter(|(_, v)| v.is_some())
                    .map(|(p, _)| marker(s.role, *p))
                    .collect_view();
                view! {
                    <polygon class=format!("shape {class}") points=points_attr(&points) />
                    {markers}
                }
            })
            .collect_view();
        let rings_text = rings.iter().filter(|r| **r < 100.0).map(|r| r.to_string()).collect::<Vec<_>>().join(", ");
        let labels = series.iter().map(|s| series_label(s.role, s.raters, classic)).collect();
        let size = 2.0 * (R + PAD);
        view! {
            <figure class="chart radar" data-testid="chart-radar">
                <figcaption>{t(k::chart::RADAR_TITLE)}</figcaption>
                <svg viewBox=format!("{} {} {size} {size}", -PAD, -PAD) aria-hidden="true" focusable="false">
                    {ring_views}
                    {axes}
                    {shapes}
                </svg>
                {legend(&series, classic)}
                <p class="legend">{tf(k::chart::LEGEND_RINGS, &[("rings", &rings_text)])}</p>
                {figures_table(t(k::chart::RADAR_TITLE).to_string(), labels, series_rows(&groups, &series))}
            </figure>
        }
    })
}

/// Growth since an earlier scan: per group one rater's mean then and now, as paired bars.
#[component]
pub fn GrowthBars(
    framework: Arc<Framework>,
    growth: Vec<GroupGrowth>,
    since: String,
    /// Whose values these are, named in the title and legend.
    rater: String,
) -> impl IntoView {
    let height = ROW * growth.len() as f64;
    let by = [("rater", rater.as_str())];
    let (before, after) = (tf(k::chart::BEFORE, &by), tf(k::chart::AFTER, &by));
    let title = tf(
        k::chart::GROWTH_TITLE,
        &[("date", &since), ("rater", &rater)],
    );
    let rows = growth
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let y = ROW * i as f64;
            view! {
                <text class="group-label" x="0" y=y + 18.0>{g.group.clone()}</text>
                {bar(y + 4.0, Some(g.before), "before", before.clone())}
                {bar(y + 16.0, Some(g.after), "after", after.clone())}
            }
        })
        .collect_view();
    let table = growth
        .iter()
        .map(|g| {
            (
                g.group.clone(),
                vec![whole(Some(g.before)), whole(Some(g.after))],
            )
        })
        .collect();
    view! {
        <figure class="chart growth" data-testid="chart-growth">
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {}", height + 14.0) aria-hidden="true" focusable="false">
                {zone_background(&framework, height)}
                {rows}
            </svg>
            {figures_table(title, vec![before, after], table)}
        </figure>
    }
}
