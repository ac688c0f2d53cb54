//! The persoonlijk ontwikkelplan (development plan): goals the student sets from the scan's
//! speerpunten (or, in a reflection framework, its uitdagingen), each written SMART with the
//! actions, who helps, a deadline, how progress is evaluated and a status. Goals live in the
//! scan, so they travel with the draft, the export and the report.

use std::collections::BTreeMap;

use serde::Serialize;

use super::framework::Framework;
use super::i18n::k;
use super::problem::{Place, Problem};
use super::scan::{is_id, RemovedGoal, MAX_TEXT};
use super::sort::sort_by;
use super::time::{optional_date, Date, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Goal {
    pub id: String,
    /// When the goal was set: the plan lists goals in this order.
    pub created: Timestamp,
    /// Item codes the goal works on.
    pub items: Vec<String>,
    pub smart: Smart,
    /// Concrete actions, one per entry.
    pub actions: Vec<String>,
    /// Who helps (BPV-begeleider, coach, a colleague…).
    pub support: String,
    /// Empty in files while not agreed.
    #[serde(serialize_with = "optional_date::serialize")]
    pub deadline: Option<Date>,
    /// How progress is evaluated (evaluatie).
    pub evaluation: String,
    pub status: GoalStatus,
    /// Last change: the later copy of a goal wins a merge.
    pub updated: Timestamp,
}

/// The plan's goals read by hand (see [`super::json`]); unknown fields are ignored, and every
/// field but `id`, `created` and `updated` may be absent, as before.
pub(crate) mod read {
    use super::super::json::{one_of, string, strings, Object, Read};
    use super::super::time::read::{optional_date, timestamp};
    use super::{Goal, GoalStatus, Smart};
    use serde_json::Value;

    pub(crate) fn goal(v: Value) -> Read<Goal> {
        let mut o = Object::read(v)?;
        Ok(Goal {
            id: o.field("id", string)?,
            created: o.field("created", timestamp)?,
            items: o.or("items", strings, Vec::new())?,
            smart: o.or("smart", smart, Smart::default())?,
            actions: o.or("actions", strings, Vec::new())?,
            support: o.or("support", string, String::new())?,
            deadline: o.or("deadline", optional_date, None)?,
            evaluation: o.or("evaluation", string, String::new())?,
            status: o.or(
                "status",
                |v| one_of(v, &GoalStatus::ALL, GoalStatus::wire_name),
                GoalStatus::default(),
            )?,
            updated: o.field("updated", timestamp)?,
        })
    }

    fn smart(v: Value) -> Read<Smart> {
        let mut o = Object::read(v)?;
        Ok(Smart {
            specific: o.or("specific", string, String::new())?,
            measurable: o.or("measurable", string, String::new())?,
            acceptable: o.or("acceptable", string, String::new())?,
            realistic: o.or("realistic", string, String::new())?,
            time_bound: o.or("timeBound", string, String::new())?,
        })
    }
}

/// The goal written SMART: one guided field per letter.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Smart {
    /// Specifiek: what exactly do you want to achieve?
    pub specific: String,
    /// Meetbaar: how will you and others see that you did?
    pub measurable: String,
    /// Acceptabel: why does it matter to you and your supervisors?
    pub acceptable: String,
    /// Realistisch: why is it feasible in this placement?
    pub realistic: String,
    /// Tijdgebonden: when, and in which steps?
    pub time_bound: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum GoalStatus {
    #[default]
    Open,
    /// Bezig.
    InProgress,
    /// Behaald.
    Achieved,
}

impl GoalStatus {
    pub const ALL: [GoalStatus; 3] = [
        GoalStatus::Open,
        GoalStatus::InProgress,
        GoalStatus::Achieved,
    ];

    /// The name in files (as serde writes it).
    pub fn wire_name(self) -> &'static str {
        match self {
            GoalStatus::Open => "open",
            GoalStatus::InProgress => "inProgress",
            GoalStatus::Achieved => "achieved",
        }
    }
}

/// The SMART letters, in order, for guided fields and the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmartPart {
    Specific,
    Measurable,
    Acceptable,
    Realistic,
    TimeBound,
}

impl SmartPart {
    pub const ALL: [SmartPart; 5] = [
        SmartPart::Specific,
        SmartPart::Measurable,
        SmartPart::Acceptable,
        SmartPart::Realistic,
        SmartPart::TimeBound,
    ];

    /// A stable name, for element ids.
    pub fn id(self) -> &'static str {
        match self {
            SmartPart::Specific => "specific",
            SmartPart::Measurable => "measurable",
            SmartPart::Acceptable => "acceptable",
            SmartPart::Realistic => "realistic",
            SmartPart::TimeBound => "time-bound",
        }
    }

    pub fn get(self, smart: &Smart) -> &str {
        match self {
            SmartPart::Specific => &smart.specific,
            SmartPart::Measurable => &smart.measurable,
            SmartPart::Acceptable => &smart.acceptable,
            SmartPart::Realistic => &smart.realistic,
            SmartPart::TimeBound => &smart.time_bound,
        }
    }

    pub fn get_mut(self, smart: &mut Smart) -> &mut String {
        match self {
            SmartPart::Specific => &mut smart.specific,
            SmartPart::Measurable => &mut smart.measurable,
            SmartPart::Acceptable => &mut smart.acceptable,
            SmartPart::Realistic => &mut smart.realistic,
            SmartPart::TimeBound => &mut smart.time_bound,
        }
    }
}

impl Goal {
    pub fn new(id: String, items: Vec<String>, now: Timestamp) -> Goal {
        Goal {
            id,
            created: now,
            items,
            smart: Smart::default(),
            actions: Vec::new(),
            support: String::new(),
            deadline: None,
            evaluation: String::new(),
            status: GoalStatus::default(),
            updated: now,
        }
    }

    /// The SMART parts still empty: what the guided form asks for next.
    pub fn missing(&self) -> Vec<SmartPart> {
        SmartPart::ALL
            .into_iter()
            .filter(|p| p.get(&self.smart).trim().is_empty())
            .collect()
    }

    /// Why this goal cannot belong to a scan of `framework`, naming the field.
    pub fn check(&self, framework: &Framework, variant: Option<&str>) -> Result<(), Problem> {
        if !is_id(&self.id) {
            return Err(Problem::new(None, k::goal::NO_ID));
        }
        let here = || Place::Goal(self.id.clone());
        let items = framework.items(variant);
        if let Some(code) = self
            .items
            .iter()
            .find(|c| !items.iter().any(|i| &i.code == *c))
        {
            return Err(Problem::new(here(), k::goal::UNKNOWN_ITEM).with("code", code.as_str()));
        }
        let texts = SmartPart::ALL
            .iter()
            .map(|p| p.get(&self.smart))
            .chain(self.actions.iter().map(String::as_str))
            .chain([self.support.as_str(), self.evaluation.as_str()]);
        if texts.into_iter().any(|t| t.chars().count() > MAX_TEXT) {
            return Err(Problem::new(here(), k::goal::TOO_LONG).with("max", MAX_TEXT.to_string()));
        }
        Ok(())
    }
}

/// Two copies of a plan as one: every goal of either, the later `updated` winning where both
/// have it (on a tie the greater copy), less those `removed` after their last change, listed by
/// `created`: the same result in either order.
pub fn merge(a: &[Goal], b: &[Goal], removed: &[RemovedGoal]) -> Vec<Goal> {
    let mut by_id: BTreeMap<&str, &Goal> = BTreeMap::new();
    for goal in a.iter().chain(b) {
        by_id
            .entry(&goal.id)
            .and_modify(|kept| {
                if (&goal.updated, goal) > (&kept.updated, *kept) {
                    *kept = goal;
                }
            })
            .or_insert(goal);
    }
    // A goal removed at or after its last change stays removed; one changed later (on a device
    // that had not seen the removal) comes back with that change.
    let mut merged: Vec<Goal> = by_id
        .into_values()
        .filter(|g| !removed.iter().any(|r| r.id == g.id && r.at >= g.updated))
        .cloned()
        .collect();
    sort_by(&mut merged, |x, y| {
        (&x.created, &x.id).cmp(&(&y.created, &y.id))
    });
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled;
    use crate::i18n::Lang;

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    fn goal(id: &str, created: &str, updated: &str, specific: &str) -> Goal {
        let mut g = Goal::new(id.into(), vec![], ts(created));
        g.updated = ts(updated);
        g.smart.specific = specific.into();
        g
    }

    #[test]
    fn missing_lists_the_empty_smart_parts_in_order() {
        let mut g = goal(
            "a",
            "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00Z",
            "Zelfstandig een intake voeren",
        );
        g.smart.realistic = "  ".into();
        assert_eq!(
            g.missing(),
            vec![
                SmartPart::Measurable,
                SmartPart::Acceptable,
                SmartPart::Realistic,
                SmartPart::TimeBound
            ]
        );
    }

    #[test]
    fn check_names_what_is_wrong() {
        let frameworks: Vec<Framework> = bundled::frameworks()
            .into_iter()
            .filter_map(|(_, f)| f.ok())
            .collect();
        let quick = frameworks
            .iter()
            .find(|f| f.id == "quickscan-smd-2014")
            .unwrap();
        let code = quick.items(None)[0].code.clone();
        let mut g = Goal::new("g1".into(), vec![code], ts("2026-11-22T10:00:00.000Z"));
        g.deadline = Date::parse("2027-02-01");
        assert_eq!(g.check(quick, None), Ok(()));

        let mut unknown = g.clone();
        unknown.items.push("99.9".into());
        let refusal = |g: &Goal, lang| g.check(quick, None).unwrap_err().text(lang);
        assert_eq!(
            refusal(&unknown, Lang::Nl),
            "doel g1: onbekend item \"99.9\""
        );
        assert_eq!(
            refusal(&unknown, Lang::En),
            "goal g1: unknown item \"99.9\""
        );
        let mut long = g.clone();
        long.actions.push("x".repeat(MAX_TEXT + 1));
        assert!(refusal(&long, Lang::Nl).contains("langer dan"));
    }

    #[test]
    fn merge_takes_the_later_copy_and_is_order_independent() {
        let old = goal("a", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "oud");
        let new = goal("a", "2026-01-01T00:00:00Z", "2026-01-05T00:00:00Z", "nieuw");
        let other = goal(
            "b",
            "2025-12-01T00:00:00Z",
            "2025-12-01T00:00:00Z",
            "eerder gezet",
        );
        let mine = [old, other.clone()];
        let theirs = [new.clone()];
        let merged = merge(&mine, &theirs, &[]);
        assert_eq!(merged, vec![other, new]);
        assert_eq!(merge(&theirs, &mine, &[]), merged);
    }

    #[test]
    fn status_and_fields_have_stable_names_in_files() {
        let mut g = goal("a", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "s");
        g.status = GoalStatus::InProgress;
        g.smart.time_bound = "voor de kerst".into();
        let json = serde_json::to_value(&g).unwrap();
        assert_eq!(json["status"], "inProgress");
        assert_eq!(json["smart"]["timeBound"], "voor de kerst");
        assert_eq!(read::goal(json).unwrap(), g);
    }
}
