//! Format 1's scan shape, brought forward in one place for drafts and export files alike.
//!
//! Format 1 knew two raters, keyed by name in three maps (`raters`: name and function,
//! `ratings`, `finished`) plus the supervisor's `paraafs` at scan level. Format 2 has one list of
//! raters, each holding its own column. Each format-1 key becomes the rater with that id and
//! role (`"student"`, `"supervisor"`: the primary ids), so columns from both formats merge.
//! Only raters that had something are created; values are carried over untouched and then
//! checked like any format-2 scan.

use serde_json::{Map, Value};

use super::i18n::k;
use super::problem::{Place, Problem};
use super::rater::{RaterId, RaterRole};
use super::sort::sort_by_key;

/// A format-1 scan as format 2. A map that is not one is a problem at its field.
pub fn scan_v1(mut scan: Value) -> Result<Value, Problem> {
    let Some(obj) = scan.as_object_mut() else {
        return Ok(scan);
    };
    let mut take = |field: &str| -> Result<Map<String, Value>, Problem> {
        match obj.remove(field) {
            None | Some(Value::Null) => Ok(Map::new()),
            Some(Value::Object(m)) => Ok(m),
            Some(_) => Err(Problem::new(
                Place::Field(field.to_string()),
                k::import::NOT_AN_OBJECT,
            )),
        }
    };
    let mut info = take("raters")?;
    let mut ratings = take("ratings")?;
    let mut finished = take("finished")?;
    let paraafs = take("paraafs")?;
    // Format 1's paraafs were the BPV-begeleider's.
    let initialler = RaterId::primary(RaterRole::Supervisor).to_string();
    let mut keys: Vec<String> = info
        .keys()
        .chain(ratings.keys())
        .chain(finished.keys())
        .cloned()
        .collect();
    if !paraafs.is_empty() {
        keys.push(initialler.clone());
    }
    // Known roles in their order, then anything else (refused later, with its place).
    sort_by_key(&mut keys, |k| {
        (RaterRole::parse(k).map_or(usize::MAX, rank), k.clone())
    });
    keys.dedup();
    let mut paraafs = Some(paraafs);
    let raters: Vec<Value> = keys
        .into_iter()
        .map(|key| {
            let mut rater = Map::new();
            rater.insert("id".into(), Value::String(key.clone()));
            rater.insert("role".into(), Value::String(key.clone()));
            if let Some(Value::Object(who)) = info.remove(&key) {
                rater.extend(
                    who.into_iter()
                        .filter(|(f, _)| f == "name" || f == "function"),
                );
            }
            rater.insert(
                "ratings".into(),
                ratings.remove(&key).unwrap_or(Value::Object(Map::new())),
            );
            if let Some(at) = finished.remove(&key) {
                rater.insert("finished".into(), at);
            }
            if key == initialler {
                if let Some(p) = paraafs.take().filter(|p| !p.is_empty()) {
                    rater.insert("paraafs".into(), Value::Object(p));
                }
            }
            Value::Object(rater)
        })
        .collect();
    obj.insert("raters".into(), Value::Array(raters));
    Ok(scan)
}

fn rank(role: RaterRole) -> usize {
    RaterRole::ALL
        .iter()
        .position(|r| *r == role)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_format_1_scan_becomes_one_column_per_rater() {
        let v1 = serde_json::json!({
            "raters": {"supervisor": {"name": "Jan", "function": "Teamleider"}},
            "ratings": {"supervisor": {"a": {"value": 70, "at": "t"}}, "student": {"a": {"value": 60, "at": "t"}}},
            "paraafs": {"a": {"initials": "J", "date": "2026-01-01", "value": 70}},
            "finished": {"student": "t"}
        });
        let v2 = scan_v1(v1).unwrap();
        assert_eq!(
            v2,
            serde_json::json!({"raters": [
                {"id": "student", "role": "student", "ratings": {"a": {"value": 60, "at": "t"}}, "finished": "t"},
                {"id": "supervisor", "role": "supervisor", "name": "Jan", "function": "Teamleider",
                 "ratings": {"a": {"value": 70, "at": "t"}},
                 "paraafs": {"a": {"initials": "J", "date": "2026-01-01", "value": 70}}}
            ]})
        );
        let broken = scan_v1(serde_json::json!({"ratings": 3})).unwrap_err();
        assert_eq!(broken.place, Some(Place::Field("ratings".into())));
    }
}
