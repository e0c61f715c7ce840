#!/usr/bin/env bash
# The README's scenario for real: the usulan-server binary on a free port over a
# database of its own on the ctest `postgres` fixture's cluster, walked by
# deploy/scenario.sh with usulanctl. Checks the final states, the NIK correction,
# the duplicate-NIK refusal, the audit trails, a clean exit on SIGTERM, and that
# the server log holds none of the scenario's personal data. Also checks
# `usulanctl workflow graph` in both formats and `usulanctl token mint` refusing
# a region that does not fit the role.
#
#   tests/scenario_test.sh USULAN_SERVER_BINARY USULANCTL_BINARY
#
# Needs USULAN_TEST_PG_DIR (the fixture's directory; its `url` file is the
# cluster's libpq URL), psql, jq and openssl. Registered in tests/CMakeLists.txt.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 USULAN_SERVER_BINARY USULANCTL_BINARY" >&2
  exit 2
fi
server_bin=$1
ctl=$2
root=$(cd "$(dirname "$0")/.." && pwd)
: "${USULAN_TEST_PG_DIR:?must name the directory of the postgres fixture (ctest sets it)}"
admin_url=$(cat "$USULAN_TEST_PG_DIR/url")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/usulan-scenario.XXXXXX")
database=usulan_scenario_$$_$RANDOM
server_pid=
log=$tmp/server.log
out=$tmp/scenario.out

cleanup() {
  local status=$?
  if [[ -n $server_pid ]]; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  psql "$admin_url" -XqAt -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 ||
    echo "warning: could not drop database $database" >&2
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

failures=0
pass() { echo "ok: $*"; }
fail() {
  echo "FAILED: $*" >&2
  failures=$((failures + 1))
}
expect() {  # expect DESCRIPTION COMMAND...: one check; carries on when it fails
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

(umask 077 && openssl rand -hex 32 >"$tmp/token.key")
[[ $(tr -d '\n' <"$tmp/token.key") =~ ^[0-9a-f]{64}$ ]] || die "could not write a 64-hex-char token key"

echo "== usulanctl workflow graph"
mermaid=$("$ctl" workflow graph) || die "usulanctl workflow graph failed"
expect "mermaid graph is a stateDiagram-v2" grep -q "stateDiagram-v2" <<<"$mermaid"
dot=$("$ctl" workflow graph --format dot) || die "usulanctl workflow graph --format dot failed"
expect "dot graph is a digraph" grep -q "digraph" <<<"$dot"

echo "== usulanctl token mint refuses a region that does not fit the role"
mint_refused() {  # mint_refused ROLE REGION: exit 2, no token, the reason on stderr
  local code=0
  "$ctl" token mint --key-file "$tmp/token.key" --subject scenario.test --role "$1" \
    --region "$2" >"$tmp/mint.out" 2>"$tmp/mint.err" || code=$?
  [[ $code -eq 2 && ! -s $tmp/mint.out ]] && grep -q "does not fit role" "$tmp/mint.err"
}
expect "village_operator with a kabupaten code: exit 2" mint_refused village_operator 3201
expect "district_officer with a desa code: exit 2" mint_refused district_officer 3201012001
expect "province_officer with a kabupaten code: exit 2" mint_refused province_officer 3201
mint_fits() {  # a JWT: three dot-separated parts
  local token
  token=$("$ctl" token mint --key-file "$tmp/token.key" --subject scenario.test \
    --role village_head --region 3201012001) && [[ $token =~ ^[^.]+\.[^.]+\.[^.]+$ ]]
}
expect "a region that fits the role mints a token" mint_fits

echo "== a database of its own, the development civil registry, and the server"
psql "$admin_url" -XqAt -c "CREATE DATABASE $database" >/dev/null || die "could not create database $database"
# In a libpq keyword string the last value of a keyword wins.
database_url="$admin_url dbname=$database"
# load-registry migrates the empty database first; its output goes into the same
# log, which must stay free of personal data as well.
"$server_bin" load-registry "$root/deploy/scenario/registry.csv" --database-url "$database_url" \
  >>"$log" 2>&1 || die "usulan-server load-registry failed"

"$server_bin" serve --listen 127.0.0.1:0 --database-url "$database_url" \
  --token-key-file "$tmp/token.key" --pool-size 4 >>"$log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 300); do
  port=$(grep -o '(port [0-9]*)' "$log" | head -n 1 | tr -dc '0-9') || true
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || die "usulan-server exited before listening"
  sleep 0.1
done
[[ -n $port && $port -gt 0 ]] || die "usulan-server did not log its port within 30 s"
echo "usulan-server (pid $server_pid) on 127.0.0.1:$port"

echo "== deploy/scenario.sh"
scenario_status=0
USULAN_SERVER=127.0.0.1:$port USULAN_KEY_FILE=$tmp/token.key USULANCTL=$ctl \
  "$root/deploy/scenario.sh" >"$out" 2>&1 || scenario_status=$?
sed 's/^/| /' "$out"
expect "deploy/scenario.sh exits 0" test "$scenario_status" -eq 0

# section TITLE-PREFIX: the lines of the output section whose "== " heading starts so.
section() {
  awk -v title="== $1" 'index($0, title) == 1 { on = 1; next } /^== / { on = 0 } on' "$out"
}
declare -A ids
for h in asep ujang siti dadang cecep; do
  ids[$h]=$(sed -n "s/^  $h: proposal \([^ ]*\) (DRAFT)\$/\1/p" "$out")
  expect "$h: created as a DRAFT with an id" test -n "${ids[$h]}"
done

expect "the duplicate NIK is refused with ALREADY_EXISTS" \
  grep -q '^  error: ALREADY_EXISTS: ' <(section "A second proposal")

submitted=$(section "Operator submits them")
for h in asep ujang siti cecep; do
  expect "$h: PRELIST after submission" grep -qx "  $h: PRELIST" <<<"$submitted"
done
expect "dadang: NIK_MISMATCH after submission" grep -qx "  dadang: NIK_MISMATCH" <<<"$submitted"
expect "dadang: PRELIST after the correction" \
  grep -qx "  dadang: PRELIST" <(section "Operator corrects")

final=$(section "Final states")
expect "the work queue lists five proposals" test "$(grep -c '^  [^ ]' <<<"$final")" -eq 5
expect "four of them AGREED" test "$(grep -cE '^  [^ ]+  AGREED  v[0-9]+$' <<<"$final")" -eq 4
expect "one of them REJECTED_IN_DELIBERATION" \
  test "$(grep -cE '^  [^ ]+  REJECTED_IN_DELIBERATION  v[0-9]+$' <<<"$final")" -eq 1
for h in asep ujang siti dadang; do
  expect "$h: AGREED" grep -qE "^  ${ids[$h]:-none}  AGREED  v[0-9]+\$" <<<"$final"
done
expect "cecep: REJECTED_IN_DELIBERATION" \
  grep -qE "^  ${ids[cecep]:-none}  REJECTED_IN_DELIBERATION  v[0-9]+\$" <<<"$final"

# Every audit-history block names its proposal and prints one actor line per transition.
history_block_ok() {  # history_block_ok HOUSEHOLD
  local block count actors
  block=$(section "Audit history ($1)")
  count=$(sed -n "s/^audit history of proposal ${ids[$1]:-none} (\([0-9]*\) transitions)\$/\1/p" <<<"$block")
  actors=$(grep -cE '^      actor: +[^ ]+ \(.+ @ .+\)$' <<<"$block" || true)
  [[ -n $count && $count -gt 0 && $actors -eq $count ]]
}
for h in asep ujang siti dadang cecep; do
  expect "$h: audit history with an actor line for every transition" history_block_ok "$h"
done

echo "== SIGTERM: graceful exit"
kill -TERM "$server_pid"
(sleep 30 && kill -KILL "$server_pid" 2>/dev/null) &
watchdog=$!
server_status=0
wait "$server_pid" || server_status=$?
server_pid=
kill "$watchdog" 2>/dev/null || true
wait "$watchdog" 2>/dev/null || true
expect "usulan-server exits 0 on SIGTERM (got $server_status)" test "$server_status" -eq 0

echo "== the server log holds no personal data"
expect "the log records the RPCs" grep -q '"rpc":"SubmitProposal"' "$log"
expect "the log records the graceful stop" grep -q '"event":"stopped"' "$log"
# NIKs, KK numbers and names from the registry, plus what the household files carry
# (among them the mistyped NIK that was corrected, and the addresses).
personal=$tmp/personal.txt
tail -n +2 "$root/deploy/scenario/registry.csv" | tr -d '"\r' |
  awk -F, 'NF >= 3 { print $1; print $2; print $3 }' >"$personal"
jq -r '.household | .kk_number, .address, (.members[] | .nik, .name)' \
  "$root"/deploy/scenario/household-*.json >>"$personal"
sort -u -o "$personal" "$personal"
[[ $(wc -l <"$personal") -ge 30 ]] || die "could not read the scenario's personal data"
leaks=0
while IFS= read -r value; do
  [[ -n $value ]] || continue
  if grep -qF -- "$value" "$log"; then
    fail "the server log contains personal data: '$value'"
    leaks=$((leaks + 1))
  fi
done <"$personal"
[[ $leaks -eq 0 ]] && pass "none of $(wc -l <"$personal") NIKs, KK numbers, names and addresses in the server log"

if ((failures > 0)); then
  echo "---- server log (last 40 lines) ----" >&2
  tail -n 40 "$log" >&2
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all checks passed"
