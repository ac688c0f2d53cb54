//! Kader bewerken: the changes the editor screen can make to a framework ([`Edit`], applied by
//! [`apply`]), the [`Editor`] with its undo stack, and what saving needs: the new id of a new
//! framework or a copy ([`new_id`]), the next version of an edited one ([`next_version`]) and
//! the stored form of an unsaved edit ([`Pending`]). Problems come from the framework's own
//! validation (`Framework::problems`): one set of rules for files and the editor.

use serde::Serialize;

use super::framework::{
    Band, Framework, Item, Node, Purpose, Scale, Source, FORMAT, FORMAT_VERSION,
};
use super::i18n::{k, text, Key, Lang};
use super::json;
use super::problem::Problem;
use super::rater::RaterRole;
use super::search::fold;
use super::sort::sort_by_key;
use super::stored::{open, read_with, DecodeError};

/// How many changes "Ongedaan maken" can take back.
pub const UNDO_DEPTH: usize = 50;

/// Nesting goes one level deep: a group inside a group (kerntaak → werkproces), no deeper.
pub const MAX_DEPTH: usize = 2;

/// The values the band preview shows: the Quick Scan's edges (54 | 55 … 75 | 76).
pub const PREVIEW_VALUES: [u32; 4] = [54, 55, 75, 76];

/// Where a group (node) is: its index in the root list, then in its parent's children.
pub type NodePath = Vec<usize>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// Which kind of upper bound a band has: `below` (exclusive) or `upTo` (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundKind {
    Below,
    UpTo,
}

impl BoundKind {
    pub const ALL: [BoundKind; 2] = [BoundKind::Below, BoundKind::UpTo];
}

/// A band's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandText {
    Label,
    /// Betekenis.
    Meaning,
    /// Advies.
    Advice,
}

impl BandText {
    pub const ALL: [BandText; 3] = [BandText::Label, BandText::Meaning, BandText::Advice];
}

/// An item's fields that are one line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemText {
    Code,
    Title,
}

/// A group's fields that are one line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupText {
    Code,
    /// The framework's own word for the level (kerntaak, werkproces…).
    Kind,
    Title,
}

/// One change the editor screen can make. Indices refer to the framework as the screen showed
/// it; a stale one (the list changed meanwhile) is refused by [`apply`], never a panic.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Title(String),
    /// Uitgever.
    Publisher(String),
    Document(String),
    /// Switching to reflection drops the bands (a reflection framework has none; undo brings
    /// them back).
    Purpose(Purpose),
    Scale {
        min: u32,
        max: u32,
        step: u32,
    },
    BandText {
        band: usize,
        field: BandText,
        value: String,
    },
    /// Speerpunt: items in this band are focus points.
    BandFocus {
        band: usize,
        focus: bool,
    },
    BandBound {
        band: usize,
        kind: BoundKind,
        value: f64,
    },
    /// A band before the last (open) one.
    AddBand,
    RemoveBand(usize),
    /// Whether a role is one of the expected raters.
    Rates {
        role: RaterRole,
        rates: bool,
    },
    /// A group at the end of the root list (`parent: None`) or of a group's children.
    AddGroup {
        parent: Option<NodePath>,
        kind: String,
    },
    GroupText {
        group: NodePath,
        field: GroupText,
        value: String,
    },
    MoveGroup {
        group: NodePath,
        direction: Direction,
    },
    /// Into the group above it, as its last child.
    Nest(NodePath),
    /// Out of its parent, right after it.
    Unnest(NodePath),
    RemoveGroup(NodePath),
    AddItem {
        group: NodePath,
    },
    ItemText {
        group: NodePath,
        item: usize,
        field: ItemText,
        value: String,
    },
    /// The indicators as typed: one a line; blank lines are not indicators.
    Indicators {
        group: NodePath,
        item: usize,
        lines: String,
    },
    MoveItem {
        group: NodePath,
        item: usize,
        direction: Direction,
    },
    RemoveItem {
        group: NodePath,
        item: usize,
    },
}

/// Why an edit changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The index or path names nothing (any more).
    Stale,
    /// Moving the first up, the last down, or nesting the first of a list.
    AtEdge,
    /// Nesting would go deeper than [`MAX_DEPTH`].
    TooDeep,
}

fn node_mut<'a>(nodes: &'a mut [Node], path: &[usize]) -> Result<&'a mut Node, Refused> {
    let (first, rest) = path.split_first().ok_or(Refused::Stale)?;
    let mut node = nodes.get_mut(*first).ok_or(Refused::Stale)?;
    for &i in rest {
        node = node.children.get_mut(i).ok_or(Refused::Stale)?;
    }
    Ok(node)
}

/// The list a node is in (the root list or its parent's children) and its index there.
fn siblings_mut<'a>(
    nodes: &'a mut Vec<Node>,
    path: &[usize],
) -> Result<(&'a mut Vec<Node>, usize), Refused> {
    let (&last, parent) = path.split_last().ok_or(Refused::Stale)?;
    let list = if parent.is_empty() {
        nodes
    } else {
        &mut node_mut(nodes, parent)?.children
    };
    if last >= list.len() {
        return Err(Refused::Stale);
    }
    Ok((list, last))
}

fn item_mut<'a>(
    nodes: &'a mut [Node],
    group: &[usize],
    item: usize,
) -> Result<&'a mut Item, Refused> {
    node_mut(nodes, group)?
        .items
        .get_mut(item)
        .ok_or(Refused::Stale)
}

fn swap<T>(list: &mut [T], at: usize, direction: Direction) -> Result<(), Refused> {
    if at >= list.len() {
        return Err(Refused::Stale);
    }
    let other = match direction {
        Direction::Up => at.checked_sub(1),
        Direction::Down => Some(at + 1).filter(|&o| o < list.len()),
    }
    .ok_or(Refused::AtEdge)?;
    list.swap(at, other);
    Ok(())
}

/// How many levels a node and its descendants take.
fn depth(node: &Node) -> usize {
    1 + node.children.iter().map(depth).max().unwrap_or(0)
}

fn all_codes(nodes: &[Node], out: &mut Vec<String>) {
    for n in nodes {
        out.push(n.code.clone());
        out.extend(n.items.iter().map(|i| i.code.clone()));
        all_codes(&n.children, out);
    }
}

/// The first of `prefix1`, `prefix2`, … that no node or item has yet.
fn free_code(f: &Framework, prefix: &str) -> String {
    let mut codes = Vec::new();
    all_codes(&f.nodes, &mut codes);
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|c| !codes.contains(c))
        .expect("some code is free")
}

/// The Quick Scan's bands (below 55, up to 75, above) on the scale, for a new framework.
fn default_bands(scale: &Scale, lang: Lang) -> Vec<Band> {
    let span = f64::from(scale.max.saturating_sub(scale.min));
    let at = |share: f64| (f64::from(scale.min) + span * share).round();
    let band = |id: &str, [label, meaning, advice]: [Key; 3], below, up_to, focus| Band {
        id: id.into(),
        label: text(lang, label).into(),
        meaning: text(lang, meaning).into(),
        advice: text(lang, advice).into(),
        focus,
        below,
        up_to,
    };
    use k::editor as e;
    vec![
        band(
            "laag",
            [e::LOW_LABEL, e::LOW_MEANING, e::LOW_ADVICE],
            Some(at(0.55)),
            None,
            true,
        ),
        band(
            "midden",
            [e::MID_LABEL, e::MID_MEANING, e::MID_ADVICE],
            None,
            Some(at(0.75)),
            true,
        ),
        band(
            "hoog",
            [e::HIGH_LABEL, e::HIGH_MEANING, e::HIGH_ADVICE],
            None,
            None,
            false,
        ),
    ]
}

fn free_band_id(f: &Framework) -> String {
    (1..)
        .map(|n| format!("band-{n}"))
        .find(|id| f.bands.iter().all(|b| b.id != *id))
        .expect("some band id is free")
}

/// Applies one change. A stale index is refused and the framework left as it was.
pub fn apply(f: &mut Framework, edit: Edit) -> Result<(), Refused> {
    match edit {
        Edit::Title(t) => f.title = t,
        Edit::Publisher(p) => f.source.publisher = p,
        Edit::Document(d) => f.source.document = d,
        Edit::Purpose(p) => {
            if p == Purpose::Reflection {
                f.bands.clear();
            }
            f.purpose = p;
        }
        Edit::Scale { min, max, step } => {
            f.scale = Scale {
                min,
                max,
                step,
                unit: f.scale.unit.clone(),
            }
        }
        Edit::BandText { band, field, value } => {
            let b = f.bands.get_mut(band).ok_or(Refused::Stale)?;
            *match field {
                BandText::Label => &mut b.label,
                BandText::Meaning => &mut b.meaning,
                BandText::Advice => &mut b.advice,
            } = value;
        }
        Edit::BandFocus { band, focus } => {
            f.bands.get_mut(band).ok_or(Refused::Stale)?.focus = focus
        }
        Edit::BandBound { band, kind, value } => {
            let b = f.bands.get_mut(band).ok_or(Refused::Stale)?;
            (b.below, b.up_to) = match kind {
                BoundKind::Below => (Some(value), None),
                BoundKind::UpTo => (None, Some(value)),
            };
        }
        Edit::AddBand => {
            let id = free_band_id(f);
            let at = f.bands.len().saturating_sub(1);
            // Its texts start empty: the live problems ask for them.
            f.bands.insert(
                at,
                Band {
                    label: String::new(),
                    meaning: String::new(),
                    advice: String::new(),
                    id,
                    focus: false,
                    below: None,
                    up_to: None,
                },
            );
        }
        Edit::RemoveBand(band) => {
            if band >= f.bands.len() {
                return Err(Refused::Stale);
            }
            f.bands.remove(band);
        }
        Edit::Rates { role, rates } => {
            f.raters.retain(|r| *r != role);
            if rates {
                f.raters.push(role);
                sort_by_key(&mut f.raters, |r| {
                    RaterRole::ALL.iter().position(|a| a == r)
                });
            }
        }
        Edit::AddGroup { parent, kind } => {
            let node = Node {
                code: String::new(),
                kind,
                title: String::new(),
                variants: Vec::new(),
                texts: Vec::new(),
                children: Vec::new(),
                items: Vec::new(),
            };
            let (prefix, list) = match &parent {
                None => (String::new(), &mut f.nodes),
                Some(path) => {
                    if path.len() >= MAX_DEPTH {
                        return Err(Refused::TooDeep);
                    }
                    let p = node_mut(&mut f.nodes, path)?;
                    (format!("{}.", p.code), &mut p.children)
                }
            };
            list.push(node);
            let code = free_code(f, &prefix);
            let mut path = parent.unwrap_or_default();
            let list_len = match path.is_empty() {
                true => f.nodes.len(),
                false => node_mut(&mut f.nodes, &path)?.children.len(),
            };
            path.push(list_len - 1);
            node_mut(&mut f.nodes, &path)?.code = code;
        }
        Edit::GroupText {
            group,
            field,
            value,
        } => {
            let n = node_mut(&mut f.nodes, &group)?;
            *match field {
                GroupText::Code => &mut n.code,
                GroupText::Kind => &mut n.kind,
                GroupText::Title => &mut n.title,
            } = value;
        }
        Edit::MoveGroup { group, direction } => {
            let (list, at) = siblings_mut(&mut f.nodes, &group)?;
            swap(list, at, direction)?;
        }
        Edit::Nest(group) => {
            let (list, at) = siblings_mut(&mut f.nodes, &group)?;
            let above = at.checked_sub(1).ok_or(Refused::AtEdge)?;
            if group.len() + depth(&list[at]) > MAX_DEPTH {
                return Err(Refused::TooDeep);
            }
            let node = list.remove(at);
            list[above].children.push(node);
        }
        Edit::Unnest(group) => {
            let parent_path = group.split_last().map(|(_, p)| p).unwrap_or_default();
            if parent_path.is_empty() {
                return Err(Refused::AtEdge);
            }
            let (list, parent_at) = siblings_mut(&mut f.nodes, parent_path)?;
            let at = *group.last().ok_or(Refused::Stale)?;
            let children = &mut list[parent_at].children;
            if at >= children.len() {
                return Err(Refused::Stale);
            }
            let node = children.remove(at);
            list.insert(parent_at + 1, node);
        }
        Edit::RemoveGroup(group) => {
            let (list, at) = siblings_mut(&mut f.nodes, &group)?;
            list.remove(at);
        }
        Edit::AddItem { group } => {
            let prefix = format!("{}-", node_mut(&mut f.nodes, &group)?.code);
            let code = free_code(f, &prefix);
            node_mut(&mut f.nodes, &group)?.items.push(Item {
                code,
                title: String::new(),
                description: None,
                variants: Vec::new(),
                indicators: Vec::new(),
                indicators_by_variant: Default::default(),
                texts: Vec::new(),
            });
        }
        Edit::ItemText {
            group,
            item,
            field,
            value,
        } => {
            let i = item_mut(&mut f.nodes, &group, item)?;
            *match field {
                ItemText::Code => &mut i.code,
                ItemText::Title => &mut i.title,
            } = value;
        }
        Edit::Indicators { group, item, lines } => {
            item_mut(&mut f.nodes, &group, item)?.indicators = indicator_lines(&lines);
        }
        Edit::MoveItem {
            group,
            item,
            direction,
        } => swap(&mut node_mut(&mut f.nodes, &group)?.items, item, direction)?,
        Edit::RemoveItem { group, item } => {
            let items = &mut node_mut(&mut f.nodes, &group)?.items;
            if item >= items.len() {
                return Err(Refused::Stale);
            }
            items.remove(item);
        }
    }
    Ok(())
}

/// The textarea's text as indicators: one a line, trimmed, blank lines left out.
pub fn indicator_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// What is being edited, and so what saving does. Stored as `{"kind": "copy", "of": …}`; read
/// by hand, because serde's internally tagged enums buffer the whole value in code of their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Origin {
    /// Nieuw kader: stored under an id made from its title.
    New,
    /// Kopie bewerken: a new framework next to the one it was copied from.
    Copy { of: String },
    /// Kader bewerken (a custom framework): saved as its next version, replacing it.
    Edit { id: String },
}

fn origin(v: serde_json::Value) -> json::Read<Origin> {
    let mut o = json::Object::read(v)?;
    let kind = o.field("kind", json::string)?;
    match kind.as_str() {
        "new" => Ok(Origin::New),
        "copy" => Ok(Origin::Copy {
            of: o.field("of", json::string)?,
        }),
        "edit" => Ok(Origin::Edit {
            id: o.field("id", json::string)?,
        }),
        _ => Err(json::ReadError::new(k::reading::NOT_ONE_OF)
            .with("value", kind)
            .with("names", ["new", "copy", "edit"].join(", "))),
    }
}

/// The framework being edited and the states before each change, newest last.
#[derive(Debug, Clone, PartialEq)]
pub struct Editor {
    pub origin: Origin,
    framework: Framework,
    undo: Vec<Framework>,
}

impl Editor {
    pub fn new(origin: Origin, framework: Framework) -> Editor {
        Editor {
            origin,
            framework,
            undo: Vec::new(),
        }
    }

    /// A new framework: one group with one item, ready to be filled in. `year` is the
    /// source's year; the group's kind and the publisher start in the interface language.
    pub fn blank(lang: Lang, year: u16) -> Editor {
        let mut f = Framework {
            schema: None,
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            id: "nieuw".into(),
            version: "1.0.0".into(),
            title: String::new(),
            short_title: None,
            language: lang.tag().into(),
            purpose: Purpose::Reflection,
            source: Source {
                publisher: String::new(),
                year,
                document: text(lang, k::editor::DEFAULT_DOCUMENT).into(),
                note: None,
            },
            about: Vec::new(),
            item_kind: None,
            indicator_lead: None,
            scale: Scale {
                min: 0,
                max: 100,
                step: 5,
                unit: "%".into(),
            },
            bands: Vec::new(),
            difference_threshold: 15,
            anonymous_minimum: None,
            raters: vec![RaterRole::Subject],
            decisive: None,
            extra_roles: Vec::new(),
            variants: Vec::new(),
            nodes: Vec::new(),
        };
        f.purpose = Purpose::Assessment;
        f.bands = default_bands(&f.scale, lang);
        let kind = text(lang, k::editor::DEFAULT_KIND).to_string();
        for edit in [
            Edit::AddGroup { parent: None, kind },
            Edit::AddItem { group: vec![0] },
        ] {
            apply(&mut f, edit).expect("a blank framework takes its first group and item");
        }
        Editor::new(Origin::New, f)
    }

    /// A copy to edit: "(kopie)" after its title, so the two are told apart in every list.
    pub fn copy_of(original: &Framework, lang: Lang) -> Editor {
        let mut f = original.clone();
        f.title = format!("{} {}", f.title, text(lang, k::editor::COPY_SUFFIX));
        f.short_title = None;
        Editor::new(
            Origin::Copy {
                of: original.id.clone(),
            },
            f,
        )
    }

    pub fn framework(&self) -> &Framework {
        &self.framework
    }

    /// Applies a change; only a change that changed something can be undone.
    pub fn apply(&mut self, edit: Edit) -> Result<(), Refused> {
        let before = self.framework.clone();
        apply(&mut self.framework, edit)?;
        if self.framework != before {
            if self.undo.len() == UNDO_DEPTH {
                self.undo.remove(0);
            }
            self.undo.push(before);
        }
        Ok(())
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Takes back the last change; `false` when there is none.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(previous) => {
                self.framework = previous;
                true
            }
            None => false,
        }
    }

    /// Why the framework would be refused as a file, each problem with its place: the same
    /// checks as `Framework::parse`. Saving waits until there are none.
    pub fn problems(&self) -> Vec<Problem> {
        self.framework.problems()
    }
}

/// Which band each of [`PREVIEW_VALUES`] falls into: the index in `bands`, by the same rule
/// the results use (`Framework::band_index`); `None` without verdicts.
pub fn band_preview(f: &Framework) -> Vec<(u32, Option<usize>)> {
    PREVIEW_VALUES
        .iter()
        .map(|&v| (v, f.band_index(f64::from(v))))
        .collect()
}

/// The version an edited framework is saved as: the minor part up, the patch part 0
/// ("1.0.0" → "1.1.0", "2.3.9" → "2.4.0"). One or two parts count as if the rest were 0
/// ("2" → "2.1.0"). Anything else (not numbers, more parts, a number too large) gives
/// "1.0.0": such a version never passed validation, so no scan can refer to it.
pub fn next_version(version: &str) -> String {
    let parts: Option<Vec<u64>> = version
        .trim()
        .split('.')
        .map(|p| {
            (!p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    match parts.as_deref() {
        Some(&[major]) => format!("{major}.1.0"),
        Some(&[major, minor] | &[major, minor, _]) => match minor.checked_add(1) {
            Some(minor) => format!("{major}.{minor}.0"),
            None => "1.0.0".into(),
        },
        _ => "1.0.0".into(),
    }
}

/// The longest id made from a title.
const MAX_ID_CHARS: usize = 40;

/// An id from a title: lower case, accents folded, every run of other characters one `-`
/// ("Zorg & Welzijn – niveau 4" → "zorg-welzijn-niveau-4"); "kader" when nothing is left.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().map(fold) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let cut: String = out.chars().take(MAX_ID_CHARS).collect();
    let cut = cut.trim_end_matches('-');
    if cut.chars().count() < 2 {
        "kader".into()
    } else {
        cut.into()
    }
}

/// Ids a framework cannot have: `#/kaders/nieuw` is the route of "Nieuw kader".
pub const RESERVED_IDS: [&str; 1] = ["nieuw"];

/// The id a new framework or a copy is stored under: its title's [`slug`], with `-2`, `-3`…
/// when that is taken by a bundled or custom framework (or reserved).
pub fn new_id(title: &str, taken: &[&str]) -> String {
    let base = slug(title);
    (1..)
        .map(|n| match n {
            1 => base.clone(),
            n => format!("{base}-{n}"),
        })
        .find(|id| !taken.contains(&id.as_str()) && !RESERVED_IDS.contains(&id.as_str()))
        .expect("some id is free")
}

/// What saving stores, or why not.
#[derive(Debug, Clone, PartialEq)]
pub enum Save {
    /// Store this framework; `replaces` names the custom framework it is the next version of.
    Store {
        framework: Box<Framework>,
        replaces: Option<String>,
    },
    /// The edited custom framework is as stored: nothing to store, no new version.
    Unchanged,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveRefused {
    Problems(Vec<Problem>),
    /// The custom framework being edited is no longer stored (removed meanwhile).
    Gone(String),
}

/// What saving the editor stores. `taken` are the ids of all bundled and custom frameworks;
/// `current` finds a custom framework by id as stored now.
pub fn save<'a>(
    editor: &Editor,
    taken: &[&str],
    current: impl Fn(&str) -> Option<&'a Framework>,
) -> Result<Save, SaveRefused> {
    let mut f = editor.framework.clone();
    match &editor.origin {
        Origin::New | Origin::Copy { .. } => f.id = new_id(&f.title, taken),
        Origin::Edit { id } => {
            let stored = current(id).ok_or_else(|| SaveRefused::Gone(id.clone()))?;
            f.id = id.clone();
            f.version = stored.version.clone();
            if f == *stored {
                return Ok(Save::Unchanged);
            }
            f.version = next_version(&stored.version);
        }
    }
    let problems = f.problems();
    if !problems.is_empty() {
        return Err(SaveRefused::Problems(problems));
    }
    let replaces = match &editor.origin {
        Origin::Edit { id } => Some(id.clone()),
        Origin::New | Origin::Copy { .. } => None,
    };
    Ok(Save::Store {
        framework: Box::new(f),
        replaces,
    })
}

pub const PENDING_VERSION: u32 = 1;

/// An unsaved edit as stored on every change, so a reload or a closed tab resumes it. The
/// framework is kept as edited, valid or not; the undo stack is not kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pending {
    version: u32,
    pub origin: Origin,
    pub framework: Framework,
}

pub fn encode_pending(editor: &Editor) -> String {
    serde_json::to_string(&Pending {
        version: PENDING_VERSION,
        origin: editor.origin.clone(),
        framework: editor.framework.clone(),
    })
    .expect("a framework serialises")
}

/// The stored edit as an editor (no undo); a newer or unreadable one is reported and the
/// caller leaves it stored.
pub fn decode_pending(raw: &str) -> Result<Editor, DecodeError> {
    let (value, _) = open(raw, PENDING_VERSION)?;
    read_with(value, pending)
}

fn pending(v: serde_json::Value) -> json::Read<Editor> {
    let mut o = json::Object::read(v)?;
    Ok(Editor::new(
        o.field("origin", origin)?,
        o.field("framework", super::framework::read::framework)?,
    ))
}
