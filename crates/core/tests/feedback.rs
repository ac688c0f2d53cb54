//! Feedback files: a request carries no ratings of the person, a rater's answer lands in their
//! own column only, and a file for another scan, framework or role is refused with its reason.

mod common;

use common::{framework, student, t};
use competentiescan_core::exchange::{kind, FileKind, ImportError};
use competentiescan_core::feedback::{apply, read_feedback, read_request, request, respond, start};
use competentiescan_core::i18n::Lang;
use competentiescan_core::rater::{RaterId, RaterRole};
use competentiescan_core::scan::{Scan, Subject};

const SAM: &str = "beroepsprofiel-sam-2020";

#[test]
fn a_colleague_answers_a_request_into_their_own_column() {
    let f = framework(SAM);
    let subject = Subject {
        student: "Sanne".into(),
        ..Subject::default()
    };
    let mut mine = Scan::new("scan-1".into(), t(0), &f, None, subject);
    let code = f.items(None)[0].code.clone();
    mine.rate(&student(), &code, Some(90), &f, t(1)).unwrap();
    let peer = RaterId::parse("peer-1").unwrap();
    let text = request(
        &mine,
        &f,
        RaterRole::Colleague,
        peer.clone(),
        "Hoe zie jij mij?",
        true,
        t(2),
    )
    .unwrap();
    assert_eq!(kind(text.as_bytes()), Some(FileKind::FeedbackRequest));
    assert!(
        !text.contains("\"value\""),
        "no ratings of the person: {text}"
    );
    let req = read_request(text.as_bytes()).unwrap();
    assert_eq!(
        (req.info.from.as_str(), req.info.reason.as_str()),
        ("Sanne", "Hoe zie jij mij?")
    );

    // On the colleague's device: a scan of their own with only their column.
    let mut theirs = start(&req, "answer-1".into(), t(3));
    assert_eq!(theirs.raters.len(), 1);
    theirs
        .rate(&peer, &code, Some(60), &req.framework, t(4))
        .unwrap();
    let answer = respond(&req, theirs.raters[0].clone(), t(5));
    assert_eq!(kind(answer.as_bytes()), Some(FileKind::Feedback));
    let fb = read_feedback(answer.as_bytes()).unwrap();
    let (merged, conflicts) = apply(&mine, &f, &fb).unwrap();
    assert!(conflicts.is_empty());
    assert_eq!(merged.value(&peer, &code), Some(60));
    assert_eq!(
        merged.value(&student(), &code),
        Some(90),
        "own column untouched"
    );

    // A second answer from the same rater updates that column only.
    theirs
        .rate(&peer, &code, Some(70), &req.framework, t(6))
        .unwrap();
    let again = read_feedback(respond(&req, theirs.raters[0].clone(), t(7)).as_bytes()).unwrap();
    let (twice, conflicts) = apply(&merged, &f, &again).unwrap();
    assert_eq!(twice.raters.len(), merged.raters.len());
    assert_eq!(twice.value(&peer, &code), Some(70));
    assert_eq!(conflicts.len(), 1, "the replaced value is listed");
}

#[test]
fn feedback_that_does_not_belong_here_is_refused_with_its_reason() {
    let f = framework(SAM);
    let mine = Scan::new("scan-1".into(), t(0), &f, None, Subject::default());
    let peer = RaterId::parse("peer-1").unwrap();
    let req = read_request(
        request(&mine, &f, RaterRole::Client, peer, "", false, t(1))
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    let fb = read_feedback(
        respond(&req, start(&req, "a".into(), t(2)).raters[0].clone(), t(3)).as_bytes(),
    )
    .unwrap();
    let refused = |scan: &Scan, fb| apply(scan, &f, fb).unwrap_err().text(Lang::Nl);
    let mut other = mine.clone();
    other.id = "scan-2".into();
    assert_eq!(
        refused(&other, &fb),
        "deze feedback hoort bij een scan die niet op dit apparaat staat"
    );
    let mut old = mine.clone();
    old.framework.hash = "0000000000000000".into();
    assert_eq!(
        refused(&old, &fb),
        "deze feedback is gegeven op een andere versie van het kader"
    );
    let mut own = fb.clone();
    own.rater.id = student();
    assert_eq!(
        refused(&mine, &own),
        "feedback kan niet in je eigen kolom (zelfbeoordeling) komen"
    );
    let qs = framework("quickscan-smd-2014");
    let q = Scan::new("q".into(), t(0), &qs, None, Subject::default());
    assert_eq!(
        request(
            &q,
            &qs,
            RaterRole::Client,
            RaterId::parse("c").unwrap(),
            "",
            false,
            t(1)
        )
        .unwrap_err()
        .text(Lang::En),
        "field role: the role Client is not part of this framework"
    );
    let text = request(
        &mine,
        &f,
        RaterRole::Colleague,
        RaterId::parse("c").unwrap(),
        "",
        false,
        t(1),
    )
    .unwrap();
    let newer = text.replace("\"formatVersion\": 1", "\"formatVersion\": 2");
    assert_eq!(read_request(newer.as_bytes()), Err(ImportError::Newer(2)));
    assert_eq!(kind(b"{\"format\": \"iets\"}"), None);
}
