//! Ondertekenen: signing a rater's column on this device when they finish (afronden), and the
//! seal line per finished column on the results screen. Signing never holds up finishing: it
//! runs after the finished draft is stored, and where the device cannot sign the column simply
//! stays unsigned.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::drafts::{Drafts, SelectedScan};
use super::i18n::{k, t, tf};
use super::scan::rater_label;
use crate::core::rater::RaterId;
use crate::core::signature::{
    canonical_bytes, check, ColumnSeal, ColumnSignature, SealCheck, Verification, VerifyRequest,
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

fn verdict(seal: &ColumnSeal) -> String {
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
/// the line when the column changes).
#[component]
fn SealLine(rater: RaterId, name: String, check: SealCheck) -> impl IntoView {
    let seal = LocalResource::new(move || {
        let check = check.clone();
        async move {
            match check {
                SealCheck::Decided(seal) => seal,
                SealCheck::Verify(request) => verified(&request).await,
            }
        }
    });
    let who = if name.trim().is_empty() {
        rater_label(&rater).to_string()
    } else {
        format!("{} ({})", rater_label(&rater), name.trim())
    };
    view! {
        <li data-testid=format!("seal-{}", rater.as_str())>
            {who} ": "
            {move || seal.get().map_or_else(|| t(k::seal::CHECKING).to_string(), |s| verdict(&s))}
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
                        (
                            r.id.clone(),
                            r.name.clone(),
                            check(s, r, r.signature.as_ref()),
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
                        .map(|(rater, name, check)| view! { <SealLine rater name check /> })
                        .collect_view()}
                </ul>
            }
        })
    }
}
