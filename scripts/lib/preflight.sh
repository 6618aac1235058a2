# shellcheck shell=bash
# Checks a phone build runs before it starts, so that a missing tool is named at once with how to
# get it, instead of failing deep inside a C build minutes later. Sourced, not run.
#
#   preflight_need CONDITION-COMMAND... -- "what is missing and how to get it"
#   preflight_missing "what is missing and how to get it"   (for checks of its own)
#   preflight_rust_targets TRIPLE...    every triple installed with rustup
#   preflight_c_tools                   what the bundled C code's builds run: cmake and nasm
#                                       (libjpeg-turbo and its SIMD code), perl and make (OpenSSL)
#   preflight_done NAME                 print every problem found and exit 1 if there was one

preflight_problems=()

preflight_need() {
  local check=()
  while [[ "$1" != -- ]]; do
    check+=("$1")
    shift
  done
  "${check[@]}" >/dev/null 2>&1 || preflight_missing "$2"
}

preflight_missing() {
  preflight_problems+=("$1")
}

preflight_rust_targets() {
  local installed missing=() t
  installed=$(rustup target list --installed 2>/dev/null || true)
  for t in "$@"; do
    grep -qx "$t" <<<"$installed" || missing+=("$t")
  done
  ((${#missing[@]} == 0)) || preflight_missing "Rust targets: rustup target add ${missing[*]}"
}

preflight_c_tools() {
  local tool
  for tool in cmake nasm perl make; do
    preflight_need command -v "$tool" -- \
      "$tool (the bundled C code's build): apt-get install $tool, or brew install $tool"
  done
}

preflight_done() {
  ((${#preflight_problems[@]} == 0)) && return 0
  echo "$1: cannot build, missing:" >&2
  printf '  - %s\n' "${preflight_problems[@]}" >&2
  exit 1
}
