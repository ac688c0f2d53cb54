//! Feedback files (360°), files only like every exchange. The person assessed sends a
//! **request** to one rater: who asks and why, the role asked, the rater id assigned (so a
//! second answer updates the same column), the framework (embedded, hash-checked) and variant,
//! and none of their own ratings, so the rater is not anchored. The rater answers with a
//! **feedback** file holding exactly their own column; `apply` puts it into the scan.
//!
//! On the respondent's device the answer is an ordinary scan ([`start`]) that carries the
//! request ([`RequestInfo`]) and one rater: the screens and storage of any scan serve it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::anonymous::{self, Taken};
use super::exchange::{self, embedded_framework, open_file, safe_name, ImportError};
use super::framework::Framework;
use super::i18n::k;
use super::merge::{join_rater, Conflict};
use super::problem::{Place, Problem};
use super::rater::{Rater, RaterId, RaterRole};
use super::scan::{is_id, rater_field_problems, Scan, Subject, MAX_NAME, MAX_TEXT};
use super::stored::{open, read, DecodeError};
use super::time::Timestamp;

pub const REQUEST_FORMAT: &str = "competentiescan-feedback-request";
/// 2: an anonymous request is one file for a batch, with no rater (format 1 files are read).
pub const REQUEST_VERSION: u32 = 2;
pub const FEEDBACK_FORMAT: &str = "competentiescan-feedback";
pub const FEEDBACK_VERSION: u32 = 1;

/// On a respondent's device: the request their scan answers (who asked, why, which column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestInfo {
    /// The scan the feedback is for (on the person's device).
    pub scan_id: String,
    pub request_id: String,
    /// The name of the person who asked (the subject).
    pub from: String,
    /// Why they ask (free text).
    pub reason: String,
    /// Whether named feedback is asked (else anonymous is fine).
    pub named: bool,
    pub role: RaterRole,
    /// The column this respondent fills in: the request's, or, for a batch, one this
    /// respondent's device made ([`read_request`]).
    pub rater: RaterId,
    pub created: Timestamp,
    /// An anonymous request goes to several people as one file ([`Recipients::Batch`]): the
    /// batch it belongs to, carried by the answer so the person sees how many answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
}

pub(crate) mod read {
    use super::super::json::{boolean, string, Object, Read};
    use super::super::rater::read::rater;
    use super::super::rater::read::{id, role};
    use super::super::rater::RaterId;
    use super::super::time::read::timestamp;
    use super::{Feedback, RequestInfo};
    use serde_json::Value;

    pub(crate) fn request_info(v: Value) -> Read<RequestInfo> {
        let mut o = Object::read(v)?;
        let rater = o.field("rater", id)?;
        fields(&mut o, rater)
    }

    /// A request file's own fields: the request and the variant (the framework is read and
    /// checked on its own before this). A batch's file names no rater: `new_id` makes the
    /// column this respondent fills in.
    pub(crate) fn request_file(
        v: Value,
        new_id: impl FnOnce() -> RaterId,
    ) -> Read<(RequestInfo, Option<String>)> {
        let mut o = Object::read(v)?;
        let variant = o.optional("variant", string)?;
        let rater = match o.optional("rater", id)? {
            Some(rater) => rater,
            None => new_id(),
        };
        Ok((fields(&mut o, rater)?, variant))
    }

    pub(crate) fn feedback(v: Value) -> Read<Feedback> {
        let mut o = Object::read(v)?;
        Ok(Feedback {
            scan_id: o.field("scanId", string)?,
            framework_hash: o.field("frameworkHash", string)?,
            variant: o.optional("variant", string)?,
            sent: o.field("sent", timestamp)?,
            rater: o.field("rater", rater)?,
        })
    }

    fn fields(o: &mut Object, rater: RaterId) -> Read<RequestInfo> {
        Ok(RequestInfo {
            scan_id: o.field("scanId", string)?,
            request_id: o.field("requestId", string)?,
            from: o.field("from", string)?,
            reason: o.field("reason", string)?,
            named: o.field("named", boolean)?,
            role: o.field("role", role)?,
            rater,
            created: o.field("created", timestamp)?,
            batch: o.optional("batch", string)?,
        })
    }
}

/// A request as read from its file.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackRequest {
    pub info: RequestInfo,
    pub framework: Framework,
    pub framework_hash: String,
    pub variant: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RequestFile {
    format: String,
    format_version: u32,
    scan_id: String,
    request_id: String,
    from: String,
    reason: String,
    named: bool,
    role: RaterRole,
    /// The one person asked; a batch names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    rater: Option<RaterId>,
    created: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    batch: Option<String>,
    framework: Framework,
    framework_hash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant: Option<String>,
}

/// A feedback file as read: one rater's column for one scan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Feedback {
    pub scan_id: String,
    pub framework_hash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub sent: Timestamp,
    pub rater: Rater,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FeedbackFile<'a> {
    format: &'static str,
    format_version: u32,
    #[serde(flatten)]
    feedback: &'a Feedback,
}

fn role_problem(framework: &Framework, role: RaterRole, path: &str) -> Option<Problem> {
    let at = Place::Field(path.to_string());
    if role == RaterRole::Subject {
        Some(Problem::new(at, k::feedback::SUBJECT_ROLE))
    } else if !framework.allows(role) {
        Some(Problem::new(at, k::raters::ROLE_NOT_ALLOWED).with("role", role.label()))
    } else {
        None
    }
}

/// Whom a request is for: one person (their column's id is in the file), or, for anonymous
/// feedback, a batch of `count` people who all get the same file, each answering device making
/// its own column ([`read_request`]), so the person's device never knows which answer came
/// from whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Recipients {
    One { rater: RaterId },
    Batch { batch: String, count: u32 },
}

/// The request file asking `to` (in `role`) for feedback on `scan`. Refused for the person's
/// own role or a role the framework does not allow.
pub fn request(
    scan: &Scan,
    framework: &Framework,
    role: RaterRole,
    to: &Recipients,
    reason: &str,
    named: bool,
    now: Timestamp,
) -> Result<String, Problem> {
    if let Some(p) = role_problem(framework, role, "role") {
        return Err(p);
    }
    let (rater, batch) = match to {
        Recipients::One { rater } => (Some(rater.clone()), None),
        Recipients::Batch { batch, .. } => (None, Some(batch.clone())),
    };
    let tail = rater
        .as_ref()
        .map_or_else(|| batch.clone().unwrap_or_default(), |r| r.to_string());
    let file = RequestFile {
        format: REQUEST_FORMAT.into(),
        format_version: REQUEST_VERSION,
        scan_id: scan.id.clone(),
        request_id: format!("{}.{tail}", scan.id),
        from: scan.subject.student.clone(),
        reason: reason.to_string(),
        named,
        role,
        rater,
        created: now,
        batch,
        framework: framework.clone(),
        framework_hash: framework.content_hash(),
        variant: scan.variant.clone(),
    };
    Ok(serde_json::to_string_pretty(&file).expect("a request serialises"))
}

/// Checks a request file completely, like an export: framework, hash, role, every field. For a
/// batch (no rater in the file), `new_id` makes this respondent's column id.
pub fn read_request(
    bytes: &[u8],
    new_id: impl FnOnce() -> RaterId,
) -> Result<FeedbackRequest, ImportError> {
    let (obj, _) = open_file(bytes, REQUEST_FORMAT, REQUEST_VERSION)?;
    let (framework, hash) = embedded_framework(&obj)?;
    let mut problems = Vec::new();
    let text = |field: &str, max: usize, problems: &mut Vec<Problem>| {
        let ok = obj
            .get(field)
            .and_then(Value::as_str)
            .is_some_and(|s| s.chars().count() <= max);
        if !ok {
            let p = Problem::new(Place::Field(field.into()), k::import::TEXT_TOO_LONG);
            problems.push(p.with("max", max.to_string()));
        }
    };
    text("from", MAX_NAME, &mut problems);
    text("reason", MAX_TEXT, &mut problems);
    let batch = obj.get("batch").is_some();
    let ids: &[&str] = if batch {
        &["scanId", "batch"]
    } else {
        &["scanId", "rater"]
    };
    for &field in ids {
        if !obj.get(field).and_then(Value::as_str).is_some_and(is_id) {
            problems.push(
                Problem::new(Place::Field(field.into()), k::import::BAD_ID).with("max", "100"),
            );
        }
    }
    let role = obj.get("role").and_then(Value::as_str);
    match role.and_then(RaterRole::parse) {
        Some(r) => problems.extend(role_problem(&framework, r, "role")),
        None => problems.push(
            Problem::new(Place::Field("role".into()), k::raters::UNKNOWN_ROLE)
                .with("role", role.unwrap_or_default()),
        ),
    }
    if let Some(v) = obj.get("variant").and_then(Value::as_str) {
        if framework.variant(v).is_none() {
            problems
                .push(Problem::new(Place::Variant, k::import::UNKNOWN_VARIANT).with("variant", v));
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Scan(problems));
    }
    let (info, variant) = read::request_file(Value::Object(obj), new_id)
        .map_err(|e| ImportError::Scan(vec![e.problem(None)]))?;
    Ok(FeedbackRequest {
        info,
        framework,
        framework_hash: hash,
        variant,
    })
}

/// The respondent's own scan for a request: one rater, the request's column, under `id`.
pub fn start(request: &FeedbackRequest, id: String, now: Timestamp) -> Scan {
    let subject = Subject {
        student: request.info.from.clone(),
        ..Subject::default()
    };
    let mut scan = Scan::new(
        id,
        now,
        &request.framework,
        request.variant.clone(),
        subject,
    );
    scan.raters = vec![Rater::new(request.info.rater.clone(), request.info.role)];
    scan.request = Some(request.info.clone());
    scan
}

/// The feedback file: the respondent's column, under the id the request assigned.
pub fn respond(request: &FeedbackRequest, rater: Rater, now: Timestamp) -> String {
    feedback_text(
        &request.info,
        &request.framework_hash,
        request.variant.clone(),
        rater,
        now,
    )
}

/// The feedback file of a respondent's own scan ([`start`]); `None` for any other scan.
pub fn answer(scan: &Scan, now: Timestamp) -> Option<String> {
    let info = scan.request.as_ref()?;
    let rater = scan.rater(&info.rater)?.clone();
    Some(feedback_text(
        info,
        &scan.framework.hash,
        scan.variant.clone(),
        rater,
        now,
    ))
}

fn feedback_text(
    info: &RequestInfo,
    framework_hash: &str,
    variant: Option<String>,
    mut rater: Rater,
    now: Timestamp,
) -> String {
    rater.id = info.rater.clone();
    rater.role = info.role;
    rater.batch = info.batch.clone();
    // Sending is the respondent's afronden: the column arrives finished, so the person's
    // report says when instead of "nog niet afgerond".
    rater.finished.get_or_insert(now);
    let feedback = Feedback {
        scan_id: info.scan_id.clone(),
        framework_hash: framework_hash.to_string(),
        variant,
        sent: now,
        rater,
    };
    let file = FeedbackFile {
        format: FEEDBACK_FORMAT,
        format_version: FEEDBACK_VERSION,
        feedback: &feedback,
    };
    serde_json::to_string_pretty(&file).expect("feedback serialises")
}

/// `feedbackverzoek_<name>_<role>_<rater or batch>.json`: a named request's file tells whom it
/// is for; a batch's is one file for all its recipients.
pub fn request_file_name(from: &str, role: RaterRole, to: &Recipients) -> String {
    let tail: String = match to {
        Recipients::One { rater } => rater.short(),
        Recipients::Batch { batch, .. } => batch.chars().take(8).collect(),
    };
    format!(
        "feedbackverzoek_{}_{}_{tail}.json",
        safe_name(from),
        role.wire_name(),
    )
}

/// `feedback_<name of the person asking>_<role>_<rater>.json`.
pub fn answer_file_name(info: &RequestInfo) -> String {
    format!(
        "feedback_{}_{}_{}.json",
        safe_name(&info.from),
        info.role.wire_name(),
        info.rater.short()
    )
}

/// Reads a feedback file: its fields checked; its values are checked against the scan's
/// framework by [`apply`].
pub fn read_feedback(bytes: &[u8]) -> Result<Feedback, ImportError> {
    let (mut obj, _) = open_file(bytes, FEEDBACK_FORMAT, FEEDBACK_VERSION)?;
    let problems = match obj.get("rater") {
        Some(rater) => rater_field_problems("rater", rater),
        None => vec![Problem::new(
            Place::Field("rater".into()),
            k::import::MISSING,
        )],
    };
    if !problems.is_empty() {
        return Err(ImportError::Scan(problems));
    }
    obj.remove("format");
    obj.remove("formatVersion");
    read::feedback(Value::Object(obj)).map_err(|e| ImportError::Scan(vec![e.problem(None)]))
}

/// Puts a named feedback column into `scan` (made with `framework`): a new rater is added, a
/// known one (a second file from the same rater) is merged item by item, later change winning,
/// and only that column changes. Refused, with the reason, for another scan, another
/// framework, a role the framework does not allow, the person's own column, or an anonymous
/// answer (those are read in together: [`take_in`]).
pub fn apply(
    scan: &Scan,
    framework: &Framework,
    feedback: &Feedback,
) -> Result<(Scan, Vec<Conflict>), Problem> {
    check(scan, framework, feedback)?;
    let rater = &feedback.rater;
    if anonymous::is_anonymous(rater) {
        return Err(Problem::new(None, k::feedback::ANONYMOUS_ALONE));
    }
    let mut out = scan.clone();
    let mut conflicts = Vec::new();
    match out.raters.iter_mut().find(|r| r.id == rater.id) {
        Some(known) => *known = join_rater(rater, known, &mut conflicts),
        None => {
            out.raters.push(rater.clone());
            out.order_raters();
        }
    }
    out.updated = out.updated.max(feedback.sent);
    Ok((out, conflicts))
}

/// Whether a feedback file is an anonymous answer, read in only together with others.
pub fn is_anonymous(feedback: &Feedback) -> bool {
    anonymous::is_anonymous(&feedback.rater)
}

/// Takes anonymous answers of one role, read together, into the scan's totals
/// ([`anonymous::take_in`], whose rules decide); every file checked as [`apply`] checks one.
pub fn take_in(
    scan: &Scan,
    framework: &Framework,
    role: RaterRole,
    answers: &[Feedback],
) -> Result<(Scan, Taken), Problem> {
    for a in answers {
        check(scan, framework, a)?;
    }
    let columns: Vec<Rater> = answers.iter().map(|a| a.rater.clone()).collect();
    let (pools, taken) = anonymous::take_in(
        &scan.anonymous,
        framework.anonymous_minimum(),
        role,
        &columns,
    )?;
    let mut out = scan.clone();
    out.anonymous = pools;
    if let Some(sent) = answers.iter().map(|a| a.sent).max() {
        out.updated = out.updated.max(sent);
    }
    Ok((out, taken))
}

/// What every feedback file must be for this scan: its scan, its framework, an allowed role,
/// not the person's own column, values that fit the framework.
fn check(scan: &Scan, framework: &Framework, feedback: &Feedback) -> Result<(), Problem> {
    if feedback.scan_id != scan.id {
        return Err(Problem::new(None, k::feedback::NOT_THIS_SCAN));
    }
    if feedback.framework_hash != scan.framework.hash {
        return Err(Problem::new(None, k::feedback::OTHER_FRAMEWORK));
    }
    let rater = &feedback.rater;
    if rater.id == RaterId::primary(RaterRole::Subject) {
        return Err(Problem::new(None, k::feedback::OWN_COLUMN));
    }
    if let Some(p) = role_problem(framework, rater.role, "rater.role") {
        return Err(p);
    }
    let codes = framework
        .items(None)
        .iter()
        .map(|i| i.code.as_str())
        .collect();
    let value = serde_json::to_value(rater).expect("a rater serialises");
    let mut problems = Vec::new();
    exchange::rater_problems("rater", &value, framework, &codes, &mut problems);
    problems.into_iter().next().map_or(Ok(()), Err)
}

/// Most raters of one role asked at once: a number input's typo must not make a thousand files.
pub const MAX_PER_ROLE: u32 = 20;

/// Storage key (after the app's prefix) of the [`AskedLog`].
pub const ASKED_KEY: &str = "feedback-asked";
pub const ASKED_VERSION: u32 = 1;

/// One request the person made: enough to make its file again and to see whether it was
/// answered. Kept on the device only, never in a file sent to a rater.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    #[serde(flatten)]
    pub to: Recipients,
    pub role: RaterRole,
    pub reason: String,
    pub named: bool,
    pub created: Timestamp,
}

impl Asked {
    /// The request file (the same file each time: it holds `created`).
    pub fn file(&self, scan: &Scan, framework: &Framework) -> Result<String, Problem> {
        request(
            scan,
            framework,
            self.role,
            &self.to,
            &self.reason,
            self.named,
            self.created,
        )
    }

    /// How many of those asked answered, of how many: a rater's column in the scan (a feedback
    /// file was applied), or for a batch the answers that carry its id: anonymous ones in the
    /// totals, named ones as columns (never which anonymous one).
    pub fn answered(&self, scan: &Scan) -> (usize, usize) {
        match &self.to {
            Recipients::One { rater } => (usize::from(scan.rater(rater).is_some()), 1),
            Recipients::Batch { batch, count } => (
                anonymous::answered_in_batch(&scan.anonymous, batch)
                    + scan
                        .raters
                        .iter()
                        .filter(|r| r.batch.as_deref() == Some(batch.as_str()))
                        .count(),
                *count as usize,
            ),
        }
    }
}

/// The requests made per scan (scan id → requests, oldest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AskedLog(pub BTreeMap<String, Vec<Asked>>);

#[derive(Serialize, Deserialize)]
struct StoredAsked {
    version: u32,
    asked: BTreeMap<String, Vec<Asked>>,
}

impl AskedLog {
    /// Like every stored document: a newer or unreadable log is an error, left alone.
    pub fn decode(raw: &str) -> Result<AskedLog, DecodeError> {
        let (value, _) = open(raw, ASKED_VERSION)?;
        read::<StoredAsked>(value).map(|s| AskedLog(s.asked))
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(&StoredAsked {
            version: ASKED_VERSION,
            asked: self.0.clone(),
        })
        .expect("requests serialise")
    }
}

/// New requests for `scan`: `count` raters per role. Named feedback: a request per rater, each
/// with a fresh id from `new_id`; anonymous feedback: one batch per role (its id from
/// `new_id`), one file for all. Refused (nothing made) for the person's own role, a role the
/// framework does not allow, more than [`MAX_PER_ROLE`] of one role, or no rater at all.
pub fn ask(
    framework: &Framework,
    counts: &[(RaterRole, u32)],
    reason: &str,
    named: bool,
    now: Timestamp,
    mut new_id: impl FnMut() -> RaterId,
) -> Result<Vec<Asked>, Problem> {
    let mut out = Vec::new();
    for &(role, count) in counts {
        if count == 0 {
            continue;
        }
        if let Some(p) = role_problem(framework, role, "role") {
            return Err(p);
        }
        if count > MAX_PER_ROLE {
            return Err(Problem::new(None, k::feedback::TOO_MANY)
                .with("role", role.label_plural())
                .with("max", MAX_PER_ROLE.to_string()));
        }
        let asked = |to| Asked {
            to,
            role,
            reason: reason.to_string(),
            named,
            created: now,
        };
        if named {
            out.extend((0..count).map(|_| asked(Recipients::One { rater: new_id() })));
        } else {
            out.push(asked(Recipients::Batch {
                batch: new_id().to_string(),
                count,
            }));
        }
    }
    if out.is_empty() {
        return Err(Problem::new(None, k::feedback::NOBODY_ASKED));
    }
    Ok(out)
}
