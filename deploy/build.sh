#!/usr/bin/env bash
# Configures and builds everything into build/ (two jobs: the machines have two
# cores and gRPC code is memory-hungry to compile).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build build -j"${JOBS:-2}"
