#!/usr/bin/env bash
# The test command: installs dependencies, builds, and runs every test (unit,
# storage, end-to-end gRPC; then, unless ctest arguments were given, the web
# tier's browser tests: deploy/web-test.sh). The PostgreSQL-backed tests start a throwaway cluster
# under build/test-postgres through the ctest `postgres` fixture and stop it
# afterwards; they never skip. With CI=true the build is Release, and the short
# fuzz runs (deploy/fuzz.sh) and the sanitizer builds (deploy/sanitize.sh) follow.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each part's time, printed as it ends (the README's times come from these).
# CPU seconds too (user + system of the finished commands, from `times`): on a
# busy machine they still tell what a part costs.
part_started=$SECONDS
part_cpu=0
part_times=$(mktemp)
trap 'rm -f "$part_times"' EXIT
part() {
  local cpu
  times >"$part_times" # in this shell: a subshell would report its own children
  cpu=$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$part_times")
  echo "== test.sh: $1 took $((SECONDS - part_started)) s ($((cpu - part_cpu)) CPU s)"
  part_started=$SECONDS
  part_cpu=$cpu
}
deploy/install-deps.sh
part "install-deps"
# CI builds what a packager builds, Release (-O3, where -Werror sees warnings
# RelWithDebInfo does not), and runs every test against it; one configuration
# instead of two keeps a cold CI run short. Locally the default stays
# RelWithDebInfo (debug information for gdb).
if [[ ${CI:-} == true ]]; then
  BUILD_TYPE=Release deploy/build.sh
else
  deploy/build.sh
fi
part "build"
# The console (web/console, docs/console-screens.md): types generated from proto/,
# a type-checked production build within its first-load budget, its unit tests.
(cd web/console && npm ci --no-audit --no-fund && npm run build && npm test)
part "console build and unit tests"
cd build
# A leftover cluster from an interrupted run is stopped and wiped first.
../deploy/wipe-test-postgres.sh .
ctest --output-on-failure -j"${JOBS:-2}" "$@"
part "ctest"
if [[ ${CI:-} == true ]]; then
  # The short fuzz runs (docs/fuzzing.md): regression inputs, then each target
  # for FUZZ_SECONDS; a finding fails the run.
  (cd .. && deploy/fuzz.sh "${FUZZ_SECONDS:-12}")
  part "fuzz"
  # The sanitizer builds and their chosen tests (docs/sanitizers.md).
  ../deploy/sanitize.sh
  part "sanitizers"
fi
# The web tier: usulan-web, the development identity provider, browser tests.
if [[ $# -eq 0 ]]; then
  ../deploy/web-test.sh
  part "web tier"
fi
