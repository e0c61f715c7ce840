# shellcheck shell=bash disable=SC2034,SC2154  # sets and reads the sourcing test's variables
# Shared by the shell tests that run the real usulan-server (sourced, not run): a
# scratch database on the ctest `postgres` fixture's cluster, a private temp dir,
# the server on a free port, check helpers, and a cleanup that leaves no process,
# database or file behind.
#
#   root=...; source "$root/tests/support/server_harness.sh"
#   harness_begin NAME USAGE "$@"
#                          checks the test's arguments against USAGE (words in
#                          [brackets] optional; exit 2 with the usage if they do
#                          not fit), sets server_bin to the first; then tmp, log
#                          (the server's), database, admin_url, a NIK key in
#                          $tmp/nik.key and a household key in $tmp/household.key,
#                          the throwaway PKI of deploy/dev-pki.sh in $tmp/pki
#                          (USULAN_PKI_DIR), and USULAN_TLS_CA_FILE for usulanctl
#                          and usulan-bench; installs the cleanup
#   make_issuer CTL        a development token issuer (`usulanctl token keygen`):
#                          its private key in $tmp/issuer.jwk, the JWKS the server
#                          reads (--jwks-file) in $tmp/jwks.json
#   create_database        database_url
#   start_server ARGS...   `serve --listen 127.0.0.1:0 ARGS...` (with the NIK and
#                          household keys through USULAN_NIK_KEY_FILE and
#                          USULAN_HOUSEHOLD_KEY_FILE unless set, and TLS with the
#                          PKI's server certificate: the tests run over TLS as
#                          production does); sets server_pid, port
#   registry_tls_flags     the server's --registry-* flags for the PKI (mTLS to
#                          the simulator of deploy/registry-sim.sh)
#   expect WHAT CMD...     one check (pass/fail), carrying on when it fails
#   die WHAT               stop now, with the end of the server log
#   harness_finish         exit 1 with the end of the server log if a check
#                          failed, else say all checks passed
#
# A test may define before_cleanup() to stop helpers of its own first.

harness_begin() {
  local name=$1 usage=$2 word required=0 words=()
  shift 2
  read -ra words <<<"$usage"
  for word in "${words[@]}"; do [[ $word == \[* ]] || required=$((required + 1)); done
  if (($# < required || $# > ${#words[@]})); then
    echo "usage: $0 $usage" >&2
    exit 2
  fi
  server_bin=$1
  : "${USULAN_TEST_PG_DIR:?must name the directory of the postgres fixture (ctest sets it)}"
  admin_url=$(cat "$USULAN_TEST_PG_DIR/url")
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/usulan-$name.XXXXXX")
  database=usulan_${name//-/_}_$$_$RANDOM
  database_url=
  server_pid=
  port=
  log=$tmp/server.log
  failures=0
  trap harness_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  (umask 077 && openssl rand -hex 32 >"$tmp/nik.key")
  (umask 077 && openssl rand -hex 32 >"$tmp/household.key")
  export USULAN_PKI_DIR=$tmp/pki
  "$root/deploy/dev-pki.sh" "$USULAN_PKI_DIR" >/dev/null
  export USULAN_TLS_CA_FILE=$USULAN_PKI_DIR/ca.crt
}

registry_tls_flags() {
  echo --registry-ca-file "$USULAN_PKI_DIR/ca.crt" --registry-cert-file \
    "$USULAN_PKI_DIR/client.crt" --registry-key-file "$USULAN_PKI_DIR/client.key"
}

make_issuer() {
  "$1" token keygen --out "$tmp/issuer.jwk" --jwks-out "$tmp/jwks.json" 2>/dev/null ||
    die "usulanctl token keygen failed"
}

harness_cleanup() {
  local status=$?
  if declare -F before_cleanup >/dev/null; then before_cleanup || true; fi
  if [[ -n $server_pid ]]; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  psql "$admin_url" -XqAt -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 ||
    echo "warning: could not drop database $database" >&2
  rm -rf "$tmp"
  exit "$status"
}

pass() { echo "ok: $*"; }
fail() {
  echo "FAILED: $*" >&2
  failures=$((failures + 1))
}
expect() {  # expect DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
die() {
  echo "FATAL: $*" >&2
  if [[ -s $log ]]; then
    echo "---- server log (last 40 lines) ----" >&2
    tail -n 40 "$log" >&2
  fi
  exit 1
}

harness_finish() {
  if ((failures > 0)); then
    echo "---- server log (last 40 lines) ----" >&2
    tail -n 40 "$log" >&2
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "all checks passed"
}

create_database() {
  psql "$admin_url" -XqAt -c "CREATE DATABASE $database" >/dev/null ||
    die "could not create database $database"
  # In a libpq keyword string the last value of a keyword wins.
  database_url="$admin_url dbname=$database"
}

start_server() {
  USULAN_NIK_KEY_FILE=${USULAN_NIK_KEY_FILE:-$tmp/nik.key} \
    USULAN_HOUSEHOLD_KEY_FILE=${USULAN_HOUSEHOLD_KEY_FILE:-$tmp/household.key} \
    USULAN_TLS_CERT_FILE=${USULAN_TLS_CERT_FILE:-$USULAN_PKI_DIR/server.crt} \
    USULAN_TLS_KEY_FILE=${USULAN_TLS_KEY_FILE:-$USULAN_PKI_DIR/server.key} \
    "$server_bin" serve --listen 127.0.0.1:0 "$@" >>"$log" 2>&1 &
  server_pid=$!
  port=
  for _ in $(seq 1 300); do
    port=$(grep -o '(port [0-9]*)' "$log" | head -n 1 | tr -dc '0-9') || true
    [[ -n $port ]] && break
    kill -0 "$server_pid" 2>/dev/null || die "usulan-server exited before listening"
    sleep 0.1
  done
  [[ -n $port && $port -gt 0 ]] || die "usulan-server did not log its port within 30 s"
}
