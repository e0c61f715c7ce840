#!/usr/bin/env bash
# Stops the demo's usulan-web, usulan-server (gracefully, SIGTERM), the
# development identity provider, the civil-registry simulator and the private
# PostgreSQL. USULAN_STATE_DIR as for deploy/demo.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
state=${USULAN_STATE_DIR:-.local}
# usulan-web first (it calls the server), the identity provider last (the server trusts it).
for name in web server idp; do
  if [[ -f $state/$name.pid ]] && kill -0 "$(cat "$state/$name.pid")" 2>/dev/null; then
    kill "$(cat "$state/$name.pid")"
    while kill -0 "$(cat "$state/$name.pid")" 2>/dev/null; do sleep 0.2; done
    case $name in web) echo "usulan-web stopped" ;; server) echo "usulan-server stopped" ;; idp) echo "identity provider stopped" ;; esac
  fi
  rm -f "$state/$name.pid"
done
if [[ -d $state ]]; then deploy/registry-sim.sh stop "$state"; fi
if [[ -d $state/pg ]]; then deploy/local-postgres.sh stop "$state/pg"; fi
