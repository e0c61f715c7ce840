#!/usr/bin/env bash
# The test command: installs dependencies, builds, and runs every test (unit,
# storage, end-to-end gRPC; then, unless ctest arguments were given, the web
# tier's browser tests: deploy/web-test.sh). The PostgreSQL-backed tests start a throwaway cluster
# under build/test-postgres through the ctest `postgres` fixture and stop it
# afterwards; they never skip.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
deploy/build.sh
if [[ ${CI:-} == true ]]; then
  # What a packager builds: Release (-O3) finds warnings RelWithDebInfo does not
  # (-Werror makes them errors). Only the libraries and binaries: the tests run
  # in the build above.
  BUILD_DIR=build-release BUILD_TYPE=Release deploy/build.sh \
    --target usulan-server usulanctl usulan-registry-sim usulan-bench
fi
# The console (web/console, docs/console-screens.md): types generated from proto/,
# a type-checked production build within its first-load budget, its unit tests.
(cd web/console && npm ci --no-audit --no-fund && npm run build && npm test)
cd build
# A leftover cluster from an interrupted run is stopped and wiped first.
../deploy/local-postgres.sh stop test-postgres >/dev/null 2>&1 || true
# As root with a clone the postgres user cannot reach, the cluster lived under /tmp.
if [[ -f test-postgres/pgdir && $(cat test-postgres/pgdir) == /tmp/usulan-pg.* ]]; then
  rm -rf "$(cat test-postgres/pgdir)"
fi
rm -rf test-postgres
ctest --output-on-failure -j"${JOBS:-2}" "$@"
# The web tier: usulan-web, the development identity provider, browser tests.
if [[ $# -eq 0 ]]; then ../deploy/web-test.sh; fi
