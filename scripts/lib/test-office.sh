# shellcheck shell=bash
# The office the binding suites (scripts/test-kotlin, scripts/test-python) run against: the real
# pandu-server on a free port of 127.0.0.1 with a peksos account and a 20-household synthetic
# registry, and four 1600x1200 test photos. Sourced, not run; the caller sets `set -euo pipefail`
# and calls office_stop when it exits.
#
#   office_build WORK   build the server and the helpers; test photos into WORK/photos
#   office_start WORK   start the server (data and log in WORK), add the user, import the registry;
#                       sets office_url
#   office_stop         stop the server started by office_start

# The account the suites sign in with.
office_username=rina
office_password=kata-sandi-uji-1
office_url=""
office_pid=""

office_build() {
  cargo build --quiet -p pandu-server -p pandu-core --bins
  cargo run --quiet -p pandu-core --example make_test_photos "$1/photos" 4 1600 1200 >/dev/null
}

office_start() {
  local work="$1" bin=target/debug
  local server=("$bin/pandu-server" --data-dir "$work/server")
  "${server[@]}" --listen 127.0.0.1:0 serve >"$work/server.log" 2>&1 &
  office_pid=$!
  for _ in $(seq 100); do
    office_url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n1 || true)
    [[ -n "$office_url" ]] && break
    sleep 0.1
  done
  if [[ -z "$office_url" ]]; then
    cat "$work/server.log" >&2
    echo "office: the server did not start" >&2
    return 1
  fi
  printf '%s\n' "$office_password" |
    "${server[@]}" create-user --username "$office_username" --role peksos --kelurahan all \
    >/dev/null
  "$bin/pandu-synth-registry" --households 20 --seed 1 >"$work/registry.csv"
  "${server[@]}" import-registry "$work/registry.csv" >/dev/null
}

office_stop() {
  if [[ -n "$office_pid" ]]; then
    kill "$office_pid" 2>/dev/null || true
    wait "$office_pid" 2>/dev/null || true
    office_pid=""
  fi
}
