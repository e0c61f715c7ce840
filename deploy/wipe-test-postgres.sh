#!/usr/bin/env bash
# Stops and removes the test cluster a build directory's ctest fixture `postgres`
# left behind (an interrupted run), so that the next ctest starts a fresh one.
#   deploy/wipe-test-postgres.sh BUILD_DIR
set -euo pipefail
dir=$1/test-postgres
"$(dirname "$0")/local-postgres.sh" stop "$dir" >/dev/null 2>&1 || true
# As root with a clone the postgres user cannot reach, the cluster lived under /tmp.
if [[ -f $dir/pgdir && $(cat "$dir/pgdir") == /tmp/usulan-pg.* ]]; then
  rm -rf "$(cat "$dir/pgdir")"
fi
rm -rf "$dir"
