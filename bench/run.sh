#!/usr/bin/env bash
# The throughput of one proposal transition through usulan-server, beside the
# limit PostgreSQL itself sets for the same SQL work, measured on this machine.
#
#   bench/run.sh                      (after deploy/build.sh)
#   CLIENTS=16 DURATION=20 SIZE=medium bench/run.sh
#
# 1. Starts a private PostgreSQL in a temporary directory (deploy/local-postgres.sh).
# 2. pgbench: DURATION seconds, CLIENTS connections, -j 2, the script
#    bench/pgbench_transition.sql (lock + version-checked update + audit insert +
#    idempotency insert) on tables made by `usulan-server migrate`, seeded with
#    plain SQL (bench/seed_proposals.sql).
# 3. usulan-server (the build in build/, pool size CLIENTS, cycle job off) over a
#    database of its own with the data set's civil registry loaded, and
#    usulan-bench at the same CLIENTS: the `visit` workload (RecordVisit, one
#    transition) for DURATION seconds, then each other workload.
# 4. Prints both transition throughputs and their ratio (service / pgbench),
#    then every workload's report. Everything is removed on exit.
#
# Environment: CLIENTS (8), DURATION (10 s), SIZE (tiny | small | medium | large: the
# data set per workload, see below), SHAPE ("K D H": kabupaten per province, desa
# per kabupaten, households per desa, instead of SIZE), WORKLOADS (which ones, in
# order; default all, visit first), BATCH_SIZE (proposals per decide-batch batch,
# default 100), PG_SLOW_MS (log the service's statements slower than this to
# $tmp/pg/.../postgres.log; with KEEP=1), SERVER_FLAGS (more usulan-server flags,
# e.g. "--group-commit-writers 4"), BUILD_DIR (build), KEEP (1: keep the
# temporary directory). Figures vary by machine; the ratio is what we track.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
CLIENTS=${CLIENTS:-8}
DURATION=${DURATION:-10}
SIZE=${SIZE:-small}
BUILD_DIR=${BUILD_DIR:-build}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
server_bin=$BUILD_DIR/server/usulan-server
bench=$BUILD_DIR/tools/usulan-bench
ctl=$BUILD_DIR/tools/usulanctl
for binary in "$server_bin" "$bench" "$ctl"; do
  [[ -x $binary ]] || { echo "run.sh: $binary is missing: run deploy/build.sh first" >&2; exit 1; }
done

# Data set per workload: kabupaten per province, desa per kabupaten, households
# per desa (one province each). The write workloads use their proposals up; a
# run that runs out early says so in its report (`note:`).
case $SIZE in
  tiny) shape=(1 2 10) ;;       # 20 proposals per workload: does the script work?
  small) shape=(2 10 100) ;;    # 2,000 proposals per workload
  medium) shape=(4 25 100) ;;   # 10,000
  large) shape=(10 50 100) ;;   # 50,000
  *) echo "run.sh: SIZE must be tiny, small, medium or large" >&2; exit 2 ;;
esac
[[ -n ${SHAPE:-} ]] && read -r -a shape <<<"$SHAPE"
size=(--kabupaten-per-province "${shape[0]}" --desa-per-kabupaten "${shape[1]}"
  --households-per-desa "${shape[2]}")
read -r -a workloads <<<"${WORKLOADS:-visit submit deliberate decide-batch queue-read history-read}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/usulan-bench.XXXXXX")
server_pid=
cleanup() {
  local status=$?
  if [[ -n $server_pid ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  deploy/local-postgres.sh stop "$tmp/pg" >/dev/null 2>&1 || true
  if [[ ${KEEP:-0} == 1 ]]; then echo "run.sh: kept $tmp"; else rm -rf "$tmp"; fi
  exit "$status"
}
trap cleanup EXIT

echo "== private PostgreSQL in $tmp/pg"
deploy/local-postgres.sh start "$tmp/pg" >/dev/null
admin_url=$(cat "$tmp/pg/url")
# Sized like a database host, not like initdb's defaults (128 MB of buffers, 4 MB
# of WAL buffers, a checkpoint every 1 GB of WAL): a 10,000-member decision writes
# about 30 MB of WAL, which must not flush the WAL buffers itself or start a
# checkpoint midway. pgbench runs on the same cluster, so the ratio stays fair.
psql "$admin_url" -XqAt -c "ALTER SYSTEM SET shared_buffers = '2GB'" \
  -c "ALTER SYSTEM SET wal_buffers = '64MB'" -c "ALTER SYSTEM SET max_wal_size = '8GB'" \
  -c "ALTER SYSTEM SET checkpoint_timeout = '30min'"
deploy/local-postgres.sh stop "$tmp/pg" >/dev/null
deploy/local-postgres.sh start "$tmp/pg" >/dev/null
psql "$admin_url" -XqAt -c "CREATE DATABASE usulan_pgbench" -c "CREATE DATABASE usulan_bench"
pgbench_url="${admin_url/dbname=postgres/dbname=usulan_pgbench}"
service_url="${admin_url/dbname=postgres/dbname=usulan_bench}"

echo "== pgbench: $CLIENTS clients, ${DURATION}s, bench/pgbench_transition.sql"
"$server_bin" migrate --database-url "$pgbench_url" >"$tmp/migrate.log" 2>&1
seeded=100000
psql "$pgbench_url" -Xq -v ON_ERROR_STOP=1 -v proposals=$seeded -f bench/seed_proposals.sql
"$PG_BIN/pgbench" -n -M prepared -c "$CLIENTS" -j 2 -T "$DURATION" -D proposals=$seeded \
  -f bench/pgbench_transition.sql "$pgbench_url" >"$tmp/pgbench.out" 2>&1 ||
  { cat "$tmp/pgbench.out" >&2; exit 1; }
sed 's/^/| /' "$tmp/pgbench.out"
pgbench_tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$tmp/pgbench.out" | head -n 1)
[[ -n $pgbench_tps ]] || { echo "run.sh: no tps in pgbench's output" >&2; exit 1; }

echo "== usulan-server: $CLIENTS pool connections, data set of ${shape[*]} per workload"
(umask 077 && openssl rand -hex 32 >"$tmp/nik.key" && openssl rand -hex 32 >"$tmp/household.key")
# The development token issuer (docs/tokens.md): the server reads its JWKS.
"$ctl" token keygen --out "$tmp/issuer.jwk" --jwks-out "$tmp/jwks.json" 2>/dev/null
"$server_bin" migrate --database-url "$service_url" >>"$tmp/migrate.log" 2>&1
if [[ -n ${PG_SLOW_MS:-} ]]; then
  psql "$admin_url" -XqAt -c "ALTER DATABASE usulan_bench SET log_min_duration_statement = $PG_SLOW_MS"
fi
"$bench" --write-registry "$tmp/registry.csv" --provinces "${#workloads[@]}" "${size[@]}"
"$server_bin" load-registry "$tmp/registry.csv" --database-url "$service_url" \
  --nik-key-file "$tmp/nik.key" >>"$tmp/migrate.log" 2>&1
pool=$CLIENTS
((pool >= 4)) || pool=4
"$server_bin" serve --listen 127.0.0.1:0 --database-url "$service_url" \
  --jwks-file "$tmp/jwks.json" --nik-key-file "$tmp/nik.key" \
  --household-key-file "$tmp/household.key" --pool-size "$pool" \
  --cycle-interval 0 ${SERVER_FLAGS:-} >"$tmp/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 300); do
  port=$(grep -o '(port [0-9]*)' "$tmp/server.log" | head -n 1 | tr -dc '0-9') || true
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$tmp/server.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "run.sh: usulan-server did not log its port" >&2; exit 1; }

province=11
for workload in "${workloads[@]}"; do
  echo "== usulan-bench --workload $workload (province $province's data set)"
  "$bench" --server "127.0.0.1:$port" --key-file "$tmp/issuer.jwk" --server-pid "$server_pid" \
    --workload "$workload" --clients "$CLIENTS" --duration "$DURATION" \
    --batch-size "${BATCH_SIZE:-100}" \
    --first-province "$province" "${size[@]}" >"$tmp/$workload.out" 2>"$tmp/$workload.err" ||
    { cat "$tmp/$workload.err" >&2; tail -n 20 "$tmp/server.log" >&2; exit 1; }
  sed 's/^/| /' "$tmp/$workload.out"
  province=$((province + 1))
done

field() { sed -n "s/^$2: //p" "$tmp/$1.out"; }
echo
echo "== summary ($(nproc) cores, $CLIENTS clients, ${DURATION}s, data set ${shape[*]})"
printf '%-36s %12s\n' "pgbench transition (tps)" "$pgbench_tps"
if [[ -f $tmp/visit.out ]]; then
  service_tps=$(field visit throughput_ops_s)
  printf '%-36s %12s\n' "usulan-server RecordVisit (ops/s)" "$service_tps"
  printf '%-36s %12s\n' "ratio service / pgbench" \
    "$(awk -v s="$service_tps" -v p="$pgbench_tps" 'BEGIN { printf "%.3f", s / p }')"
fi
echo
printf '%-14s %10s %8s %8s %8s %8s %8s %7s\n' workload "ops/s" p50_ms p95_ms p99_ms max_ms errors ops
for workload in "${workloads[@]}"; do
  read -r _ p50 _ p95 _ p99 _ max <<<"$(field "$workload" latency_ms)"
  printf '%-14s %10s %8s %8s %8s %8s %8s %7s\n' "$workload" "$(field "$workload" throughput_ops_s)" \
    "$p50" "$p95" "$p99" "$max" "$(field "$workload" errors)" "$(field "$workload" ops)"
done
proposals_s=
[[ -f $tmp/decide-batch.out ]] && proposals_s=$(field decide-batch throughput_proposals_s)
[[ -n $proposals_s ]] && echo "decide-batch: $proposals_s proposals/s decided"
echo "usulan-server peak RSS: $(field "${workloads[-1]}" server_peak_rss_mb) MB"
