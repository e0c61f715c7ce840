#!/usr/bin/env bash
# Walks one kabupaten's proposals (Kabupaten Bogor, 3201: desa Sukamaju 3201012001
# and desa Sukajaya 3201012002) through a running usulan-server with usulanctl, all
# the way from the village to the Ministry:
#   entry and submission with the civil-registry check (one NIK mismatch, corrected),
#   a Musdes in each desa (one proposal rejected), field verification (one household
#   not eligible, one duplicate), the village heads' release, the Dinsos review (one
#   proposal returned, later reworked by its village), a batch ratified by the
#   Bupati, submitted to the province and forwarded to Pusdatin, and the Pusdatin
#   decision with one exception, printed with the audit history of one accepted
#   proposal from DRAFT to ACCEPTED; then two residents act on their own
#   (docs/citizens.md): an usul mandiri the village takes up, and an objection to a
#   listed household that the district's visit upholds. Both climb to Pusdatin in a
#   second batch (the usul mandiri through a second Musdes and a visit first): the
#   household is listed and the objected one's register entry goes INACTIVE (printed
#   with its history). Ends with the public status check without a token (a listed,
#   a deactivated and an unknown name) and every proposal's final state.
# Needs USULAN_SERVER (host:port) and USULAN_KEY_FILE (the development issuer's
# private JWK, `usulanctl token keygen`, whose JWKS the server reads);
# USULAN_TOKEN_ISSUER, when set, is the tokens' `iss` (deploy/demo.sh: the
# development identity provider, which signs with that same key);
# USULANCTL names the usulanctl binary (default build/tools/usulanctl; relative
# paths are taken from the repository root). The documents whose SHA-256 the
# officers record are in deploy/scenario/dokumen/.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${USULAN_SERVER:?}" "${USULAN_KEY_FILE:?}"
export USULAN_SERVER
ctl=${USULANCTL:-build/tools/usulanctl}
data=deploy/scenario
docs=$data/dokumen
run=$(date +%s)-$$  # request ids are idempotency keys: unique per run

# ---------------------------------------------------------------- the cast
sukamaju=3201012001
sukajaya=3201012002
kabupaten=3201
declare -A desa_name=([$sukamaju]=Sukamaju [$sukajaya]=Sukajaya)
declare -A households=([$sukamaju]="asep ujang siti dadang cecep" [$sukajaya]="jajang enok komar odah usep")
declare -A desa_of
for desa in $sukamaju $sukajaya; do
  for h in ${households[$desa]}; do desa_of[$h]=$desa; done
done
all_households="${households[$sukamaju]} ${households[$sukajaya]}"

# What the Musdes rejects, what the verifier finds, what Dinsos returns and what
# Pusdatin rejects; every other household goes through.
declare -A musdes_rejects=([cecep]="memiliki kendaraan roda empat dan usaha toko")
declare -A visit_outcome=([ujang]=COMPLETED [odah]=DUPLICATE)
declare -A visit_reason=(
  [ujang]="rumah sudah permanen berlantai keramik +/- 60 m2, dua sepeda motor baru; anak bekerja tetap di pabrik dengan gaji di atas UMK"
  [odah]="rumah tangga yang sama sudah tercatat di DTKS melalui usulan periode lalu; usulan ganda"
)
returned=usep
return_reason="foto rumah tidak sesuai alamat dan titik koordinat berada di luar Desa Sukajaya; mohon dicek ulang dan dibahas kembali di Musdes"
rework_reason="alamat diperbaiki (RT 005, bukan RT 003) sesuai Kartu Keluarga dan foto rumah diambil ulang; diajukan ke Musdes berikutnya"
pusdatin_rejects=komar
pusdatin_code=INELIGIBLE_OCCUPATION
pusdatin_reason="kepala rumah tangga tercatat sebagai ASN aktif pada pemadanan data BKN"
verifier=verifier.kab3201
letter_number="460/1127-Dinsos/XI/2026"
decree_number="146/HUK/2026"
# The second batch: warga.siti's household and warga.budi's upheld objection.
letter_number_2="460/1128-Dinsos/XI/2026"
decree_number_2="147/HUK/2026"

mint() {  # mint SUBJECT ROLE REGION [--nik NIK --kk KK]
  "$ctl" token mint --key-file "$USULAN_KEY_FILE" ${USULAN_TOKEN_ISSUER:+--issuer "$USULAN_TOKEN_ISSUER"} \
    --subject "$1" --role "$2" --region "$3" "${@:4}"
}
declare -A operator head
operator[$sukamaju]=$(mint operator.sukamaju village_operator $sukamaju)
head[$sukamaju]=$(mint kades.sukamaju village_head $sukamaju)
operator[$sukajaya]=$(mint operator.sukajaya village_operator $sukajaya)
head[$sukajaya]=$(mint kades.sukajaya village_head $sukajaya)
verifier_token=$(mint $verifier verifier $kabupaten)
dinsos=$(mint dinsos.kab3201 district_officer $kabupaten)
bupati=$(mint bupati.bogor regent $kabupaten)
province=$(mint dinsos.prov32 province_officer 32)
pusdatin=$(mint pusdatin.reviewer central_reviewer "")
# Two residents of Desa Sukamaju, proofed by the identity provider (NIK and KK in
# their tokens, docs/citizens.md): Siti proposes her own household, Budi objects.
warga_siti=$(mint warga.siti citizen $sukamaju --nik 3201015203870040 --kk 3201010201260021)
warga_budi=$(mint warga.budi citizen $sukamaju --nik 3201010908830041 --kk 3201010201260022)

# ---------------------------------------------------------------- helpers
# call TOKEN Service.Method [JSON|-]
call() {
  local token=$1
  shift
  USULAN_TOKEN=$token "$ctl" call "$@"
}
step() { printf '\n== %s\n' "$*"; }
rid() { echo "demo-$run-$1"; }
short() { sed 's/^PROPOSAL_STATE_//; s/^BATCH_STATUS_//; s/^DELIBERATION_STATUS_//'; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
# JSON array of the proposal ids of the named households.
id_list() {
  local h
  for h in "$@"; do printf '%s\n' "${ids[$h]}"; done | jq -Rn '[inputs]'
}
# Prints "  household: STATE" for each proposal of a ProposalsChanged answer.
print_changed() {
  local id state
  while read -r id state; do
    echo "  ${name_of[$id]}: $(short <<<"$state")"
  done < <(jq -r '.proposals[] | .proposal_id + " " + .state')
}

declare -A ids name_of
create() {  # create HOUSEHOLD
  local h=$1
  ids[$h]=$(jq --arg r "$(rid "create-$h")" '.request_id = $r' "$data/household-$h.json" |
    call "${operator[${desa_of[$h]}]}" ProposalService.CreateProposal - | jq -r .proposal_id)
  name_of[${ids[$h]}]=$h
  echo "  $h: proposal ${ids[$h]} (DRAFT)"
}

submit() {  # submit HOUSEHOLD
  local h=$1
  jq -n --arg r "$(rid "submit-$h")" --arg id "${ids[$h]}" '{request_id: $r, proposal_id: $id}' |
    call "${operator[${desa_of[$h]}]}" ProposalService.SubmitProposal - |
    jq -r --arg h "$h" '"  " + $h + ": " + (.state | sub("PROPOSAL_STATE_"; ""))'
}

# musdes ROUND DESA ATTENDANCE QUORUM MINUTES_FILE HOUSEHOLD...: a Musdes (ROUND
# tells a desa's meetings apart) on the households' proposals.
musdes() {
  local round=$1 desa=$2 attendance=$3 quorum=$4 minutes_file=$5 h deliberation token=${head[$2]}
  local agenda=("${@:6}")
  deliberation=$(jq -n --arg r "$(rid "open-$desa-$round")" --arg d "$desa" --arg date "$(date +%F)" \
    '{request_id: $r, kind: "DELIBERATION_KIND_MUSDES", desa_code: $d, meeting_date: $date}' |
    call "$token" DeliberationService.OpenDeliberation - | jq -r .deliberation_id)
  echo "  deliberation $deliberation (Musdes Desa ${desa_name[$desa]}, $(date +%F))"
  jq -n --arg r "$(rid "agenda-$desa-$round")" --arg d "$deliberation" --argjson p "$(id_list "${agenda[@]}")" \
    '{request_id: $r, deliberation_id: $d, proposal_ids: $p}' |
    call "$token" DeliberationService.AddToAgenda - |
    jq -r '"  agenda: " + (.agenda | length | tostring) + " items"'
  for h in "${agenda[@]}"; do
    local outcome=AGENDA_OUTCOME_AGREED reason=""
    if [[ -n ${musdes_rejects[$h]:-} ]]; then
      outcome=AGENDA_OUTCOME_REJECTED
      reason=${musdes_rejects[$h]}
    fi
    jq -n --arg r "$(rid "outcome-$h")" --arg d "$deliberation" --arg id "${ids[$h]}" \
      --arg o "$outcome" --arg why "$reason" \
      '{request_id: $r, deliberation_id: $d, proposal_id: $id, outcome: $o}
       + (if $why == "" then {} else {reason: $why} end)' |
      call "$token" DeliberationService.RecordOutcome - >/dev/null
    echo "  $h: ${outcome#AGENDA_OUTCOME_}${reason:+ ($reason)}"
  done
  jq -n --arg r "$(rid "close-$desa-$round")" --arg d "$deliberation" --argjson a "$attendance" \
    --argjson q "$quorum" --arg m "$(sha "$minutes_file")" \
    '{request_id: $r, deliberation_id: $d, attendance: $a, quorum: $q, minutes_sha256: $m}' |
    call "$token" DeliberationService.CloseDeliberation - |
    jq -r '"  closed (" + (.status | sub("DELIBERATION_STATUS_"; "")) + "): attendance "
           + (.attendance | tostring) + ", quorum " + (.quorum | tostring)
           + ", Berita Acara sha256:" + .minutes_sha256'
}

# The households of DESA the Musdes agreed on, and of those the ones the verifier
# found eligible.
agreed_in() {
  local h
  for h in ${households[$1]}; do [[ -z ${musdes_rejects[$h]:-} ]] && echo "$h"; done
  return 0
}
verified_in() {
  local h
  for h in $(agreed_in "$1"); do [[ -z ${visit_outcome[$h]:-} ]] && echo "$h"; done
  return 0
}

visit() {  # visit HOUSEHOLD N: the verifier's N-th visit, now (a visit may not predate its assignment)
  local h=$1 n=$2 outcome=VISIT_OUTCOME_${visit_outcome[$1]:-COMPLETED}
  local eligible=true reason=${visit_reason[$1]:-}
  [[ -n $reason ]] && eligible=false
  jq -n --arg r "$(rid "visit-$h")" --arg id "${ids[$h]}" --arg o "$outcome" \
    --argjson e "$eligible" --arg why "$reason" --arg photo "$(sha "$docs/foto-rumah-contoh.png")" \
    --arg t "$(date -u +%FT%TZ)" \
    --argjson lat "$(awk -v n="$n" 'BEGIN { printf "%.4f", -6.5900 - 0.0012 * n }')" \
    --argjson lon "$(awk -v n="$n" 'BEGIN { printf "%.4f", 106.7950 + 0.0011 * n }')" \
    '{request_id: $r, proposal_id: $id, outcome: $o, eligible: $e, visit_time: $t,
      evidence_sha256: [$photo], location: {latitude: $lat, longitude: $lon}}
     + (if $why == "" then {} else {reason: $why} end)' |
    call "$verifier_token" VerificationService.RecordVisit - |
    jq -r --arg h "$h" --arg o "${outcome#VISIT_OUTCOME_}" --arg why "$reason" \
      '"  " + $h + ": " + $o + " -> " + (.state | sub("PROPOSAL_STATE_"; ""))
       + (if $why == "" then "" else " (" + $why + ")" end)'
}

# ---------------------------------------------------------------- the walk
step "Kabupaten Bogor ($kabupaten): who acts (token subject, role, region)"
cat <<CAST
  operator.sukamaju  village_operator  $sukamaju  (Desa Sukamaju)
  kades.sukamaju     village_head      $sukamaju
  operator.sukajaya  village_operator  $sukajaya  (Desa Sukajaya)
  kades.sukajaya     village_head      $sukajaya
  $verifier   verifier          $kabupaten
  dinsos.kab3201     district_officer  $kabupaten        (Dinas Sosial Kabupaten Bogor)
  bupati.bogor       regent            $kabupaten        (Bupati Bogor)
  dinsos.prov32      province_officer  32          (Dinas Sosial Provinsi Jawa Barat)
  pusdatin.reviewer  central_reviewer  national    (Pusdatin Kementerian Sosial)
CAST

step "Village operators enter ten household proposals (kind NEW)"
for h in $all_households; do create "$h"; done

step "A second proposal for a NIK that is already in an open proposal is refused"
jq --arg r "$(rid duplicate)" '.request_id = $r' "$data/household-asep.json" |
  call "${operator[$sukamaju]}" ProposalService.CreateProposal - 2>&1 >/dev/null | sed 's/^/  /' || true

step "Operators submit them; each NIK is checked against the civil registry"
for h in $all_households; do submit "$h"; done

step "Operator corrects the mistyped NIK of Dadang's son and resubmits"
jq --arg r "$(rid correct)" --arg id "${ids[dadang]}" \
  '{request_id: $r, proposal_id: $id, household: .household,
    reason: "NIK anak salah ketik; disesuaikan dengan Kartu Keluarga"}
   | .household.members[2].nik = "3201010103080010"' "$data/household-dadang.json" |
  call "${operator[$sukamaju]}" ProposalService.CorrectProposal - |
  jq -r '"  dadang: " + (.state | sub("PROPOSAL_STATE_"; ""))'

step "Musdes in Desa Sukamaju: four agreed, one rejected with its reason"
# shellcheck disable=SC2086
musdes 1 $sukamaju 57 40 "$data/berita-acara.txt" ${households[$sukamaju]}

step "Musdes in Desa Sukajaya: all five agreed"
# shellcheck disable=SC2086
musdes 1 $sukajaya 43 35 "$docs/berita-acara-musdes-sukajaya.txt" ${households[$sukajaya]}

step "Village operators assign the agreed proposals to the field verifier $verifier"
for desa in $sukamaju $sukajaya; do
  # shellcheck disable=SC2046
  jq -n --arg r "$(rid "assign-$desa")" --argjson p "$(id_list $(agreed_in "$desa"))" --arg v "$verifier" \
    '{request_id: $r, proposal_ids: $p, verifier_id: $v}' |
    call "${operator[$desa]}" VerificationService.AssignVerifier - | print_changed
done

step "The verifier visits every household (house photo sha256:$(sha "$docs/foto-rumah-contoh.png" | cut -c1-12)..., GPS)"
n=0
for desa in $sukamaju $sukajaya; do
  for h in $(agreed_in "$desa"); do
    visit "$h" "$n"
    n=$((n + 1))
  done
done

step "Village heads release the verified lists (Berita Acara verval and the signed name list)"
for desa in $sukamaju $sukajaya; do
  lower=$(tr '[:upper:]' '[:lower:]' <<<"${desa_name[$desa]}")
  # shellcheck disable=SC2046
  jq -n --arg r "$(rid "finalize-$desa")" --arg d "$desa" --argjson p "$(id_list $(verified_in "$desa"))" \
    --arg m "$(sha "$docs/berita-acara-verval-$lower.txt")" --arg l "$(sha "$docs/daftar-nama-$lower.txt")" \
    '{request_id: $r, desa_code: $d, proposal_ids: $p, minutes_sha256: $m, name_list_sha256: $l}' |
    call "${head[$desa]}" VerificationService.FinalizeVillage - | print_changed
done

mapfile -t reviewed < <(verified_in $sukamaju; verified_in $sukajaya)
step "Dinsos Kabupaten Bogor opens the district review of ${#reviewed[@]} proposals"
jq -n --arg r "$(rid open-review)" --argjson p "$(id_list "${reviewed[@]}")" \
  '{request_id: $r, proposal_ids: $p}' |
  call "$dinsos" ReviewService.OpenReview - | print_changed

step "Dinsos returns one proposal to its village"
jq -n --arg r "$(rid return)" --arg id "${ids[$returned]}" --arg why "$return_reason" \
  '{request_id: $r, proposal_id: $id, reason: $why}' |
  call "$dinsos" ReviewService.ReturnProposal - |
  jq -r --arg h "$returned" --arg why "$return_reason" \
    '"  " + $h + ": " + (.state | sub("PROPOSAL_STATE_"; "")) + " (" + $why + ")"'

# The district's part of a batch's climb and Pusdatin's decision, used for the
# first batch and for the citizens' batch. ROUND tells their request ids apart.
# approve_and_seal ROUND HOUSEHOLD...: Dinsos approves them and seals them in a
# batch; sets $batch.
approve_and_seal() {
  local round=$1 batch_json
  shift
  jq -n --arg r "$(rid "approve-$round")" --argjson p "$(id_list "$@")" '{request_id: $r, proposal_ids: $p}' |
    call "$dinsos" ReviewService.ApproveProposals - | print_changed
  batch_json=$(jq -n --arg r "$(rid "batch-$round")" --arg k "$kabupaten" --argjson p "$(id_list "$@")" \
    '{request_id: $r, kabupaten_code: $k, proposal_ids: $p}' | call "$dinsos" ReviewService.CreateBatch -)
  batch=$(jq -r .batch_id <<<"$batch_json")
  jq -r '"  batch " + .batch_id + " (kabupaten " + .kabupaten_code + ", cycle " + .cycle_id + ", "
         + (.members | length | tostring) + " members): " + (.status | sub("BATCH_STATUS_"; ""))
         + "\n  manifest sha256:" + .manifest_sha256' <<<"$batch_json"
}
batch_status() { jq -r '"  batch " + .batch_id + ": " + (.status | sub("BATCH_STATUS_"; ""))'; }
ratify() {  # ratify ROUND LETTER_NUMBER LETTER_FILE: the Bupati ratifies $batch
  jq -n --arg r "$(rid "ratify-$1")" --arg b "$batch" --arg n "$2" --arg s "$(sha "$3")" \
    '{request_id: $r, batch_id: $b, letter_number: $n, letter_sha256: $s}' |
    call "$bupati" ReviewService.RatifyBatch - |
    jq -r '"  batch " + .batch_id + ": " + (.status | sub("BATCH_STATUS_"; "")) + " by " + .ratified_by
           + ", letter " + .letter_number + " sha256:" + .letter_sha256'
}
submit_batch() {  # submit_batch ROUND: Dinsos Kabupaten sends $batch to the province
  jq -n --arg r "$(rid "submit-batch-$1")" --arg b "$batch" '{request_id: $r, batch_id: $b}' |
    call "$dinsos" ReviewService.SubmitBatch - | batch_status
}
forward_batch() {  # forward_batch ROUND: the province forwards $batch to Pusdatin
  jq -n --arg r "$(rid "forward-$1")" --arg b "$batch" '{request_id: $r, batch_id: $b}' |
    call "$province" ReviewService.ForwardBatch - | batch_status
}
# decide ROUND DECREE_NUMBER DECREE_FILE EXCEPTIONS_JSON: Pusdatin decides $batch.
decide() {
  jq -n --arg r "$(rid "decide-$1")" --arg b "$batch" --arg n "$2" --arg s "$(sha "$3")" --argjson e "$4" \
    '{request_id: $r, batch_id: $b, decree_number: $n, decree_sha256: $s, exceptions: $e}' |
    call "$pusdatin" DecisionService.DecideBatch - |
    jq -r '"  decision " + .decision_id + ": accepted " + ((.accepted_count // 0) | tostring)
           + ", rejected " + ((.rejected_count // 0) | tostring)'
}
print_decision() {  # $batch's decision, as DecisionService.GetDecision returns it
  jq -n --arg b "$batch" '{batch_id: $b}' | call "$dinsos" DecisionService.GetDecision - |
    jq -r '"  decision:        " + .decision_id,
           "  batch:           " + .batch_id,
           "  decree:          Kepmensos Nomor " + .decree_number + " (sha256:" + .decree_sha256 + ")",
           "  accepted:        " + ((.accepted_count // 0) | tostring),
           "  rejected:        " + ((.rejected_count // 0) | tostring),
           "  returned:        " + ((.returned_count // 0) | tostring),
           ((.exceptions // [])[] | "  exception:       " + .proposal_id + " " + (.action | sub("EXCEPTION_ACTION_"; ""))
                            + " " + .reason_code + " (" + .reason + ")"),
           "  decided by:      " + .decided_by + " at " + .decided_at,
           "  manifest sha256: " + .manifest_sha256,
           "  decision sha256: " + .decision_sha256'
}

approved=()
for h in "${reviewed[@]}"; do [[ $h != "$returned" ]] && approved+=("$h"); done
step "Dinsos approves the other ${#approved[@]} and seals them in the kabupaten's batch"
approve_and_seal 1 "${approved[@]}"

step "The Bupati ratifies the batch (Surat Bupati Bogor Nomor $letter_number)"
ratify 1 "$letter_number" "$docs/surat-bupati.txt"

step "Dinsos Kabupaten submits the ratified batch to the province"
submit_batch 1

step "Dinsos Provinsi Jawa Barat forwards it to Pusdatin"
forward_batch 1

step "Pusdatin's incoming batches"
call "$pusdatin" DecisionService.ListIncomingBatches '{}' |
  jq -r '.batches[] | "  batch " + .batch_id + "  kabupaten " + .kabupaten_code + "  cycle "
         + .cycle_id + "  " + (.status | sub("BATCH_STATUS_"; ""))'

step "Pusdatin decides (Kepmensos Nomor $decree_number): all accepted but one"
decide 1 "$decree_number" "$docs/kepmensos.txt" "$(jq -n --arg id "${ids[$pusdatin_rejects]}" \
  --arg code "$pusdatin_code" --arg why "$pusdatin_reason" \
  '[{proposal_id: $id, action: "EXCEPTION_ACTION_REJECT", reason_code: $code, reason: $why}]')"

step "The decision, as DecisionService.GetDecision returns it"
print_decision

step "Operator of Desa Sukajaya reworks the returned proposal: back to PRELIST for the next Musdes"
jq --arg r "$(rid rework)" --arg id "${ids[$returned]}" --arg why "$rework_reason" \
  '{request_id: $r, proposal_id: $id, household: .household, reason: $why}
   | .household.address = "Kampung Cilalay RT 005 RW 002"' "$data/household-$returned.json" |
  call "${operator[$sukajaya]}" ProposalService.CorrectProposal - |
  jq -r --arg h "$returned" '"  " + $h + ": " + (.state | sub("PROPOSAL_STATE_"; ""))'


step "Audit history (asep), from entry to the Pusdatin decision"
USULAN_TOKEN=$dinsos "$ctl" history "${ids[asep]}"

# ---------------------------------------------------------------- citizens
upload_photo() {  # upload_photo TOKEN: the house photo, as the citizen's phone sends it
  USULAN_TOKEN=$1 "$ctl" document upload "$docs/foto-rumah-contoh.png" --media-type image/png \
    --request-id "$(rid "photo-$2")" >/dev/null
  sha "$docs/foto-rumah-contoh.png"
}
filing_line() {  # a Filing as its citizen reads it
  jq -r '"  " + .proposal_id + ": " + (.state | sub("PROPOSAL_STATE_"; "")) + " (" + .status_text + ")"
         + (if (.reason_text // "") == "" then "" else " - " + .reason_text end)'
}

step "Usul mandiri: warga.siti proposes her own household from her phone"
siti_photo=$(upload_photo "$warga_siti" siti)
siti_filing=$(jq --arg r "$(rid file-siti)" --arg photo "$siti_photo" \
  '{request_id: $r, own_household: true, household: (.household | .kk_number = ""),
    reason: "penghasilan tidak tetap sejak suami meninggal; rumah berdinding bambu",
    document_hashes: [$photo]}' "$data/household-rahmawati.json" |
  call "$warga_siti" CitizenService.FileProposal -)
filing_line <<<"$siti_filing"
siti_id=$(jq -r .proposal_id <<<"$siti_filing")
ids[rahmawati]=$siti_id
name_of[$siti_id]=rahmawati
desa_of[rahmawati]=$sukamaju

step "The operator of Desa Sukamaju takes it up with the household completed from the KK"
jq --arg r "$(rid take-up-siti)" --arg id "$siti_id" \
  '{request_id: $r, proposal_id: $id, household: .household}' "$data/household-rahmawati.json" |
  call "${operator[$sukamaju]}" ProposalService.TakeUpProposal - |
  jq -r '"  rahmawati: " + (.state | sub("PROPOSAL_STATE_"; "")) + " (route "
         + (.route | sub("PROPOSAL_ROUTE_"; "")) + "; next: the Musdes, as every village proposal)"'

step "What warga.siti sees of her filings (CitizenService.ListMyFilings)"
call "$warga_siti" CitizenService.ListMyFilings '{}' | jq -c '.filings[]' | filing_line

step "Usul sanggah: warga.budi objects to asep's household, listed by the decision"
budi_photo=$(upload_photo "$warga_budi" budi)
objection=$(jq -n --arg r "$(rid object-asep)" --arg entry "${ids[asep]}" --arg photo "$budi_photo" \
  '{request_id: $r, register_entry_id: $entry, document_hashes: [$photo],
    reason: "rumah sudah direnovasi permanen dan keluarga memiliki mobil",
    latitude: -6.5912, longitude: 106.7961}' |
  call "$warga_budi" CitizenService.FileObjection -)
filing_line <<<"$objection"
objection_id=$(jq -r .proposal_id <<<"$objection")
ids[sanggah]=$objection_id
name_of[$objection_id]=sanggah
desa_of[sanggah]=$sukamaju

step "Dinsos assigns the objection to $verifier; the visit upholds it"
jq -n --arg r "$(rid assign-objection)" --arg id "$objection_id" --arg v "$verifier" \
  '{request_id: $r, proposal_ids: [$id], verifier_id: $v}' |
  call "$dinsos" VerificationService.AssignVerifier - |
  jq -r '.proposals[] | "  objection: " + (.state | sub("PROPOSAL_STATE_"; ""))'
jq -n --arg r "$(rid visit-objection)" --arg id "$objection_id" \
  --arg photo "$(sha "$docs/foto-rumah-contoh.png")" --arg t "$(date -u +%FT%TZ)" \
  '{request_id: $r, proposal_id: $id, outcome: "VISIT_OUTCOME_COMPLETED", eligible: true,
    visit_time: $t, evidence_sha256: [$photo], location: {latitude: -6.5912, longitude: 106.7961}}' |
  call "$verifier_token" VerificationService.RecordVisit - |
  jq -r '"  objection: upheld -> " + (.state | sub("PROPOSAL_STATE_"; ""))
         + " (next: Dinsos review, the Bupati, the province, Pusdatin)"'

step "The village sees the objection, never who filed it; warga.budi sees its state"
jq -n --arg id "$objection_id" '{proposal_id: $id}' |
  call "${operator[$sukamaju]}" ProposalService.GetProposal - |
  jq -r '"  filed by (as the village reads it): " + (if (.created_by // "") == "" then "(withheld)" else .created_by end)'
call "$warga_budi" CitizenService.ListMyFilings '{}' | jq -c '.filings[]' | filing_line

# ------------------------------------------- the citizens' batch, to Pusdatin
step "A second Musdes in Desa Sukamaju agrees on warga.siti's proposal"
musdes 2 $sukamaju 38 30 "$docs/berita-acara-musdes-sukamaju-susulan.txt" rahmawati

step "The operator assigns it to $verifier, who visits it; the village head releases it"
jq -n --arg r "$(rid assign-rahmawati)" --argjson p "$(id_list rahmawati)" --arg v "$verifier" \
  '{request_id: $r, proposal_ids: $p, verifier_id: $v}' |
  call "${operator[$sukamaju]}" VerificationService.AssignVerifier - | print_changed
visit rahmawati 9
jq -n --arg r "$(rid finalize-rahmawati)" --arg d "$sukamaju" --argjson p "$(id_list rahmawati)" \
  --arg m "$(sha "$docs/berita-acara-verval-sukamaju-susulan.txt")" \
  --arg l "$(sha "$docs/daftar-nama-sukamaju-susulan.txt")" \
  '{request_id: $r, desa_code: $d, proposal_ids: $p, minutes_sha256: $m, name_list_sha256: $l}' |
  call "${head[$sukamaju]}" VerificationService.FinalizeVillage - | print_changed

step "Dinsos opens the district review of the upheld objection and warga.siti's proposal"
jq -n --arg r "$(rid open-review-2)" --argjson p "$(id_list sanggah rahmawati)" \
  '{request_id: $r, proposal_ids: $p}' |
  call "$dinsos" ReviewService.OpenReview - | print_changed

step "Dinsos approves both and seals them in a second batch"
approve_and_seal 2 sanggah rahmawati

step "The Bupati ratifies the second batch (Surat Bupati Bogor Nomor $letter_number_2)"
ratify 2 "$letter_number_2" "$docs/surat-bupati-susulan.txt"

step "Dinsos Kabupaten submits it; Dinsos Provinsi Jawa Barat forwards it to Pusdatin"
submit_batch 2
forward_batch 2

step "Pusdatin decides the second batch (Kepmensos Nomor $decree_number_2): both accepted"
decide 2 "$decree_number_2" "$docs/kepmensos-susulan.txt" '[]'

step "The second decision, as DecisionService.GetDecision returns it"
print_decision

step "Asep's register entry: INACTIVE since the upheld objection, and its history"
jq -n --arg id "${ids[asep]}" '{entry_id: $id}' | call "$dinsos" RegisterService.GetEntry - |
  jq -r '(.entry | "  entry " + .entry_id + ": " + (.status | sub("ENTRY_STATUS_"; ""))
           + " (listed under Kepmensos Nomor " + .listed_decree + " in cycle " + .since_cycle + ")"),
         (.history[] | "  #" + (.sequence | tostring) + "  " + (.change | sub("REGISTER_CHANGE_"; ""))
           + "  cycle " + .cycle + "  Kepmensos Nomor " + .decree_number + "  proposal " + .proposal_id
           + "  -> " + (.status_after | sub("ENTRY_STATUS_"; "")) + "  hash " + .hash[0:16] + "...")'

# check_status LABEL DESA HOUSEHOLD_FILE|NAME: the public status check without a
# token, by the full name (a household file: its head's); the name is not printed.
check_status() {
  local label=$1 desa=$2 name=$3
  [[ -f $data/household-$3.json ]] && name=$(jq -r '.household.members[0].name' "$data/household-$3.json")
  jq -n --arg d "$desa" --arg n "$name" \
    '{province_code: $d[0:2], kabupaten_code: $d[0:4], kecamatan_code: $d[0:6], desa_code: $d, full_name: $n}' |
    call "" PublicStatusService.CheckStatus - |
    jq -r --arg l "$label" 'if (.matches // []) == [] then "  " + $l + ": not found (tidak terdaftar)"
      else .matches[] | "  " + $l + ": " + .masked_name + " " + (.status | sub("ENTRY_STATUS_"; ""))
        + " since " + .since_cycle + ", programmes: "
        + (if (.programmes // []) == [] then "-" else (.programmes | join(", ")) end)
        + ", DTSEN id " + .entry_id end'
}
step "The public status check (Cek Bansos): no token, the full name as on the KTP"
check_status "jajang's head, Desa Sukajaya" $sukajaya jajang
check_status "asep's head, Desa Sukamaju" $sukamaju asep
check_status "a name in no register entry, Desa Sukamaju" $sukamaju "Nurhayati Wulandari Sukmawijaya"

step "What warga.siti and warga.budi see of their filings now"
for token in "$warga_siti" "$warga_budi"; do
  call "$token" CitizenService.ListMyFilings '{}' | jq -c '.filings[]' | filing_line
done

step "Final states, as Dinsos Kabupaten Bogor's work queue shows them"
declare -A state_of version_of
while read -r id state version; do
  state_of[$id]=$(short <<<"$state")
  version_of[$id]=$version
done < <(call "$dinsos" ProposalService.ListProposals "{\"region_prefix\":\"$kabupaten\"}" |
  jq -r '.proposals[] | .proposal_id + " " + .state + " " + .version')
printf '  %-9s %-10s %-36s %-24s %s\n' household desa proposal state version
for h in $all_households rahmawati sanggah; do
  printf '  %-9s %-10s %-36s %-24s v%s\n' "$h" "${desa_of[$h]}" "${ids[$h]}" \
    "${state_of[${ids[$h]}]:-MISSING}" "${version_of[${ids[$h]}]:-?}"
done
for h in $all_households rahmawati sanggah; do echo "${state_of[${ids[$h]}]:-MISSING}"; done | sort | uniq -c |
  awk '{ printf "%s%s %s", (NR > 1 ? ", " : "  totals: "), $2, $1 } END { print "" }'
