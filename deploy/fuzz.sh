#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, docs/fuzzing.md) with clang-14 into
# build-fuzz/ (ASan + UBSan, coverage) and runs each target:
#   1. its regression inputs (fuzz/regressions/<target>/: every past finding,
#      replayed once; a crash fails the run);
#   2. fuzzing for SECONDS (default 12, what CI runs), starting from the seed
#      corpus fuzz/corpus/<target>/ plus what earlier runs on this machine found
#      (build-fuzz/corpus/<target>/; the repository's corpus is only read).
# Two targets run side by side (FUZZ_JOBS). A crash, leak, sanitizer report or
# hang (-timeout) fails the run with exit status 1
# and leaves the input under build-fuzz/artifacts/<target>/; keep it as a
# regression input once fixed.
# Usage: deploy/fuzz.sh [SECONDS] [TARGET...]   (targets: edge_validation
#        token_verifier prelist_csv registry_wire death_list_wire
#        welfare_ranking_wire audit_verifier; default all)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-12}
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(edge_validation token_verifier prelist_csv registry_wire death_list_wire
           welfare_ranking_wire audit_verifier)
fi

deploy/build-fuzz-tree.sh --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# One target: its regression inputs, then fuzzing for SECONDS. Prints its own
# lines only when it ends, so that targets running side by side do not interleave.
fuzz_one() {
  local target=$1
  local binary=build-fuzz/fuzz/fuzz_$target
  local artifacts=build-fuzz/artifacts/$target/
  local work=build-fuzz/corpus/$target
  mkdir -p "$artifacts" "$work"
  local regressions=()
  if [[ -d fuzz/regressions/$target ]]; then
    mapfile -t regressions < <(find "fuzz/regressions/$target" -type f | sort)
  fi
  if [[ ${#regressions[@]} -gt 0 ]]; then
    "$binary" -timeout=10 -artifact_prefix="$artifacts" "${regressions[@]}" \
      >"build-fuzz/$target.regressions.log" 2>&1 || {
        cat "build-fuzz/$target.regressions.log" >&2
        echo "fuzz: $target: a regression input fails again (log above)" >&2
        return 1; }
    echo "fuzz: $target: ${#regressions[@]} regression inputs replayed"
  fi
  "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -print_final_stats=1 -artifact_prefix="$artifacts" "$work" "fuzz/corpus/$target" \
    >"build-fuzz/$target.log" 2>&1 || {
      tail -n 60 "build-fuzz/$target.log" >&2
      echo "fuzz: $target: FOUND a failing input (build-fuzz/$target.log, $artifacts)" >&2
      return 1; }
  grep -E '^stat::number_of_executed_units|^#[0-9]+ *DONE' "build-fuzz/$target.log" |
    sed "s/^/fuzz: $target: ${seconds}s: /"
}

# FUZZ_JOBS targets at a time (default 2, one per core: a fuzzer keeps its core
# busy), so a CI run costs about targets x SECONDS / 2.
running=0
failed=0
for target in "${targets[@]}"; do
  if ((running >= ${FUZZ_JOBS:-2})); then
    wait -n || failed=1
    running=$((running - 1))
  fi
  fuzz_one "$target" &
  running=$((running + 1))
done
while ((running > 0)); do
  wait -n || failed=1
  running=$((running - 1))
done
if ((failed)); then
  echo "fuzz: a target failed (its lines above)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, no failure"
