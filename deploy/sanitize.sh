#!/usr/bin/env bash
# The sanitizer builds CI runs (docs/sanitizers.md): AddressSanitizer with
# UndefinedBehaviorSanitizer in the clang tree build-fuzz (shared with the
# fuzzers), ThreadSanitizer (g++) into build-tsan,
# each running the tests of the executables below. A report fails the test that
# made it (ASan and UBSan stop the process, TSan makes it exit 66), so ctest
# passing means zero reports.
#
#   deploy/sanitize.sh                      both builds and their tests
#   deploy/sanitize.sh asan|tsan [ARGS]     one of them; ARGS go to ctest
set -euo pipefail
cd "$(dirname "$0")/.."
suppressions=$PWD/deploy/sanitizers

# What runs under each sanitizer: every gtest of these executables, no more (the
# tests of executables not built here exist in ctest only as unlabelled
# *_NOT_BUILT placeholders, which the label filter leaves out). Both: the pure
# domain, the audit trail's pure parts, storage against PostgreSQL (connections
# cut on purpose among them), the use cases and the group committer driven from
# plain threads. ASan + UBSan adds the server: its unit tests, the services'
# units, the sanitized usulan-server binary as a child and chosen end-to-end
# suites through the real server (asan_e2e_suites). TSan adds the units
# whose locks and threads are ours (auth's key sources, jobs) but no test that
# runs inside gRPC's threads: Debian's gRPC is not instrumented, so TSan cannot
# follow it (docs/sanitizers.md, also for what is still to join).
common=(usulan_workflow_tests usulan_audit_tests usulan_storage_tests usulan_app_tests
  usulan_group_commit_tests)
asan_targets=("${common[@]}" usulan_server_tests usulan_services_tests
  usulan_server_process_tests usulan_e2e_tests)
# Of usulan_e2e_tests (the real server in-process, its handlers on gRPC's threads),
# ASan + UBSan runs these suites only, for CI's time: group commit through the
# server, the lifecycle up to Pusdatin, and every route into the register.
asan_e2e_suites='^(GroupCommitE2eTest|GroupCommitDegenerateOptionsE2eTest|LifecycleE2eTest|RoutesE2eTest)\.'

tsan_targets=("${common[@]}" usulan_auth_tests usulan_jobs_tests)

run() {
  local name=$1
  local -n targets=${name}_targets
  shift
  local dir started=$SECONDS
  if [[ $name == asan ]]; then
    # ASan + UBSan: the clang tree the fuzzers are built in (deploy/build-fuzz-tree.sh).
    dir=build-fuzz
    deploy/build-fuzz-tree.sh --target "${targets[@]}"
  else
    dir=build-$name
    cmake -S . -B "$dir" -DUSULAN_SANITIZE=thread >/dev/null
    BUILD_DIR=$dir deploy/build.sh --target "${targets[@]}"
  fi
  local built=$SECONDS
  deploy/wipe-test-postgres.sh "$dir"
  # Names with a dot: the gtest-discovered tests (Suite.Test), not the scripts
  # labelled e2e that drive other binaries.
  # usulan_e2e_tests (label e2e_in_process) only through the chosen suites.
  (cd "$dir" && ctest --output-on-failure -j"${JOBS:-2}" -L '^(unit|storage|e2e)$' -R '\.' "$@")
  if [[ $name == asan ]]; then
    (cd "$dir" && ctest --output-on-failure -j"${JOBS:-2}" -L '^e2e_in_process$' \
      -R "$asan_e2e_suites" "$@")
  fi
  echo "sanitize $name: build $((built - started)) s, tests $((SECONDS - built)) s"
}

# A report prints its stack with our source lines and fails the process.
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_init_order=1"
# Full stacks for leaks: Debian's libraries have no frame pointers, and a
# suppression must see the libpqxx frame above libpq.
export LSAN_OPTIONS="fast_unwind_on_malloc=0:suppressions=$suppressions/lsan.supp"
export TSAN_OPTIONS="second_deadlock_stack=1:suppressions=$suppressions/tsan.supp"

which=${1:-all}
[[ $# -gt 0 ]] && shift
case $which in
  asan | tsan) run "$which" "$@" ;;
  all)
    run asan "$@"
    run tsan "$@"
    ;;
  *)
    echo "usage: $0 [asan|tsan|all] [ctest arguments]" >&2
    exit 2
    ;;
esac
