//! When to show how to put the app on the home screen. Safari on iPhone and iPad deletes a
//! site's storage after 7 days without a visit unless the site is on the home screen, and iOS
//! shows no install prompt: a student there has to be told. Elsewhere a browser that offers
//! its own install prompt needs no hint, and an installed app is on the home screen already.

use super::i18n::{k, Key};

/// Which instructions fit the device (a guess from the user agent: good enough to pick words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Safari and every other iOS/iPadOS browser (all WebKit): Delen → Zet op beginscherm.
    Ios,
    /// Everything else: the browser's own menu.
    Other,
}

impl Platform {
    /// `touch`: whether the device has a touch screen (`navigator.maxTouchPoints > 1`), because
    /// an iPad asks for desktop sites and says "Macintosh" like a Mac.
    pub fn guess(user_agent: &str, touch: bool) -> Platform {
        let ios = ["iPhone", "iPad", "iPod"]
            .iter()
            .any(|d| user_agent.contains(d))
            || (user_agent.contains("Macintosh") && touch);
        if ios {
            Platform::Ios
        } else {
            Platform::Other
        }
    }

    /// The steps to put the app on the home screen, in the platform's own words.
    pub fn instructions(self) -> Key {
        match self {
            Platform::Ios => k::install::STEPS_IOS,
            Platform::Other => k::install::STEPS_OTHER,
        }
    }
}

/// What the app knows about how it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Situation {
    /// Opened from the home screen (`display-mode: standalone`, or `navigator.standalone`).
    pub installed: bool,
    /// The browser offered its own install prompt (`beforeinstallprompt` was seen).
    pub install_prompt: bool,
    /// The user dismissed the hint before (a setting).
    pub dismissed: bool,
}

/// Whether the start page shows the hint. Instellingen always shows the instructions.
pub fn show_hint(s: Situation) -> bool {
    !s.installed && !s.install_prompt && !s.dismissed
}

#[cfg(test)]
mod tests {
    use super::*;

    const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    const IPAD_AS_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";
    const ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

    #[test]
    fn shown_only_in_a_tab_without_a_prompt_until_dismissed() {
        let tab = Situation {
            installed: false,
            install_prompt: false,
            dismissed: false,
        };
        assert!(show_hint(tab));
        assert!(!show_hint(Situation {
            installed: true,
            ..tab
        }));
        assert!(!show_hint(Situation {
            install_prompt: true,
            ..tab
        }));
        assert!(!show_hint(Situation {
            dismissed: true,
            ..tab
        }));
    }

    #[test]
    fn ios_is_told_about_delen() {
        assert_eq!(Platform::guess(IPHONE, true), Platform::Ios);
        assert_eq!(Platform::guess(IPAD_AS_MAC, true), Platform::Ios);
        assert_eq!(
            Platform::guess(IPAD_AS_MAC, false),
            Platform::Other,
            "a Mac"
        );
        assert_eq!(Platform::guess(ANDROID, true), Platform::Other);
        assert_eq!(Platform::Ios.instructions(), k::install::STEPS_IOS);
        assert_ne!(Platform::Other.instructions(), Platform::Ios.instructions());
    }
}
