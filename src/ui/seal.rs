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
use crate::core::rater::{RaterId, RaterRole};
use crate::core::signature::{
    canonical_bytes, check, same_device, ColumnSeal, ColumnSignature, SealCheck, Verification,
    VerifyRequest,
};
use crate::platform::device_key;

/// Signs `rater`'s column of draft `id` as it is stored now (just finished) and puts the
/// signature on it if the column is still what was signed (`Scan::seal_column`).
pub fn sign_column(drafts: Drafts, id: String, rater: RaterId) {
    let Some(signed) = drafts
        .select(&id)
        .with_untracked(|s| s.and_then(|s| Some(canonical_bytes(s, s.rater(&rater)?))))
    else {
        return;
    };
    spawn_local(async move {
        let Ok(key) = device_key::device_key().await else {
            return;
        };
        let Ok(value) = device_key::sign(&key, &signed).await else {
            return;
        };
        // WebCrypto's key and value have the agreed form; anything else is no signature.
        let Ok(signature) = ColumnSignature::es256(key.public_key(), &value) else {
            return;
        };
        drafts.change(&id, |s, _| {
            s.seal_column(&rater, signature, &signed);
        });
    });
}

/// A column's seal: decided, or after the platform's verify call.
pub(super) async fn resolved(check: SealCheck) -> ColumnSeal {
    match check {
        SealCheck::Decided(seal) => seal,
        SealCheck::Verify(request) => verified(&request).await,
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

/// One finished column's seal, checked once per content of the column (the caller rebuilds
/// the line when the column changes). `own` is the person's own column's check when this
/// column claims the same key (`same_device`): "op hetzelfde apparaat ingevuld" is said only
/// when both signatures hold, so a forged column cannot claim it for someone else's.
#[component]
fn SealLine(
    rater: RaterId,
    name: String,
    check: SealCheck,
    own: Option<SealCheck>,
) -> impl IntoView {
    let key = match &check {
        SealCheck::Verify(request) => Some(request.public_key.clone()),
        SealCheck::Decided(_) => None,
    };
    let seal = LocalResource::new(move || {
        let (check, own) = (check.clone(), own.clone());
        async move {
            let seal = resolved(check).await;
            let same = match own {
                Some(own) if matches!(seal, ColumnSeal::Intact(_)) => {
                    matches!(resolved(own).await, ColumnSeal::Intact(_))
                }
                _ => false,
            };
            (seal, same)
        }
    });
    let trusted = Trusted::get();
    let who = if name.trim().is_empty() {
        rater_label(&rater).to_string()
    } else {
        format!("{} ({})", rater_label(&rater), name.trim())
    };
    let line = move || {
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
    };
    view! {
        <li data-testid=format!("seal-{}", rater.as_str())>
            {who} ": " {line}
        </li>
    }
}

/// Ondertekening: per finished column whether its signature holds for it as it is now.
#[component]
pub fn SealLines(scan: SelectedScan) -> impl IntoView {
    let columns = Memo::new(move |_| {
        scan.with(|s| {
            s.map(|s| {
                s.raters
                    .iter()
                    .filter(|r| r.finished.is_some())
                    .map(|r| {
                        let own = s
                            .primary(RaterRole::Subject)
                            .filter(|_| same_device(s, r))
                            .map(|o| check(s, o, o.signature.as_ref()));
                        (
                            r.id.clone(),
                            r.name.clone(),
                            check(s, r, r.signature.as_ref()),
                            own,
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
        })
    });
    move || {
        let columns = columns.get();
        (!columns.is_empty()).then(|| {
            view! {
                <h2>{t(k::seal::TITLE)}</h2>
                <ul class="seals">
                    {columns
                        .into_iter()
                        .map(|(rater, name, check, own)| view! { <SealLine rater name check own /> })
                        .collect_view()}
                </ul>
            }
        })
    }
}
