#!/usr/bin/env bash
# usulan-registry-sim (the civil-registry stand-in) in the background, for the
# demo and for development.
#
#   deploy/registry-sim.sh start DIR CSV [RANKING_CSV]
#                                          start it over CSV (the load-registry
#                                          format; BPS's rankings from RANKING_CSV,
#                                          docs/central-sources.md) on a free
#                                          loopback port; writes
#                                          DIR/registry-sim.addr (host:port, also
#                                          printed), DIR/registry-sim.pid and
#                                          DIR/registry-sim.log
#   deploy/registry-sim.sh stop DIR        stop it (SIGTERM; a stopped one is fine)
#
# A simulator already running from DIR is stopped first, so `start` always
# serves the given file. It serves TLS and requires client certificates (mTLS,
# as Dukcapil does), with the throwaway PKI of deploy/dev-pki.sh in
# USULAN_PKI_DIR (default DIR/pki; made if missing). Point the server at it with
#   usulan-server serve --registry-address "$(cat DIR/registry-sim.addr)" \
#     --registry-ca-file PKI/ca.crt --registry-cert-file PKI/client.crt \
#     --registry-key-file PKI/client.key ...
# REGISTRY_SIM_BIN overrides the binary (default build/tools/usulan-registry-sim);
# REGISTRY_SIM_LISTEN the address (default 127.0.0.1:0, any free port).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${REGISTRY_SIM_BIN:-$root/build/tools/usulan-registry-sim}
listen=${REGISTRY_SIM_LISTEN:-127.0.0.1:0}

usage() {
  echo "usage: $0 start DIR CSV [RANKING_CSV] | stop DIR" >&2
  exit 2
}
[[ $# -ge 2 ]] || usage
command=$1
dir=$2
case $command in
  start) [[ $# -eq 3 || $# -eq 4 ]] || usage ;;
  stop) [[ $# -eq 2 ]] || usage ;;
  *) usage ;;
esac
mkdir -p "$dir"
pid_file=$dir/registry-sim.pid
addr_file=$dir/registry-sim.addr
log=$dir/registry-sim.log

# True while `pid` is a running simulator: not another program that got the pid
# later, and not an exited one its new parent has yet to reap.
alive() {
  local state
  [[ $(cat "/proc/$1/comm" 2>/dev/null) == usulan-registry* ]] || return 1
  read -r _ _ state _ <"/proc/$1/stat" 2>/dev/null || return 1
  [[ $state != Z ]]
}

stop() {
  if [[ -f $pid_file ]]; then
    local pid
    pid=$(cat "$pid_file")
    if alive "$pid"; then
      kill "$pid"
      for _ in $(seq 1 100); do
        alive "$pid" || break
        sleep 0.1
      done
      if alive "$pid"; then
        echo "registry-sim: pid $pid did not stop within 10 s" >&2
        exit 1
      fi
      if [[ $command == stop ]]; then echo "usulan-registry-sim stopped"; fi
    fi
  fi
  rm -f "$pid_file" "$addr_file"
}

if [[ $command == stop ]]; then
  stop
  exit 0
fi

csv=$3
[[ -r $csv ]] || { echo "registry-sim: cannot read $csv" >&2; exit 1; }
rankings=()
if [[ $# -eq 4 ]]; then
  [[ -r $4 ]] || { echo "registry-sim: cannot read $4" >&2; exit 1; }
  rankings=(--ranking-csv "$4")
fi
[[ -x $bin ]] || { echo "registry-sim: no binary at $bin (build first)" >&2; exit 1; }
stop
# Only this run's lines are searched for the address: the log is appended to.
offset=$(stat -c %s "$log" 2>/dev/null || echo 0)
pki=${USULAN_PKI_DIR:-$dir/pki}
"$root/deploy/dev-pki.sh" "$pki" >/dev/null
nohup "$bin" --listen "$listen" --csv "$csv" "${rankings[@]}" --tls-cert-file "$pki/server.crt" \
  --tls-key-file "$pki/server.key" --tls-client-ca-file "$pki/ca.crt" >>"$log" 2>&1 &
pid=$!
echo "$pid" >"$pid_file"
for _ in $(seq 1 100); do
  address=$(tail -c +"$((offset + 1))" "$log" | sed -n 's/^listening on \([^ ]*\) .*/\1/p' | head -n 1)
  if [[ -n $address ]]; then
    echo "$address" >"$addr_file"
    echo "$address"
    exit 0
  fi
  if ! alive "$pid"; then
    rm -f "$pid_file"
    echo "registry-sim: usulan-registry-sim exited:" >&2
    tail -c +"$((offset + 1))" "$log" | tail -n 20 >&2
    exit 1
  fi
  sleep 0.1
done
echo "registry-sim: usulan-registry-sim did not report its address within 10 s" >&2
kill "$pid" 2>/dev/null || true
rm -f "$pid_file"
exit 1
