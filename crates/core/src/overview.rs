//! The coach's view of a class: which scans are in it (stored), the CSV download and growth
//! between two scans of one student.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::anonymous;
use super::csv;
use super::exchange::Imported;
use super::framework::Framework;
use super::i18n::{k, text, Key, Lang};
use super::merge;
use super::rater::{RaterId, RaterRole};
use super::scan::Scan;
use super::scoring::{has_more_raters, role_scores, score, Decisive, Mean};
use super::sort::sort_by_key;
use super::stored::{open, open_or_default, read, DecodeError};
use super::time::Date;

/// Storage key (after the app's prefix) of the [`ClassList`].
pub const CLASS_KEY: &str = "coach-overview";
/// The list had its envelope from the start: there is no older form to migrate.
pub const CLASS_VERSION: u32 = 1;

/// The scans (draft ids, in import order) the coach's overview shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassList(pub Vec<String>);

#[derive(Serialize, Deserialize)]
struct StoredClass {
    version: u32,
    ids: Vec<String>,
}

impl ClassList {
    pub fn encode(&self) -> String {
        serde_json::to_string(&StoredClass {
            version: CLASS_VERSION,
            ids: self.0.clone(),
        })
        .expect("ids serialise")
    }

    /// A newer or unreadable list is an error; the caller leaves it stored as it is.
    pub fn decode(raw: &str) -> Result<ClassList, DecodeError> {
        let (value, _) = open(raw, CLASS_VERSION)?;
        Ok(ClassList(read::<StoredClass>(value)?.ids))
    }

    /// What storage held (`None`: nothing yet): the list, or an empty one and why the stored
    /// list cannot be read (then it must never be written over).
    pub fn open_stored(raw: Option<&str>) -> (ClassList, Option<DecodeError>) {
        open_or_default(raw, ClassList::decode)
    }

    /// The list with `ids` added at the end, in their order, each id once.
    pub fn with_added(&self, ids: impl IntoIterator<Item = String>) -> ClassList {
        let mut next = self.0.clone();
        let mut listed: HashSet<String> = next.iter().cloned().collect();
        next.extend(ids.into_iter().filter(|id| listed.insert(id.clone())));
        ClassList(next)
    }

    pub fn without(&self, id: &str) -> ClassList {
        ClassList(self.0.iter().filter(|x| *x != id).cloned().collect())
    }
}

/// A batch of files for the class against the scans on this device ([`intake`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Intake {
    /// Scans not on this device yet (copies of one scan in the batch merged into one).
    pub new: Vec<Imported>,
    /// Scans on this device that the files add to, merged ([`merge::merge`]): nothing on
    /// either side is lost, so the coach's copy takes them in at once.
    pub merged: Vec<Scan>,
    /// Files that add nothing to the scan here (the same file again, or an older one).
    pub unchanged: usize,
}

/// Sorts a batch of imported files by what they mean for the scans `here`, with the one
/// definition of what a file adds ([`merge::merge`]).
pub fn intake(here: &[Scan], incoming: Vec<Imported>) -> Intake {
    let by_id: HashMap<&str, &Scan> = here.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut folded: Vec<Imported> = Vec::with_capacity(incoming.len());
    let mut place: HashMap<String, usize> = HashMap::new();
    let mut unchanged = 0;
    for file in incoming {
        match place.get(&file.scan.id) {
            Some(&i) => {
                let known = &mut folded[i];
                let (scan, _) = merge::merge(&known.scan, &file.scan);
                if scan == known.scan {
                    unchanged += 1;
                }
                known.scan = scan;
            }
            None => {
                place.insert(file.scan.id.clone(), folded.len());
                folded.push(file);
            }
        }
    }
    let mut out = Intake {
        new: Vec::new(),
        merged: Vec::new(),
        unchanged,
    };
    for file in folded {
        match by_id.get(file.scan.id.as_str()) {
            None => out.new.push(file),
            Some(here) => {
                let (scan, _) = merge::merge(here, &file.scan);
                if scan == **here {
                    out.unchanged += 1;
                } else {
                    out.merged.push(scan);
                }
            }
        }
    }
    out
}

/// A student's means for one group or the whole scan: per rater and decisive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Means {
    pub student: Mean,
    pub supervisor: Mean,
    pub decisive: Mean,
}

/// One student's row of the overview: what the table, the filters and the sort need,
/// computed once per change of the class, not per filter or sort.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassRow {
    pub id: String,
    pub student: String,
    /// The scan's date: two scans of one student are told apart by it.
    pub date: Option<Date>,
    pub finished_by_student: bool,
    pub finished_by_supervisor: bool,
    pub framework_id: String,
    pub title: String,
    pub variant: Option<String>,
    pub framework: Arc<Framework>,
    pub groups: Vec<Means>,
    pub overall: Means,
    /// Set on a 360° scan (`scoring::has_more_raters`): its roles besides the person and how
    /// many raters each (anonymous answers in the totals included), for the line under the name.
    pub other_raters: Vec<(RaterRole, usize)>,
    /// The comments in the raters' columns: a row says there are some to read in Resultaat.
    pub comments: usize,
}

impl ClassRow {
    pub fn new(scan: &Scan, framework: Arc<Framework>) -> ClassRow {
        let scores = score(&framework, scan);
        let means = |student, supervisor, decisive| Means {
            student,
            supervisor,
            decisive,
        };
        let groups = scores
            .groups
            .iter()
            .map(|g| means(g.student, g.supervisor, g.decisive))
            .collect();
        let o = &scores.overall;
        let overall = means(o.student, o.supervisor, o.decisive);
        ClassRow {
            id: scan.id.clone(),
            student: scan.subject.student.clone(),
            date: scan.subject.date,
            finished_by_student: scan
                .primary(RaterRole::Subject)
                .is_some_and(|r| r.finished.is_some()),
            finished_by_supervisor: scan
                .primary(RaterRole::Supervisor)
                .is_some_and(|r| r.finished.is_some()),
            framework_id: scan.framework.id.clone(),
            title: framework.display_title().to_string(),
            variant: scan.variant.clone(),
            groups,
            overall,
            other_raters: if has_more_raters(scan) {
                RaterRole::ALL
                    .into_iter()
                    .filter(|role| *role != RaterRole::Subject)
                    .map(|role| {
                        let columns = scan.raters.iter().filter(|r| r.role == role).count();
                        (
                            role,
                            columns + anonymous::answers_counted(&scan.anonymous, role),
                        )
                    })
                    .filter(|(_, n)| *n > 0)
                    .collect()
            } else {
                Vec::new()
            },
            comments: scan.comment_count(),
            framework,
        }
    }

    /// The band of the overall decisive mean, if the framework gives verdicts.
    pub fn band_index(&self) -> Option<usize> {
        self.framework.band_index(self.overall.decisive.value?)
    }
}

/// The rows of the scans in `list`, in its order; a scan that is gone or whose framework is
/// not found (`framework_for` answers `None`) has no row.
pub fn class_rows(
    list: &ClassList,
    all: &[Scan],
    framework_for: impl Fn(&Scan) -> Option<Arc<Framework>>,
) -> Vec<ClassRow> {
    let by_id: HashMap<&str, &Scan> = all.iter().map(|s| (s.id.as_str(), s)).collect();
    list.0
        .iter()
        .filter_map(|id| by_id.get(id.as_str()))
        .filter_map(|s| Some(ClassRow::new(s, framework_for(s)?)))
        .collect()
}

/// The frameworks in a class, as (id, display title), ordered: the framework filter's choices.
pub fn frameworks(rows: &[ClassRow]) -> BTreeSet<(String, String)> {
    rows.iter()
        .map(|r| (r.framework_id.clone(), r.title.clone()))
        .collect()
}

/// Who has finished ("afgerond") the scans a coach wants to see.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FinishedFilter {
    #[default]
    Any,
    ByStudent,
    BySupervisor,
    /// Finished by neither.
    Open,
}

impl FinishedFilter {
    pub const ALL: [FinishedFilter; 4] = [
        FinishedFilter::Any,
        FinishedFilter::ByStudent,
        FinishedFilter::BySupervisor,
        FinishedFilter::Open,
    ];

    /// Its value in the filter's form control.
    pub fn id(self) -> &'static str {
        match self {
            FinishedFilter::Any => "",
            FinishedFilter::ByStudent => "student",
            FinishedFilter::BySupervisor => "bpv",
            FinishedFilter::Open => "open",
        }
    }

    pub fn parse(id: &str) -> Option<FinishedFilter> {
        FinishedFilter::ALL.into_iter().find(|f| f.id() == id)
    }

    pub fn admits(self, row: &ClassRow) -> bool {
        match self {
            FinishedFilter::Any => true,
            FinishedFilter::ByStudent => row.finished_by_student,
            FinishedFilter::BySupervisor => row.finished_by_supervisor,
            FinishedFilter::Open => !row.finished_by_student && !row.finished_by_supervisor,
        }
    }
}

/// The column the table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Name,
    Overall,
    /// The group at this position in the framework's groups.
    Group(usize),
}

/// What the coach chose to see: one framework at a time (the table compares like with like;
/// `None`: the first in the class), a band of the overall mean (by band id), who finished,
/// and the order.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub framework: Option<String>,
    pub band: Option<String>,
    pub finished: FinishedFilter,
    pub sort: SortBy,
    pub descending: bool,
}

impl Default for View {
    fn default() -> View {
        View {
            framework: None,
            band: None,
            finished: FinishedFilter::Any,
            sort: SortBy::Name,
            descending: false,
        }
    }
}

impl View {
    /// The framework shown: the chosen one, else the first of the class.
    pub fn framework_shown(&self, rows: &[ClassRow]) -> Option<String> {
        self.framework
            .clone()
            .or_else(|| frameworks(rows).into_iter().next().map(|(id, _)| id))
    }

    /// The rows shown, filtered and sorted: by the chosen column's decisive mean (to a tenth;
    /// no value first), then by name without case. Descending reverses the whole order.
    pub fn apply(&self, rows: &[ClassRow]) -> Vec<ClassRow> {
        let framework = self.framework_shown(rows);
        let mut out: Vec<ClassRow> = rows
            .iter()
            .filter(|r| Some(&r.framework_id) == framework.as_ref())
            .filter(|r| {
                self.band.as_ref().is_none_or(|band| {
                    r.band_index()
                        .and_then(|i| r.framework.bands.get(i))
                        .is_some_and(|b| b.id == *band)
                })
            })
            .filter(|r| self.finished.admits(r))
            .cloned()
            .collect();
        let key = |r: &ClassRow| {
            let mean = match self.sort {
                SortBy::Name => None,
                SortBy::Overall => r.overall.decisive.value,
                SortBy::Group(i) => r.groups.get(i).and_then(|g| g.decisive.value),
            };
            // Tenths as integers: f64 has no total order, and finer differences do not show.
            // Two scans of one student by their date, the earlier first.
            (
                mean.map(|v| (v * 10.0) as i64),
                r.student.to_lowercase(),
                r.date,
            )
        };
        sort_by_key(&mut out, key);
        if self.descending {
            out.reverse();
        }
        out
    }

    /// A click on a column heading: that column ascending, or the other way round if it is
    /// already the sort column.
    pub fn sorted_by(&self, by: SortBy) -> View {
        View {
            sort: by,
            descending: self.sort == by && !self.descending,
            ..self.clone()
        }
    }
}

/// The most recent earlier scan of the same student (name compared without case and outer
/// spaces) with the same framework: what growth is measured from. Earlier by scan date, then
/// by creation; a scan without a date counts as earliest.
pub fn earlier_scan<'a>(scan: &Scan, all: &'a [Scan]) -> Option<&'a Scan> {
    let same_student = |s: &Scan| {
        s.subject
            .student
            .trim()
            .eq_ignore_ascii_case(scan.subject.student.trim())
    };
    let when = |s: &Scan| (s.subject.date, s.created);
    all.iter()
        .filter(|s| s.id != scan.id && s.framework.id == scan.framework.id && same_student(s))
        .filter(|s| when(s) < when(scan))
        .max_by_key(|s| when(s))
}

/// The class overview CSV's columns, in order.
const CSV_COLUMNS: [Key; 14] = [
    k::overview::COL_STUDENT,
    k::overview::COL_PROGRAMME,
    k::overview::COL_ORGANISATION,
    k::overview::COL_DATE,
    k::overview::COL_FRAMEWORK,
    k::overview::COL_VARIANT,
    k::overview::COL_GROUP,
    k::overview::COL_CODE,
    k::overview::COL_ITEM,
    k::overview::COL_ROLE,
    k::overview::COL_COUNT,
    k::overview::COL_VALUE,
    k::overview::COL_BAND,
    k::overview::COL_PARAAF,
];

/// Whether a row is the class overview CSV's heading row, in either language: a file the
/// framework import recognises and refuses as what it is.
pub fn is_csv_heading(row: &[&str]) -> bool {
    Lang::ALL.into_iter().any(|lang| {
        row.len() == CSV_COLUMNS.len()
            && row
                .iter()
                .zip(CSV_COLUMNS)
                .all(|(c, key)| *c == text(lang, key))
    })
}

/// One row per student × item × role (the person always, every other role with a rater in the
/// scan; `scoring::role_scores`), semicolon-separated, UTF-8 with a byte-order mark, so Dutch
/// Excel opens it with the right columns and accents. A role's value is the mean of its raters
/// on the item and the count says how many rated it (one for a single rater); the band is the
/// item's decisive band, on each of its rows; the paraaf only on the BPV-begeleider's row.
/// Numbers use a decimal comma. The column names and roles are in `lang`; the other cells are
/// the scans' and frameworks' own texts.
pub fn csv(entries: &[(&Scan, &Framework)], lang: Lang) -> String {
    let mut out = String::from("\u{feff}");
    let header = CSV_COLUMNS.map(|key| text(lang, key));
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    for (scan, f) in entries {
        let scores = score(f, scan);
        let roles = role_scores(f, scan, &scores);
        for (i, s) in scores.items.iter().enumerate() {
            for role in &roles {
                let mean = role.items.get(i).copied().flatten();
                let paraaf = scan
                    .primary(role.role)
                    .filter(|r| r.role.initials())
                    .and_then(|r| r.paraafs.get(&s.item.code))
                    .map(|p| p.initials.clone())
                    .unwrap_or_default();
                let cells = [
                    scan.subject.student.clone(),
                    scan.subject.programme.clone(),
                    scan.subject.organisation.clone(),
                    scan.subject.date.map(|d| d.to_string()).unwrap_or_default(),
                    f.display_title().to_string(),
                    scan.variant.clone().unwrap_or_default(),
                    format!("{} {}", s.group.code, s.group.title),
                    s.item.code.clone(),
                    s.item.title.clone(),
                    text(lang, role.role.label()).to_string(),
                    mean.map_or(0, |m| m.0).to_string(),
                    mean.map(|m| decimal(m.1)).unwrap_or_default(),
                    s.band
                        .and_then(|b| f.bands.get(b))
                        .map(|b| b.label.clone())
                        .unwrap_or_default(),
                    paraaf,
                ];
                out.push_str(&cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(";"));
                out.push_str("\r\n");
            }
        }
    }
    out
}

/// A mean with a decimal comma, as Dutch Excel reads numbers: whole values as they are, else
/// to two decimals (a third of a percent is noise).
fn decimal(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}").replace('.', ",")
    }
}

/// Quotes a cell when it holds a separator, quote or line break (RFC 4180 style), and defuses
/// cells that a spreadsheet would run as a formula.
fn cell(value: &str) -> String {
    csv::quote(&csv::guarded(value), csv::Delimiter::Semicolon)
}

/// One item between an earlier and a later scan, compared like with like: both values are the
/// same rater's where any rater rated the item in both scans (the framework's decisive role
/// first, then the person's own), so September's self-rating is never set against December's
/// BPV rating. Where no rater rated it in both, each side holds its scan's decisive value and
/// there is no change to tell.
#[derive(Debug, Clone, PartialEq)]
pub struct Growth {
    pub group: String,
    pub code: String,
    pub title: String,
    pub before: Option<Decisive>,
    pub after: Option<Decisive>,
}

impl Growth {
    /// The change, only between two values of one rater: 40 → 40 by the same rater is 0,
    /// values of different raters have none.
    pub fn delta(&self) -> Option<i64> {
        let (before, after) = (self.before?, self.after?);
        (before.by == after.by).then(|| i64::from(after.value) - i64::from(before.value))
    }

    /// The rater whose values are compared, where there is a change to tell.
    pub fn rater(&self) -> Option<RaterRole> {
        self.delta().and(self.after.map(|a| a.by))
    }

    /// Rated in both scans, but by different raters: left out of the comparison, and said.
    pub fn other_raters(&self) -> bool {
        self.before.is_some() && self.after.is_some() && self.delta().is_none()
    }
}

/// Per item of the later scan's framework: the values compared (see [`Growth`]).
pub fn growth(f: &Framework, earlier: &Scan, later: &Scan) -> Vec<Growth> {
    let roles = [f.decisive_role(), RaterRole::Subject];
    let value = |scan: &Scan, by: RaterRole, code: &str| {
        scan.value(&RaterId::primary(by), code)
            .map(|value| Decisive { value, by })
    };
    let first = |scan: &Scan, code: &str| roles.iter().find_map(|&by| value(scan, by, code));
    score(f, later)
        .items
        .iter()
        .map(|a| {
            let code = a.item.code.as_str();
            let same = roles
                .iter()
                .find_map(|&by| Some((value(earlier, by, code)?, value(later, by, code)?)));
            let (before, after) = match same {
                Some((b, a)) => (Some(b), Some(a)),
                None => (first(earlier, code), first(later, code)),
            };
            Growth {
                group: a.group.code.clone(),
                code: a.item.code.clone(),
                title: a.item.title.clone(),
                before,
                after,
            }
        })
        .collect()
}
