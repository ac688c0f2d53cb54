//! Ondertekenen: signing a rater's column on this device when they finish (afronden), and the
//! seal line per finished column on the results screen. Signing never holds up finishing: it
//! runs after the finished draft is stored, with a note ("nog te ondertekenen",
//! `core::to_sign`) stored just before it, so a signature the page could not finish (a locked
//! phone, a closed tab) is made on the app's next start. Where the device cannot sign, the
//! column stays unsigned and the scan screen says why.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::drafts::{Drafts, SelectedScan};
use super::i18n::{k, t, tf};
use super::scan::rater_label;
use super::trusted::{trusted_label, Trusted};
use crate::core::rater::{Rater, RaterId, RaterRole};
use crate::core::scan::Scan;
use crate::core::signature::{
    canonical_bytes, changed_items, check, same_device, signed_copy, ColumnSeal, ColumnSignature,
    SealCheck, Verification, VerifyRequest,
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
                    n.0.iter()
                        .any(|noted| !matches!(ToSign::due(noted, scans), Due::Sign(_)))
                })
            });
            if stale {
                signer.prune();
            }
        });
        // What an earlier page finished and could not sign.
        let due = drafts
            .scans()
            .with_untracked(|scans| signer.notes.with_untracked(|n| n.to_sign(scans)));
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
            drafts.scans().with_untracked(|scans| n.prune(scans));
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
                    signer.update(|n| {
                        n.note(scan, rater);
                    });
                }
            },
        );
        if !finished {
            return;
        }
        let signed = self
            .drafts
            .select(id)
            .with_untracked(|s| s.and_then(|s| Some(canonical_bytes(s, s.rater(rater)?))));
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
            let signature = async {
                let device = device_key::device_key().await?;
                let value = device_key::sign(&device, &bytes).await?;
                // WebCrypto's key and value have the agreed form; anything else is no signature.
                ColumnSignature::es256(device.public_key(), &value)
                    .map_err(|e| KeyError::Crypto(format!("{e:?}")))
            };
            match signature.await {
                Ok(signature) => {
                    signer.drafts.change(&id, |s, _| {
                        s.seal_column(&rater, signature, &bytes);
                    });
                    signer.prune();
                }
                Err(e) => signer.failed.update(|f| {
                    f.insert(key.clone(), e);
                }),
            }
            signer.running.update(|r| {
                r.remove(&key);
            });
        });
    }

    /// Why `rater`'s finished column of `scan` has no signature (tracked).
    pub fn unsigned(&self, scan: &Scan, rater: &RaterId) -> Unsigned {
        let key = (scan.id.clone(), rater.clone());
        let noted = self.notes.with(|n| n.is_due(scan, rater));
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

pub(super) fn verdict(seal: &ColumnSeal) -> String {
    match seal {
        ColumnSeal::Unsigned => t(k::seal::UNSIGNED).to_string(),
        ColumnSeal::Intact(fingerprint) => tf(
            k::seal::INTACT,
            &[("fingerprint", &fingerprint.to_string())],
        ),
        ColumnSeal::Changed { items } if items.is_empty() => t(k::seal::CHANGED).to_string(),
        ColumnSeal::Changed { items } => {
            tf(k::seal::CHANGED_ITEMS, &[("items", &items.join(", "))])
        }
        ColumnSeal::Unverifiable(alg) => tf(k::seal::UNVERIFIABLE, &[("alg", alg)]),
    }
}

/// A column's seal: decided, or after the platform's verify call.
pub(super) async fn decided(check: SealCheck) -> ColumnSeal {
    match check {
        SealCheck::Decided(seal) => seal,
        SealCheck::Verify(request) => verified(&request).await,
    }
}

/// One column to seal, as it is now.
#[derive(Clone, PartialEq)]
struct Column {
    rater: RaterId,
    name: String,
    check: SealCheck,
    /// A copy of the column carrying the same signature (`signed_copy`), its check, and the
    /// column now: if the copy is intact, the items that differ from it are what was changed.
    copy: Option<(SealCheck, Rater, Rater)>,
    /// The person's own column's check when this column claims the same key (`same_device`).
    own: Option<SealCheck>,
}

impl Column {
    fn of(scan: &Scan, rater: &Rater, elsewhere: Option<&Scan>) -> Column {
        let copy = elsewhere.and_then(|e| {
            signed_copy(e, rater)
                .map(|c| (check(e, c, c.signature.as_ref()), c.clone(), rater.clone()))
        });
        Column {
            rater: rater.id.clone(),
            name: rater.name.clone(),
            check: check(scan, rater, rater.signature.as_ref()),
            copy,
            own: scan
                .primary(RaterRole::Subject)
                .filter(|_| same_device(scan, rater))
                .map(|o| check(scan, o, o.signature.as_ref())),
        }
    }

    async fn seal(self) -> ColumnSeal {
        let seal = decided(self.check).await;
        let Some((copy, signed, now)) = self
            .copy
            .filter(|_| matches!(seal, ColumnSeal::Changed { .. }))
        else {
            return seal;
        };
        match decided(copy).await {
            ColumnSeal::Intact(_) => ColumnSeal::Changed {
                items: changed_items(&signed, &now),
            },
            _ => seal,
        }
    }

    /// The seal, and whether this column and the person's own hold under one key: "op
    /// hetzelfde apparaat ingevuld" is said only then, so a forged column cannot claim it.
    async fn seal_and_same_device(self) -> (ColumnSeal, bool) {
        let own = self.own.clone();
        let seal = self.seal().await;
        let same = match own {
            Some(own) if matches!(seal, ColumnSeal::Intact(_)) => {
                matches!(decided(own).await, ColumnSeal::Intact(_))
            }
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
    let seal = LocalResource::new(move || column.clone().seal_and_same_device());
    let trusted = Trusted::get();
    move || {
        let Some((seal, same)) = seal.get() else {
            return t(k::seal::CHECKING).to_string();
        };
        let mut parts = vec![verdict(&seal)];
        if matches!(seal, ColumnSeal::Intact(_)) {
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
    let who = if column.name.trim().is_empty() {
        rater_label(&column.rater).to_string()
    } else {
        format!("{} ({})", rater_label(&column.rater), column.name.trim())
    };
    let testid = format!("seal-{}", column.rater.as_str());
    view! {
        <li data-testid=testid>
            {who} ": " <Verdict column />
        </li>
    }
}

/// Every finished column of `scan`, with its copy in `elsewhere` where there is one.
fn finished_columns(scan: &Scan, elsewhere: Option<&Scan>) -> Vec<Column> {
    scan.raters
        .iter()
        .filter(|r| r.finished.is_some())
        .map(|r| Column::of(scan, r, elsewhere))
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

/// Ondertekening: per finished column whether its signature holds for it as it is now.
#[component]
pub fn SealLines(scan: SelectedScan) -> impl IntoView {
    let columns =
        Memo::new(move |_| scan.with(|s| s.map(|s| finished_columns(s, None)).unwrap_or_default()));
    move || seal_list(columns.get())
}

/// The seals of a file's scan before it is taken in; where this device holds the same scan, a
/// column it holds with the same intact signature names the items the file changed.
#[component]
pub fn FileSeals(file: Scan, here: Option<Scan>) -> impl IntoView {
    seal_list(finished_columns(&file, here.as_ref()))
}

/// The seal under a signature line of the report: of the role's primary column, if there is one.
pub fn report_seal(scan: &Scan, role: RaterRole) -> Option<impl IntoView> {
    let rater = scan.primary(role)?;
    let column = Column::of(scan, rater, None);
    Some(view! {
        <p class="sig-seal" data-testid=format!("report-seal-{}", rater.id.as_str())>
            <Verdict column />
        </p>
    })
}
