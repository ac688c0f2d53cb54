//! Ondertekenen: signing a rater's column on this device when they finish (afronden), and the
//! seal line per finished column on the results screen. Signing never holds up finishing: it
//! runs after the finished draft is stored, with a note ("nog te ondertekenen",
//! `core::to_sign`) stored just before it, so a signature the page could not finish (a locked
//! phone, a closed tab) is made on the app's next start. Where the device cannot sign, the
//! column stays unsigned and the scan screen says why.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::drafts::{Drafts, SelectedScan};
use super::i18n::{k, t, tf};
use super::raters::rater_label;
use super::signing::SignFailed;
use super::trusted::{trusted_label, Trusted};
use crate::core::framework::Framework;
use crate::core::rater::{Rater, RaterId, RaterRole};
use crate::core::scan::Scan;
use crate::core::signature::{
    canonical_bytes, carrier, check, reword, same_device, CanonicalForm, Carrier, ColumnSeal,
    ColumnSignature, SealCheck, Verification, VerifyRequest,
};
use crate::core::stored::DecodeError;
use crate::core::time::Timestamp;
use crate::core::to_sign::{Due, ToSign, TO_SIGN_KEY};
use crate::platform::device_key::{self, KeyError};
use crate::platform::storage;

/// One column: draft id and rater.
type ColumnKey = (String, RaterId);

/// Why a finished column of this device has no signature (yet), for the scan screen.
#[derive(Clone, PartialEq)]
pub enum Unsigned {
    /// This page is signing it now.
    Signing,
    /// Noted and still as finished: signed on the app's next start.
    NextStart,
    /// This device cannot sign; why.
    Cannot(KeyError),
    /// Not noted: changed after finishing (which drops a signature), or finished elsewhere.
    Changed,
}

/// Signing on this device, in context: the stored notes of columns still to sign, which this
/// page is signing now and which failed (with the device's reason). Made once per page with
/// the drafts it signs in; on creation it signs every noted column that is still finished,
/// unsigned and as finished.
#[derive(Clone, Copy)]
pub struct Signer {
    drafts: Drafts,
    notes: RwSignal<ToSign>,
    /// Why the stored notes cannot be read (newer app, corrupt); then they are never written.
    locked: StoredValue<Option<DecodeError>>,
    running: RwSignal<HashSet<ColumnKey>>,
    failed: RwSignal<HashMap<ColumnKey, KeyError>>,
}

impl Signer {
    pub fn provide(drafts: Drafts) -> Signer {
        let raw = storage::get(TO_SIGN_KEY).ok().flatten();
        let (notes, locked) = ToSign::open_stored(raw.as_deref());
        let signer = Signer {
            drafts,
            notes: RwSignal::new(notes),
            locked: StoredValue::new(locked),
            running: RwSignal::new(HashSet::new()),
            failed: RwSignal::new(HashMap::new()),
        };
        provide_context(signer);
        // A noted column reopened, changed or deleted is not signed: its note goes.
        Effect::new(move |_| {
            let stale = drafts.scans().with(|scans| {
                signer.notes.with_untracked(|n| {
                    n.0.iter().any(|noted| {
                        !matches!(
                            ToSign::due(noted, scans, &drafts_framework(drafts)),
                            Due::Sign(_)
                        )
                    })
                })
            });
            if stale {
                signer.prune();
            }
        });
        // What an earlier page finished and could not sign.
        let due = drafts.scans().with_untracked(|scans| {
            signer
                .notes
                .with_untracked(|n| n.to_sign(scans, &drafts_framework(drafts)))
        });
        for (noted, bytes) in due {
            signer.start(noted.scan, noted.rater, bytes);
        }
        signer
    }

    /// For a component's body only.
    pub fn get() -> Signer {
        expect_context()
    }

    /// Why the stored notes are left alone, in the current language.
    pub fn locked_message(&self) -> Option<String> {
        self.locked.with_value(|l| {
            l.as_ref().map(|e| match e {
                DecodeError::Newer(v) => tf(k::seal::TO_SIGN_NEWER, &[("version", &v.to_string())]),
                DecodeError::Corrupt(_) => t(k::seal::TO_SIGN_CORRUPT).to_string(),
            })
        })
    }

    /// Changes the notes as stored now (another tab may have written them), then writes them;
    /// an unreadable stored document is left alone and the notes live in memory only.
    fn update(&self, f: impl FnOnce(&mut ToSign)) {
        if self.locked.with_value(Option::is_none) {
            let stored = storage::get(TO_SIGN_KEY).ok().flatten();
            match ToSign::open_stored(stored.as_deref()) {
                (mut current, None) => {
                    f(&mut current);
                    // Best effort: a note that cannot be written costs the resumed signature only.
                    let _ = storage::set(TO_SIGN_KEY, &current.encode());
                    self.notes.set(current);
                    return;
                }
                (_, Some(e)) => self.locked.set_value(Some(e)),
            }
        }
        self.notes.update(f);
    }

    fn prune(&self) {
        let drafts = self.drafts;
        self.update(|n| {
            drafts
                .scans()
                .with_untracked(|scans| n.prune(scans, &drafts_framework(drafts)));
        });
    }

    /// Finishes `rater`'s column of draft `id` with `finish` (true when it finished): the note
    /// is stored just before the finished draft, then the column is signed.
    pub fn finish(
        &self,
        id: &str,
        rater: &RaterId,
        finish: impl FnOnce(&mut Scan, Timestamp) -> bool,
    ) {
        let mut finished = false;
        let signer = *self;
        self.drafts.change_with(
            id,
            |s, now| finished = finish(s, now),
            |scan| {
                if scan
                    .rater(rater)
                    .is_some_and(|r| r.finished.is_some() && r.signature.is_none())
                {
                    if let Some(framework) = signer.drafts.framework_for(&scan.framework) {
                        signer.update(|n| {
                            n.note(scan, &framework, rater);
                        });
                    }
                }
            },
        );
        if !finished {
            return;
        }
        let drafts = self.drafts;
        let signed = drafts.select(id).with_untracked(|s| {
            let s = s?;
            let framework = drafts.framework_for(&s.framework)?;
            Some(canonical_bytes(s, &framework, s.rater(rater)?))
        });
        if let Some(bytes) = signed {
            self.start(id.to_string(), rater.clone(), bytes);
        }
    }

    /// Signs `bytes` (the column's canonical bytes) and puts the signature on if the column is
    /// still what was signed (`Scan::seal_column`); then its note goes.
    fn start(&self, id: String, rater: RaterId, bytes: Vec<u8>) {
        let key = (id.clone(), rater.clone());
        if self.running.with_untracked(|r| r.contains(&key)) {
            return;
        }
        self.running.update(|r| {
            r.insert(key.clone());
        });
        self.failed.update(|f| {
            f.remove(&key);
        });
        let signer = *self;
        spawn_local(async move {
            let signature = super::signing::sign(bytes.clone()).await;
            match signature {
                Ok(signature) => {
                    let drafts = signer.drafts;
                    let framework = drafts
                        .select(&id)
                        .with_untracked(|s| s.and_then(|s| drafts.framework_for(&s.framework)));
                    if let Some(framework) = framework {
                        drafts.change(&id, |s, _| {
                            let signature = signature.made_for(s, &rater);
                            s.seal_column(&rater, &framework, signature, &bytes);
                        });
                    }
                    signer.prune();
                }
                Err(SignFailed::Device(e)) => signer.failed.update(|f| {
                    f.insert(key.clone(), e);
                }),
                // The note stays: signed on a later start.
                Err(SignFailed::NotLoaded) => {}
            }
            signer.running.update(|r| {
                r.remove(&key);
            });
        });
    }

    /// Why `rater`'s finished column of `scan` has no signature (tracked).
    pub fn unsigned(&self, scan: &Scan, rater: &RaterId) -> Unsigned {
        let key = (scan.id.clone(), rater.clone());
        let noted = self
            .notes
            .with(|n| n.is_due(scan, rater, &drafts_framework(self.drafts)));
        // A signature over content changed since would not be put on: not "being signed".
        // Without readable notes, a running one is taken to be for this content.
        let current = noted || self.locked.with_value(Option::is_some);
        if current && self.running.with(|r| r.contains(&key)) {
            Unsigned::Signing
        } else if let Some(e) = self.failed.with(|f| f.get(&key).cloned()) {
            Unsigned::Cannot(e)
        } else if noted {
            Unsigned::NextStart
        } else {
            Unsigned::Changed
        }
    }
}

/// The framework of a draft, as its columns' signatures cover it.
pub(super) fn drafts_framework(drafts: Drafts) -> impl Fn(&Scan) -> Option<Arc<Framework>> {
    move |s: &Scan| drafts.framework_for(&s.framework)
}

/// The platform's verify call for one column's signature.
async fn verified(request: &VerifyRequest) -> ColumnSeal {
    let answer = device_key::verify(
        request.public_key.as_bytes(),
        &request.message,
        request.value.as_bytes(),
    )
    .await;
    request.seal(match answer {
        Ok(true) => Verification::Valid,
        Ok(false) => Verification::Invalid,
        Err(_) => Verification::Failed,
    })
}

pub(super) fn verdict(seal: &ColumnSeal, titles: &ItemTitles) -> String {
    match seal {
        ColumnSeal::Unsigned => t(k::seal::UNSIGNED).to_string(),
        ColumnSeal::Intact(fingerprint, form) => tf(
            match form {
                CanonicalForm::V1 => k::seal::INTACT_V1,
                CanonicalForm::V2 => k::seal::INTACT,
            },
            &[("fingerprint", &fingerprint.to_string())],
        ),
        ColumnSeal::Changed { items } if items.is_empty() => t(k::seal::CHANGED).to_string(),
        ColumnSeal::Changed { items } => tf(
            k::seal::CHANGED_ITEMS,
            &[("items", &titles.names(items).join(", "))],
        ),
        ColumnSeal::NotThisColumn => t(k::seal::NOT_THIS_COLUMN).to_string(),
        ColumnSeal::DoesNotHold => t(k::seal::DOES_NOT_HOLD).to_string(),
        ColumnSeal::Unverifiable(alg) => tf(k::seal::UNVERIFIABLE, &[("alg", alg)]),
    }
}

/// Item codes with their titles, to name changed items ("1.1-2 Signaleert problemen").
#[derive(Clone, Default, PartialEq)]
pub(super) struct ItemTitles(BTreeMap<String, String>);

impl ItemTitles {
    pub(super) fn of(framework: Option<&Framework>) -> ItemTitles {
        ItemTitles(
            framework
                .map(|f| {
                    f.items(None)
                        .into_iter()
                        .map(|i| (i.code.clone(), i.title.clone()))
                        .collect()
                })
                .unwrap_or_default(),
        )
    }

    /// Each code with its title where the framework has it.
    pub(super) fn names(&self, codes: &[String]) -> Vec<String> {
        codes
            .iter()
            .map(|code| match self.0.get(code) {
                Some(title) => tf(k::seal::ITEM, &[("code", code), ("title", title)]),
                None => code.clone(),
            })
            .collect()
    }
}

/// A column's seal: decided, or after the platform's verify call.
pub(super) async fn decided(check: SealCheck) -> ColumnSeal {
    match check {
        SealCheck::Decided(seal) => seal,
        SealCheck::Verify(request) => verified(&request).await,
    }
}

/// What this device holds to word a seal that does not hold: its drafts and their frameworks.
pub(super) struct Device<'a> {
    pub scans: &'a [Scan],
    pub framework_of: &'a dyn Fn(&Scan) -> Option<Arc<Framework>>,
}

impl Device<'_> {
    /// The columns on this device other than `rater`'s own in `scan` (when `scan` is one of
    /// them) that carry its signature value, each with its check.
    pub(super) fn carriers(&self, scan: &Scan, rater: &Rater) -> Vec<(Carrier, SealCheck, Rater)> {
        if !matches!(rater.signature, Some(ColumnSignature::Known { .. })) {
            return Vec::new();
        }
        self.scans
            .iter()
            .flat_map(|d| d.raters.iter().map(move |c| (d, c)))
            // The column itself, or an identical copy of it, tells nothing more.
            .filter(|(d, c)| !(d.id == scan.id && *c == rater))
            .filter_map(|(d, c)| {
                let carrier = carrier(scan, rater, d, c)?;
                let framework = (self.framework_of)(d);
                Some((
                    carrier,
                    check(d, framework.as_deref(), c, c.signature.as_ref()),
                    c.clone(),
                ))
            })
            .collect()
    }
}

/// The seal of a column that may not hold, worded by the other columns carrying its
/// signature (`Device::carriers`): changed (with the items) where this device holds the signed
/// copy, not belonging where the signature verifies on another column.
pub(super) async fn worded(
    seal: ColumnSeal,
    now: &Rater,
    carriers: Vec<(Carrier, SealCheck, Rater)>,
) -> ColumnSeal {
    if !matches!(seal, ColumnSeal::DoesNotHold | ColumnSeal::NotThisColumn) {
        return seal;
    }
    let mut holding = Vec::new();
    for (carrier, check, rater) in carriers {
        if decided(check).await.is_intact() {
            holding.push((carrier, rater));
        }
    }
    let holding: Vec<(Carrier, &Rater)> = holding.iter().map(|(c, r)| (*c, r)).collect();
    reword(seal, now, &holding)
}

/// One column to seal, as it is now.
#[derive(Clone, PartialEq)]
struct Column {
    rater: RaterId,
    role: RaterRole,
    name: String,
    /// Not finished (never, or reopened) and not blank: no signature holds for it, and the
    /// line says so (with the day it was reopened, when it was).
    open: Option<Option<Timestamp>>,
    check: SealCheck,
    now: Rater,
    /// The other columns on this device carrying the same signature value, with their checks.
    carriers: Vec<(Carrier, SealCheck, Rater)>,
    /// The person's own column's check when this column claims the same key (`same_device`).
    own: Option<SealCheck>,
    titles: ItemTitles,
}

impl Column {
    fn of(scan: &Scan, framework: Option<&Framework>, rater: &Rater, device: &Device) -> Column {
        let carriers = device.carriers(scan, rater);
        Column {
            rater: rater.id.clone(),
            role: rater.role,
            name: rater.name.clone(),
            open: (rater.finished.is_none() && !rater.is_blank()).then_some(rater.reopened),
            check: check(scan, framework, rater, rater.signature.as_ref()),
            titles: if carriers.is_empty() {
                ItemTitles::default()
            } else {
                ItemTitles::of(framework)
            },
            now: rater.clone(),
            carriers,
            own: scan
                .primary(RaterRole::Subject)
                .filter(|_| same_device(scan, rater))
                .map(|o| check(scan, framework, o, o.signature.as_ref())),
        }
    }

    async fn seal(self) -> ColumnSeal {
        let seal = decided(self.check).await;
        worded(seal, &self.now, self.carriers).await
    }

    /// The seal, and whether this column and the person's own hold under one key: "op
    /// hetzelfde apparaat ingevuld" is said only then, so a forged column cannot claim it.
    async fn seal_and_same_device(self) -> (ColumnSeal, bool) {
        let own = self.own.clone();
        let seal = self.seal().await;
        let same = match own {
            Some(own) if seal.is_intact() => decided(own).await.is_intact(),
            _ => false,
        };
        (seal, same)
    }
}

/// A column's verdict, checked once (the caller rebuilds it when the column changes): then,
/// for an intact column whose key this device trusts, its name, and whether it was filled in
/// on the person's own device.
#[component]
fn Verdict(column: Column) -> impl IntoView {
    let key = match &column.check {
        SealCheck::Verify(request) => Some(request.public_key.clone()),
        SealCheck::Decided(_) => None,
    };
    let open = column.open;
    let titles = column.titles.clone();
    let seal = LocalResource::new(move || column.clone().seal_and_same_device());
    let trusted = Trusted::get();
    move || {
        match open {
            Some(Some(at)) => {
                return tf(k::seal::REOPENED, &[("date", &at.date().to_string())]);
            }
            Some(None) => return t(k::seal::NOT_FINISHED).to_string(),
            None => {}
        }
        let Some((seal, same)) = seal.get() else {
            return t(k::seal::CHECKING).to_string();
        };
        let mut parts = vec![verdict(&seal, &titles)];
        if seal.is_intact() {
            parts.extend(
                key.as_ref()
                    .and_then(|key| trusted.name_of(key))
                    .map(|n| trusted_label(&n)),
            );
        }
        if same {
            parts.push(t(k::seal::SAME_DEVICE).to_string());
        }
        parts.join(" · ")
    }
}

#[component]
fn SealLine(column: Column) -> impl IntoView {
    let label = rater_label(&column.rater, column.role);
    let who = if column.name.trim().is_empty() {
        label.to_string()
    } else {
        format!("{label} ({})", column.name.trim())
    };
    let testid = format!("seal-{}", column.rater.as_str());
    view! {
        <li data-testid=testid>
            {who} ": " <Verdict column />
        </li>
    }
}

/// Every finished column of `scan`, and every column with content that is not finished (never
/// or reopened: it says no signature holds), checked against the columns on `device`.
fn seal_columns(scan: &Scan, framework: Option<&Framework>, device: &Device) -> Vec<Column> {
    scan.raters
        .iter()
        .filter(|r| r.finished.is_some() || !r.is_blank())
        .map(|r| Column::of(scan, framework, r, device))
        .collect()
}

fn seal_list(columns: Vec<Column>) -> Option<impl IntoView> {
    (!columns.is_empty()).then(|| {
        view! {
            <h2>{t(k::seal::TITLE)}</h2>
            <ul class="seals">
                {columns.into_iter().map(|column| view! { <SealLine column /> }).collect_view()}
            </ul>
        }
    })
}

/// Ondertekening: per column whether its signature holds for it as it is now.
#[component]
pub fn SealLines(scan: SelectedScan) -> impl IntoView {
    let drafts = Drafts::get();
    let columns = Memo::new(move |_| {
        drafts.scans().with(|all| {
            scan.with(|s| {
                s.map(|s| {
                    let framework = drafts.framework_for(&s.framework);
                    let framework_of = drafts_framework(drafts);
                    let device = Device {
                        scans: all,
                        framework_of: &framework_of,
                    };
                    seal_columns(s, framework.as_deref(), &device)
                })
                .unwrap_or_default()
            })
        })
    });
    move || seal_list(columns.get())
}

/// The seals of a file's scan before it is taken in, checked against the columns on this
/// device: a copy of a column with the same intact signature names the items the file changed;
/// the signature intact on another column says it does not belong here.
#[component]
pub fn FileSeals(
    file: Scan,
    /// The framework the file carries; else the one this device has for its hash.
    #[prop(optional)]
    framework: Option<Arc<Framework>>,
) -> impl IntoView {
    let drafts = Drafts::get();
    let framework = framework.or_else(|| drafts.framework_for(&file.framework));
    let framework_of = drafts_framework(drafts);
    let columns = drafts.scans().with_untracked(|all| {
        let device = Device {
            scans: all,
            framework_of: &framework_of,
        };
        seal_columns(&file, framework.as_deref(), &device)
    });
    seal_list(columns)
}

/// The seal under a signature line of the report: of the role's primary column, if there is one.
pub fn report_seal(scan: &Scan, role: RaterRole) -> Option<impl IntoView> {
    let rater = scan.primary(role)?.id.clone();
    let scan = scan.clone();
    Some(view! { <ReportSeal scan rater /> })
}

#[component]
fn ReportSeal(scan: Scan, rater: RaterId) -> impl IntoView {
    let drafts = Drafts::get();
    let framework = drafts.framework_for(&scan.framework);
    let framework_of = drafts_framework(drafts);
    let column = drafts.scans().with_untracked(|all| {
        let device = Device {
            scans: all,
            framework_of: &framework_of,
        };
        scan.rater(&rater)
            .map(|r| Column::of(&scan, framework.as_deref(), r, &device))
    });
    column.map(|column| {
        view! {
            <p class="sig-seal" data-testid=format!("report-seal-{}", rater.as_str())>
                <Verdict column />
            </p>
        }
    })
}
