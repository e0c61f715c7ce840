#!/usr/bin/env bash
# Evidence documents with the real binaries (docs/documents.md): `usulanctl
# document upload` prints the SHA-256 the server computed (the file's own), the
# same file again is stored once, a role that cites no evidence and a file that
# is no PDF/JPEG/PNG are refused; the hash closes a Musdes; `usulanctl document
# download` writes the file byte for byte for the proposal's operator, and
# nothing for another desa's operator or for an uncited hash; the server's log
# names no file name.
#
#   tests/document_cli_test.sh USULAN_SERVER_BINARY USULANCTL_BINARY
#
# Needs USULAN_TEST_PG_DIR (ctest sets it), psql, jq and sha256sum. Registered in
# tests/CMakeLists.txt.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/support/server_harness.sh
source "$root/tests/support/server_harness.sh"
harness_begin document-cli "USULAN_SERVER_BINARY USULANCTL_BINARY" "$@"
ctl=$2
make_issuer "$ctl"
create_database
count() { psql "$database_url" -XqAt -c "$1"; }
mint() { "$ctl" token mint --key-file "$tmp/issuer.jwk" --subject "$1" --role "$2" --region "$3"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

"$server_bin" load-registry "$root/deploy/scenario/registry.csv" --database-url "$database_url" \
  >>"$log" 2>&1 || die "load-registry failed"
start_server --database-url "$database_url" --jwks-file "$tmp/jwks.json" --pool-size 2
export USULAN_SERVER=127.0.0.1:$port
desa=3201012001
operator=$(mint operator.sukamaju village_operator $desa)
head=$(mint kades.sukamaju village_head $desa)
stranger=$(mint operator.sukajaya village_operator 3201012002)

minutes=$tmp/minutes.pdf
{
  printf '%%PDF-1.4\n%% Berita Acara Musyawarah Desa Sukamaju\n'
  sed 's/^/% /' "$root/deploy/scenario/berita-acara.txt"
  printf '%%%%EOF\n'
} >"$minutes"
photo=$root/deploy/scenario/dokumen/foto-rumah-contoh.png

echo "== upload: the SHA-256 printed is the file's, stored once"
hash=$(USULAN_TOKEN=$head "$ctl" document upload "$minutes" --file-name berita-acara-musdes.pdf)
expect "the printed hash is the file's SHA-256" test "$hash" = "$(sha "$minutes")"
again=$(USULAN_TOKEN=$head "$ctl" document upload "$minutes" --file-name berita-acara-musdes.pdf)
expect "the same upload again (the same derived request id) answers the same hash" \
  test "$again" = "$hash"
again=$(USULAN_TOKEN=$head "$ctl" document upload "$minutes" --request-id second-upload)
expect "another request with the same bytes answers the same hash" test "$again" = "$hash"
expect "one document stored" test "$(count "SELECT count(*) FROM documents")" -eq 1
photo_hash=$(USULAN_TOKEN=$head "$ctl" document upload "$photo")
expect "a PNG is stored by its hash" test "$photo_hash" = "$(sha "$photo")"

status=0
USULAN_TOKEN=$operator "$ctl" document upload "$minutes" 2>"$tmp/err" >/dev/null || status=$?
expect "an operator may not upload (exit 1)" test "$status" -eq 1
expect "... PERMISSION_DENIED" grep -q "may not upload evidence documents" "$tmp/err"
status=0
USULAN_TOKEN=$head "$ctl" document upload "$root/deploy/scenario/berita-acara.txt" \
  2>"$tmp/err" >/dev/null || status=$?
expect "a .txt needs --media-type (usage, exit 2)" test "$status" -eq 2
status=0
USULAN_TOKEN=$head "$ctl" document upload "$root/deploy/scenario/berita-acara.txt" \
  --media-type application/pdf 2>"$tmp/err" >/dev/null || status=$?
expect "text declared as PDF is refused (exit 1)" test "$status" -eq 1
expect "... naming what the bytes are not" grep -q "not a PDF, JPEG or PNG" "$tmp/err"
expect "still two documents" test "$(count "SELECT count(*) FROM documents")" -eq 2

echo "== the hash closes a Musdes over Asep's proposal"
call() { USULAN_TOKEN=$1 "$ctl" call "$2" -; }
id=$(jq '.request_id = "doc-create"' "$root/deploy/scenario/household-asep.json" |
  call "$operator" ProposalService.CreateProposal | jq -r .proposal_id)
state=$(jq -n --arg id "$id" '{request_id: "doc-submit", proposal_id: $id}' |
  call "$operator" ProposalService.SubmitProposal | jq -r .state)
[[ $state == PROPOSAL_STATE_PRELIST ]] || die "Asep's proposal is $state, not PRELIST"
deliberation=$(jq -n --arg d "$desa" --arg date "$(date -u +%F)" \
  '{request_id: "doc-open", kind: "DELIBERATION_KIND_MUSDES", desa_code: $d, meeting_date: $date}' |
  call "$head" DeliberationService.OpenDeliberation | jq -r .deliberation_id)
jq -n --arg d "$deliberation" --arg id "$id" '{request_id: "doc-agenda", deliberation_id: $d, proposal_ids: [$id]}' |
  call "$head" DeliberationService.AddToAgenda >/dev/null
jq -n --arg d "$deliberation" --arg id "$id" \
  '{request_id: "doc-outcome", deliberation_id: $d, proposal_id: $id, outcome: "AGENDA_OUTCOME_AGREED"}' |
  call "$head" DeliberationService.RecordOutcome >/dev/null
jq -n --arg d "$deliberation" --arg m "$hash" \
  '{request_id: "doc-close", deliberation_id: $d, attendance: 57, quorum: 40, minutes_sha256: $m}' |
  call "$head" DeliberationService.CloseDeliberation >/dev/null
cited=$(USULAN_TOKEN=$operator "$ctl" history "$id" 2>/dev/null || true)
expect "the history cites the minutes" grep -q "$hash" <<<"$cited"

echo "== download: byte for byte for the proposal's operator, nothing for others"
USULAN_TOKEN=$operator "$ctl" document download --proposal "$id" --sha256 "$hash" \
  --out "$tmp/downloaded.pdf" >/dev/null
expect "the downloaded file is the uploaded one" cmp -s "$minutes" "$tmp/downloaded.pdf"
status=0
USULAN_TOKEN=$stranger "$ctl" document download --proposal "$id" --sha256 "$hash" \
  --out "$tmp/stranger.pdf" 2>"$tmp/err" >/dev/null || status=$?
expect "another desa's operator is refused (exit 1)" test "$status" -eq 1
expect "... PERMISSION_DENIED" grep -q "error: PERMISSION_DENIED" "$tmp/err"
expect "... and nothing is written" test ! -e "$tmp/stranger.pdf"
status=0
USULAN_TOKEN=$operator "$ctl" document download --proposal "$id" --sha256 "$photo_hash" \
  --out "$tmp/photo.png" 2>"$tmp/err" >/dev/null || status=$?
expect "a stored hash the proposal does not cite is refused (exit 1)" test "$status" -eq 1
expect "... saying so" grep -q "is not cited by the history" "$tmp/err"
expect "the downloads are in the access log" \
  test "$(count "SELECT count(*) FROM personal_data_access WHERE rpc = 'DownloadDocument'")" -eq 3
expect "the server's log names no file name" test "$(grep -c "berita-acara-musdes" "$log")" -eq 0

harness_finish
