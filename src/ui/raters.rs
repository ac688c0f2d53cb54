//! The one name of a rater column on screen: the two primary raters keep their long-standing
//! words, any other column (a second BPV-begeleider, a feedback respondent with a UUID id) is
//! named by its role ("Leidinggevende", "Cliënt"), never by its id. Seal lines, the coach row,
//! the scan screen, the import dialog and results all label through here.

use super::i18n::{k, t};
use crate::core::i18n::Key;
use crate::core::rater::{Rater, RaterId, RaterRole};

/// Which screen's words for the two primary raters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    /// The scan screen, seal lines and the coach: "Student (zelfbeoordeling)", "BPV-begeleider".
    Scan,
    /// An import's additions: "Student", "BPV-begeleider".
    Exchange,
    /// An import's conflicts.
    Conflict,
}

/// The key of a column's name: by id for the two primary raters, else by role.
pub fn rater_key(id: &RaterId, role: RaterRole, wording: Wording) -> Key {
    let (student, supervisor) = match wording {
        Wording::Scan => (k::scan::RATER_STUDENT, k::scan::RATER_SUPERVISOR),
        Wording::Exchange => (k::exchange::RATER_STUDENT, k::exchange::RATER_SUPERVISOR),
        Wording::Conflict => (
            k::exchange::CONFLICT_STUDENT,
            k::exchange::CONFLICT_SUPERVISOR,
        ),
    };
    if *id == RaterId::primary(RaterRole::Subject) {
        student
    } else if *id == RaterId::primary(RaterRole::Supervisor) {
        supervisor
    } else {
        role.label()
    }
}

/// A column's name in the scan screen's words, from its id and role.
pub fn rater_label(id: &RaterId, role: RaterRole) -> &'static str {
    t(rater_key(id, role, Wording::Scan))
}

/// A column's name in the scan screen's words.
pub fn column_label(rater: &Rater) -> &'static str {
    rater_label(&rater.id, rater.role)
}

/// A role's name as the seal lines use it for its primary column.
pub fn role_label(role: RaterRole) -> &'static str {
    rater_label(&RaterId::primary(role), role)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 25: a 360° respondent's column (a UUID id) was "Collega" whatever its role.
    #[test]
    fn a_column_that_is_no_primary_rater_is_named_by_its_role() {
        let id = RaterId::parse("0d6f7a1e-1111-4222-8333-944445555666").unwrap();
        for wording in [Wording::Scan, Wording::Exchange, Wording::Conflict] {
            for role in [RaterRole::Manager, RaterRole::Client, RaterRole::Teacher] {
                assert_eq!(rater_key(&id, role, wording), role.label());
            }
        }
        let supervisor = RaterId::primary(RaterRole::Supervisor);
        assert_eq!(
            rater_key(&supervisor, RaterRole::Supervisor, Wording::Scan),
            k::scan::RATER_SUPERVISOR
        );
        assert_eq!(
            rater_key(
                &RaterId::primary(RaterRole::Subject),
                RaterRole::Subject,
                Wording::Exchange
            ),
            k::exchange::RATER_STUDENT
        );
        // A primary id of another role is named by that role.
        let teacher = RaterId::primary(RaterRole::Teacher);
        assert_eq!(
            rater_key(&teacher, RaterRole::Teacher, Wording::Scan),
            RaterRole::Teacher.label()
        );
    }
}
