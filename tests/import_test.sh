#!/usr/bin/env bash
# `usulanctl import` for real: the usulan-server binary on a free port over a
# database of its own on the ctest `postgres` fixture's cluster, fed the sample
# pre-list deploy/scenario/import-prelist.csv (three good households, three bad
# ones: a malformed NIK, a NIK repeated from another household of the file, a
# desa outside the operator's region). Checks the summary, the exit status, that
# a second run resumes (nothing imported twice), what the database holds, and
# that the server log holds none of the file's personal data.
#
#   tests/import_test.sh USULAN_SERVER_BINARY USULANCTL_BINARY
#
# Needs USULAN_TEST_PG_DIR (ctest sets it), psql and openssl. Registered in
# tests/CMakeLists.txt.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/support/server_harness.sh
source "$root/tests/support/server_harness.sh"
harness_begin import "USULAN_SERVER_BINARY USULANCTL_BINARY" "$@"
ctl=$2
make_issuer "$ctl"
csv=$root/deploy/scenario/import-prelist.csv

create_database
start_server --database-url "$database_url" --jwks-file "$tmp/jwks.json" --pool-size 2
export USULAN_SERVER=127.0.0.1:$port
export USULAN_TOKEN
USULAN_TOKEN=$("$ctl" token mint --key-file "$tmp/issuer.jwk" --subject operator.sukamaju \
  --role village_operator --region 3201012001)

echo "== first run"
status=0
"$ctl" import "$csv" >"$tmp/first.out" 2>"$tmp/first.err" || status=$?
sed 's/^/| /' "$tmp/first.out"
expect "exit status 1: some rows were refused (got $status)" test "$status" -eq 1
first=$(cat "$tmp/first.out")
expect "summary names the file and the import id" \
  grep -q "^import .*import-prelist.csv (request_id import-prelist.csv): 6 households\$" <<<"$first"
expect "three accepted" grep -qx "  accepted  3" <<<"$first"
expect "three refused" grep -qx "  refused   3" <<<"$first"
for code in INVALID_ARGUMENT ALREADY_EXISTS PERMISSION_DENIED; do
  expect "one $code" grep -qx "    $code  1" <<<"$first"
done
expect "the malformed NIK, by line and field" grep -qxF \
  "  line 7, household H03: INVALID_ARGUMENT: household.members[1].nik must be 16 digits" <<<"$first"
expect "the NIK repeated from H01" grep -qxF \
  "  line 9, household H04: ALREADY_EXISTS: household.members[1].nik is already in another open proposal" <<<"$first"
expect "the desa outside the region" grep -qxF \
  "  line 11, household H05: PERMISSION_DENIED: region \"3201012001\" does not cover desa \"3201012002\"" <<<"$first"
for line in "2, household H01" "5, household H02" "12, household H06"; do
  expect "accepted: line $line" grep -qE "^  line $line: proposal [0-9a-f-]{36}\$" <<<"$first"
done
expect "progress on stderr (plain, not a terminal)" \
  grep -qx "import: 6/6 sent, 6 answered" "$tmp/first.err"

count() { psql "$database_url" -XqAt -c "$1"; }
expect "three DRAFTs in the database" test "$(count "SELECT count(*) FROM proposals WHERE state = 'DRAFT'")" -eq 3
expect "six members: no part of a refused household" test "$(count "SELECT count(*) FROM members")" -eq 6

echo "== second run: resumes"
status=0
"$ctl" import "$csv" >"$tmp/second.out" 2>/dev/null || status=$?
sed 's/^/| /' "$tmp/second.out"
expect "exit status 1 again (got $status)" test "$status" -eq 1
expect "the three accepted rows answer from the first run" \
  grep -qx "  accepted  3 (3 by an earlier run)" "$tmp/second.out"
for household in H01 H02 H06; do
  id=$(sed -n "s/^  line [0-9]*, household $household: proposal \([0-9a-f-]*\)\$/\1/p" "$tmp/first.out")
  expect "$household keeps its proposal id" grep -q "household $household: proposal $id (imported by an earlier run)" "$tmp/second.out"
done
expect "still three proposals" test "$(count "SELECT count(*) FROM proposals")" -eq 3

echo "== a file that is not a pre-list"
printf 'household,desa,nik\n' >"$tmp/bad.csv"
status=0
"$ctl" import "$tmp/bad.csv" >/dev/null 2>"$tmp/bad.err" || status=$?
expect "exit status 2 for an unknown column (got $status)" test "$status" -eq 2
expect "names the column" grep -q 'unknown column "desa"' "$tmp/bad.err"

echo "== the server log holds no personal data"
expect "the log records the import" grep -q '"rpc":"ImportProposals"' "$log"
leaks=0
while IFS= read -r value; do
  [[ -n $value ]] || continue
  if grep -qF -- "$value" "$log"; then
    echo "FAILED: the server log contains '$value'" >&2
    leaks=$((leaks + 1))
  fi
done < <(tail -n +2 "$csv" | awk -F, '{ print $4; print $5; print $8; print $9 }' | sort -u)
expect "no NIK, KK number or name of the file in the server log" test "$leaks" -eq 0

((failures == 0)) || { echo "$failures check(s) failed" >&2; exit 1; }
echo "all import checks passed"
