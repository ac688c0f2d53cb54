//! Rapport: the scan as an A4 document to print or save as PDF (`window.print()`): who, where,
//! which framework and when; per group the St % / BPV % / band / paraaf table; the charts; the
//! findings; the development plan; every rater with role, name (or "anoniem"), function and
//! when they finished; signature lines for student, BPV-begeleider and studieloopbaanbegeleider
//! (the teacher) only, however many raters the scan has, each with its column's seal (status and
//! fingerprint: Ondertekening). The print stylesheet (app.css, `@media print`) hides the app
//! around it and keeps table rows whole.

use leptos::prelude::*;

use super::super::drafts::Drafts;
use super::super::i18n::{k, t, tf};
use super::super::seal::report_seal;
use super::charts::{GroupBars, Radar};
use super::plan::{smart_label, status_label};
use super::{findings, group_tables, open_scan};
use crate::core::anonymous;
use crate::core::chart::{group_means, series};
use crate::core::framework::Framework;
use crate::core::i18n::Key;
use crate::core::plan::SmartPart;
use crate::core::rater::{Rater, RaterRole};
use crate::core::route::Screen;
use crate::core::scan::Scan;
use crate::core::scoring::{role_scores, score};
use crate::platform::clock;

fn meta_row(label: Key, value: String) -> impl IntoView {
    view! { <tr><th scope="row">{t(label)}</th><td>{value}</td></tr> }
}

/// One rater's line: role, name ("anoniem" when none was given; the person assessed is the
/// scan's student), function and whether they finished.
fn rater_line(scan: &Scan, rater: &Rater) -> String {
    let role = match rater.role {
        RaterRole::Subject => t(k::report::STUDENT),
        _ => t(rater.role.label()),
    };
    let own = match rater.role {
        RaterRole::Subject if rater.name.trim().is_empty() => scan.subject.student.trim(),
        _ => rater.name.trim(),
    };
    let name = [own, rater.function.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let name = if own.is_empty() {
        [t(k::report::ANONYMOUS), rater.function.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        name
    };
    let finished = match rater.finished {
        Some(at) => tf(
            k::report::FINISHED_ON,
            &[("date", &at.local_date(clock::offset_at(at)).to_string())],
        ),
        None => t(k::report::NOT_FINISHED).to_string(),
    };
    format!(
        "{} ({finished})",
        tf(k::report::RATER_LINE, &[("role", role), ("name", &name)])
    )
}

fn plan_section(f: &Framework, scan: &Scan) -> impl IntoView {
    if scan.plan.is_empty() {
        return view! { <p class="meta">{t(k::report::NO_GOALS)}</p> }.into_any();
    }
    let variant = scan.variant.as_deref();
    let items = f.items(variant);
    scan.plan
        .iter()
        .enumerate()
        .map(|(n, g)| {
            let linked = g
                .items
                .iter()
                .map(|c| {
                    let title = items.iter().find(|i| &i.code == c).map(|i| i.title.as_str()).unwrap_or_default();
                    format!("{c} {title}")
                })
                .collect::<Vec<_>>()
                .join("; ");
            let smart = SmartPart::ALL
                .into_iter()
                .filter(|p| !p.get(&g.smart).trim().is_empty())
                .map(|p| view! { <dt>{t(smart_label(p).0)}</dt><dd>{p.get(&g.smart).to_string()}</dd> })
                .collect_view();
            let actions: Vec<String> = g.actions.iter().filter(|a| !a.trim().is_empty()).cloned().collect();
            view! {
                <article class="report-goal">
                    <h3>{tf(k::plan::GOAL_N, &[("n", &(n + 1).to_string())])} " · " {t(status_label(g.status))}</h3>
                    {(!linked.is_empty()).then(|| view! { <p>{tf(k::report::GOAL_ITEMS, &[("items", &linked)])}</p> })}
                    <dl class="smart-list">{smart}</dl>
                    {(!actions.is_empty()).then(|| view! {
                        <h4>{t(k::report::ACTIONS)}</h4>
                        <ul>{actions.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
                    })}
                    <dl class="goal-facts">
                        <dt>{t(k::report::SUPPORT)}</dt><dd>{if g.support.is_empty() { "–".to_string() } else { g.support.clone() }}</dd>
                        <dt>{t(k::report::DEADLINE)}</dt><dd>{g.deadline.map_or_else(|| "–".to_string(), |d| d.to_string())}</dd>
                        <dt>{t(k::report::EVALUATION)}</dt><dd>{if g.evaluation.is_empty() { "–".to_string() } else { g.evaluation.clone() }}</dd>
                    </dl>
                </article>
            }
        })
        .collect_view()
        .into_any()
}

/// A signature line, and under it the seal of the column it signs for (status and fingerprint).
fn signature(role: Key, name: String, seal: Option<AnyView>) -> impl IntoView {
    view! {
        <div class="signature">
            <h3>{t(role)}</h3>
            <p><span class="sig-label">{t(k::report::NAME)}</span> <span class="sig-line">{name}</span></p>
            <p><span class="sig-label">{t(k::report::DATE)}</span> <span class="sig-line"></span></p>
            <p><span class="sig-label">{t(k::report::SIGNATURE)}</span> <span class="sig-line tall"></span></p>
            {seal}
        </div>
    }
}

#[component]
pub fn ReportScreen(id: String) -> impl IntoView {
    let drafts = Drafts::get();
    let (scan, f) = match open_scan(&drafts, &id) {
        Ok(found) => found,
        Err(missing) => return missing,
    };
    let scores = score(&f, &scan);
    let groups = group_means(&scores);
    let variant = scan
        .variant
        .as_deref()
        .and_then(|v| f.variant(v))
        .map(|v| v.label.clone());
    let series = series(&role_scores(&f, &scan, &scores));
    let name_of = |role| {
        scan.primary(role)
            .map(|r: &Rater| r.name.clone())
            .unwrap_or_default()
    };
    let seal_of = |role| report_seal(&scan, role).map(IntoAny::into_any);
    let raters = scan
        .raters
        .iter()
        .filter(|r| r.role == RaterRole::Subject || !r.is_blank())
        .map(|r| view! { <li>{rater_line(&scan, r)}</li> })
        .collect_view();
    let pooled = RaterRole::ALL
        .into_iter()
        .filter_map(|role| {
            let count = anonymous::answers_counted(&scan.anonymous, role);
            let args = [
                ("role", t(role.label_plural())),
                ("count", &count.to_string()),
            ];
            (count > 0).then(|| view! { <li>{tf(k::report::ANONYMOUS_LINE, &args)}</li> })
        })
        .collect_view();
    view! {
        <section class="report">
            <div class="no-print row-actions">
                <a href=Screen::Results(id.clone()).to_hash()>{t(k::report::BACK)}</a>
                <button type="button" class="primary" on:click=|_| { let _ = window().print(); }>{t(k::report::PRINT)}</button>
                <p class="hint">{t(k::report::PRINT_HINT)}</p>
            </div>
            <h1>{t(k::report::TITLE)}</h1>
            <table class="report-meta">
                <tbody>
                    {meta_row(k::report::STUDENT, scan.subject.student.clone())}
                    {meta_row(k::report::PROGRAMME, scan.subject.programme.clone())}
                    {meta_row(k::report::ORGANISATION, scan.subject.organisation.clone())}
                    {meta_row(k::report::FRAMEWORK, format!("{} ({})", f.title, f.version))}
                    {variant.map(|v| meta_row(k::report::VARIANT, v))}
                    {meta_row(k::report::SCAN_DATE, scan.subject.date.map(|d| d.to_string()).unwrap_or_default())}
                    {meta_row(k::report::UPDATED, scan.updated.local_date(clock::offset_at(scan.updated)).to_string())}
                    <tr><th scope="row">{t(k::report::RATERS)}</th><td><ul class="report-raters" data-testid="report-raters">{raters}{pooled}</ul></td></tr>
                </tbody>
            </table>
            <h2>{t(k::report::PER_GROUP)}</h2>
            {group_tables(&f, &scan, &scores, false)}
            <div class="print-page-break"></div>
            <h2>{t(k::report::CHARTS)}</h2>
            <GroupBars framework=f.clone() groups=groups.clone() series=series.clone() />
            <Radar framework=f.clone() groups=groups series=series />
            {findings(&f, &scan, &scores, false)}
            <h2>{t(k::report::PLAN)}</h2>
            {plan_section(&f, &scan)}
            <h2>{t(k::report::SIGNATURES)}</h2>
            <div class="signatures" data-testid="signatures">
                {signature(k::report::SIGN_STUDENT, scan.subject.student.clone(), seal_of(RaterRole::Subject))}
                {signature(k::report::SIGN_SUPERVISOR, name_of(RaterRole::Supervisor), seal_of(RaterRole::Supervisor))}
                {signature(k::report::SIGN_COACH, name_of(RaterRole::Teacher), seal_of(RaterRole::Teacher))}
            </div>
        </section>
    }
    .into_any()
}
