//! `uniffi-bindgen` built from the workspace's pinned uniffi, so generated code always matches the
//! library's scaffolding. Run by `scripts/bindgen` in library mode.

fn main() {
    uniffi::uniffi_bindgen_main();
}
