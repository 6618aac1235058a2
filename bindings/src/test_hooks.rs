//! Functions only the test build exports (cargo feature `test-hooks`), to prove on the foreign
//! side how the library behaves when something inside it goes wrong.

use crate::error::lock;
use crate::facade::PanduCore;

#[uniffi::export]
impl PanduCore {
    /// Panic while holding the store's lock, as a bug would. The caller must get an exception
    /// (uniffi turns the panic into an internal error), and the core must stay usable.
    pub fn debug_panic(&self) {
        let _store = lock(&self.shared.store);
        panic!("debug_panic: a deliberate panic inside a call");
    }
}
