//! Ondertekenen: signing a rater's column on this device when they finish (afronden), and the
//! seal line per finished column on the results screen. Signing never holds up finishing: it
//! runs after the finished draft is stored, and where the device cannot sign the column simply
//! stays unsigned.

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
use crate::platform::device_key;

/// Signs `rater`'s column of draft `id` as it is stored now (just finished) and puts the
/// signature on it if the column is still what was signed (`Scan::seal_column`). `signing` is
/// true while that runs, so the screen does not call the column unsigned meanwhile.
pub fn sign_column(drafts: Drafts, id: String, rater: RaterId, signing: RwSignal<bool>) {
    let Some(signed) = drafts
        .select(&id)
        .with_untracked(|s| s.and_then(|s| Some(canonical_bytes(s, s.rater(&rater)?))))
    else {
        return;
    };
    signing.set(true);
    spawn_local(async move {
        let signature = async {
            let key = device_key::device_key().await.ok()?;
            let value = device_key::sign(&key, &signed).await.ok()?;
            // WebCrypto's key and value have the agreed form; anything else is no signature.
            ColumnSignature::es256(key.public_key(), &value).ok()
        };
        if let Some(signature) = signature.await {
            drafts.change(&id, |s, _| {
                s.seal_column(&rater, signature, &signed);
            });
        }
        signing.set(false);
    });
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
