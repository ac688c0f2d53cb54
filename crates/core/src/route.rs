//! Screens and their URL fragment. The app routes on `location.hash` (`#/kaders`), so any static
//! host serves it from any sub-path, and a reload on any screen needs no server rewrite rule.

use super::edit::Origin;
use super::i18n::{k, Key};
use super::rater::{RaterId, RaterRole};

/// One screen of the app. `to_hash(from_hash(h)) == h` for every canonical hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Start,
    NewScan,
    /// Nieuwe scan with this framework (by id) already chosen: the link after adding one.
    NewScanWith(String),
    /// Filling in: one group (1-based, as shown) of a scan, rated by one rater. The primary
    /// raters keep format 1's segments (`student`, `bpv`); any other is `r/<rater id>`.
    Scan {
        id: String,
        rater: RaterId,
        group: usize,
    },
    Results(String),
    /// The development plan (persoonlijk ontwikkelplan) of a scan.
    Plan(String),
    /// The printable report of a scan.
    Report(String),
    /// Vraag feedback: the requests for 360° feedback on a scan, made and answered.
    AskFeedback(String),
    MyScans,
    OpenFile,
    Frameworks,
    Framework(String),
    /// Kader bewerken: an editor, by what it edits (`#/kaders/nieuw`, `…/<id>/bewerken`,
    /// `…/<id>/kopie`).
    EditFramework(Origin),
    Coach,
    Settings,
    NotFound(String),
}

impl Screen {
    pub fn from_hash(hash: &str) -> Screen {
        let path = hash
            .trim_start_matches('#')
            .trim_start_matches('/')
            .trim_end_matches('/');
        let segments: Vec<&str> = path.split('/').collect();
        match segments.as_slice() {
            ["scan", id, "resultaat"] if !id.is_empty() => return Screen::Results(id.to_string()),
            ["scan", id, "plan"] if !id.is_empty() => return Screen::Plan(id.to_string()),
            ["scan", id, "rapport"] if !id.is_empty() => return Screen::Report(id.to_string()),
            ["scan", id, "feedback"] if !id.is_empty() => {
                return Screen::AskFeedback(id.to_string())
            }
            ["scan", id, who @ .., n] if !id.is_empty() => {
                let rater = match who {
                    ["student"] => Some(RaterId::primary(RaterRole::Subject)),
                    ["bpv"] => Some(RaterId::primary(RaterRole::Supervisor)),
                    ["r", rater] => RaterId::parse(rater),
                    _ => None,
                };
                if let (Some(rater), Ok(group @ 1..)) = (rater, n.parse::<usize>()) {
                    return Screen::Scan {
                        id: id.to_string(),
                        rater,
                        group,
                    };
                }
            }
            _ => {}
        }
        let mut parts = path.splitn(2, '/');
        match (parts.next().unwrap_or(""), parts.next()) {
            ("", None) => Screen::Start,
            ("nieuw", None) => Screen::NewScan,
            ("nieuw", Some(id)) if !id.is_empty() && !id.contains('/') => {
                Screen::NewScanWith(id.to_string())
            }
            ("scans", None) => Screen::MyScans,
            ("openen", None) => Screen::OpenFile,
            ("kaders", None) => Screen::Frameworks,
            ("kaders", Some("nieuw")) => Screen::EditFramework(Origin::New),
            ("kaders", Some(rest)) if rest.split('/').all(|s| !s.is_empty()) => {
                match rest.split('/').collect::<Vec<_>>().as_slice() {
                    [id] => Screen::Framework(id.to_string()),
                    [id, "bewerken"] => Screen::EditFramework(Origin::Edit { id: id.to_string() }),
                    [id, "kopie"] => Screen::EditFramework(Origin::Copy { of: id.to_string() }),
                    _ => Screen::NotFound(path.to_string()),
                }
            }
            ("instellingen", None) => Screen::Settings,
            ("coach", None) => Screen::Coach,
            _ => Screen::NotFound(path.to_string()),
        }
    }

    pub fn to_hash(&self) -> String {
        match self {
            Screen::Start => "#/".into(),
            Screen::NewScan => "#/nieuw".into(),
            Screen::NewScanWith(id) => format!("#/nieuw/{id}"),
            Screen::Scan { id, rater, group } => {
                format!("#/scan/{id}/{}/{group}", rater_segment(rater))
            }
            Screen::Results(id) => format!("#/scan/{id}/resultaat"),
            Screen::Plan(id) => format!("#/scan/{id}/plan"),
            Screen::Report(id) => format!("#/scan/{id}/rapport"),
            Screen::AskFeedback(id) => format!("#/scan/{id}/feedback"),
            Screen::MyScans => "#/scans".into(),
            Screen::OpenFile => "#/openen".into(),
            Screen::Frameworks => "#/kaders".into(),
            Screen::Framework(id) => format!("#/kaders/{id}"),
            Screen::EditFramework(Origin::New) => "#/kaders/nieuw".into(),
            Screen::EditFramework(Origin::Edit { id }) => format!("#/kaders/{id}/bewerken"),
            Screen::EditFramework(Origin::Copy { of }) => format!("#/kaders/{of}/kopie"),
            Screen::Settings => "#/instellingen".into(),
            Screen::Coach => "#/coach".into(),
            Screen::NotFound(path) => format!("#/{path}"),
        }
    }

    /// The page title (Dutch first), shown in the header and the document title.
    /// The screen's name (for the document title and the current menu entry).
    pub fn title(&self) -> Key {
        match self {
            Screen::Start => k::screen::START,
            Screen::NewScan | Screen::NewScanWith(_) => k::screen::NEW_SCAN,
            Screen::Scan { .. } => k::screen::SCAN,
            Screen::Results(_) => k::screen::RESULTS,
            Screen::Plan(_) => k::screen::PLAN,
            Screen::Report(_) => k::screen::REPORT,
            Screen::AskFeedback(_) => k::screen::ASK_FEEDBACK,
            Screen::MyScans => k::screen::MY_SCANS,
            Screen::OpenFile => k::screen::OPEN_FILE,
            Screen::Frameworks | Screen::Framework(_) | Screen::EditFramework(_) => {
                k::screen::FRAMEWORKS
            }
            Screen::Settings => k::screen::SETTINGS,
            Screen::Coach => k::screen::COACH,
            Screen::NotFound(_) => k::screen::NOT_FOUND,
        }
    }
}

fn rater_segment(r: &RaterId) -> String {
    if *r == RaterId::primary(RaterRole::Subject) {
        "student".into()
    } else if *r == RaterId::primary(RaterRole::Supervisor) {
        "bpv".into()
    } else {
        format!("r/{r}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_round_trip() {
        for screen in [
            Screen::Start,
            Screen::NewScan,
            Screen::NewScanWith("eigen-kader".into()),
            Screen::MyScans,
            Screen::OpenFile,
            Screen::Frameworks,
            Screen::Framework("quickscan-smd-2014".into()),
            Screen::EditFramework(Origin::New),
            Screen::EditFramework(Origin::Edit { id: "eigen".into() }),
            Screen::EditFramework(Origin::Copy {
                of: "quickscan-smd-2014".into(),
            }),
            Screen::Settings,
            Screen::Coach,
            Screen::Scan {
                id: "ab-12".into(),
                rater: RaterId::primary(RaterRole::Supervisor),
                group: 3,
            },
            Screen::Scan {
                id: "ab-12".into(),
                rater: RaterId::parse("7d3f2a10-5b1c").unwrap(),
                group: 2,
            },
            Screen::Scan {
                id: "ab-12".into(),
                rater: RaterId::primary(RaterRole::Subject),
                group: 1,
            },
            Screen::Results("ab-12".into()),
            Screen::Plan("ab-12".into()),
            Screen::Report("ab-12".into()),
            Screen::AskFeedback("ab-12".into()),
        ] {
            assert_eq!(Screen::from_hash(&screen.to_hash()), screen);
        }
    }

    #[test]
    fn format_1_segments_name_the_primary_raters() {
        let scan = |rater: RaterId| Screen::Scan {
            id: "ab-12".into(),
            rater,
            group: 3,
        };
        assert_eq!(
            Screen::from_hash("#/scan/ab-12/bpv/3"),
            scan(RaterId::primary(RaterRole::Supervisor))
        );
        assert_eq!(
            Screen::from_hash("#/scan/ab-12/student/3"),
            scan(RaterId::primary(RaterRole::Subject))
        );
        assert_eq!(
            scan(RaterId::parse("x1").unwrap()).to_hash(),
            "#/scan/ab-12/r/x1/3"
        );
        assert!(matches!(
            Screen::from_hash("#/scan/ab-12/r/a b/3"),
            Screen::NotFound(_)
        ));
    }

    #[test]
    fn lenient_forms_and_unknowns() {
        assert_eq!(Screen::from_hash(""), Screen::Start);
        assert_eq!(Screen::from_hash("#"), Screen::Start);
        assert_eq!(Screen::from_hash("#/kaders/"), Screen::Frameworks);
        assert_eq!(Screen::from_hash("#kaders"), Screen::Frameworks);
        assert_eq!(
            Screen::from_hash("#/onbekend"),
            Screen::NotFound("onbekend".into())
        );
        assert_eq!(
            Screen::from_hash("#/kaders/a/b"),
            Screen::NotFound("kaders/a/b".into())
        );
        assert_eq!(
            Screen::from_hash("#/kaders/eigen/bewerken/"),
            Screen::EditFramework(Origin::Edit { id: "eigen".into() })
        );
        assert_eq!(
            Screen::from_hash("#/kaders//bewerken"),
            Screen::NotFound("kaders//bewerken".into())
        );
        assert_eq!(
            Screen::from_hash("#/kaders/eigen/kopie/x"),
            Screen::NotFound("kaders/eigen/kopie/x".into())
        );
    }
}
