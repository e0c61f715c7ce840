#!/usr/bin/env bash
# deploy/registry-sim.sh with the demo's registry file: start writes a loopback
# address the simulator answers on (over mutual TLS, with the throwaway PKI of
# deploy/dev-pki.sh, keys 0600), a second start replaces the first simulator,
# stop ends it (SIGTERM, clean exit) and removes the files; a bad file fails
# naming the line.
#
#   tests/registry_sim_script_test.sh USULAN_REGISTRY_SIM_BINARY
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 USULAN_REGISTRY_SIM_BINARY" >&2; exit 2; }
export REGISTRY_SIM_BIN=$1
root=$(cd "$(dirname "$0")/.." && pwd)
script=$root/deploy/registry-sim.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/usulan-registry-sim-script.XXXXXX")
trap '"$script" stop "$tmp/state" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT

# Running: exists and is not a zombie waiting for its new parent to reap it.
running() {
  local state
  read -r _ _ state _ <"/proc/$1/stat" 2>/dev/null || return 1
  [[ $state != Z ]]
}

fail() {
  echo "FAIL: $*" >&2
  [[ -f $tmp/state/registry-sim.log ]] && cat "$tmp/state/registry-sim.log" >&2
  exit 1
}

address=$("$script" start "$tmp/state" "$root/deploy/scenario/registry.csv")
[[ $address =~ ^127\.0\.0\.1:[0-9]+$ ]] || fail "start printed '$address'"
[[ $(cat "$tmp/state/registry-sim.addr") == "$address" ]] || fail "address file differs"
first=$(cat "$tmp/state/registry-sim.pid")
running "$first" || fail "simulator not running"
(exec 3<>"/dev/tcp/${address%:*}/${address##*:}") || fail "nothing listens on $address"
# One person per data row (the first line is the header).
people=$(($(grep -c . "$root/deploy/scenario/registry.csv") - 1))
grep -q "($people people, mutual TLS)" "$tmp/state/registry-sim.log" ||
  fail "scenario registry not loaded over mutual TLS"
for key in "$tmp/state/pki/"*.key; do
  [[ $(stat -c %a "$key") == 600 ]] || fail "$key is not mode 0600"
done

# The second start also serves BPS's rankings (one row per household ranked).
second_address=$("$script" start "$tmp/state" "$root/deploy/scenario/registry.csv" \
  "$root/deploy/scenario/ranking.csv")
households=$(($(grep -c . "$root/deploy/scenario/ranking.csv") - 1))
grep -q "^rankings: $households households in 2 rankings" "$tmp/state/registry-sim.log" ||
  fail "scenario rankings not loaded"
running "$first" && fail "the first simulator still runs after a second start"
second=$(cat "$tmp/state/registry-sim.pid")
[[ $(cat "$tmp/state/registry-sim.addr") == "$second_address" ]] || fail "address not replaced"

"$script" stop "$tmp/state" >/dev/null
running "$second" && fail "simulator still running after stop"
[[ ! -e $tmp/state/registry-sim.addr && ! -e $tmp/state/registry-sim.pid ]] || fail "files left"
[[ $(grep -c "^stopped (signal 15)" "$tmp/state/registry-sim.log") -eq 2 ]] ||
  fail "simulators did not stop cleanly on SIGTERM"
"$script" stop "$tmp/state" >/dev/null || fail "stopping a stopped simulator failed"

{ echo "nik,kk_number,name,birth_date,status"; echo "3201011204780001,3201010101260001,Asep,,ALIVE"
  echo "32010112047800,3201010101260001,Asep Suryana,,ALIVE"; } >"$tmp/bad.csv"
if "$script" start "$tmp/state" "$tmp/bad.csv" 2>"$tmp/err"; then fail "bad file accepted"; fi
grep -q "line 3: nik must be 16 digits" "$tmp/err" || fail "error does not name the line: $(cat "$tmp/err")"
grep -q "32010112047800" "$tmp/err" && fail "error echoes the NIK"
echo "registry-sim script: ok"
