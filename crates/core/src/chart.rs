//! Geometry of the result charts, as plain numbers: the band zones behind a bar, and the radar
//! (spider) chart over the groups. The UI turns these into SVG; keeping the arithmetic here
//! makes it testable on the host and the same on screen and in print.

use super::framework::Framework;
use super::overview::Growth;
use super::rater::RaterRole;
use super::scoring::{Disclosure, RoleScores, Scores};

/// One group's means, as the charts show them (owned, so a chart needs no borrow of the scan).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupMeans {
    pub code: String,
    pub title: String,
    pub student: Option<f64>,
    pub supervisor: Option<f64>,
}

pub fn group_means(scores: &Scores) -> Vec<GroupMeans> {
    scores
        .groups
        .iter()
        .map(|g| GroupMeans {
            code: g.node.code.clone(),
            title: g.node.title.clone(),
            student: g.student.value,
            supervisor: g.supervisor.value,
        })
        .collect()
}

/// One series of the charts: a role (peers of one role averaged) and its mean per group, in
/// the order of `group_means`.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub role: RaterRole,
    /// How many raters of the role the scan has ("Collega's (3)").
    pub raters: usize,
    pub values: Vec<Option<f64>>,
}

/// One series per role the scan shows (`scoring::role_scores`); a role with too few answers to
/// show anonymously has none.
pub fn series(roles: &[RoleScores]) -> Vec<Series> {
    roles
        .iter()
        .filter(|r| !matches!(r.disclosure, Disclosure::TooFew { .. }))
        .map(|r| Series {
            role: r.role,
            raters: r.raters,
            values: r.groups.iter().map(|m| m.value).collect(),
        })
        .collect()
}

/// One band as a stretch of the 0–100 % axis: `[from, to]`, and its index in `framework.bands`.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub from: f64,
    pub to: f64,
    pub band: usize,
}

/// The bands of an assessment framework laid along 0–100 % (`55–75 %` inclusive in the middle
/// for the Quick Scan). Reflection frameworks have none: their charts carry no verdict.
pub fn zones(framework: &Framework) -> Vec<Zone> {
    if !framework.has_verdicts() {
        return Vec::new();
    }
    let mut from = 0.0;
    let mut out = Vec::new();
    for (band, b) in framework.bands.iter().enumerate() {
        let to = b.below.or(b.up_to).unwrap_or(100.0).clamp(from, 100.0);
        out.push(Zone { from, to, band });
        from = to;
    }
    if let Some(last) = out.last_mut() {
        last.to = 100.0;
    }
    out
}

/// A point in the radar chart's square of side `2 * radius`, centre `(radius, radius)`.
pub type Point = (f64, f64);

/// The end of axis `i` of `n` at `fraction` (0 = centre, 1 = rim): axis 0 points up, the rest
/// follow clockwise, like a clock.
pub fn radar_point(i: usize, n: usize, fraction: f64, radius: f64) -> Point {
    let angle = std::f64::consts::TAU * i as f64 / n.max(1) as f64 - std::f64::consts::FRAC_PI_2;
    let r = radius * fraction.clamp(0.0, 1.0);
    (radius + r * angle.cos(), radius + r * angle.sin())
}

/// The polygon of one rater's group means; a group without a value sits at the centre (the
/// accessible table beside the chart says "geen waarde").
pub fn radar_polygon(values: &[Option<f64>], radius: f64) -> Vec<Point> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| radar_point(i, values.len(), v.unwrap_or(0.0) / 100.0, radius))
        .collect()
}

/// SVG `points` attribute text, one decimal.
pub fn points_attr(points: &[Point]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The marker shape of a role's series: series differ by shape as well as by colour and dash,
/// so they stay apart in black and white.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
    Plus,
}

impl Marker {
    pub const ALL: [Marker; 6] = [
        Marker::Circle,
        Marker::Square,
        Marker::Triangle,
        Marker::Diamond,
        Marker::Cross,
        Marker::Plus,
    ];

    /// The role's marker, by its place in [`RaterRole::ALL`]: a new role gets one without a
    /// change here (markers repeat after six).
    pub fn of(role: RaterRole) -> Marker {
        let place = RaterRole::ALL
            .iter()
            .position(|r| *r == role)
            .unwrap_or_default();
        Marker::ALL[place % Marker::ALL.len()]
    }

    /// The outline of the marker around `centre`, within `r` of it, as polygon corners.
    pub fn outline(self, (x, y): Point, r: f64) -> Vec<Point> {
        // Arm half-width of the cross and plus.
        let w = r / 3.0;
        let corners: Vec<(f64, f64)> = match self {
            Marker::Circle => (0..8)
                .map(|i| {
                    let a = std::f64::consts::TAU * f64::from(i) / 8.0;
                    (a.cos(), a.sin())
                })
                .collect(),
            Marker::Square => vec![(-0.7, -0.7), (0.7, -0.7), (0.7, 0.7), (-0.7, 0.7)],
            Marker::Triangle => vec![(0.0, -1.0), (0.85, 0.5), (-0.85, 0.5)],
            Marker::Diamond => vec![(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)],
            Marker::Plus => {
                // Arms end short of the rim, so their corners stay within `r`.
                let (w, l) = (w / r, 0.94);
                vec![
                    (-w, -l),
                    (w, -l),
                    (w, -w),
                    (l, -w),
                    (l, w),
                    (w, w),
                    (w, l),
                    (-w, l),
                    (-w, w),
                    (-l, w),
                    (-l, -w),
                    (-w, -w),
                ]
            }
            // The plus turned by 45°.
            Marker::Cross => Marker::Plus
                .outline((0.0, 0.0), r)
                .into_iter()
                .map(|(a, b)| {
                    let h = std::f64::consts::FRAC_1_SQRT_2 / r;
                    ((a - b) * h, (a + b) * h)
                })
                .collect(),
        };
        corners
            .into_iter()
            .map(|(dx, dy)| (x + dx * r, y + dy * r))
            .collect()
    }
}

/// Radar charts need at least three axes to be a shape; fewer groups get bars only.
pub const RADAR_MIN_GROUPS: usize = 3;

/// Growth of one group between two scans: the means over the items one rater rated in both.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupGrowth {
    pub group: String,
    pub before: f64,
    pub after: f64,
    pub items: usize,
}

/// The raters whose values growth compares, each once, in the order of the items.
pub fn growth_raters(items: &[Growth]) -> Vec<RaterRole> {
    let mut out = Vec::new();
    for r in items.iter().filter_map(Growth::rater) {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

/// Per group (in the order groups first appear), the before/after means of the items `rater`
/// rated in both scans: the paired bars of the growth chart, like with like.
pub fn growth_by_group(items: &[Growth], rater: RaterRole) -> Vec<GroupGrowth> {
    let mut out: Vec<GroupGrowth> = Vec::new();
    for g in items.iter().filter(|g| g.rater() == Some(rater)) {
        let (Some(before), Some(after)) = (g.before, g.after) else {
            continue;
        };
        let entry = match out.iter().position(|x| x.group == g.group) {
            Some(i) => &mut out[i],
            None => {
                out.push(GroupGrowth {
                    group: g.group.clone(),
                    before: 0.0,
                    after: 0.0,
                    items: 0,
                });
                out.last_mut().expect("just pushed")
            }
        };
        // Running sums first; divided once all items are in.
        entry.before += f64::from(before.value);
        entry.after += f64::from(after.value);
        entry.items += 1;
    }
    for g in &mut out {
        g.before /= g.items as f64;
        g.after /= g.items as f64;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled;

    fn framework(id: &str) -> Framework {
        bundled::frameworks()
            .into_iter()
            .filter_map(|(_, f)| f.ok())
            .find(|f| f.id == id)
            .unwrap()
    }

    #[test]
    fn quick_scan_zones_follow_its_bands() {
        let z = zones(&framework("quickscan-smd-2014"));
        assert_eq!(
            z,
            vec![
                Zone {
                    from: 0.0,
                    to: 55.0,
                    band: 0
                },
                Zone {
                    from: 55.0,
                    to: 75.0,
                    band: 1
                },
                Zone {
                    from: 75.0,
                    to: 100.0,
                    band: 2
                },
            ]
        );
    }

    #[test]
    fn reflection_frameworks_have_no_zones() {
        assert_eq!(zones(&framework("beroepsprofiel-sam-2020")), vec![]);
    }

    #[test]
    fn growth_is_averaged_per_group_over_items_one_rater_rated_twice() {
        use crate::scoring::Decisive;
        let (st, bpv) = (RaterRole::Subject, RaterRole::Supervisor);
        let v = |by, value| Some(Decisive { value, by });
        let g = |group: &str, before, after| Growth {
            group: group.into(),
            code: String::new(),
            title: String::new(),
            before,
            after,
        };
        let items = [
            g("1.1", v(bpv, 40), v(bpv, 60)),
            g("1.1", v(bpv, 50), v(bpv, 80)),
            g("1.2", None, v(bpv, 90)),
            g("1.3", v(st, 40), v(bpv, 40)),
            g("2.1", v(st, 70), v(st, 65)),
        ];
        assert_eq!(growth_raters(&items), vec![bpv, st]);
        assert_eq!(
            growth_by_group(&items, bpv),
            vec![GroupGrowth {
                group: "1.1".into(),
                before: 45.0,
                after: 70.0,
                items: 2
            }]
        );
        assert_eq!(
            growth_by_group(&items, st),
            vec![GroupGrowth {
                group: "2.1".into(),
                before: 70.0,
                after: 65.0,
                items: 1
            }]
        );
    }

    #[test]
    fn every_role_has_its_own_marker_within_its_radius() {
        let markers: Vec<Marker> = RaterRole::ALL.into_iter().map(Marker::of).collect();
        for (i, m) in markers.iter().enumerate() {
            assert!(!markers[..i].contains(m), "{m:?} twice");
            let outline = m.outline((10.0, 20.0), 4.0);
            assert!(outline.len() >= 3, "{m:?} is a shape");
            for (x, y) in outline {
                let d = ((x - 10.0).powi(2) + (y - 20.0).powi(2)).sqrt();
                assert!(d <= 4.0 + 1e-9, "{m:?} stays within its radius: {d}");
            }
        }
    }

    #[test]
    fn radar_axes_start_at_the_top_and_go_clockwise() {
        let close = |a: Point, b: Point| (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9;
        assert!(close(radar_point(0, 4, 1.0, 50.0), (50.0, 0.0)));
        assert!(close(radar_point(1, 4, 1.0, 50.0), (100.0, 50.0)));
        assert!(close(radar_point(2, 4, 0.5, 50.0), (50.0, 75.0)));
        assert!(
            close(radar_point(3, 4, 2.0, 50.0), (0.0, 50.0)),
            "clamped to the rim"
        );
        let poly = radar_polygon(&[Some(100.0), None, Some(50.0), Some(0.0)], 50.0);
        assert!(close(poly[1], (50.0, 50.0)), "no value: centre");
        assert_eq!(points_attr(&poly[..1]), "50.0,0.0");
    }
}
