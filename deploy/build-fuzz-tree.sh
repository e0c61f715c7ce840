#!/usr/bin/env bash
# Builds targets of the clang tree build-fuzz/: clang-14 with AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer's coverage in every object
# (USULAN_FUZZ, top CMakeLists.txt). One tree serves both the fuzzers
# (deploy/fuzz.sh) and the ASan + UBSan test run (deploy/sanitize.sh), so a cold
# CI run compiles the instrumented libraries once.
# Usage: deploy/build-fuzz-tree.sh --target NAME...
set -euo pipefail
cd "$(dirname "$0")/.."
CC=clang-14 CXX=clang++-14 BUILD_DIR=build-fuzz CMAKE_ARGS="-DUSULAN_FUZZ=ON" \
  exec deploy/build.sh "$@"
