#!/usr/bin/env bash
# The audit trail end to end with the real binaries, as an operator and an outside
# auditor would use it: usulan-server runs as the service's database role (read
# and append only on the audit tables) with an audit key from `usulanctl audit
# keygen`; deploy/scenario.sh writes transitions; `usulanctl audit checkpoint |
# verify | export | checkpoints` and their exit codes; the README's offline checks
# (jq + sha256sum for a row, openssl for a checkpoint signature, and
# tools/audit/verify_export.py); and tampering done directly in PostgreSQL as a
# superuser, which both `usulanctl audit verify` and the offline script detect.
#
#   tests/audit_cli_test.sh USULAN_SERVER_BINARY USULANCTL_BINARY
#
# Needs USULAN_TEST_PG_DIR (the ctest `postgres` fixture's directory), psql, jq,
# openssl, sha256sum, base64 and python3. Registered in tests/CMakeLists.txt.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/support/server_harness.sh
source "$root/tests/support/server_harness.sh"
harness_begin audit-cli "USULAN_SERVER_BINARY USULANCTL_BINARY" "$@"
ctl=$2
make_issuer "$ctl"

exit_code() {  # exit_code COMMAND...: prints the command's exit status
  local code=0
  "$@" >"$tmp/last.out" 2>"$tmp/last.err" || code=$?
  echo "$code"
}

echo "== keys"
"$ctl" audit keygen --out "$tmp/audit.key" --public-out "$tmp/audit.pub" 2>"$tmp/keygen.err" ||
  die "usulanctl audit keygen failed"
expect "keygen writes the private key with mode 600" test "$(stat -c %a "$tmp/audit.key")" = 600
expect "keygen refuses to overwrite a key (exit 2)" \
  test "$(exit_code "$ctl" audit keygen --out "$tmp/audit.key")" -eq 2
expect "the key is one openssl reads as ED25519" \
  grep -q "ED25519" <(openssl pkey -in "$tmp/audit.key" -noout -text 2>&1)
key_id=$(openssl pkey -pubin -in "$tmp/audit.pub" -outform DER | sha256sum | cut -d' ' -f1)

echo "== database: migrations as the owner, the server as the service's role"
create_database
owner_url=$database_url
"$server_bin" migrate --database-url "$owner_url" >>"$log" 2>&1 || die "migrate failed"
psql "$owner_url" -XqAt -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'usulan_app_test') THEN
    CREATE ROLE usulan_app_test LOGIN IN ROLE usulan_service; END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END \$\$" >/dev/null
service_url="$owner_url user=usulan_app_test"
"$server_bin" load-registry "$root/deploy/scenario/registry.csv" --database-url "$service_url" \
  >>"$log" 2>&1 || die "load-registry as the service role failed"
expect "the service role cannot UPDATE the audit trail" \
  grep -q "permission denied" <(psql "$service_url" -XqAt -c "UPDATE transitions SET reason = ''" 2>&1)
expect "the service role cannot DELETE from the audit trail" \
  grep -q "permission denied" <(psql "$service_url" -XqAt -c "DELETE FROM transitions" 2>&1)

start_server --database-url "$service_url" --migrate-database-url "$owner_url" \
  --jwks-file "$tmp/jwks.json" --audit-key-file "$tmp/audit.key" --checkpoint-interval 0 \
  --pool-size 4
export USULAN_SERVER=127.0.0.1:$port

USULAN_KEY_FILE=$tmp/issuer.jwk USULANCTL=$ctl "$root/deploy/scenario.sh" >"$tmp/scenario.out" 2>&1 ||
  die "deploy/scenario.sh failed: $(tail -n 5 "$tmp/scenario.out")"
mint() { "$ctl" token mint --key-file "$tmp/issuer.jwk" --subject "$1" --role "$2" --region "$3"; }
auditor=$(mint auditor.bpk auditor "")
district=$(mint dinsos.kab3201 district_officer 3201)
operator=$(mint operator.sukamaju village_operator 3201012001)
proposal=$(sed -n 's/^  asep: proposal \([^ ]*\) (DRAFT)$/\1/p' "$tmp/scenario.out")
[[ -n $proposal ]] || die "no proposal id in the scenario output"

echo "== checkpoint, verify, export"
export USULAN_TOKEN=$auditor
"$server_bin" checkpoint --database-url "$service_url" --audit-key-file "$tmp/audit.key" \
  >"$tmp/server-checkpoint.json" 2>>"$log" || die "usulan-server checkpoint failed"
expect "usulan-server checkpoint makes checkpoint 1" \
  test "$(jq -r '"\(.created) \(.sequence)"' "$tmp/server-checkpoint.json")" = "true 1"
"$ctl" audit checkpoint >"$tmp/checkpoint.json" || die "usulanctl audit checkpoint failed"
expect "usulanctl audit checkpoint: nothing new, no second checkpoint" \
  test "$(jq -r '"\(.created) \(.checkpoint.sequence)"' "$tmp/checkpoint.json")" = "false 1"
expect "it is signed with the audit key" \
  test "$(jq -r .checkpoint.key_id "$tmp/checkpoint.json")" = "$key_id"
expect "usulan-server checkpoint without a key: usage error (exit 2)" \
  test "$(exit_code "$server_bin" checkpoint --database-url "$service_url")" -eq 2
expect "verify --all: exit 0" test "$(exit_code "$ctl" audit verify --all)" -eq 0
expect "verify --all reports OK" grep -q "^OK: 12 proposals" "$tmp/last.out"
expect "verify --region 3201: exit 0" test "$(exit_code "$ctl" audit verify --region 3201)" -eq 0
expect "verify --proposal: exit 0 for the village operator" \
  test "$(USULAN_TOKEN=$operator exit_code "$ctl" audit verify --proposal "$proposal")" -eq 0
expect "verify without a scope: usage error (exit 2)" \
  test "$(exit_code "$ctl" audit verify)" -eq 2
expect "verify with two scopes: usage error (exit 2)" \
  test "$(exit_code "$ctl" audit verify --all --region 32)" -eq 2
expect "verify --all as a district officer: refused (exit 1)" \
  test "$(USULAN_TOKEN=$district exit_code "$ctl" audit verify --all)" -eq 1
expect "... with PERMISSION_DENIED" grep -q PERMISSION_DENIED "$tmp/last.err"

expect "export: exit 0" test "$(exit_code "$ctl" audit export --out "$tmp/transitions.jsonl")" -eq 0
rows=$(wc -l <"$tmp/transitions.jsonl")
expect "export writes one JSON line per transition ($rows)" test "$rows" -ge 20
expect "every exported row is covered by checkpoint 1" \
  test "$(jq -s 'map(select(.checkpoint == 1)) | length' "$tmp/transitions.jsonl")" -eq "$rows"
expect "export --region 3202 is empty" \
  test "$("$ctl" audit export --region 3202 2>/dev/null | wc -l)" -eq 0
expect "export --from in the future is empty" \
  test "$("$ctl" audit export --from 2999-01-01T00:00:00Z 2>/dev/null | wc -l)" -eq 0
expect "export --from garbage: usage error (exit 2)" \
  test "$(exit_code "$ctl" audit export --from yesterday)" -eq 2
expect "export as a village operator: refused (exit 1)" \
  test "$(USULAN_TOKEN=$operator exit_code "$ctl" audit export)" -eq 1
"$ctl" audit checkpoints --out "$tmp/checkpoints.jsonl" 2>/dev/null || die "audit checkpoints failed"
expect "checkpoints: one line" test "$(wc -l <"$tmp/checkpoints.jsonl")" -eq 1

echo "== the README's offline checks, without the service"
first=$(head -n 1 "$tmp/transitions.jsonl")
expect "jq + sha256sum recompute a row's hash" test \
  "$(jq -j -f "$root/docs/audit/transition-v1.jq" <<<"$first" | sha256sum | cut -d' ' -f1)" = \
  "$(jq -r .hash <<<"$first")"
expect "jq + sha256sum recompute the known vector" test \
  "$(jq -j -f "$root/docs/audit/transition-v1.jq" "$root/docs/audit/known-vector.jsonl" | sha256sum | cut -d' ' -f1)" = \
  44c0241630d1ef29de437fab5d9ce15c8cca04795e46f47c9f412d8019e5c801
checkpoint=$(head -n 1 "$tmp/checkpoints.jsonl")
jq -j -f "$root/docs/audit/checkpoint-v1.jq" <<<"$checkpoint" >"$tmp/checkpoint.bin"
jq -r .signature <<<"$checkpoint" | base64 -d >"$tmp/checkpoint.sig"
expect "openssl verifies the checkpoint signature with the public key" \
  openssl pkeyutl -verify -pubin -inkey "$tmp/audit.pub" -rawin -in "$tmp/checkpoint.bin" \
  -sigfile "$tmp/checkpoint.sig"
expect "sha256sum of the signed message is the checkpoint hash" test \
  "$(sha256sum <"$tmp/checkpoint.bin" | cut -d' ' -f1)" = "$(jq -r .hash <<<"$checkpoint")"
verify_offline() {
  python3 "$root/tools/audit/verify_export.py" "$1" --checkpoints "$2" \
    --public-key "$tmp/audit.pub" >"$tmp/offline.out" 2>&1
}
expect "verify_export.py accepts the untouched export" \
  verify_offline "$tmp/transitions.jsonl" "$tmp/checkpoints.jsonl"
expect "... and recomputes the Merkle root" grep -q "(1 roots recomputed)" "$tmp/offline.out"
# A published checkpoint with one digit of its root changed no longer verifies.
jq -c '.merkle_root |= (if startswith("0") then "1" else "0" end) + .[1:]' \
  "$tmp/checkpoints.jsonl" >"$tmp/checkpoints-forged.jsonl"
expect "verify_export.py refuses a forged checkpoint (exit 1)" \
  bash -c "! python3 '$root/tools/audit/verify_export.py' '$tmp/transitions.jsonl' \
    --checkpoints '$tmp/checkpoints-forged.jsonl' --public-key '$tmp/audit.pub' >'$tmp/forged.out'"
expect "... naming the signature" grep -q checkpoint_signature_invalid "$tmp/forged.out"

echo "== tampering as a superuser (the append-only trigger switched off)"
tamper() {
  psql "$owner_url" -XqAt -v ON_ERROR_STOP=1 \
    -c "BEGIN" -c "SET LOCAL session_replication_role = replica" -c "$1" -c "COMMIT" >/dev/null
}
tamper "UPDATE transitions SET reason = 'disetujui' WHERE proposal_id = '$proposal' AND sequence = 2"
expect "verify --all: tampering found (exit 3)" test "$(exit_code "$ctl" audit verify --all)" -eq 3
expect "... a changed row, named" grep -q "^row_altered proposal $proposal sequence 2" "$tmp/last.out"
"$ctl" audit export --out "$tmp/tampered.jsonl" 2>/dev/null
expect "verify_export.py finds it offline (exit 1)" \
  bash -c "! python3 '$root/tools/audit/verify_export.py' '$tmp/tampered.jsonl' \
    --checkpoints '$tmp/checkpoints.jsonl' --public-key '$tmp/audit.pub' >'$tmp/offline.out'"
expect "... as a changed row" grep -q "^row_altered proposal $proposal sequence 2" "$tmp/offline.out"

tamper "UPDATE checkpoints SET signature = '$(head -c 64 /dev/urandom | base64 -w0)'"
expect "a forged checkpoint signature: exit 3" \
  test "$(exit_code "$ctl" audit verify --region 3201)" -eq 3
expect "... named" grep -q "^checkpoint_signature_invalid checkpoint 1" "$tmp/last.out"

echo "== SIGTERM"
kill -TERM "$server_pid"
server_status=0
wait "$server_pid" || server_status=$?
server_pid=
expect "usulan-server exits 0 on SIGTERM" test "$server_status" -eq 0

harness_finish
