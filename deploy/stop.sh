#!/usr/bin/env bash
# Stops the demo's usulan-server (gracefully, SIGTERM), its civil-registry
# simulator and its private PostgreSQL. USULAN_STATE_DIR as for deploy/demo.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
state=${USULAN_STATE_DIR:-.local}
if [[ -f $state/server.pid ]] && kill -0 "$(cat "$state/server.pid")" 2>/dev/null; then
  kill "$(cat "$state/server.pid")"
  while kill -0 "$(cat "$state/server.pid")" 2>/dev/null; do sleep 0.2; done
  echo "usulan-server stopped"
fi
rm -f "$state/server.pid"
if [[ -d $state ]]; then deploy/registry-sim.sh stop "$state"; fi
if [[ -d $state/pg ]]; then deploy/local-postgres.sh stop "$state/pg"; fi
