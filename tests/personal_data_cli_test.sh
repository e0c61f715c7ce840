#!/usr/bin/env bash
# Personal data with the real binaries (README, "Personal data"): usulan-server
# refuses a NIK key other than the database's, hashes the NIKs of rows that have
# none when it starts, and `usulanctl erase-personal-data` erases a settled
# household (refused for a village operator, replayed when run again) leaving the
# audit trail verifiable, no copy of the data in the database and none in the
# server log.
#
#   tests/personal_data_cli_test.sh USULAN_SERVER_BINARY USULANCTL_BINARY
#
# Needs USULAN_TEST_PG_DIR (ctest sets it), psql, jq and openssl. Registered in
# tests/CMakeLists.txt.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/support/server_harness.sh
source "$root/tests/support/server_harness.sh"
harness_begin personal-data "USULAN_SERVER_BINARY USULANCTL_BINARY" "$@"
ctl=$2
make_issuer "$ctl"
household=$root/deploy/scenario/household-asep.json

create_database
count() { psql "$database_url" -XqAt -c "$1"; }
mint() { "$ctl" token mint --key-file "$tmp/issuer.jwk" --subject "$1" --role "$2" --region "$3"; }
stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=
}

# Retention 0: a settled household may be erased at once.
start_server --database-url "$database_url" --jwks-file "$tmp/jwks.json" --pool-size 2 \
  --retention-days 0
export USULAN_SERVER=127.0.0.1:$port
operator=$(mint operator.sukamaju village_operator 3201012001)
dinsos=$(mint dinsos.bogor district_officer 3201)
auditor=$(mint auditor.bpk auditor "")
nik=$(jq -r '.household.members[0].nik' "$household")
name=$(jq -r '.household.members[0].name' "$household")
kk=$(jq -r '.household.kk_number' "$household")

echo "== a proposal, withdrawn (settled)"
id=$(jq '.request_id = "cli-create"' "$household" |
  USULAN_TOKEN=$operator "$ctl" call ProposalService.CreateProposal - | jq -r .proposal_id)
[[ $id =~ ^[0-9a-f-]{36}$ ]] || die "CreateProposal gave no proposal id"
expect "the member is stored with its keyed hash, not found by the plain NIK in the claims" \
  test "$(count "SELECT count(*) FROM members WHERE nik_hmac IS NOT NULL")" -ge 1

echo "== restart after hashes went missing: the server fills them before it listens"
stop_server
psql "$admin_url dbname=$database" -Xq -c "UPDATE members SET nik_hmac = NULL" \
  -c "UPDATE nik_claims SET nik_hmac = NULL"
log=$tmp/server2.log
start_server --database-url "$database_url" --jwks-file "$tmp/jwks.json" --pool-size 2 \
  --retention-days 0
export USULAN_SERVER=127.0.0.1:$port
expect "the start logs the back-fill" grep -q "hashed the NIKs of" "$log"
expect "no member is left without a hash" \
  test "$(count "SELECT count(*) FROM members WHERE nik_hmac IS NULL")" -eq 0
expect "no claim is left without a hash" \
  test "$(count "SELECT count(*) FROM nik_claims WHERE nik_hmac IS NULL")" -eq 0
found=$(jq -n --arg n "$nik" '{nik: $n}' | USULAN_TOKEN=$operator "$ctl" call ProposalService.LookupNik -)
expect "LookupNik finds the back-filled member" test "$(jq -r '.proposals[0].proposal_id' <<<"$found")" = "$id"

echo "== the access log records the lookup with the keyed hash, for auditors"
access=$(USULAN_TOKEN=$auditor "$ctl" call AuditService.ListPersonalDataAccess '{}')
expect "one lookup, found, by the operator" \
  test "$(jq -r '[.entries[] | select(.subject == "operator.sukamaju" and .outcome == "PERSONAL_DATA_ACCESS_OUTCOME_FOUND")] | length' <<<"$access")" -eq 1
expect "the access log holds the hash, never the NIK" test "$(grep -c "$nik" <<<"$access")" -eq 0

echo "== usulanctl takes its token from a private file or the environment, never argv"
(umask 077 && printf '%s\n' "$operator" >"$tmp/operator.token")
found=$(jq -n --arg n "$nik" '{nik: $n}' | env -u USULAN_TOKEN "$ctl" --token-file "$tmp/operator.token" \
  call ProposalService.LookupNik -)
expect "--token-file authenticates" test "$(jq -r '.proposals[0].proposal_id' <<<"$found")" = "$id"
chmod 644 "$tmp/operator.token"
status=0
env -u USULAN_TOKEN "$ctl" --token-file "$tmp/operator.token" call ProposalService.ListProposals '{}' \
  >/dev/null 2>"$tmp/token.err" || status=$?
expect "a token file others can read is refused (usage error)" test "$status" -eq 2
expect "naming chmod 600" grep -q "chmod 600" "$tmp/token.err"
status=0
"$ctl" --token "$operator" call ProposalService.ListProposals '{}' >/dev/null 2>"$tmp/token.err" ||
  status=$?
expect "--token on the command line is refused" test "$status" -eq 2
expect "pointing at --token-file and USULAN_TOKEN" grep -q -- "--token-file PATH" "$tmp/token.err"

jq -n --arg id "$id" '{request_id: "cli-withdraw", proposal_id: $id, reason: "pindah domisili"}' |
  USULAN_TOKEN=$operator "$ctl" call ProposalService.WithdrawProposal - >/dev/null

echo "== erase-personal-data"
status=0
USULAN_TOKEN=$operator "$ctl" erase-personal-data "$id" --reason "masa retensi berakhir" \
  >/dev/null 2>"$tmp/denied.err" || status=$?
expect "a village operator is refused (exit 1, got $status)" test "$status" -eq 1
expect "... with PERMISSION_DENIED" grep -q "PERMISSION_DENIED" "$tmp/denied.err"
status=0
USULAN_TOKEN=$dinsos "$ctl" erase-personal-data "$id" >/dev/null 2>&1 || status=$?
expect "--reason is required (usage, exit 2, got $status)" test "$status" -eq 2

USULAN_TOKEN=$dinsos "$ctl" erase-personal-data "$id" --reason "masa retensi berakhir" >"$tmp/erased.json"
expect "the answer has no household" test "$(jq -r '.household // "none"' "$tmp/erased.json")" = none
expect "the answer says when it was erased" test "$(jq -r '.personal_data_erased_at // ""' "$tmp/erased.json")" != ""
USULAN_TOKEN=$dinsos "$ctl" erase-personal-data "$id" --reason "masa retensi berakhir" >"$tmp/again.json"
expect "running it again replays the first answer" cmp -s "$tmp/erased.json" "$tmp/again.json"
expect "one erasure in the audit trail" \
  test "$(count "SELECT count(*) FROM transitions WHERE event = 'erase_personal_data'")" -eq 1
for table in households members nik_claims; do
  expect "no $table row left" test "$(count "SELECT count(*) FROM $table")" -eq 0
done
expect "no stored answer holds the NIK" \
  test "$(count "SELECT count(*) FROM idempotency WHERE position(convert_to('$nik', 'UTF8') IN response) > 0")" -eq 0

verified=$(jq -n '{everything: true}' | USULAN_TOKEN=$auditor "$ctl" call AuditService.VerifyChain -)
expect "the audit trail still verifies" test "$(jq -r .ok <<<"$verified")" = true
history=$(USULAN_TOKEN=$auditor "$ctl" history "$id")
expect "the history shows the erasure" grep -q "erase_personal_data" <<<"$history"

echo "== another NIK key is refused"
stop_server
status=0
(umask 077 && openssl rand -hex 32 >"$tmp/other-nik.key")
USULAN_NIK_KEY_FILE=$tmp/other-nik.key USULAN_HOUSEHOLD_KEY_FILE=$tmp/household.key \
  "$server_bin" serve --listen 127.0.0.1:0 \
  --database-url "$database_url" --jwks-file "$tmp/jwks.json" >"$tmp/other.log" 2>&1 || status=$?
expect "exit 1 (got $status)" test "$status" -eq 1
expect "the error names the key file flag" grep -q "is not the key this database's NIK hashes" "$tmp/other.log"

for file in "$tmp/server.log" "$log" "$tmp/other.log"; do
  for value in "$nik" "$name" "$kk"; do
    expect "$(basename "$file") holds no personal data" bash -c '! grep -qF -- "$1" "$2"' _ "$value" "$file"
  done
done

[[ $failures -eq 0 ]] || die "$failures check(s) failed"
echo "all personal-data CLI checks passed"
