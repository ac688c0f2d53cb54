//! Everything the screens compute from a scan, called the way the screens call it: the scan
//! screen (groups, progress, unrated, bands), Resultaat (scores, charts, growth, advice),
//! Ontwikkelplan (goal checks, suggestions), Rapport, Mijn scans (card line, file name), the
//! coach (CSV), the backup reminder, and Bestand openen (compare, merge). A panic in any of them
//! is a screen that would not show; the render test runs this on every scan import accepts.

use competentiescan_core::backup::reminder;
use competentiescan_core::chart::{
    group_means, growth_by_group, growth_raters, points_attr, radar_polygon, series, zones,
};
use competentiescan_core::exchange::file_name;
use competentiescan_core::framework::Framework;
use competentiescan_core::i18n::Lang;
use competentiescan_core::merge::{compare, merge, Comparison};
use competentiescan_core::overview::{csv, earlier_scan, growth};
use competentiescan_core::rater::{RaterId, RaterRole};
use competentiescan_core::route::Screen;
use competentiescan_core::scan::{excerpt, initials, Scan};
use competentiescan_core::scoring::{
    named_values, range_text, role_scores, score, self_vs_others, study_advice,
};
use competentiescan_core::time::Timestamp;

/// Runs every screen's computations on `scan`; panics (with the screen's name) where a screen
/// could not show it. Returns a number derived from all results, so none is optimised away.
pub fn render_everything(scan: &Scan, f: &Framework, now: Timestamp) -> usize {
    let variant = scan.variant.as_deref();
    let mut seen = 0;

    // Addresses: every screen of this scan navigates back to itself.
    for screen in [
        Screen::Scan {
            id: scan.id.clone(),
            rater: RaterId::primary(RaterRole::Supervisor),
            group: 1,
        },
        Screen::Results(scan.id.clone()),
        Screen::Plan(scan.id.clone()),
        Screen::Report(scan.id.clone()),
    ] {
        assert_eq!(Screen::from_hash(&screen.to_hash()), screen, "address");
    }

    // The scan screen opens at group 1: there must be one, with items, for every variant.
    let groups = f.groups(variant);
    assert!(!groups.is_empty(), "scan screen: no group to open");
    for rater in &scan.raters {
        let screen = Screen::Scan {
            id: scan.id.clone(),
            rater: rater.id.clone(),
            group: 1,
        };
        assert_eq!(
            Screen::from_hash(&screen.to_hash()),
            screen,
            "rater address"
        );
        for g in &groups {
            let (done, total) = scan.group_progress(g, &rater.id, variant);
            assert!(done <= total && total > 0, "scan screen: empty group");
        }
        let (done, total) = scan.progress(f, &rater.id);
        assert!(done <= total, "progress");
        seen += scan.unrated(f, &rater.id).len();
        let pages = scan.unrated_by_group(f, &rater.id);
        assert!(
            pages.iter().all(|(g, _)| *g < groups.len()),
            "a link to a page"
        );
        seen += pages.len() + scan.without_paraaf(f, &rater.id).len();
        for code in rater.ratings.keys() {
            seen += excerpt(&rater.ratings[code].comment, 40).len();
            if let Some(v) = scan.value(&rater.id, code) {
                seen += f.band_for(f64::from(v)).map_or(0, |b| b.label.len());
            }
        }
        for p in rater.paraafs.values() {
            seen += p.date.to_string().len() + p.initials.chars().count();
        }
        seen += rater.finished.map_or(0, |at| at.date().to_string().len());
        seen += initials(&rater.name).len() + rater.function.chars().count();
    }
    // Resultaat and Rapport.
    let scores = score(f, scan);
    // 360°: per item the means per role, self against the others, the named values.
    let roles = role_scores(f, scan, &scores);
    for item in f.items(variant) {
        for r in &roles {
            seen += named_values(r, scan, &item.code).len();
        }
    }
    seen += self_vs_others(f, scan, &scores).len();
    for &i in scores
        .focus
        .iter()
        .chain(&scores.strengths)
        .chain(&scores.challenges)
    {
        seen += scores.items.get(i).map_or(0, |s| s.item.code.len());
    }
    let means = group_means(&scores);
    for column in [
        means.iter().map(|m| m.student).collect::<Vec<_>>(),
        means.iter().map(|m| m.supervisor).collect(),
    ] {
        seen += points_attr(&radar_polygon(&column, 100.0)).len();
    }
    // A column and a chart series per role, as the results, report and CSV show them.
    for s in series(&roles) {
        assert_eq!(s.values.len(), means.len(), "a value per group");
        seen += points_attr(&radar_polygon(&s.values, 100.0)).len();
    }
    for r in &roles {
        assert_eq!(r.items.len(), scores.items.len(), "a value per item");
        seen += r.overall.rated;
    }
    for z in zones(f) {
        assert!(z.from <= z.to, "zones");
        seen += f.bands.get(z.band).map_or(0, |b| b.label.len());
    }
    for b in 0..f.bands.len() {
        for lang in Lang::ALL {
            seen += range_text(f, b, lang).len();
        }
    }
    for lang in Lang::ALL {
        seen += study_advice(f, &scores, lang).len();
    }
    let all = std::slice::from_ref(scan);
    assert!(
        earlier_scan(scan, all).is_none(),
        "a scan is not its own earlier scan"
    );
    let items = growth(f, scan, scan);
    for rater in growth_raters(&items) {
        seen += growth_by_group(&items, rater).len();
    }
    // Mijn scans in the farthest time zones (UTC−12, UTC+14).
    for offset in [-720, 0, 840] {
        seen += scan.updated.minute_text(offset).len();
        seen += scan.updated.local_date(offset).to_string().len();
    }
    seen += scan.comment_count();
    seen += scan.subject.date.map_or(0, |d| d.to_string().len());

    // Ontwikkelplan.
    for goal in &scan.plan {
        assert_eq!(
            goal.check(f, variant),
            Ok(()),
            "plan: an accepted goal fits"
        );
        seen += goal.missing().len() + goal.deadline.map_or(0, |d| d.to_string().len());
    }

    // Coach, Mijn scans, the backup reminder, Bestand openen.
    // The CSV differs by language only in its header: one language per scan is enough.
    let lang = Lang::ALL[scan.id.len() % Lang::ALL.len()];
    seen += csv(&[(scan, f)], lang).len();
    let name = file_name(scan, f);
    assert!(name.is_ascii(), "file name");
    seen += reminder(scan.created, scan.updated, None, now).map_or(0, |d| d as usize);
    seen += reminder(scan.created, scan.updated, Some(scan.updated), now).map_or(0, |d| d as usize);
    assert_eq!(
        compare(scan, scan),
        Comparison::Same,
        "a scan against itself"
    );
    let (merged, conflicts) = merge(scan, scan);
    assert!(conflicts.is_empty(), "merge with itself");
    seen += merged.history.len();
    seen
}
