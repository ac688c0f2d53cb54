//! User settings kept on the device. The stored form carries a version so later app versions
//! can migrate it forward; a newer or unreadable stored value is reported, never overwritten.

use serde::Serialize;
use serde_json::Value;

use super::i18n::Lang;
use super::json::{boolean, one_of, string, u32, Object, Read};
use super::stored::{open, read_with, DecodeError};

pub const SETTINGS_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The user's own name: filled in as the student's name on a new scan.
    pub name: String,
    /// The interface language (added without a version change: older settings read as Dutch).
    pub lang: Lang,
    /// The home-screen hint was dismissed (added without a version change: older settings
    /// read as not dismissed).
    pub install_hint_dismissed: bool,
}

#[derive(Debug, Serialize)]
struct Stored {
    version: u32,
    #[serde(flatten)]
    settings: Settings,
}

impl Settings {
    pub fn encode(&self) -> String {
        serde_json::to_string(&Stored {
            version: SETTINGS_VERSION,
            settings: self.clone(),
        })
        .expect("settings serialise")
    }

    pub fn decode(raw: &str) -> Result<Settings, DecodeError> {
        let (value, _) = open(raw, SETTINGS_VERSION)?;
        read_with(value, stored)
    }
}

/// Read by hand (a flattened derive would bring serde's buffering code): `version` must be
/// there; every setting may be absent and unknown fields are ignored, as before.
fn stored(v: Value) -> Read<Settings> {
    let mut o = Object::read(v)?;
    o.field("version", u32)?;
    Ok(Settings {
        name: o.or("name", string, String::new())?,
        lang: o.or(
            "lang",
            |v| one_of(v, &Lang::ALL, Lang::tag),
            Lang::default(),
        )?,
        install_hint_dismissed: o.or("installHintDismissed", boolean, false)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let s = Settings {
            name: "Aïcha de Vries".into(),
            lang: Lang::En,
            install_hint_dismissed: true,
        };
        assert_eq!(Settings::decode(&s.encode()), Ok(s));
        assert_eq!(
            Settings::decode(r#"{"version":1,"name":"x"}"#).map(|s| s.lang),
            Ok(Lang::Nl),
            "settings from before the language switch read as Dutch"
        );
    }

    #[test]
    fn newer_and_corrupt_are_refused() {
        assert_eq!(
            Settings::decode(r#"{"version":9,"name":"x"}"#),
            Err(DecodeError::Newer(9))
        );
        assert!(matches!(
            Settings::decode("{nope"),
            Err(DecodeError::Corrupt(_))
        ));
        assert!(matches!(
            Settings::decode(r#"{"version":1,"name":3}"#),
            Err(DecodeError::Corrupt(_))
        ));
    }
}
