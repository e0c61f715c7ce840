#!/usr/bin/env bash
# Configures and builds into BUILD_DIR (default build/; two jobs: the machines
# have two cores and gRPC code is memory-hungry to compile). BUILD_TYPE picks the
# configuration (default RelWithDebInfo); further arguments go to `cmake --build`
# (e.g. --target NAME); CMAKE_ARGS adds configure options (deploy/fuzz.sh). ccache,
# when installed, caches compilations across runs and build directories (CI's
# machine keeps its cache between runs).
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  # Paths under the clone are hashed relative to it, so a clone anywhere (CI's
  # fresh one) hits what another clone compiled (see -fdebug-prefix-map in the
  # top CMakeLists.txt for the builds with debug information).
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
fi
read -ra configure_args <<<"${CMAKE_ARGS:-}"
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "${launcher[@]}" \
  "${configure_args[@]}" >/dev/null
cmake --build "$build_dir" -j"${JOBS:-2}" "$@"
