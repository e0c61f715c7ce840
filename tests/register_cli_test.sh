#!/usr/bin/env bash
# The register reads with the real binaries (docs/register.md): `usulanctl
# register get|list|count` print the server's JSON answer for an entry of the
# caller's region, refuse another region's (exit 1, PERMISSION_DENIED), an
# unknown entry (NOT_FOUND) and a bad --status (usage, exit 2). `usulanctl register
# export` writes the cycle's determination (docs/determination.md) that openssl
# verifies with the audit public key, never overwrites, and is refused to a
# village operator and, with personal data, to Dinsos. `register file-deceased`
# and `register apply-ranking` reach the server (which names the central source
# it lacks) and are Pusdatin's only.
#
#   tests/register_cli_test.sh USULAN_SERVER_BINARY USULANCTL_BINARY
#
# Needs USULAN_TEST_PG_DIR (ctest sets it), psql and jq. Registered in
# tests/CMakeLists.txt.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/support/server_harness.sh
source "$root/tests/support/server_harness.sh"
harness_begin register-cli "USULAN_SERVER_BINARY USULANCTL_BINARY" "$@"
ctl=$2
make_issuer "$ctl"
create_database
mint() { "$ctl" token mint --key-file "$tmp/issuer.jwk" --subject "$1" --role "$2" --region "$3"; }

"$ctl" audit keygen --out "$tmp/audit.key" --public-out "$tmp/audit.pub" >/dev/null
start_server --database-url "$database_url" --jwks-file "$tmp/jwks.json" --pool-size 2 \
  --audit-key-file "$tmp/audit.key"
export USULAN_SERVER=127.0.0.1:$port
operator=$(mint operator.sukamaju village_operator 3201012001)
stranger=$(mint operator.sukajaya village_operator 3201012002)
dinsos=$(mint dinsos.bogor district_officer 3201)
pusdatin=$(mint pusdatin.reviewer central_reviewer "")

# An entry as a decision would have listed it. Only the reads are under test
# here (tests/e2e/register_e2e_test.cc lists entries through real decisions), so
# it is written directly, triggers (the proposal reference) off.
entry=0b5e7c8a-1f2d-4c3b-9a8e-7d6c5b4a3f21
psql "$database_url" -XqAt -c "
  BEGIN; SET LOCAL session_replication_role = replica;
  INSERT INTO register_entries (id, province_code, kabupaten_code, kecamatan_code, desa_code,
    status, listed_by, listed_decree, since_cycle, household_proposal, version, history_head,
    updated_at)
  VALUES ('$entry', '32', '3201', '320101', '3201012001', 'ACTIVE', '$entry',
    'Kepmensos 15/HUK/2026', '2026-12', '$entry', 1, repeat('a', 64), now());
  INSERT INTO register_history (entry_id, sequence, change, proposal_id, decree_number, cycle,
    status_after, at, prev_hash, hash, encoding)
  VALUES ('$entry', 1, 'LISTED', '$entry', 'Kepmensos 15/HUK/2026', '2026-12', 'ACTIVE', now(),
    repeat('0', 64), repeat('a', 64), 'usulan-register-v1');
  COMMIT" >/dev/null || die "could not write the entry"

echo "== get, list, count for the entry's own region"
got=$(USULAN_TOKEN=$operator "$ctl" register get "$entry")
expect "get answers the entry" test "$(jq -r .entry.entry_id <<<"$got")" = "$entry"
expect "... ACTIVE, with its decree" \
  test "$(jq -r '.entry.status + " " + .entry.listed_decree' <<<"$got")" = \
  "ENTRY_STATUS_ACTIVE Kepmensos 15/HUK/2026"
listed=$(USULAN_TOKEN=$dinsos "$ctl" register list --status ACTIVE --page-size 10)
expect "list --status ACTIVE names it" test "$(jq -r '.entries[0].entry_id' <<<"$listed")" = "$entry"
listed=$(USULAN_TOKEN=$dinsos "$ctl" register list --status INACTIVE)
expect "list --status INACTIVE does not" test "$(jq -r '.entries | length' <<<"$listed")" -eq 0
counted=$(USULAN_TOKEN=$dinsos "$ctl" register count --region 320101)
expect "count: one active entry in desa 3201012001" \
  test "$(jq -r '.by_desa[0].desa_code + " " + .by_desa[0].active' <<<"$counted")" = "3201012001 1"

echo "== verify: the entry written here by hand does not hash as it says"
verified=$(USULAN_TOKEN=$dinsos "$ctl" register verify --entry "$entry")
expect "verify --entry: one entry, one row, not verified" \
  test "$(jq -r '[.entries_checked, .rows_checked, (.verified // false)] | join(" ")' <<<"$verified")" = "1 1 false"
expect "... its row is altered (the hash is not its content's)" \
  test "$(jq -r '.findings[0].kind + " " + .findings[0].sequence' <<<"$verified")" = "row_altered 1"
verified=$(USULAN_TOKEN=$dinsos "$ctl" register verify --region 3201)
expect "verify --region: the same finding" \
  test "$(jq -r '.findings[0].entry_id' <<<"$verified")" = "$entry"
status=0
USULAN_TOKEN=$dinsos "$ctl" register verify --entry "$entry" --region 3201 2>"$tmp/err" \
  >/dev/null || status=$?
expect "--entry and --region together are a usage error (exit 2)" test "$status" -eq 2

echo "== refusals"
status=0
USULAN_TOKEN=$stranger "$ctl" register get "$entry" 2>"$tmp/err" >/dev/null || status=$?
expect "another desa's operator is refused (exit 1)" test "$status" -eq 1
expect "... PERMISSION_DENIED" grep -q "error: PERMISSION_DENIED" "$tmp/err"
status=0
USULAN_TOKEN=$operator "$ctl" register get 1f0e7c8a-1f2d-4c3b-9a8e-7d6c5b4a3f21 \
  2>"$tmp/err" >/dev/null || status=$?
expect "an unknown entry (exit 1)" test "$status" -eq 1
expect "... NOT_FOUND" grep -q "error: NOT_FOUND" "$tmp/err"
status=0
USULAN_TOKEN=$dinsos "$ctl" register count --region 3202 2>"$tmp/err" >/dev/null || status=$?
expect "a count outside the caller's region is refused (exit 1)" test "$status" -eq 1
status=0
USULAN_TOKEN=$dinsos "$ctl" register list --status GONE 2>"$tmp/err" >/dev/null || status=$?
expect "an unknown --status is a usage error (exit 2)" test "$status" -eq 2

echo "== export: the cycle's determination"
out=$tmp/penetapan-2026-12
USULAN_TOKEN=$dinsos "$ctl" register export --cycle 2026-12 --out "$out" \
  --public-key "$tmp/audit.pub" >"$tmp/out"
expect "the publication variant: 1 change, signature verified" \
  grep -q "1 changes, without personal data.*signature verified" "$tmp/out"
expect "... its CSV row names the entry" grep -q "$entry" "$out/determination-2026-12.csv"
expect "... and has no personal column" \
  bash -c "! head -1 '$out/determination-2026-12.csv' | grep -q kk_number"
expect "openssl verifies manifest.sig with the audit public key" \
  bash -c "cd '$out' && openssl pkeyutl -verify -pubin -inkey '$tmp/audit.pub' -rawin \
           -in manifest.json -sigfile manifest.sig >/dev/null"
expect "every file matches the manifest's SHA-256" bash -c "cd '$out' &&
  jq -r '.files[] | \"\\(.sha256)  \\(.name)\"' manifest.json | sha256sum --check --strict >/dev/null"
status=0
USULAN_TOKEN=$dinsos "$ctl" register export --cycle 2026-12 --out "$out" 2>"$tmp/err" >/dev/null ||
  status=$?
expect "a second export into the same folder is refused (exit 1): nothing is overwritten" \
  test "$status" -eq 1
USULAN_TOKEN=$pusdatin "$ctl" register export --cycle 2026-12 --out "$tmp/pd" \
  --with-personal-data >"$tmp/out"
expect "the central reviewer takes the variant with personal data" \
  grep -q "1 changes, with personal data" "$tmp/out"
expect "... into a folder only its owner reads" test "$(stat -c %a "$tmp/pd")" = 700
status=0
USULAN_TOKEN=$dinsos "$ctl" register export --cycle 2026-12 --out "$tmp/no" \
  --with-personal-data 2>"$tmp/err" >/dev/null || status=$?
expect "Dinsos asking for personal data is refused (exit 1)" test "$status" -eq 1
expect "... PERMISSION_DENIED naming include_personal_data" \
  grep -q "error: PERMISSION_DENIED: include_personal_data" "$tmp/err"
status=0
USULAN_TOKEN=$operator "$ctl" register export --cycle 2026-12 --out "$tmp/no" \
  2>"$tmp/err" >/dev/null || status=$?
expect "a village operator is refused (exit 1)" test "$status" -eq 1
expect "... and nothing is left in the folder" bash -c "! ls '$tmp/no'/* >/dev/null 2>&1"
status=0
USULAN_TOKEN=$dinsos "$ctl" register export --cycle 2026-13 --out "$tmp/no" 2>/dev/null ||
  status=$?
expect "a bad --cycle is a usage error (exit 2)" test "$status" -eq 2

echo "== Pusdatin's changes from central data (docs/central-sources.md)"
# This server has neither a remote registry nor --bps-address: both commands
# reach the server and are told which source is missing.
pusdatin=$(mint pusdatin.reviewer central_reviewer "")
status=0
USULAN_TOKEN=$pusdatin "$ctl" register file-deceased --since 2026-11-01 \
  2>"$tmp/err" >/dev/null || status=$?
expect "file-deceased without a death list (exit 1)" test "$status" -eq 1
expect "... FAILED_PRECONDITION naming the source" grep -q "no death list source configured" "$tmp/err"
status=0
USULAN_TOKEN=$pusdatin "$ctl" register apply-ranking --ranking-id 2026-Q4 \
  2>"$tmp/err" >/dev/null || status=$?
expect "apply-ranking without BPS (exit 1)" test "$status" -eq 1
expect "... FAILED_PRECONDITION naming the source" grep -q "no welfare ranking source configured" "$tmp/err"
status=0
USULAN_TOKEN=$dinsos "$ctl" register apply-ranking --ranking-id 2026-Q4 \
  2>"$tmp/err" >/dev/null || status=$?
expect "Dinsos applying a ranking is refused (exit 1)" test "$status" -eq 1
expect "... PERMISSION_DENIED" grep -q "error: PERMISSION_DENIED" "$tmp/err"
status=0
USULAN_TOKEN=$pusdatin "$ctl" register file-deceased 2>"$tmp/err" >/dev/null || status=$?
expect "file-deceased without --since is a usage error (exit 2)" test "$status" -eq 2

harness_finish
