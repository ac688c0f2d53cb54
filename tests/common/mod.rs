//! Helpers shared by the host integration tests.

use competentiescan::core::bundled::BUNDLED;
use competentiescan::core::framework::Framework;
use competentiescan::core::i18n::Lang;

/// A bundled framework by id, parsed and validated.
pub fn framework(id: &str) -> Framework {
    let (_, json) = BUNDLED
        .iter()
        .find(|(name, _)| *name == format!("{id}.json"))
        .unwrap_or_else(|| panic!("{id}.json is bundled"));
    Framework::parse(json).unwrap_or_else(|e| panic!("{id}: {}", e.text(Lang::Nl)))
}
