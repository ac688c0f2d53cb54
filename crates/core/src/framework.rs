//! Framework (kader): the immutable description of a competency framework, parsed from JSON
//! (`frameworks/schema.json`) and checked by [`Framework::parse`], which names every problem
//! and where it is, so a school can fix its own file.

use serde::Serialize;
use serde_json::Value;
use std::collections::HashSet;

use super::i18n::{k, Key, Lang};
use super::problem::{self, Place, Problem};
use super::rater::RaterRole;

pub const FORMAT: &str = "competentiescan-framework";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Framework {
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub format: String,
    pub format_version: u32,
    pub id: String,
    pub version: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_title: Option<String>,
    pub language: String,
    pub purpose: Purpose,
    pub source: Source,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<Block>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator_lead: Option<String>,
    pub scale: Scale,
    pub bands: Vec<Band>,
    pub difference_threshold: u32,
    /// The fewest raters of a role whose anonymous answers are shown, if the framework raises
    /// it above [`MIN_ANONYMOUS_GROUP`] ([`Framework::anonymous_minimum`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anonymous_minimum: Option<u32>,
    /// The roles expected to rate every scan, each with one primary rater (`RaterId::primary`).
    pub raters: Vec<RaterRole>,
    /// Whose rating decides an item's band; see [`Framework::decisive_role`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisive: Option<RaterRole>,
    /// Further roles allowed, any number of raters each (360° feedback).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra_roles: Vec<RaterRole>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    pub nodes: Vec<Node>,
}

/// The fewest raters of one role whose answers, anonymous ones among them, are shown (as their
/// mean): what 360° tools call the minimum group. A framework may raise it, never lower it.
pub const MIN_ANONYMOUS_GROUP: usize = 3;

/// A difference (in points) between two raters that a file does not set otherwise.
const DEFAULT_DIFFERENCE_THRESHOLD: u32 = 15;

/// Assessment frameworks give verdict bands; reflection frameworks (SAM, Movisie) serve
/// learning goals and must never show pass/fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    Assessment,
    Reflection,
}

impl Purpose {
    pub const ALL: [Purpose; 2] = [Purpose::Assessment, Purpose::Reflection];

    /// The name in files (as serde writes it).
    pub fn wire_name(self) -> &'static str {
        match self {
            Purpose::Assessment => "assessment",
            Purpose::Reflection => "reflection",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub publisher: String,
    pub year: u16,
    pub document: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The rating scale, e.g. 0–100 % in steps of 5.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scale {
    pub min: u32,
    pub max: u32,
    pub step: u32,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    pub id: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A score band (e.g. "MOET verbeteren"). Bands are ordered low to high; each but the last
/// has one upper bound, so bands can neither overlap nor leave gaps.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Band {
    pub id: String,
    pub label: String,
    pub meaning: String,
    pub advice: String,
    /// Items in this band are speerpunten for the persoonlijk opleidingsplan.
    pub focus: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub up_to: Option<f64>,
}

/// The colour family of a band, so a verdict is never told by its label alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandTone {
    Low,
    Mid,
    High,
}

impl BandTone {
    pub const ALL: [BandTone; 3] = [BandTone::Low, BandTone::Mid, BandTone::High];
}

impl Band {
    /// Whether `value` lies under this band's upper bound (`None` for the open last band).
    pub fn admits(&self, value: f64) -> bool {
        match (self.below, self.up_to) {
            (Some(b), _) => value < b,
            (None, Some(u)) => value <= u,
            (None, None) => true,
        }
    }

    fn bound(&self) -> Option<f64> {
        self.below.or(self.up_to)
    }
}

/// A piece of descriptive text: heading, paragraphs (blank-line separated), list and/or table.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Block {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub list: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<Table>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A level of the hierarchy: kerntaak, werkproces (`WorkProcess`), cluster, kwaliteitskenmerk…
/// `kind` is the framework's own word for the level. A node that holds items is a *group*: one
/// screen of the scan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    pub code: String,
    pub kind: String,
    pub title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<Block>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

/// A rated unit: one row of the scan (a competency row, a behaviour, a sub-competence).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub code: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub indicators_by_variant: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<Block>,
}

/// Whether something restricted to `variants` is shown for the chosen variant. With no variant
/// chosen (reading the whole framework) everything is shown.
pub fn in_variant(variants: &[String], chosen: Option<&str>) -> bool {
    match chosen {
        None => true,
        Some(v) => variants.is_empty() || variants.iter().any(|x| x == v),
    }
}

impl Item {
    /// The indicators that apply for a variant: the shared ones, then the variant's own.
    /// With no variant chosen, the shared ones only.
    pub fn indicators_for(&self, variant: Option<&str>) -> impl Iterator<Item = &String> {
        let own = variant.and_then(|v| self.indicators_by_variant.get(v));
        self.indicators.iter().chain(own.into_iter().flatten())
    }
}

impl Node {
    pub fn is_group(&self) -> bool {
        !self.items.is_empty()
    }
}

/// A group (scan screen) together with the path of node titles above it.
#[derive(Debug, Clone, Copy)]
pub struct Group<'a> {
    pub node: &'a Node,
    pub parent: Option<&'a Node>,
}

impl Framework {
    /// Parses and validates; the error lists every problem found, each with its location.
    pub fn parse(json: &str) -> Result<Framework, FrameworkError> {
        let probe: serde_json::Value = serde_json::from_str(json).map_err(|e| {
            FrameworkError::single(
                Problem::new(Place::Line(e.line()), k::validation::NOT_JSON)
                    .with("reason", json_reason(&e)),
            )
        })?;
        check_envelope(&probe)?;
        let framework = read::framework(probe)
            .map_err(|e| FrameworkError::single(e.problem(Place::Framework)))?;
        let problems = framework.problems();
        if problems.is_empty() {
            Ok(framework)
        } else {
            Err(FrameworkError { problems })
        }
    }

    /// The framework as compact JSON in field order: the same content always gives the same
    /// text, whatever the layout of the file it came from.
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).expect("framework serialises")
    }

    /// Content hash (FNV-1a, 64 bit, hex) of [`Self::canonical_json`]: identifies the exact
    /// framework a scan was made with. Not cryptographic: it guards against mix-ups and
    /// accidental changes, not against forgery.
    pub fn content_hash(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in self.canonical_json().bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("{h:016x}")
    }

    /// The fewest raters of one role whose answers, anonymous ones among them, are shown: the
    /// framework's `anonymousMinimum`, never below [`MIN_ANONYMOUS_GROUP`].
    pub fn anonymous_minimum(&self) -> usize {
        self.anonymous_minimum
            .map_or(MIN_ANONYMOUS_GROUP, |n| n as usize)
            .max(MIN_ANONYMOUS_GROUP)
    }

    pub fn display_title(&self) -> &str {
        self.short_title.as_deref().unwrap_or(&self.title)
    }

    /// The role whose primary rater decides an item: the file's `decisive`, else the
    /// supervisor where the framework expects one, else the person assessed. Reflection
    /// frameworks included: their picks have followed the supervisor's value since format 1.
    pub fn decisive_role(&self) -> RaterRole {
        let default = if self.raters.contains(&RaterRole::Supervisor) {
            RaterRole::Supervisor
        } else {
            RaterRole::Subject
        };
        self.decisive.unwrap_or(default)
    }

    /// Whether a rater of `role` may rate a scan of this framework.
    pub fn allows(&self, role: RaterRole) -> bool {
        self.raters.contains(&role) || self.extra_roles.contains(&role)
    }

    pub fn has_verdicts(&self) -> bool {
        self.purpose == Purpose::Assessment && !self.bands.is_empty()
    }

    /// The position in `bands` of the band `value` falls into; `None` without verdicts
    /// (reflection, or no bands), so no screen shows a band where the framework gives none.
    pub fn band_index(&self, value: f64) -> Option<usize> {
        if !self.has_verdicts() {
            return None;
        }
        self.bands.iter().position(|b| b.admits(value))
    }

    pub fn band_for(&self, value: f64) -> Option<&Band> {
        self.bands.get(self.band_index(value)?)
    }

    /// Where each band lies on the scale, as the paper form says it ("< 55 %", "55–75 %",
    /// "> 75 %"), from the bands' bounds and the scale's unit; empty without verdicts.
    pub fn band_ranges(&self) -> Vec<String> {
        if !self.has_verdicts() {
            return Vec::new();
        }
        let unit = |range: String| {
            format!("{range} {}", self.scale.unit)
                .trim_end()
                .to_string()
        };
        // The lower bound of each band: the one before it ends below (included) or up to
        // (excluded) its bound.
        let mut lower: Option<(f64, bool)> = None;
        let mut out = Vec::with_capacity(self.bands.len());
        for band in &self.bands {
            let upper = band
                .below
                .map(|b| (b, false))
                .or(band.up_to.map(|u| (u, true)));
            out.push(unit(match (lower, upper) {
                (None, Some((u, true))) => format!("≤ {u}"),
                (None, Some((b, false))) => format!("< {b}"),
                (Some((l, true)), None) => format!("≥ {l}"),
                (Some((l, false)), None) => format!("> {l}"),
                (None, None) => format!("{}–{}", self.scale.min, self.scale.max),
                // In between: the whole numbers a rater can give in it.
                (Some((l, l_in)), Some((u, u_in))) => {
                    let from = if l_in { l.ceil() } else { l.floor() + 1.0 };
                    let to = if u_in { u.floor() } else { u.ceil() - 1.0 };
                    format!("{from}–{to}")
                }
            }));
            lower = upper.map(|(b, included)| (b, !included));
        }
        out
    }

    /// How band `index` reads at a glance: the lowest a warning, the highest good, the rest
    /// in between.
    pub fn band_tone(&self, index: usize) -> BandTone {
        if index == 0 {
            BandTone::Low
        } else if index + 1 == self.bands.len() {
            BandTone::High
        } else {
            BandTone::Mid
        }
    }

    pub fn variant(&self, id: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id)
    }

    /// The scan's screens, in document order, for a variant.
    pub fn groups(&self, variant: Option<&str>) -> Vec<Group<'_>> {
        fn walk<'a>(
            nodes: &'a [Node],
            parent: Option<&'a Node>,
            variant: Option<&str>,
            out: &mut Vec<Group<'a>>,
        ) {
            for node in nodes.iter().filter(|n| in_variant(&n.variants, variant)) {
                if node.items.iter().any(|i| in_variant(&i.variants, variant)) {
                    out.push(Group { node, parent });
                }
                walk(&node.children, Some(node), variant, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.nodes, None, variant, &mut out);
        out
    }

    /// Every rated item for a variant, in document order.
    pub fn items(&self, variant: Option<&str>) -> Vec<&Item> {
        self.groups(variant)
            .into_iter()
            .flat_map(|g| {
                g.node
                    .items
                    .iter()
                    .filter(move |i| in_variant(&i.variants, variant))
            })
            .collect()
    }

    pub fn item_count(&self) -> usize {
        fn count(nodes: &[Node]) -> usize {
            nodes
                .iter()
                .map(|n| n.items.len() + count(&n.children))
                .sum()
        }
        count(&self.nodes)
    }

    /// Every problem `parse` would report once the file is read: the editor's live check.
    pub fn problems(&self) -> Vec<Problem> {
        let mut v = Validator {
            out: Vec::new(),
            codes: HashSet::new(),
            variants: HashSet::new(),
        };
        v.framework(self);
        v.out
    }
}

fn json_reason(e: &serde_json::Error) -> String {
    // serde_json appends " at line X column Y"; the location is reported separately.
    let s = e.to_string();
    match s.split_once(" at line ") {
        Some((reason, _)) => reason.to_string(),
        None => s,
    }
}

/// Checks the format marker first, so a wrong or newer file gets the one message that matters.
fn check_envelope(v: &serde_json::Value) -> Result<(), FrameworkError> {
    let file = |key| Problem::new(Place::File, key);
    let Some(obj) = v.as_object() else {
        return Err(FrameworkError::single(file(k::validation::NOT_AN_OBJECT)));
    };
    if obj.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(FrameworkError::single(
            file(k::validation::WRONG_FORMAT).with("format", FORMAT),
        ));
    }
    match obj.get("formatVersion").and_then(|f| f.as_u64()) {
        Some(n) if n == u64::from(FORMAT_VERSION) => Ok(()),
        Some(n) if n > u64::from(FORMAT_VERSION) => Err(FrameworkError::single(
            file(k::validation::NEWER_FORMAT)
                .with("version", n.to_string())
                .with("known", FORMAT_VERSION.to_string()),
        )),
        _ => Err(FrameworkError::single(file(
            k::validation::BAD_FORMAT_VERSION,
        ))),
    }
}

/// The framework tree read by hand (see [`super::json`]): every type refuses unknown fields.
pub(crate) mod read {
    use super::super::json::{
        self, boolean, list, one_of, string, strings, u16, u32, Object, Read,
    };
    use super::super::rater::read::role;
    use super::*;

    fn roles(v: Value) -> Read<Vec<RaterRole>> {
        list(v, role)
    }

    pub(crate) fn framework(v: Value) -> Read<Framework> {
        let mut o = Object::read(v)?;
        let f = Framework {
            schema: o.optional("$schema", string)?,
            format: o.field("format", string)?,
            format_version: o.field("formatVersion", u32)?,
            id: o.field("id", string)?,
            version: o.field("version", string)?,
            title: o.field("title", string)?,
            short_title: o.optional("shortTitle", string)?,
            language: o.field("language", string)?,
            purpose: o.field("purpose", |v| one_of(v, &Purpose::ALL, Purpose::wire_name))?,
            source: o.field("source", source)?,
            about: o.or("about", blocks, Vec::new())?,
            item_kind: o.optional("itemKind", string)?,
            indicator_lead: o.optional("indicatorLead", string)?,
            scale: o.field("scale", scale)?,
            bands: o.field("bands", |v| list(v, band))?,
            difference_threshold: o.or("differenceThreshold", u32, DEFAULT_DIFFERENCE_THRESHOLD)?,
            anonymous_minimum: o.optional("anonymousMinimum", u32)?,
            raters: o.field("raters", roles)?,
            decisive: o.optional("decisive", role)?,
            extra_roles: o.or("extraRoles", roles, Vec::new())?,
            variants: o.or("variants", |v| list(v, variant), Vec::new())?,
            nodes: o.field("nodes", |v| list(v, node))?,
        };
        o.end()?;
        Ok(f)
    }

    fn source(v: Value) -> Read<Source> {
        let mut o = Object::read(v)?;
        let s = Source {
            publisher: o.field("publisher", string)?,
            year: o.field("year", u16)?,
            document: o.field("document", string)?,
            note: o.optional("note", string)?,
        };
        o.end()?;
        Ok(s)
    }

    fn scale(v: Value) -> Read<Scale> {
        let mut o = Object::read(v)?;
        let s = Scale {
            min: o.field("min", u32)?,
            max: o.field("max", u32)?,
            step: o.field("step", u32)?,
            unit: o.field("unit", string)?,
        };
        o.end()?;
        Ok(s)
    }

    fn variant(v: Value) -> Read<Variant> {
        let mut o = Object::read(v)?;
        let x = Variant {
            id: o.field("id", string)?,
            label: o.field("label", string)?,
            description: o.optional("description", string)?,
        };
        o.end()?;
        Ok(x)
    }

    fn band(v: Value) -> Read<Band> {
        let mut o = Object::read(v)?;
        let b = Band {
            id: o.field("id", string)?,
            label: o.field("label", string)?,
            meaning: o.field("meaning", string)?,
            advice: o.field("advice", string)?,
            focus: o.field("focus", boolean)?,
            below: o.optional("below", json::f64)?,
            up_to: o.optional("upTo", json::f64)?,
        };
        o.end()?;
        Ok(b)
    }

    pub(crate) fn blocks(v: Value) -> Read<Vec<Block>> {
        list(v, block)
    }

    pub(crate) fn block(v: Value) -> Read<Block> {
        let mut o = Object::read(v)?;
        let b = Block {
            heading: o.optional("heading", string)?,
            text: o.optional("text", string)?,
            list: o.or("list", strings, Vec::new())?,
            table: o.optional("table", table)?,
            variants: o.or("variants", strings, Vec::new())?,
        };
        o.end()?;
        Ok(b)
    }

    fn table(v: Value) -> Read<Table> {
        let mut o = Object::read(v)?;
        let t = Table {
            columns: o.field("columns", strings)?,
            rows: o.field("rows", |v| list(v, strings))?,
        };
        o.end()?;
        Ok(t)
    }

    fn node(v: Value) -> Read<Node> {
        let mut o = Object::read(v)?;
        let n = Node {
            code: o.field("code", string)?,
            kind: o.field("kind", string)?,
            title: o.field("title", string)?,
            variants: o.or("variants", strings, Vec::new())?,
            texts: o.or("texts", blocks, Vec::new())?,
            children: o.or("children", |v| list(v, node), Vec::new())?,
            items: o.or("items", |v| list(v, item), Vec::new())?,
        };
        o.end()?;
        Ok(n)
    }

    fn item(v: Value) -> Read<Item> {
        let mut o = Object::read(v)?;
        let i = Item {
            code: o.field("code", string)?,
            title: o.field("title", string)?,
            description: o.optional("description", string)?,
            variants: o.or("variants", strings, Vec::new())?,
            indicators: o.or("indicators", strings, Vec::new())?,
            indicators_by_variant: o.or(
                "indicatorsByVariant",
                |v| json::map(v, strings),
                Default::default(),
            )?,
            texts: o.or("texts", blocks, Vec::new())?,
        };
        o.end()?;
        Ok(i)
    }
}

/// Every problem found in a framework file, each with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkError {
    pub problems: Vec<Problem>,
}

impl FrameworkError {
    fn single(problem: Problem) -> Self {
        FrameworkError {
            problems: vec![problem],
        }
    }

    /// All problems, `; `-separated.
    pub fn text(&self, lang: Lang) -> String {
        problem::join(&self.problems, lang)
    }
}

struct Validator {
    out: Vec<Problem>,
    codes: HashSet<String>,
    variants: HashSet<String>,
}

impl Validator {
    fn push(&mut self, place: &Place, key: Key) {
        self.out.push(Problem::new(place.clone(), key));
    }

    /// Roles: the decisive one is expected; none listed twice, or both expected and extra.
    fn roles(&mut self, f: &Framework) {
        let role = |key, r: RaterRole| Problem::new(Place::Framework, key).with("role", r.label());
        if let Some(d) = f.decisive.filter(|d| !f.raters.contains(d)) {
            self.out.push(role(k::raters::DECISIVE_NOT_EXPECTED, d));
        }
        for list in [&f.raters, &f.extra_roles] {
            for (i, r) in list.iter().enumerate() {
                if list[..i].contains(r) {
                    self.out.push(role(k::raters::ROLE_TWICE, *r));
                }
            }
        }
        for r in f.extra_roles.iter().filter(|r| f.raters.contains(r)) {
            self.out.push(role(k::raters::ROLE_IN_BOTH, *r));
        }
    }

    /// A problem with one value from the file in its text.
    fn push_with(&mut self, place: &Place, key: Key, name: &'static str, value: &str) {
        self.out
            .push(Problem::new(place.clone(), key).with(name, value));
    }

    fn text(&mut self, place: &Place, field: Key, value: &str) {
        if value.trim().is_empty() {
            self.out
                .push(Problem::new(place.clone(), k::validation::EMPTY).with("field", field));
        }
    }

    fn code(&mut self, place: &Place, code: &str) {
        let well_formed = code.len() <= 40
            && code
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !well_formed {
            self.push_with(place, k::validation::CODE_CHARS, "code", code);
        }
        if !self.codes.insert(code.to_string()) {
            self.push_with(place, k::validation::CODE_TWICE, "code", code);
        }
    }

    fn variant_refs(&mut self, place: &Place, refs: &[String]) {
        for r in refs {
            if !self.variants.contains(r) {
                self.push_with(place, k::validation::UNKNOWN_VARIANT, "variant", r);
            }
        }
    }

    fn framework(&mut self, f: &Framework) {
        let id_ok = f.id.len() >= 2
            && f.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !f.id.starts_with('-');
        if !id_ok {
            self.push_with(&Place::Framework, k::validation::BAD_ID, "id", &f.id);
        }
        let parts: Vec<_> = f.version.split('.').collect();
        if parts.len() != 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
        {
            self.push_with(
                &Place::Framework,
                k::validation::BAD_VERSION,
                "version",
                &f.version,
            );
        }
        // Variants first: every later reference is checked against them.
        for v in &f.variants {
            self.text(&Place::Variant, k::validation::FIELD_LABEL, &v.label);
            if !self.variants.insert(v.id.clone()) {
                self.push_with(
                    &Place::Variant,
                    k::validation::VARIANT_TWICE,
                    "variant",
                    &v.id,
                );
            }
        }
        let here = Place::Framework;
        self.text(&here, k::validation::FIELD_TITLE, &f.title);
        self.text(&here, k::validation::FIELD_PUBLISHER, &f.source.publisher);
        self.text(&here, k::validation::FIELD_DOCUMENT, &f.source.document);
        for b in &f.about {
            self.block(&here, b);
        }
        self.scale(&f.scale);
        self.bands(f);
        if f.difference_threshold == 0 || f.difference_threshold > f.scale.max {
            self.push(&here, k::validation::BAD_THRESHOLD);
        }
        if f.anonymous_minimum
            .is_some_and(|n| (n as usize) < MIN_ANONYMOUS_GROUP)
        {
            self.out.push(
                Problem::new(here.clone(), k::validation::BAD_ANONYMOUS_MINIMUM)
                    .with("min", MIN_ANONYMOUS_GROUP.to_string()),
            );
        }
        if f.raters.is_empty() {
            self.push(&here, k::validation::NO_RATERS);
        }
        self.roles(f);
        if f.nodes.is_empty() {
            self.push(&here, k::validation::NO_NODES);
        }
        for n in &f.nodes {
            self.node(n);
        }
        if f.item_count() == 0 {
            self.push(&here, k::validation::NO_ITEMS);
        }
        // A variant is a form of its own: the scan screen opens its first group and rates its
        // items, so each variant must have some (a framework without variants is checked above).
        for v in &f.variants {
            if f.item_count() > 0 && f.items(Some(&v.id)).is_empty() {
                self.push_with(
                    &Place::Variant,
                    k::validation::VARIANT_NO_ITEMS,
                    "variant",
                    &v.id,
                );
            }
        }
    }

    fn scale(&mut self, s: &Scale) {
        if s.step == 0 || s.min >= s.max || !(s.max - s.min).is_multiple_of(s.step) {
            self.out.push(
                Problem::new(Place::Scale, k::validation::BAD_SCALE)
                    .with("min", s.min.to_string())
                    .with("max", s.max.to_string())
                    .with("step", s.step.to_string()),
            );
        }
    }

    fn bands(&mut self, f: &Framework) {
        if f.purpose == Purpose::Reflection && !f.bands.is_empty() {
            self.push(&Place::Bands, k::validation::REFLECTION_BANDS);
        }
        if f.purpose == Purpose::Assessment && f.bands.len() < 2 {
            self.push(&Place::Bands, k::validation::TOO_FEW_BANDS);
        }
        let mut previous: Option<f64> = None;
        let mut ids = HashSet::new();
        for (i, band) in f.bands.iter().enumerate() {
            let loc = Place::Band(band.id.clone());
            if !ids.insert(band.id.as_str()) {
                self.push(&loc, k::validation::BAND_ID_TWICE);
            }
            self.text(&loc, k::validation::FIELD_LABEL, &band.label);
            self.text(&loc, k::validation::FIELD_MEANING, &band.meaning);
            self.text(&loc, k::validation::FIELD_ADVICE, &band.advice);
            let last = i + 1 == f.bands.len();
            if band.below.is_some() && band.up_to.is_some() {
                self.push(&loc, k::validation::BAND_BOTH_BOUNDS);
            }
            match (band.bound(), last) {
                (Some(_), true) => self.push(&loc, k::validation::BAND_LAST_BOUNDED),
                (None, false) => self.push(&loc, k::validation::BAND_BOUND_MISSING),
                (Some(b), false) => {
                    if previous.is_some_and(|p| b <= p) {
                        self.push(&loc, k::validation::BAND_OVERLAP);
                    }
                    if b < f64::from(f.scale.min) || b > f64::from(f.scale.max) {
                        self.push(&loc, k::validation::BAND_OUTSIDE_SCALE);
                    }
                    previous = Some(b);
                }
                (None, true) => {}
            }
        }
    }

    fn block(&mut self, place: &Place, b: &Block) {
        if b.text.is_none() && b.list.is_empty() && b.table.is_none() {
            self.push(place, k::validation::BLOCK_EMPTY);
        }
        if let Some(h) = &b.heading {
            self.text(place, k::validation::FIELD_HEADING, h);
        }
        if let Some(t) = &b.text {
            self.text(place, k::validation::FIELD_TEXT, t);
        }
        for entry in &b.list {
            self.text(place, k::validation::FIELD_LIST_ENTRY, entry);
        }
        if let Some(t) = &b.table {
            if t.columns.is_empty() || t.rows.is_empty() {
                self.push(place, k::validation::TABLE_EMPTY);
            }
            if t.rows.iter().any(|r| r.len() != t.columns.len()) {
                self.push(place, k::validation::TABLE_RAGGED);
            }
        }
        self.variant_refs(place, &b.variants);
    }

    fn node(&mut self, n: &Node) {
        let loc = Place::Node {
            kind: n.kind.clone(),
            code: n.code.clone(),
        };
        self.code(&loc, &n.code);
        self.text(&loc, k::validation::FIELD_KIND, &n.kind);
        self.text(&loc, k::validation::FIELD_TITLE, &n.title);
        self.variant_refs(&loc, &n.variants);
        for b in &n.texts {
            self.block(&loc, b);
        }
        for item in &n.items {
            self.item(item);
        }
        for child in &n.children {
            self.node(child);
        }
    }

    fn item(&mut self, item: &Item) {
        let loc = Place::Item(item.code.clone());
        self.code(&loc, &item.code);
        self.text(&loc, k::validation::FIELD_TITLE, &item.title);
        if let Some(d) = &item.description {
            self.text(&loc, k::validation::FIELD_DESCRIPTION, d);
        }
        self.variant_refs(&loc, &item.variants);
        for i in &item.indicators {
            self.text(&loc, k::validation::FIELD_INDICATOR, i);
        }
        for (variant, list) in &item.indicators_by_variant {
            if !self.variants.contains(variant) {
                self.push_with(
                    &loc,
                    k::validation::INDICATORS_UNKNOWN_VARIANT,
                    "variant",
                    variant,
                );
            }
            if list.is_empty() {
                self.push_with(&loc, k::validation::INDICATORS_EMPTY, "variant", variant);
            }
            for i in list {
                self.text(&loc, k::validation::FIELD_INDICATOR, i);
            }
        }
        for b in &item.texts {
            self.block(&loc, b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::custom::tests::minimal;

    fn problems(json: &str) -> Vec<String> {
        Framework::parse(json)
            .unwrap_err()
            .problems
            .iter()
            .map(|p| p.text(Lang::Nl))
            .collect()
    }

    fn assessment(bands: &str) -> String {
        minimal("toets")
            .replace(r#""purpose":"reflection""#, r#""purpose":"assessment""#)
            .replace(r#""bands":[]"#, &format!(r#""bands":[{bands}]"#))
    }

    const BAND: &str = r#""label":"L","meaning":"M","advice":"A","focus":true"#;

    #[test]
    fn a_minimal_framework_parses() {
        let f = Framework::parse(&minimal("eigen")).unwrap();
        assert_eq!(f.items(None).len(), 1);
        assert!(!f.has_verdicts());
    }

    #[test]
    fn band_bounds_must_rise_and_the_last_is_open() {
        let overlap = assessment(&format!(
            r#"{{"id":"laag",{BAND},"below":55}},{{"id":"midden",{BAND},"upTo":50}},{{"id":"hoog",{BAND}}}"#
        ));
        assert_eq!(
            problems(&overlap),
            ["band midden: bandgrenzen overlappen (grenzen moeten oplopen)"]
        );
        let closed_last = assessment(&format!(
            r#"{{"id":"laag",{BAND},"below":55}},{{"id":"hoog",{BAND},"upTo":90}}"#
        ));
        assert_eq!(
            problems(&closed_last),
            ["band hoog: de hoogste band heeft geen bovengrens"]
        );
        let both = assessment(&format!(
            r#"{{"id":"laag",{BAND},"below":55,"upTo":60}},{{"id":"hoog",{BAND}}}"#
        ));
        assert_eq!(
            problems(&both),
            ["band laag: geef \"below\" of \"upTo\", niet allebei"]
        );
        let outside = assessment(&format!(
            r#"{{"id":"laag",{BAND},"below":155}},{{"id":"hoog",{BAND}}}"#
        ));
        assert_eq!(
            problems(&outside),
            ["band laag: bandgrens valt buiten de schaal"]
        );
    }

    #[test]
    fn band_ranges_say_where_each_band_lies() {
        let quick = assessment(&format!(
            r#"{{"id":"a",{BAND},"below":55}},{{"id":"b",{BAND},"upTo":75}},{{"id":"c",{BAND}}}"#
        ));
        let f = Framework::parse(&quick).unwrap();
        assert_eq!(f.band_ranges(), ["< 55 %", "55–75 %", "> 75 %"]);
        let other = assessment(&format!(
            r#"{{"id":"a",{BAND},"upTo":40}},{{"id":"b",{BAND},"below":70.5}},{{"id":"c",{BAND}}}"#
        ));
        let f = Framework::parse(&other).unwrap();
        assert_eq!(f.band_ranges(), ["≤ 40 %", "41–70 %", "≥ 70.5 %"]);
        assert!(Framework::parse(&minimal("eigen"))
            .unwrap()
            .band_ranges()
            .is_empty());
    }

    #[test]
    fn purpose_and_bands_agree() {
        let reflection_with_bands = minimal("reflectie").replace(
            r#""bands":[]"#,
            &format!(r#""bands":[{{"id":"a",{BAND},"below":50}},{{"id":"b",{BAND}}}]"#),
        );
        assert_eq!(
            problems(&reflection_with_bands),
            ["banden: een reflectiekader heeft geen oordeelbanden"]
        );
        assert_eq!(
            problems(&assessment("")),
            ["banden: een beoordelingskader heeft minstens twee banden nodig"]
        );
    }

    #[test]
    fn codes_variants_and_texts_are_checked_where_they_are() {
        let dup = minimal("dubbel").replace(r#""code":"A1""#, r#""code":"A""#);
        assert_eq!(
            problems(&dup),
            ["item A: code \"A\" komt meer dan eens voor"]
        );
        let unknown = minimal("variant").replace(
            r#""title":"Een item"}"#,
            r#""title":"Een item","variants":["hbo"]}"#,
        );
        assert_eq!(problems(&unknown), ["item A1: onbekende variant \"hbo\""]);
        let empty = minimal("leeg").replace(r#""title":"Een item""#, r#""title":"  ""#);
        assert_eq!(problems(&empty), ["item A1: titel is leeg"]);
        let bad_code = minimal("code").replace(r#""code":"A1""#, r#""code":"A 1""#);
        assert_eq!(
            problems(&bad_code),
            ["item A 1: code \"A 1\" mag alleen letters, cijfers, . - _ bevatten"]
        );
    }

    #[test]
    fn problems_read_in_english_with_their_place() {
        let overlap = assessment(&format!(
            r#"{{"id":"laag",{BAND},"below":55}},{{"id":"midden",{BAND},"upTo":50}},{{"id":"hoog",{BAND}}}"#
        ));
        let e = Framework::parse(&overlap).unwrap_err();
        assert_eq!(
            e.text(Lang::En),
            "band midden: band bounds overlap (bounds must rise)"
        );
        let empty = minimal("leeg").replace(r#""title":"Een item""#, r#""title":"  ""#);
        assert_eq!(
            Framework::parse(&empty).unwrap_err().text(Lang::En),
            "item A1: title is empty"
        );
    }

    #[test]
    fn every_problem_reads_in_both_languages() {
        let broken = r#"{"format":"competentiescan-framework","formatVersion":1,"id":"X",
            "version":"1.0","title":" ","language":"nl","purpose":"reflection",
            "source":{"publisher":"","year":2026,"document":""},"about":[{}],
            "scale":{"min":0,"max":100,"step":0,"unit":"%"},"differenceThreshold":0,
            "bands":[{"id":"a","label":"","meaning":"","advice":"","focus":false,"below":50}],
            "raters":[],"variants":[{"id":"v","label":""},{"id":"v","label":"V"}],
            "nodes":[{"code":"A","kind":" ","title":"","variants":["w"],
              "texts":[{"heading":" ","text":" ","list":[" "],"table":{"columns":[],"rows":[["x"]]}}],
              "items":[{"code":"A 1","title":"","description":" ","indicators":[" "],
                "indicatorsByVariant":{"w":[]}}]},
             {"code":"A","kind":"K","title":"T","items":[{"code":"B","title":"t"}]}]}"#;
        let e = Framework::parse(broken).unwrap_err();
        assert!(e.problems.len() > 25, "{e:?}");
        for p in &e.problems {
            let (nl, en) = (p.text(Lang::Nl), p.text(Lang::En));
            assert!(
                !nl.contains(['{', '}']) && !en.contains(['{', '}']),
                "{nl} / {en}"
            );
            assert_ne!(nl, en);
        }
        assert!(e
            .text(Lang::En)
            .contains("item A 1: code \"A 1\" may only contain letters, digits, . - _"));
        for json in [
            "[1]",
            r#"{"format":"x"}"#,
            "{",
            r#"{"format":"competentiescan-framework"}"#,
        ] {
            let e = Framework::parse(json).unwrap_err();
            assert!(!e.text(Lang::En).contains(['{', '}']), "{e:?}");
            assert_ne!(e.text(Lang::Nl), e.text(Lang::En));
        }
    }

    #[test]
    fn the_envelope_gets_one_clear_message() {
        assert_eq!(
            problems("[1]"),
            ["bestand: geen kader: verwacht een JSON-object"]
        );
        assert_eq!(
            problems(r#"{"format":"iets-anders"}"#),
            ["bestand: geen Competentiescan-kader (veld \"format\" moet \"competentiescan-framework\" zijn)"]
        );
        let newer = minimal("nieuw").replace(r#""formatVersion":1"#, r#""formatVersion":2"#);
        assert_eq!(
            problems(&newer),
            ["bestand: formaatversie 2 is nieuwer dan deze app kent (1); werk de app bij"]
        );
        assert!(problems("{\n  \"format\": ")
            .first()
            .unwrap()
            .starts_with("regel 2: geen geldige JSON"));
    }
}
