#!/usr/bin/env bash
# The test command: installs dependencies, builds, and runs every test (unit,
# storage, end-to-end gRPC). The PostgreSQL-backed tests start a throwaway cluster
# under build/test-postgres through the ctest `postgres` fixture and stop it
# afterwards; they never skip. With CI=true also a Release build and the
# sanitizer builds (deploy/sanitize.sh).
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
cd build
# A leftover cluster from an interrupted run is stopped and wiped first.
../deploy/wipe-test-postgres.sh .
ctest --output-on-failure -j"${JOBS:-2}" "$@"
if [[ ${CI:-} == true ]]; then
  # The sanitizer builds and their chosen tests (docs/sanitizers.md).
  ../deploy/sanitize.sh
fi
