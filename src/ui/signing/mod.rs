//! Signing's chunk: the device key (IndexedDB), WebCrypto's ECDSA and the signature's form.
//! Fetched the first time a column is signed on this device, not to show the start page.

use std::future::Future;
use std::pin::Pin;

use leptos::wasm_split::SplitLoaderError;

use crate::core::signature::ColumnSignature;
use crate::platform::device_key::{self, KeyError};

/// Why no signature was made.
pub enum SignFailed {
    /// This device cannot sign; why.
    Device(KeyError),
    /// The chunk could not be fetched (offline before the app was fully installed): the column
    /// stays noted and is signed on a later start.
    NotLoaded,
}

impl From<SplitLoaderError> for SignFailed {
    fn from(_: SplitLoaderError) -> Self {
        SignFailed::NotLoaded
    }
}

type Signing = Pin<Box<dyn Future<Output = Result<ColumnSignature, KeyError>>>>;

/// Signs a column's canonical bytes with this device's key.
pub async fn sign(bytes: Vec<u8>) -> Result<ColumnSignature, SignFailed> {
    signing(bytes).await?.await.map_err(SignFailed::Device)
}

/// A split point cannot be async itself: it hands back the signing to await.
#[leptos::wasm_split::wasm_split(signing, fallible, wasm_split_path = leptos::wasm_split)]
fn signing(bytes: Vec<u8>) -> Result<Signing, SignFailed> {
    Ok(Box::pin(async move {
        let device = device_key::device_key().await?;
        let value = device_key::sign(&device, &bytes).await?;
        // WebCrypto's key and value have the agreed form; anything else is no signature.
        ColumnSignature::es256(device.public_key(), &value)
            .map_err(|e| KeyError::Crypto(format!("{e:?}")))
    }))
}
