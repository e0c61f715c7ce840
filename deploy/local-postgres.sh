#!/usr/bin/env bash
# A private PostgreSQL cluster for tests and development, kept entirely in DIR.
#
#   deploy/local-postgres.sh start DIR   initdb if needed, start; writes DIR/url
#   deploy/local-postgres.sh stop DIR    stop (a stopped cluster is fine)
#   deploy/local-postgres.sh crash DIR   stop as a crash would (pg_ctl -m immediate:
#                                        clients cut off, recovery at the next start)
#   deploy/local-postgres.sh url DIR     print the libpq URL of the cluster
#
# The cluster listens on a Unix socket only (no TCP port, so parallel clusters
# never clash) and trusts local connections; it is never meant for real data.
# PostgreSQL refuses to run as root, so as root the cluster belongs to the
# `postgres` OS user (DIR is handed to it) and its superuser is `postgres`; as
# anyone else it belongs to the caller, whose name is then the superuser.
# When the postgres OS user cannot reach DIR (a clone under a mode-700 /root,
# say), the cluster's data, log and socket live in a directory of its own under
# /tmp instead, named in DIR/pgdir; DIR still holds the url file and the lock.
# PG_BIN overrides where the PostgreSQL binaries are.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

usage() {
  echo "usage: $0 start|stop|crash|url DIR" >&2
  exit 2
}
[[ $# -eq 2 ]] || usage
command=$1
case $command in start | stop | crash | url) ;; *) usage ;; esac
mkdir -p "$2"
dir=$(cd "$2" && pwd)
# Where the cluster itself lives: DIR, or as root a directory under /tmp (below).
home=$dir
data=$home/data
log=$home/postgres.log

fail() {
  echo "local-postgres: $*" >&2
  if [[ -f $log ]]; then
    echo "---- $log (last 50 lines) ----" >&2
    tail -n 50 "$log" >&2
  fi
  exit 1
}

# One invocation at a time per DIR (parallel test runs sharing a build tree). The
# server must not inherit this descriptor, or it would hold the lock for life.
exec 9>>"$dir/.lock"
flock -w 120 9 || fail "another local-postgres.sh has held $dir/.lock for 2 minutes"

# As root: the /tmp directory recorded in DIR/pgdir if it is still there and
# still the postgres user's; else, for start, a new one (a vanished one means a
# new cluster), and for stop and url nothing.
fallback_home() {
  local recorded
  if [[ -f $dir/pgdir ]]; then
    recorded=$(cat "$dir/pgdir")
    if [[ $recorded == /tmp/usulan-pg.* && -d $recorded && ! -L $recorded ]] &&
      [[ $(stat -c %U "$recorded") == postgres ]]; then
      echo "$recorded"
      return
    fi
  fi
  [[ $command == start ]] || return 0
  recorded=$(mktemp -d /tmp/usulan-pg.XXXXXX)
  chown postgres: "$recorded"
  echo "$recorded" >"$dir/pgdir"
  echo "$recorded"
}

if [[ $(id -u) -eq 0 ]]; then
  owner=postgres
  run=(runuser -u postgres --)
  if ! id postgres >/dev/null 2>&1; then
    echo "local-postgres: running as root needs the 'postgres' OS user" >&2
    exit 1
  fi
  chown postgres: "$dir"
  if ! runuser -u postgres -- test -w "$dir" -a -x "$dir"; then
    fallback=$(fallback_home)
    if [[ -n $fallback ]]; then
      home=$fallback
      data=$home/data
      log=$home/postgres.log
    fi
    if [[ $command == start ]]; then
      echo "local-postgres: the postgres OS user cannot reach $dir; the cluster lives in $home"
    fi
  fi
else
  owner=$(id -un)
  run=()
fi

# Unix socket paths are limited to 107 bytes; DIR/sock is used when the socket
# file name (DIR/sock/.s.PGSQL.5432) fits, else a short directory under /tmp,
# remembered in DIR/sockdir.
socket_dir() {
  local candidate=$home/sock
  local socket_file=/.s.PGSQL.5432
  if (( ${#candidate} + ${#socket_file} <= 107 )); then
    echo "$candidate"
    return
  fi
  if [[ -f $dir/sockdir ]] && [[ -d $(cat "$dir/sockdir") ]]; then
    cat "$dir/sockdir"
    return
  fi
  candidate=$(mktemp -d /tmp/usulan-pg.XXXXXX)
  echo "$candidate" >"$dir/sockdir"
  echo "$candidate"
}

is_running() {
  [[ -f $data/PG_VERSION ]] && "${run[@]}" "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1
}

start() {
  if [[ ! -f $data/PG_VERSION ]]; then
    rm -rf "$data"
    "${run[@]}" "$PG_BIN/initdb" -D "$data" -U "$owner" --auth-local=trust \
      --auth-host=reject --encoding=UTF8 --locale=C --no-instructions \
      >>"$log" 2>&1 || fail "initdb failed"
    # Room for many test processes, each with a pool, running in parallel.
    echo "max_connections = 300" | "${run[@]}" tee -a "$data/postgresql.conf" >/dev/null
  fi
  if is_running; then
    echo "local-postgres: already running in $dir"
  else
    local sock
    sock=$(socket_dir)
    mkdir -p "$sock"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$sock"; fi
    # Settings given at start so that a re-created socket directory is picked up.
    "${run[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$sock'" start >/dev/null 9>&- \
      || fail "pg_ctl start failed"
    echo "host=$sock dbname=postgres user=$owner" >"$dir/url"
    echo "local-postgres: started in $dir"
  fi
  if ! "$PG_BIN/psql" "$(cat "$dir/url")" -XqAtc 'SELECT 1' >/dev/null 2>&1; then
    fail "the cluster does not answer at $(cat "$dir/url")"
  fi
}

# halt MODE WHAT: pg_ctl stop -m MODE (fast: a clean stop; immediate: a crash,
# every client cut off and recovery at the next start).
halt() {
  if is_running; then
    "${run[@]}" "$PG_BIN/pg_ctl" -D "$data" -m "$1" -w -t 60 stop >/dev/null \
      || fail "pg_ctl stop -m $1 failed"
    echo "local-postgres: $2 in $dir"
  else
    echo "local-postgres: not running in $dir"
  fi
}

# The server (as the owner) appends to the log that this script also writes.
touch "$log"
if [[ $(id -u) -eq 0 ]]; then chown postgres: "$log"; fi

case $command in
  start) start ;;
  stop) halt fast stopped ;;
  crash) halt immediate "crashed (immediate stop)" ;;
  url)
    [[ -f $dir/url ]] || fail "no cluster started in $dir"
    cat "$dir/url"
    ;;
  *) usage ;;
esac
