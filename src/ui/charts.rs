//! The result charts, drawn as SVG by the app: per group a student/BPV bar pair over the band
//! zones, a radar over the groups (three or more), and growth as then/now bar pairs. Each chart
//! is hidden from assistive technology and followed by a visually hidden table with the same
//! figures, its text alternative. Colours come with text (values, rater labels, legend), so
//! charts read in black and white too.

use std::sync::Arc;

use leptos::prelude::*;

use super::i18n::{k, t, tf};
use super::scan::band_tone;
use crate::core::chart::{
    points_attr, radar_point, radar_polygon, zones, GroupGrowth, GroupMeans, RADAR_MIN_GROUPS,
};
use crate::core::framework::Framework;

const WIDTH: f64 = 320.0;
const PLOT_X: f64 = 44.0;
const PLOT_W: f64 = 236.0;
const ROW: f64 = 30.0;

fn x_of(percent: f64) -> f64 {
    PLOT_X + PLOT_W * percent.clamp(0.0, 100.0) / 100.0
}

fn whole(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0} %"))
        .unwrap_or_else(|| t(k::chart::NO_VALUE).to_string())
}

/// One labelled bar of a pair; `class` picks the fill (`st`, `bpv`, `before`, `after`).
fn bar(y: f64, value: Option<f64>, class: &'static str, label: &'static str) -> impl IntoView {
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

/// The text alternative: the chart's figures as a table, for screen readers. Hidden by its
/// wrapper: a table cannot be made narrower than its content, a block can.
fn figures_table(
    caption: String,
    heads: [&'static str; 2],
    rows: Vec<(String, String, String)>,
) -> impl IntoView {
    view! {
        <div class="visually-hidden"><table>
            <caption>{caption}</caption>
            <thead><tr><th scope="col">{t(k::chart::GROUP)}</th><th scope="col">{heads[0]}</th><th scope="col">{heads[1]}</th></tr></thead>
            <tbody>{rows.into_iter().map(|(g, a, b)| view! { <tr><th scope="row">{g}</th><td>{a}</td><td>{b}</td></tr> }).collect_view()}</tbody>
        </table></div>
    }
}

/// Per group, the student's and the supervisor's mean as two bars over the band zones.
#[component]
pub fn GroupBars(framework: Arc<Framework>, groups: Vec<GroupMeans>) -> impl IntoView {
    let height = ROW * groups.len() as f64;
    let (st, bpv) = (t(k::chart::STUDENT), t(k::chart::SUPERVISOR));
    let rows = groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let y = ROW * i as f64;
            view! {
                <text class="group-label" x="0" y=y + 18.0>{g.code.clone()}</text>
                {bar(y + 4.0, g.student, "st", st)}
                {bar(y + 16.0, g.supervisor, "bpv", bpv)}
            }
        })
        .collect_view();
    let table = groups
        .iter()
        .map(|g| {
            (
                format!("{} {}", g.code, g.title),
                whole(g.student),
                whole(g.supervisor),
            )
        })
        .collect();
    view! {
        <figure class="chart bars" data-testid="chart-bars">
            <figcaption>{t(k::chart::BARS_TITLE)}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {}", height + 14.0) aria-hidden="true" focusable="false">
                {zone_background(&framework, height)}
                {rows}
            </svg>
            {zones_legend(&framework).map(|l| view! { <p class="legend">{l}</p> })}
            {figures_table(t(k::chart::BARS_TITLE).to_string(), [st, bpv], table)}
        </figure>
    }
}

/// The radar (spider) chart over the groups: rings at the band boundaries, the student's means
/// as a solid polygon, the supervisor's as a dashed one. Only for three or more groups.
#[component]
pub fn Radar(framework: Arc<Framework>, groups: Vec<GroupMeans>) -> impl IntoView {
    (groups.len() >= RADAR_MIN_GROUPS).then(|| {
        const R: f64 = 110.0;
        const PAD: f64 = 36.0;
        let n = groups.len();
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
        let student: Vec<_> = groups.iter().map(|g| g.student).collect();
        let supervisor: Vec<_> = groups.iter().map(|g| g.supervisor).collect();
        let rings_text = rings.iter().filter(|r| **r < 100.0).map(|r| r.to_string()).collect::<Vec<_>>().join(", ");
        let table = groups
            .iter()
            .map(|g| (format!("{} {}", g.code, g.title), whole(g.student), whole(g.supervisor)))
            .collect();
        let size = 2.0 * (R + PAD);
        view! {
            <figure class="chart radar" data-testid="chart-radar">
                <figcaption>{t(k::chart::RADAR_TITLE)}</figcaption>
                <svg viewBox=format!("{} {} {size} {size}", -PAD, -PAD) aria-hidden="true" focusable="false">
                    {ring_views}
                    {axes}
                    {supervisor.iter().any(Option::is_some).then(|| view! { <polygon class="shape bpv" points=points_attr(&radar_polygon(&supervisor, R)) /> })}
                    {student.iter().any(Option::is_some).then(|| view! { <polygon class="shape st" points=points_attr(&radar_polygon(&student, R)) /> })}
                </svg>
                <p class="legend">{tf(k::chart::LEGEND_RADAR, &[("rings", &rings_text)])}</p>
                {figures_table(t(k::chart::RADAR_TITLE).to_string(), [t(k::chart::STUDENT), t(k::chart::SUPERVISOR)], table)}
            </figure>
        }
    })
}

/// Growth since an earlier scan: per group the mean then and now, as paired bars.
#[component]
pub fn GrowthBars(
    framework: Arc<Framework>,
    growth: Vec<GroupGrowth>,
    since: String,
) -> impl IntoView {
    let height = ROW * growth.len() as f64;
    let (before, after) = (t(k::chart::BEFORE), t(k::chart::AFTER));
    let title = tf(k::chart::GROWTH_TITLE, &[("date", &since)]);
    let rows = growth
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let y = ROW * i as f64;
            view! {
                <text class="group-label" x="0" y=y + 18.0>{g.group.clone()}</text>
                {bar(y + 4.0, Some(g.before), "before", before)}
                {bar(y + 16.0, Some(g.after), "after", after)}
            }
        })
        .collect_view();
    let table = growth
        .iter()
        .map(|g| (g.group.clone(), whole(Some(g.before)), whole(Some(g.after))))
        .collect();
    view! {
        <figure class="chart growth" data-testid="chart-growth">
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {}", height + 14.0) aria-hidden="true" focusable="false">
                {zone_background(&framework, height)}
                {rows}
            </svg>
            {figures_table(title, [before, after], table)}
        </figure>
    }
}
