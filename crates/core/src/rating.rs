//! A rating as the user enters it: typed as on the paper form ("een % percentage", any whole
//! number on the scale, 63 as well as 65), or moved by the slider and −/+ in the scale's steps.
//! A typed value is stored exactly; only the controls that step snap to the step grid.

use super::framework::Scale;

/// Why a typed value was refused. The UI shows one message for both (the scale's range); the
/// stored value does not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedError {
    NotANumber,
    OutOfRange,
}

/// Reads what the user typed: empty clears the rating (`Ok(None)`), a whole number within the
/// scale is the rating, on the step grid or not. Anything else is refused.
pub fn parse_typed(scale: &Scale, raw: &str) -> Result<Option<u32>, TypedError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    // Digits only: `u32::from_str` would also take "+63", which the number field never sends
    // as a whole number and a user did not mean as one.
    if !raw.chars().all(|c| c.is_ascii_digit()) {
        return Err(TypedError::NotANumber);
    }
    // All digits but too long for u32 is still a number, just far out of range.
    let value: u32 = raw.parse().map_err(|_| TypedError::OutOfRange)?;
    if (scale.min..=scale.max).contains(&value) {
        Ok(Some(value))
    } else {
        Err(TypedError::OutOfRange)
    }
}

/// The value − gives: the next step value below `value` (from an off-step 63 that is 60, from
/// 65 it is 60), never below the minimum. Unrated starts at the minimum.
pub fn step_down(scale: &Scale, value: Option<u32>) -> u32 {
    let Some(v) = value else {
        return scale.min;
    };
    let above_min = v.saturating_sub(scale.min);
    // The step grid starts at the minimum; an off-step value goes to the grid line under it.
    let lower = match above_min % scale.step {
        0 => above_min.saturating_sub(scale.step),
        off => above_min - off,
    };
    scale.min + lower
}

/// The value + gives: the next step value above `value` (from 63 that is 65, from 65 it is 70),
/// never above the maximum. Unrated starts at the minimum.
pub fn step_up(scale: &Scale, value: Option<u32>) -> u32 {
    let Some(v) = value else {
        return scale.min;
    };
    let above_min = v.saturating_sub(scale.min);
    let next = (above_min / scale.step + 1).saturating_mul(scale.step);
    scale.min.saturating_add(next).min(scale.max)
}

/// Whether a typed `value` is whole: no further digit keeps it on the scale (70 of 0–100, but
/// not 10, which may become 100), so the field can move on without Enter.
pub fn typed_complete(scale: &Scale, value: u32) -> bool {
    value.saturating_mul(10) > scale.max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn percent() -> Scale {
        Scale {
            min: 0,
            max: 100,
            step: 5,
            unit: "%".into(),
        }
    }

    #[test]
    fn any_whole_number_on_the_scale_is_kept_exactly() {
        let s = percent();
        for v in [0, 1, 54, 55, 63, 75, 76, 99, 100] {
            assert_eq!(parse_typed(&s, &v.to_string()), Ok(Some(v)));
        }
        assert_eq!(parse_typed(&s, " 63 "), Ok(Some(63)));
        assert_eq!(parse_typed(&s, ""), Ok(None), "empty clears the rating");
        assert_eq!(parse_typed(&s, "  "), Ok(None));
    }

    #[test]
    fn out_of_range_and_non_numbers_are_refused() {
        let s = percent();
        assert_eq!(parse_typed(&s, "101"), Err(TypedError::OutOfRange));
        assert_eq!(
            parse_typed(&s, "99999999999999999999"),
            Err(TypedError::OutOfRange)
        );
        for raw in ["-5", "+5", "5.5", "63,5", "abc", "6 3", "٣"] {
            assert_eq!(parse_typed(&s, raw), Err(TypedError::NotANumber), "{raw}");
        }
        let from_ten = Scale { min: 10, ..s };
        assert_eq!(parse_typed(&from_ten, "9"), Err(TypedError::OutOfRange));
        assert_eq!(parse_typed(&from_ten, "10"), Ok(Some(10)));
    }

    #[test]
    fn a_typed_value_is_complete_when_no_digit_can_follow() {
        let s = percent();
        for v in [11, 55, 70, 99, 100] {
            assert!(typed_complete(&s, v), "{v}");
        }
        for v in [0, 1, 5, 9, 10] {
            assert!(!typed_complete(&s, v), "{v}");
        }
        let ten = Scale { max: 10, ..s };
        assert!(!typed_complete(&ten, 1), "1 may become 10");
        assert!(typed_complete(&ten, 2));
    }

    #[test]
    fn minus_and_plus_step_to_the_grid() {
        let s = percent();
        assert_eq!(step_down(&s, Some(65)), 60);
        assert_eq!(
            step_down(&s, Some(63)),
            60,
            "off-step goes to the step below"
        );
        assert_eq!(step_down(&s, Some(4)), 0);
        assert_eq!(step_down(&s, Some(0)), 0);
        assert_eq!(step_down(&s, None), 0);
        assert_eq!(step_up(&s, Some(60)), 65);
        assert_eq!(step_up(&s, Some(63)), 65, "off-step goes to the step above");
        assert_eq!(step_up(&s, Some(96)), 100);
        assert_eq!(step_up(&s, Some(100)), 100);
        assert_eq!(step_up(&s, None), 0);
        // The grid starts at the minimum, not at 0.
        let odd = Scale {
            min: 1,
            max: 10,
            step: 3,
            unit: "".into(),
        };
        assert_eq!(step_up(&odd, Some(1)), 4);
        assert_eq!(step_up(&odd, Some(5)), 7);
        assert_eq!(step_down(&odd, Some(5)), 4);
        assert_eq!(step_down(&odd, Some(4)), 1);
        assert_eq!(step_up(&odd, Some(10)), 10);
    }
}
