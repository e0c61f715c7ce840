#!/usr/bin/env bash
# The web tier's tests (docs/console.md, "Browser tests"): installs the npm
# packages of web/server exactly as locked (npm ci), builds it (protoc's
# descriptor set of proto/usulan/v1 and tsc), and runs the unit tests of its
# parts and the browser tests (node --test); the latter start their own
# PostgreSQL, identity provider,
# usulan-server (from build/, so run deploy/build.sh first) and two
# usulan-web instances, and drive Debian's chromium. Screenshots go to
# build/web-screenshots/. deploy/test.sh runs it after the C++ tests.
# The browser tests drive the real console (web/console/dist): it is built here
# (npm ci, npm run build) unless a build newer than every source of it exists,
# as after deploy/test.sh, which also runs the console's unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if ((major < 20)); then
  echo "web-test: Node.js 20 or later is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi
[[ -x /usr/bin/chromium ]] || { echo "web-test: /usr/bin/chromium missing (deploy/install-deps.sh installs it)" >&2; exit 1; }
for binary in build/server/usulan-server build/tools/usulanctl; do
  [[ -x $binary ]] || { echo "web-test: $binary missing: run deploy/build.sh first" >&2; exit 1; }
done
console_stale() {
  [[ ! -f web/console/dist/index.html ]] ||
    [[ -n $(find web/console proto -path web/console/node_modules -prune -o -path web/console/dist -prune \
      -o -path web/console/src/gen -prune -o -type f -newer web/console/dist/index.html -print -quit) ]]
}
if console_stale; then
  (cd web/console && npm ci --no-audit --no-fund && npm run build)
fi
cd web/server
npm ci --no-audit --no-fund
npm run build
npm run test:unit
npm run test:browser
