#!/usr/bin/env bash
# A smoke run of the load generator, so the harness cannot silently rot: the
# usulan-server binary on a free port over a database of its own on the ctest
# `postgres` fixture's cluster, a tiny data set (its registry CSV written by
# usulan-bench and loaded), then a handful of operations of a write workload
# (visit) and of a read workload (history-read); checks the report's format and
# that no operation failed; then bench/scale.sh at a few hundred proposals (its
# own PostgreSQL cluster). Not a benchmark: the figures are not checked.
#
#   tests/bench_smoke_test.sh USULAN_SERVER_BINARY USULAN_BENCH_BINARY USULANCTL_BINARY
#
# Needs USULAN_TEST_PG_DIR (ctest sets it), psql and openssl.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/support/server_harness.sh
source "$root/tests/support/server_harness.sh"
harness_begin bench-smoke "USULAN_SERVER_BINARY USULAN_BENCH_BINARY USULANCTL_BINARY" "$@"
bench=$2
make_issuer "$3"

size=(--kabupaten-per-province 1 --desa-per-kabupaten 2 --households-per-desa 4)
create_database
# Two provinces' people: one for each workload's setup.
"$bench" --write-registry "$tmp/registry.csv" --provinces 2 "${size[@]}"
expect "registry CSV: header and 64 people" test "$(wc -l <"$tmp/registry.csv")" -eq 65
"$server_bin" migrate --database-url "$database_url" >>"$log" 2>&1 || die "migrate failed"
"$server_bin" load-registry "$tmp/registry.csv" --database-url "$database_url" >>"$log" 2>&1 ||
  die "load-registry failed"
start_server --database-url "$database_url" --jwks-file "$tmp/jwks.json" --pool-size 4 \
  --cycle-interval 0

run() {  # run WORKLOAD OUT [extra flags]
  local workload=$1 out=$2
  shift 2
  "$bench" --server "127.0.0.1:$port" --key-file "$tmp/issuer.jwk" --server-pid "$server_pid" \
    --workload "$workload" --clients 2 "${size[@]}" "$@" >"$out" 2>"$out.err" ||
    { cat "$out.err" >&2; die "usulan-bench --workload $workload failed"; }
  sed 's/^/| /' "$out"
}

echo "== visit: 5 operations"
run visit "$tmp/visit.out" --count 5 --first-province 11
report=$(cat "$tmp/visit.out")
expect "names the workload and clients" grep -qx "workload: visit" <<<"$report"
expect "2 clients" grep -qx "clients: 2" <<<"$report"
expect "5 operations" grep -qx "ops: 5" <<<"$report"
expect "no errors" grep -qx "errors: 0" <<<"$report"
expect "all OK" grep -qx "status OK: 5" <<<"$report"
expect "throughput" grep -qE "^throughput_ops_s: [0-9]+\.[0-9]\$" <<<"$report"
expect "latency quantiles" \
  grep -qE "^latency_ms: p50 [0-9.]+ p95 [0-9.]+ p99 [0-9.]+ max [0-9.]+\$" <<<"$report"
expect "server peak memory" grep -qE "^server_peak_rss_mb: [0-9]+\.[0-9]\$" <<<"$report"
expect "visits recorded" test "$(psql "$database_url" -XqAt -c \
  "SELECT count(*) FROM proposals WHERE state = 'VERIFIED'")" -eq 5

echo "== history-read: 1 second"
# The first data set's NIKs are in open proposals now: this one is province 12's.
run history-read "$tmp/history.out" --duration 1 --first-province 12
report=$(cat "$tmp/history.out")
expect "history-read ran" grep -qx "workload: history-read" <<<"$report"
expect "history-read had no errors" grep -qx "errors: 0" <<<"$report"
expect "history-read made calls" grep -qE "^ops: [1-9][0-9]*\$" <<<"$report"

echo "== bench/scale.sh at 300 proposals (a cluster of its own), 4 memory clients"
# scale.sh starts its own server, in plaintext on loopback: not the harness's CA.
env -u USULAN_TLS_CA_FILE SIZES=300 CLIENTS=2 DURATION=1 MEMORY_CLIENTS=4 OUT="$tmp/scale" \
  SERVER_BIN="$server_bin" BENCH_BIN="$bench" CTL_BIN="$3" "$root/bench/scale.sh" \
  >"$tmp/scale.txt" 2>&1 ||
  { cat "$tmp/scale.txt" >&2; die "bench/scale.sh failed"; }
sed 's/^/| /' "$tmp/scale.txt" | tail -n 12
scale=$(cat "$tmp/scale.txt")
expect "scale: generated 300 proposals" grep -qE "^rows: 300 [0-9]+ [0-9]+ " <<<"$scale"
expect "scale: three workloads without errors" \
  test "$(grep -cE "^300 +(kabupaten|desa|history) +[0-9.]+ .* 0\$" <<<"$scale")" -eq 3
expect "scale: the kabupaten queue's plan uses its index" \
  grep -qE "Index (Only )?Scan using proposals_kabupaten_queue" "$tmp/scale/explain-300.txt"
expect "scale: memory run reported" grep -qE "^server RSS idle .* peak \(VmHWM\): [0-9.]+ MB" <<<"$scale"

((failures == 0)) || { echo "$failures check(s) failed" >&2; exit 1; }
echo "all bench smoke checks passed"
