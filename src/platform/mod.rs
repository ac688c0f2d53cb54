//! Browser adapters: the only code that touches `web-sys` and browser storage. Each module
//! wraps one side effect and reports failures as values, never panics.

pub mod clock;
pub mod device_key;
pub mod fetch;
pub mod files;
pub mod first_paint;
pub mod idle;
pub mod install;
pub mod panic;
pub mod screen;
pub mod service_worker;
pub mod share;
pub mod storage;
