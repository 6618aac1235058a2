//! Where the workspace's binaries are. A test cannot depend on another package's binary, but cargo
//! puts every binary of a build in the profile folder whose `deps/` holds the test executables, so
//! the path follows from the running test's own.

use std::path::PathBuf;

/// The path of the workspace binary `name` (e.g. `pandu-server`, `pandu-field`).
///
/// An environment variable overrides the search: `PANDU_<NAME>_BIN`, with `NAME` being `name`
/// without its `pandu-` prefix, upper-cased, `-` turned into `_` (`PANDU_SERVER_BIN`,
/// `PANDU_FIELD_BIN`). Otherwise the binary is looked for beside the running executable's
/// `deps/` folder, i.e. in `target/<profile>/`. Cargo builds it there only when the same
/// `cargo test` builds its package (`cargo test --workspace` does), so it may also be stale.
///
/// # Panics
///
/// When the file does not exist, saying how to build it.
pub fn bin_path(name: &str) -> PathBuf {
    let variable = override_variable(name);
    let path = match std::env::var_os(&variable) {
        Some(path) => PathBuf::from(path),
        None => profile_dir().join(format!("{name}{}", std::env::consts::EXE_SUFFIX)),
    };
    assert!(
        path.is_file(),
        "{name} not found at {}: build it first: cargo build --workspace --bins \
         (or point {variable} at it)",
        path.display()
    );
    path
}

/// `PANDU_SERVER_BIN` for `pandu-server`.
fn override_variable(name: &str) -> String {
    let bare = name.strip_prefix("pandu-").unwrap_or(name);
    format!("PANDU_{}_BIN", bare.to_uppercase().replace('-', "_"))
}

/// `target/<profile>`: the running executable's folder, or its parent when that is `deps/`.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the running test's path");
    let dir = exe.parent().expect("an executable lives in a folder");
    if dir.file_name().is_some_and(|n| n == "deps") {
        dir.parent().unwrap_or(dir).to_owned()
    } else {
        dir.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_override_variable_drops_the_pandu_prefix() {
        assert_eq!(override_variable("pandu-server"), "PANDU_SERVER_BIN");
        assert_eq!(override_variable("pandu-field"), "PANDU_FIELD_BIN");
        assert_eq!(override_variable("synth-data"), "PANDU_SYNTH_DATA_BIN");
    }

    #[test]
    fn the_profile_folder_holds_deps() {
        assert!(profile_dir().join("deps").is_dir());
    }

    #[test]
    #[should_panic(expected = "build it first")]
    fn a_missing_binary_says_how_to_build_it() {
        bin_path("pandu-no-such-binary");
    }
}
