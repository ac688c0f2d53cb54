//! Who rates a scan (beoordelaars): one closed set of roles and any number of raters, each with
//! their own column of ratings. A rating changes only through its own rater's input.
//!
//! A framework's expected roles each have one *primary* rater whose id is the role's wire name
//! (`"student"`, `"supervisor"`): two devices that each fill in the BPV column merge into one
//! column, and format-1 files (which knew only these two) migrate onto exactly these ids. Further
//! raters (colleagues, clients…) get a UUID.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use super::i18n::{k, Key};
use super::scan::{is_id, Paraaf, Rating};
use super::signature::{self, ColumnSignature};
use super::time::Timestamp;

/// The role a rater has towards the person being assessed. Adding a role is one variant here,
/// its place in [`RaterRole::ALL`] and its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RaterRole {
    /// The person being assessed (zelfbeoordeling), student or professional. The wire name is
    /// format 1's, so every framework file and its content hash stay as they were.
    #[serde(rename = "student")]
    Subject,
    /// BPV-begeleider: the workplace supervisor; the only role that initials (paraaf).
    Supervisor,
    /// Docent or studieloopbaanbegeleider (slb'er).
    Teacher,
    /// Collega.
    Colleague,
    /// Leidinggevende.
    Manager,
    /// Cliënt.
    Client,
}

impl RaterRole {
    pub const ALL: [RaterRole; 6] = [
        RaterRole::Subject,
        RaterRole::Supervisor,
        RaterRole::Teacher,
        RaterRole::Colleague,
        RaterRole::Manager,
        RaterRole::Client,
    ];

    /// The name in files (as serde writes it).
    pub fn wire_name(self) -> &'static str {
        match self {
            RaterRole::Subject => "student",
            RaterRole::Supervisor => "supervisor",
            RaterRole::Teacher => "teacher",
            RaterRole::Colleague => "colleague",
            RaterRole::Manager => "manager",
            RaterRole::Client => "client",
        }
    }

    pub fn parse(name: &str) -> Option<RaterRole> {
        RaterRole::ALL.into_iter().find(|r| r.wire_name() == name)
    }

    pub fn label(self) -> Key {
        match self {
            RaterRole::Subject => k::raters::SUBJECT,
            RaterRole::Supervisor => k::raters::SUPERVISOR,
            RaterRole::Teacher => k::raters::TEACHER,
            RaterRole::Colleague => k::raters::COLLEAGUE,
            RaterRole::Manager => k::raters::MANAGER,
            RaterRole::Client => k::raters::CLIENT,
        }
    }

    /// For counts: "Collega's (3)".
    pub fn label_plural(self) -> Key {
        match self {
            RaterRole::Subject => k::raters::SUBJECT_PLURAL,
            RaterRole::Supervisor => k::raters::SUPERVISOR_PLURAL,
            RaterRole::Teacher => k::raters::TEACHER_PLURAL,
            RaterRole::Colleague => k::raters::COLLEAGUE_PLURAL,
            RaterRole::Manager => k::raters::MANAGER_PLURAL,
            RaterRole::Client => k::raters::CLIENT_PLURAL,
        }
    }

    /// Whether this role initials ratings (paraaf), as the BPV-begeleider does on the paper form.
    pub fn initials(self) -> bool {
        match self {
            RaterRole::Supervisor => true,
            RaterRole::Subject
            | RaterRole::Teacher
            | RaterRole::Colleague
            | RaterRole::Manager
            | RaterRole::Client => false,
        }
    }
}

/// A rater's id within a scan: 1–100 of `A-Za-z0-9._-`, checked once when read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct RaterId(String);

impl RaterId {
    pub fn parse(s: &str) -> Option<RaterId> {
        is_id(s).then(|| RaterId(s.to_string()))
    }

    /// The id of the first rater of an expected role: the role's wire name.
    pub fn primary(role: RaterRole) -> RaterId {
        RaterId(role.wire_name().to_string())
    }

    /// The role this id is the primary id of, if it is one.
    pub fn primary_role(&self) -> Option<RaterRole> {
        RaterRole::parse(&self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first 8 characters, to tell raters apart on screen and in file names.
    pub fn short(&self) -> String {
        self.0.chars().take(8).collect()
    }
}

impl<'de> Deserialize<'de> for RaterId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::json::deserialize(d, read::id)
    }
}

impl<'de> Deserialize<'de> for RaterRole {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::json::deserialize(d, read::role)
    }
}

/// Readers for [`super::json`] (a rater's column is most of a scan file).
pub(crate) mod read {
    use super::super::i18n::k;
    use super::super::json::{map, one_of, parsed, string, Object, Read};
    use super::super::scan::read::{paraaf, rating};
    use super::super::signature::ColumnSignature;
    use super::super::time::read::timestamp;
    use super::{Rater, RaterId, RaterRole};
    use serde_json::Value;

    pub(crate) fn role(v: Value) -> Read<RaterRole> {
        one_of(v, &RaterRole::ALL, RaterRole::wire_name)
    }

    pub(crate) fn id(v: Value) -> Read<RaterId> {
        parsed(v, RaterId::parse, k::reading::FORM_RATER_ID)
    }

    pub(crate) fn rater(v: Value) -> Read<Rater> {
        let mut o = Object::read(v)?;
        let id = o.field("id", id)?;
        let role = o.field("role", role)?;
        let name = o.or("name", string, String::new())?;
        let function = o.or("function", string, String::new())?;
        let ratings = o.or("ratings", |v| map(v, rating), Default::default())?;
        let finished = o.optional("finished", timestamp)?;
        let reopened = o.optional("reopened", timestamp)?;
        let described = o.optional("described", timestamp)?;
        let batch = o.optional("batch", string)?;
        let paraafs = o.or("paraafs", |v| map(v, paraaf), Default::default())?;
        let signature = if finished.is_some() {
            o.optional("signature", signature_of_finished)?
        } else {
            o.optional("signature", signature_of_unfinished)?
        };
        Ok(Rater {
            id,
            role,
            name,
            function,
            ratings,
            finished,
            reopened,
            described,
            batch,
            paraafs,
            signature,
        })
    }

    // Readers are plain functions (json::Reader), so whether the column is finished is
    // which of these two reads its signature.
    fn signature_of_finished(v: Value) -> Read<ColumnSignature> {
        ColumnSignature::of_column(&v, true).map_err(|e| e.read_error())
    }

    fn signature_of_unfinished(v: Value) -> Read<ColumnSignature> {
        ColumnSignature::of_column(&v, false).map_err(|e| e.read_error())
    }
}

impl fmt::Display for RaterId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One rater and their column: who (name may be empty for an anonymous peer), their ratings
/// per item code, when they finished, and (supervisors only) their initials per item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rater {
    pub id: RaterId,
    pub role: RaterRole,
    pub name: String,
    pub function: String,
    pub ratings: BTreeMap<String, Rating>,
    /// When this rater marked the scan as finished (afgerond).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished: Option<Timestamp>,
    /// When this rater last reopened the column (heropenen): a finish from before it, in a file
    /// from another device, no longer counts ([`super::merge`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reopened: Option<Timestamp>,
    /// When `name` and `function` were last set: the later pair wins a merge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub described: Option<Timestamp>,
    /// A 360° answer to an anonymous request: the batch it answers (shared by everyone the
    /// request went to), so the person sees how many of the batch answered, never who.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub paraafs: BTreeMap<String, Paraaf>,
    /// The rater's device's signature over this column as it was when they finished
    /// (ondertekening); `None` once anything it covers changed ([`Rater::change`]).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "signature::serialize"
    )]
    pub signature: Option<ColumnSignature>,
}

impl Rater {
    pub fn new(id: RaterId, role: RaterRole) -> Rater {
        Rater {
            id,
            role,
            name: String::new(),
            function: String::new(),
            ratings: BTreeMap::new(),
            finished: None,
            reopened: None,
            described: None,
            batch: None,
            paraafs: BTreeMap::new(),
            signature: None,
        }
    }

    /// Changes this column. A signature vouches for the column as it was signed: when the
    /// change alters anything it covers ([`signature::column_bytes`]), the signature goes, so
    /// no column ever carries a signature over other content than its own. Every change of a
    /// column by [`super::scan::Scan`]'s methods goes through here.
    pub fn change<T>(&mut self, change: impl FnOnce(&mut Rater) -> T) -> T {
        let signed = self
            .signature
            .is_some()
            .then(|| signature::column_bytes(self));
        let out = change(self);
        if signed.is_some_and(|before| before != signature::column_bytes(self)) {
            self.signature = None;
        }
        out
    }

    pub fn value(&self, item: &str) -> Option<u32> {
        self.ratings.get(item).and_then(|r| r.value)
    }

    /// Stamps an item's entry with `now`: a paraaf given or withdrawn is a change of that row,
    /// and a row's value, comment and paraaf travel together in a merge (the later row wins).
    pub(crate) fn stamp(&mut self, item: &str, now: Timestamp) {
        if let Some(rating) = self.ratings.get_mut(item) {
            rating.at = now;
        }
    }

    /// The order of raters in a scan: by role (`RaterRole::ALL`), the primary rater of a role
    /// first, then by id. Every device sorts the same way, so merged copies are equal.
    pub(crate) fn order(&self) -> (usize, bool, &str) {
        let role = RaterRole::ALL
            .iter()
            .position(|r| *r == self.role)
            .unwrap_or(usize::MAX);
        (role, self.id.primary_role().is_none(), self.id.as_str())
    }

    /// A column with nothing in it yet: no name, no rating, not finished (the BPV column every
    /// scan of a framework that expects one starts with). Lists of who took part leave it out.
    pub fn is_blank(&self) -> bool {
        self.name.trim().is_empty()
            && self.live_ratings().next().is_none()
            && self.finished.is_none()
    }

    /// The ratings that hold a value or a comment: a cleared rating stays in `ratings` as a
    /// tombstone (its time), so an older file cannot bring the cleared value back.
    pub fn live_ratings(&self) -> impl Iterator<Item = (&String, &Rating)> {
        self.ratings.iter().filter(|(_, r)| !r.is_cleared())
    }

    /// How many of the items `codes` this rater has given a value (a comment alone is no
    /// rating): the progress of a group or a scan.
    pub fn rated<'a>(&self, codes: impl IntoIterator<Item = &'a String>) -> usize {
        codes
            .into_iter()
            .filter(|c| self.ratings.get(*c).is_some_and(|r| r.value.is_some()))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_are_serdes_and_ids_parse_once() {
        for role in RaterRole::ALL {
            assert_eq!(
                serde_json::to_string(&role).unwrap(),
                format!("\"{}\"", role.wire_name())
            );
            assert_eq!(RaterRole::parse(role.wire_name()), Some(role));
            assert_eq!(RaterId::primary(role).primary_role(), Some(role));
        }
        assert_eq!(RaterId::primary(RaterRole::Subject).as_str(), "student");
        assert_eq!(RaterRole::parse("Student"), None);
        assert!(RaterId::parse("").is_none());
        assert!(RaterId::parse("a b").is_none());
        assert!(serde_json::from_str::<RaterId>("\"é\"").is_err());
        assert_eq!(
            serde_json::from_str::<RaterId>("\"x-1\"").unwrap().as_str(),
            "x-1"
        );
    }
}
