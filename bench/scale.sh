#!/usr/bin/env bash
# How the read side grows with the table, and the server's memory at many clients.
#
#   bench/scale.sh                                   (after deploy/build.sh)
#   SIZES="100000 1000000" CLIENTS=8 DURATION=10 bench/scale.sh
#   MEMORY_CLIENTS=1000 bench/scale.sh               (the memory run, see 4.)
#
# For each size in SIZES (proposals; default 100000 1000000 10000000):
# 1. a database usulan_scale_SIZE on a private PostgreSQL, migrated by
#    `usulan-server migrate` and filled by bench/scale_seed.sql (set-based SQL,
#    read benchmarks only: placeholder audit hashes, see that file);
# 2. EXPLAIN (ANALYZE, BUFFERS) of every work queue's statement as the service
#    runs it for one kabupaten (and one desa, province, verifier, and the national
#    queue): auto_explain logs the plans of the server's own prepared statements
#    during one ListProposals per role, and they are copied to
#    OUT/explain-SIZE.txt;
# 3. usulan-server over it and usulan-bench --targets (no setup: it reads existing
#    data) for DURATION seconds each at CLIENTS: queue-read of random kabupaten as
#    their Dinsos (district_officer; the page of 50 issue 5 targets), queue-read of
#    random desa as their village head, history-read of random proposals as a
#    national auditor;
# 4. after the last size, when MEMORY_CLIENTS > 0 (default 1000): a fresh server
#    over the largest database and queue-read of kabupaten with MEMORY_CLIENTS
#    clients (one thread and one HTTP/2 connection each) for DURATION seconds; its
#    peak resident set (VmHWM) is reported.
# Prints a table size -> p50/p95/p99 per workload (client-observed, and the
# server-side p99 of the same calls from its RPC log), and the memory figures.
#
# Environment: SIZES, CLIENTS (8), DURATION (10 s), MEMORY_CLIENTS (1000; 0 = no
# memory run), MEMORY_POOL (8, the server's default pool size, for the memory
# run; the timed runs use CLIENTS, at least 4), HOUSEHOLD_PCT (25: NEW proposals with a household), BUILD_DIR
# (build), OUT (a temporary directory: reports, plans, logs; kept when given),
# PG_DIR (the cluster's directory: default a temporary one; with PG_DIR given the
# cluster and its databases are kept, and a later run reuses a database whose load
# finished, so the 10M load is paid once), SERVER_FLAGS (extra `serve` flags for
# the timed and memory runs), SERVER_BIN, BENCH_BIN and CTL_BIN (the binaries, default
# in BUILD_DIR). Runs the heavy steps under `nice`. tests/bench_smoke_test.sh
# runs it at a few hundred proposals so that it cannot rot.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-100000 1000000 10000000}
CLIENTS=${CLIENTS:-8}
DURATION=${DURATION:-10}
MEMORY_CLIENTS=${MEMORY_CLIENTS:-1000}
MEMORY_POOL=${MEMORY_POOL:-8}
HOUSEHOLD_PCT=${HOUSEHOLD_PCT:-25}
BUILD_DIR=${BUILD_DIR:-build}
SERVER_FLAGS=${SERVER_FLAGS:-}
server_bin=${SERVER_BIN:-$BUILD_DIR/server/usulan-server}
bench=${BENCH_BIN:-$BUILD_DIR/tools/usulan-bench}
ctl=${CTL_BIN:-$BUILD_DIR/tools/usulanctl}
for binary in "$server_bin" "$bench" "$ctl"; do
  [[ -x $binary ]] || { echo "scale.sh: $binary is missing: run deploy/build.sh first" >&2; exit 1; }
done
for size in $SIZES; do
  [[ $size =~ ^[1-9][0-9]*$ && $size -le 100000000 ]] ||
    { echo "scale.sh: SIZES must be whole numbers of proposals (1..100000000)" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/usulan-scale.XXXXXX")
out=${OUT:-$tmp/out}
mkdir -p "$out"
keep_cluster=0
if [[ -n ${PG_DIR:-} ]]; then keep_cluster=1; else PG_DIR=$tmp/pg; fi
server_pid=
stop_server() {
  if [[ -n $server_pid ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
cleanup() {
  local status=$?
  stop_server
  if ((keep_cluster == 0)); then
    # As root the cluster lives in a /tmp/usulan-pg.* directory of its own
    # (deploy/local-postgres.sh), named in PG_DIR/pgdir: removed with it.
    local home=
    [[ -f $PG_DIR/pgdir ]] && home=$(cat "$PG_DIR/pgdir")
    deploy/local-postgres.sh stop "$PG_DIR" >/dev/null 2>&1 || true
    [[ $home == /tmp/usulan-pg.* ]] && rm -rf "$home"
  fi
  rm -rf "$tmp"  # the reports too, unless OUT named a directory elsewhere
  exit "$status"
}
trap cleanup EXIT

echo "== PostgreSQL in $PG_DIR"
deploy/local-postgres.sh start "$PG_DIR" >/dev/null
admin_url=$(cat "$PG_DIR/url")
pg_home=$PG_DIR
[[ -f $PG_DIR/pgdir ]] && pg_home=$(cat "$PG_DIR/pgdir")
pg_log=$pg_home/postgres.log
# Bulk-load settings (reloadable ones only: the cluster keeps its defaults
# otherwise, shared_buffers 128 MB included): fewer checkpoints during the load.
psql "$admin_url" -XqAt -c "ALTER SYSTEM SET max_wal_size = '4GB'" \
  -c "ALTER SYSTEM SET checkpoint_timeout = '30min'" -c "SELECT pg_reload_conf()" >/dev/null
# The development token issuer (docs/tokens.md): the server reads its JWKS.
"$ctl" token keygen --out "$tmp/issuer.jwk" --jwks-out "$tmp/jwks.json" 2>/dev/null
# Servers that hash NIKs with a secret (--nik-key-file, issue 4) get one, kept
# with the cluster: the databases remember which key wrote their hashes. The
# generated members have none yet; the server fills them in when it first starts
# on a database (a few minutes at 10M), before it listens.
nik_flags=()
if "$server_bin" --help 2>&1 | grep -q -- --nik-key-file; then
  [[ -f $PG_DIR/nik.key ]] || (umask 077 && openssl rand -hex 32 >"$PG_DIR/nik.key")
  nik_flags=(--nik-key-file "$PG_DIR/nik.key")
fi
# Likewise the household digest's key (issue 11), for servers that take one.
if "$server_bin" --help 2>&1 | grep -q -- --household-key-file; then
  [[ -f $PG_DIR/household.key ]] || (umask 077 && openssl rand -hex 32 >"$PG_DIR/household.key")
  nik_flags+=(--household-key-file "$PG_DIR/household.key")
fi

start_server() {  # start_server DATABASE_URL LOG POOL [flags...]
  local url=$1 log=$2 pool=$3
  shift 3
  # shellcheck disable=SC2086  # SERVER_FLAGS is a list of flags
  nice "$server_bin" serve --listen 127.0.0.1:0 --database-url "$url" \
    --jwks-file "$tmp/jwks.json" --pool-size "$pool" --cycle-interval 0 \
    --checkpoint-interval 0 "${nik_flags[@]}" "$@" >"$log" 2>&1 &
  server_pid=$!
  port=
  for _ in $(seq 1 18000); do  # up to 30 minutes (a first start may back-fill)
    port=$(grep -o '(port [0-9]*)' "$log" | head -n 1 | tr -dc '0-9') || true
    [[ -n $port ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$log" >&2; exit 1; }
    sleep 0.1
  done
  echo "scale.sh: usulan-server did not log its port" >&2
  exit 1
}

# Server-side latency quantile (ms) of one RPC in a server log (rpc_log's
# duration_ms), nearest rank.
server_quantile() {  # server_quantile LOG RPC Q
  grep "\"rpc\":\"$2\"" "$1" | grep -o '"duration_ms":[0-9.e+-]*' | cut -d: -f2 | sort -g |
    awk -v q="$3" '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit }
      r = int(q * NR + 0.999999); if (r < 1) r = 1; printf "%.2f", v[r] }'
}

pool=$CLIENTS
((pool >= 4)) || pool=4
largest=
for size in $SIZES; do
  database=usulan_scale_$size
  url=${admin_url/dbname=postgres/dbname=$database}
  marker="usulan-scale $size proposals, household_pct $HOUSEHOLD_PCT, loaded"
  current=$(psql "$admin_url" -XqAt -c \
    "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$database'")
  if [[ $current == "$marker" ]]; then
    echo "== $size: reusing database $database"
    "$server_bin" migrate --database-url "$url" >>"$out/migrate.log" 2>&1
  else
    echo "== $size: generating $database ($(date +%T))"
    psql "$admin_url" -XqAt -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
    "$server_bin" migrate --database-url "$url" >>"$out/migrate.log" 2>&1
    start_s=$(date +%s)
    nice psql "$url" -Xq -v proposals="$size" -v household_pct="$HOUSEHOLD_PCT" \
      -f bench/scale_seed.sql >"$out/load-$size.log" 2>&1 ||
      { cat "$out/load-$size.log" >&2; exit 1; }
    echo "load of $size proposals: $(($(date +%s) - start_s)) s" | tee -a "$out/load-$size.log"
    psql "$admin_url" -XqAt -c "COMMENT ON DATABASE $database IS '$marker'"
  fi
  psql "$url" -XAt -F ' ' -c "SELECT 'rows:', (SELECT count(*) FROM proposals) AS proposals,
      (SELECT count(*) FROM transitions) AS transitions, (SELECT count(*) FROM members) AS members,
      pg_size_pretty(pg_database_size(current_database())) AS size" | tee "$out/rows-$size.txt"
  largest=$database

  # Targets: random kabupaten, desa and proposals that exist.
  sample=$(awk -v n="$size" 'BEGIN { p = 2000000 / n; if (p > 100) p = 100; printf "%.4f", p }')
  psql "$url" -XAt -c "SELECT 'queue district_officer ' || k FROM
      (SELECT DISTINCT kabupaten_code AS k FROM proposals TABLESAMPLE SYSTEM ($sample)) s
      ORDER BY random() LIMIT 200" >"$out/targets-kabupaten-$size.txt"
  psql "$url" -XAt -c "SELECT 'queue village_head ' || d FROM
      (SELECT DISTINCT desa_code AS d FROM proposals TABLESAMPLE SYSTEM ($sample)) s
      ORDER BY random() LIMIT 1000" >"$out/targets-desa-$size.txt"
  psql "$url" -XAt -c "SELECT 'history ' || id FROM proposals TABLESAMPLE SYSTEM ($sample)
      ORDER BY random() LIMIT 10000" >"$out/targets-history-$size.txt"

  # Plans: auto_explain in the server's sessions (database setting, read when a
  # connection opens), one ListProposals per queue, then the setting is removed.
  kab=$(awk 'NR == 1 { print $3 }' "$out/targets-kabupaten-$size.txt")
  desa=$(psql "$url" -XAt -c "SELECT desa_code FROM proposals WHERE kabupaten_code = '$kab' LIMIT 1")
  psql "$admin_url" -XqAt -c "ALTER DATABASE $database SET session_preload_libraries = 'auto_explain'" \
    -c "ALTER DATABASE $database SET auto_explain.log_min_duration = 0" \
    -c "ALTER DATABASE $database SET auto_explain.log_analyze = on" \
    -c "ALTER DATABASE $database SET auto_explain.log_buffers = on"
  {
    echo "queue district_officer $kab"
    echo "queue regent $kab"
    echo "queue village_head $desa"
    echo "queue village_operator $desa"
    echo "queue verifier $kab"
    echo "queue province_officer ${kab:0:2}"
    echo "queue central_reviewer national"
  } >"$out/explain-targets-$size.txt"
  log_start=$(($(stat -c %s "$pg_log") + 1))
  start_server "$url" "$out/server-explain-$size.log" 1
  while read -r line; do
    echo "$line" >"$tmp/one-target"
    "$bench" --server "127.0.0.1:$port" --key-file "$tmp/issuer.jwk" --workload queue-read \
      --targets "$tmp/one-target" --clients 1 --count 1 >/dev/null 2>"$tmp/explain.err" ||
      { cat "$tmp/explain.err" >&2; exit 1; }
  done <"$out/explain-targets-$size.txt"
  stop_server
  psql "$admin_url" -XqAt -c "ALTER DATABASE $database RESET ALL"
  {
    echo "# $size proposals: one ListProposals waiting_for_me (page of 50) per line of"
    sed 's/^/#   /' "$out/explain-targets-$size.txt"
    echo "# in that order; plans logged by auto_explain (ANALYZE, BUFFERS) in the server's session"
    # Each plan is a "duration: ... plan:" line and its tab-indented lines; only
    # the queue statements' (the others are the server's start-up queries).
    tail -c "+$log_start" "$pg_log" | awk '
      function flush() { if (block ~ /FROM unnest\(\$2::text\[\]\)/) printf "%s\n", block; block = "" }
      / LOG:  duration: .* plan:/ { flush(); on = 1; block = $0; next }
      /^\t/ { if (on) block = block "\n" $0; next }
      { on = 0 }
      END { flush() }'
  } >"$out/explain-$size.txt"

  # Timed reads.
  start_server "$url" "$out/server-$size.log" "$pool" $SERVER_FLAGS
  for w in kabupaten desa history; do
    workload=queue-read
    [[ $w == history ]] && workload=history-read
    echo "== $size: $workload ($w), $CLIENTS clients, ${DURATION}s"
    lines_before=$(wc -l <"$out/server-$size.log")
    nice "$bench" --server "127.0.0.1:$port" --key-file "$tmp/issuer.jwk" --server-pid "$server_pid" \
      --workload "$workload" --targets "$out/targets-$w-$size.txt" --clients "$CLIENTS" \
      --duration "$DURATION" >"$out/$w-$size.out" 2>"$out/$w-$size.err" ||
      { cat "$out/$w-$size.err" >&2; tail -n 20 "$out/server-$size.log" >&2; exit 1; }
    tail -n "+$((lines_before + 1))" "$out/server-$size.log" >"$out/server-$w-$size.log"
    sed 's/^/| /' "$out/$w-$size.out"
  done
  stop_server
done

field() { sed -n "s/^$2: //p" "$out/$1.out"; }
echo
echo "== summary ($(nproc) cores, $(free -g | awk '/^Mem/ { print $2 }') GB RAM, $CLIENTS clients, ${DURATION}s each; client-observed ms, server-side p99 from the RPC log)"
printf '%-10s %-10s %9s %7s %7s %7s %7s %10s %7s\n' size workload "ops/s" p50 p95 p99 max srv_p99 errors
for size in $SIZES; do
  for w in kabupaten desa history; do
    read -r _ p50 _ p95 _ p99 _ max <<<"$(field "$w-$size" latency_ms)"
    rpc=ListProposals
    [[ $w == history ]] && rpc=GetHistory
    printf '%-10s %-10s %9s %7s %7s %7s %7s %10s %7s\n' "$size" "$w" \
      "$(field "$w-$size" throughput_ops_s)" "$p50" "$p95" "$p99" "$max" \
      "$(server_quantile "$out/server-$w-$size.log" "$rpc" 0.99)" "$(field "$w-$size" errors)"
  done
done

if ((MEMORY_CLIENTS > 0)); then
  url=${admin_url/dbname=postgres/dbname=$largest}
  echo
  echo "== memory: $MEMORY_CLIENTS clients, queue-read of kabupaten on $largest, ${DURATION}s, pool $MEMORY_POOL"
  start_server "$url" "$out/server-memory.log" "$MEMORY_POOL" $SERVER_FLAGS
  sleep 0.5
  idle_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")
  size=${largest#usulan_scale_}
  # The server's thread count, sampled while the clients run (gRPC's synchronous
  # server adds threads on demand).
  (
    most=0
    while kill -0 "$server_pid" 2>/dev/null; do
      now=$(awk '/^Threads:/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null || echo 0)
      ((now > most)) && { most=$now; echo "$most" >"$out/memory-threads.txt"; }
      sleep 0.2
    done
  ) &
  sampler=$!
  nice "$bench" --server "127.0.0.1:$port" --key-file "$tmp/issuer.jwk" --server-pid "$server_pid" \
    --workload queue-read --targets "$out/targets-kabupaten-$size.txt" \
    --clients "$MEMORY_CLIENTS" --duration "$DURATION" >"$out/memory.out" 2>"$out/memory.err" ||
    { cat "$out/memory.err" >&2; tail -n 20 "$out/server-memory.log" >&2; exit 1; }
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$server_pid/status")
  sed 's/^/| /' "$out/memory.out"
  stop_server
  wait "$sampler" 2>/dev/null || true
  echo "server RSS idle before the run: $((idle_kb / 1024)) MB; peak (VmHWM): $(field memory server_peak_rss_mb) MB; threads at most: $(cat "$out/memory-threads.txt" 2>/dev/null || echo ?), after the run: $threads"
fi
if [[ -n ${OUT:-} ]]; then
  echo "reports, plans and logs: $out"
else
  echo "(reports, plans and logs are removed on exit: set OUT=DIR to keep them)"
fi
