#!/usr/bin/env bash
# The demo's console queues (docs/console.md, "The demo's queues"). deploy/scenario.sh
# walks its households to the end, so afterwards almost nothing waits for anyone.
#   deploy/demo-queues.sh fill   leaves, after the scenario, work waiting for every
#                                demo account of deploy/dev-accounts.json: a DRAFT in
#                                each desa, a PRELIST proposal for the Musdes of
#                                Sukamaju, and in Sukajaya one AGREED (Dinsos assigns
#                                the verifier), one IN_VERIFICATION assigned to
#                                verifier.kab3201, one VILLAGE_FINAL (Dinsos review),
#                                and three batches of one: SEALED (the Bupati
#                                ratifies), at PROVINCE_REVIEW (the province
#                                forwards) and at CENTRAL_REVIEW (Pusdatin decides).
#   deploy/demo-queues.sh show   prints one line per demo account: what
#                                ListProposals with waiting_for_me gives it.
# Each step acts as the demo account that owns it (token subject = the account id,
# as the development identity provider puts it in `sub`), so the person who signs
# in to the console may continue. The households are new people of
# deploy/scenario/registry.csv (NIKs ...0031 to ...0039), so the civil-registry
# check confirms them. Environment as for deploy/scenario.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${USULAN_SERVER:?}" "${USULAN_KEY_FILE:?}"
export USULAN_SERVER
ctl=${USULANCTL:-build/tools/usulanctl}
docs=deploy/scenario/dokumen
run=queues-$(date +%s)-$$  # request ids are idempotency keys: unique per run
sukamaju=3201012001
sukajaya=3201012002
kabupaten=3201

mint() {
  "$ctl" token mint --key-file "$USULAN_KEY_FILE" ${USULAN_TOKEN_ISSUER:+--issuer "$USULAN_TOKEN_ISSUER"} \
    --subject "$1" --role "$2" --region "$3"
}
call() {  # call TOKEN Service.Method JSON|-
  local token=$1
  shift
  USULAN_TOKEN=$token "$ctl" call "$@"
}
rid() { echo "demo-$run-$1"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

show() {
  local id role region token
  # Citizens have no work queue (their page lists what they filed: docs/citizens.md).
  echo "What waits in each demo account's console queue (ListProposals, waiting_for_me):"
  while IFS=$'\t' read -r id role region; do
    token=$(mint "$id" "$role" "$region")
    printf '  %-20s ' "$id"
    call "$token" ProposalService.ListProposals '{"waiting_for_me": true, "page_size": 500}' |
      jq -r '[.proposals // [] | .[].state | sub("PROPOSAL_STATE_"; "")] | group_by(.)
             | map((length | tostring) + " " + .[0]) | if length == 0 then "nothing" else join(", ") end'
  done < <(jq -r '.accounts[] | select(.role != "citizen") | [.id, .role, .region] | @tsv' deploy/dev-accounts.json)
}

fill() {
  declare -A operator head ids
  operator[$sukamaju]=$(mint operator.sukamaju village_operator $sukamaju)
  head[$sukamaju]=$(mint kades.sukamaju village_head $sukamaju)
  operator[$sukajaya]=$(mint operator.sukajaya village_operator $sukajaya)
  head[$sukajaya]=$(mint kades.sukajaya village_head $sukajaya)
  local verifier=verifier.kab3201
  local verifier_token dinsos bupati province
  verifier_token=$(mint $verifier verifier $kabupaten)
  dinsos=$(mint dinsos.kab3201 district_officer $kabupaten)
  bupati=$(mint bupati.bogor regent $kabupaten)
  province=$(mint dinsos.prov32 province_officer 32)

  # Who, where, and how far each goes: name desa kk nik birth_date sex stop.
  local people="
maman $sukamaju 3201010101260012 3201011003750031 1975-03-10 MALE Maman_Suherman DRAFT
entin $sukamaju 3201010101260013 3201016108680032 1968-08-21 FEMALE Entin_Kartini PRELIST
oman $sukajaya 3201010201260014 3201010211660033 1966-11-02 MALE Oman_Abdurahman DRAFT
iyus $sukajaya 3201010201260015 3201011404810034 1981-04-14 MALE Iyus_Rusmana AGREED
nining $sukajaya 3201010201260016 3201016709730035 1973-09-27 FEMALE Nining_Kurniasih IN_VERIFICATION
ade $sukajaya 3201010201260017 3201010512790036 1979-12-05 MALE Ade_Sopandi VILLAGE_FINAL
euis $sukajaya 3201010201260018 3201015806700037 1970-06-18 FEMALE Euis_Rohimah DISTRICT_APPROVED
asih $sukajaya 3201010201260019 3201014402840038 1984-02-04 FEMALE Asih_Sukaesih PROVINCE_REVIEW
dedi $sukajaya 3201010201260020 3201012207710039 1971-07-22 MALE Dedi_Rustandi CENTRAL_REVIEW"
  local h desa kk nik birth sex name stop
  declare -A desa_of stop_of
  while read -r h desa kk nik birth sex name stop; do
    [[ -n $h ]] || continue
    desa_of[$h]=$desa
    stop_of[$h]=$stop
    # One-person household on the socio-economic data of household-jajang.json.
    ids[$h]=$(jq --arg r "$(rid "create-$h")" --arg d "$desa" --arg kk "$kk" --arg nik "$nik" \
      --arg b "$birth" --arg s "SEX_$sex" --arg n "${name//_/ }" \
      '.request_id = $r | .region.desa_code = $d | .household.kk_number = $kk
       | .household.address = "Kampung " + ($n | split(" ")[0]) + " RT 004 RW 003"
       | .household.members = [{nik: $nik, name: $n, relationship: "RELATIONSHIP_HEAD",
                                sex: $s, birth_date: $b, occupation: "buruh tani"}]' \
      deploy/scenario/household-jajang.json |
      call "${operator[$desa]}" ProposalService.CreateProposal - | jq -r .proposal_id)
    if [[ $stop != DRAFT ]]; then
      jq -n --arg r "$(rid "submit-$h")" --arg id "${ids[$h]}" '{request_id: $r, proposal_id: $id}' |
        call "${operator[$desa]}" ProposalService.SubmitProposal - >/dev/null
    fi
  done <<<"$people"
  # The ids of the Sukajaya households whose stop is one of the given states.
  past() {
    local h s
    for h in "${!stop_of[@]}"; do
      for s in "$@"; do if [[ ${stop_of[$h]} == "$s" ]]; then printf '%s\n' "${ids[$h]}"; fi; done
    done | jq -Rn '[inputs]'
  }
  local in_batch=(DISTRICT_APPROVED PROVINCE_REVIEW CENTRAL_REVIEW)
  local beyond_visit=(VILLAGE_FINAL "${in_batch[@]}")
  local beyond_assign=(IN_VERIFICATION "${beyond_visit[@]}")
  local beyond_musdes=(AGREED "${beyond_assign[@]}")

  # A second Musdes in Sukajaya agrees on six (usep, reworked, waits for the next).
  local deliberation id
  deliberation=$(jq -n --arg r "$(rid open)" --arg d "$sukajaya" --arg date "$(date +%F)" \
    '{request_id: $r, kind: "DELIBERATION_KIND_MUSDES", desa_code: $d, meeting_date: $date}' |
    call "${head[$sukajaya]}" DeliberationService.OpenDeliberation - | jq -r .deliberation_id)
  jq -n --arg r "$(rid agenda)" --arg d "$deliberation" --argjson p "$(past "${beyond_musdes[@]}")" \
    '{request_id: $r, deliberation_id: $d, proposal_ids: $p}' |
    call "${head[$sukajaya]}" DeliberationService.AddToAgenda - >/dev/null
  for id in $(past "${beyond_musdes[@]}" | jq -r '.[]'); do
    jq -n --arg r "$(rid "outcome-$id")" --arg d "$deliberation" --arg id "$id" \
      '{request_id: $r, deliberation_id: $d, proposal_id: $id, outcome: "AGENDA_OUTCOME_AGREED"}' |
      call "${head[$sukajaya]}" DeliberationService.RecordOutcome - >/dev/null
  done
  jq -n --arg r "$(rid close)" --arg d "$deliberation" --arg m "$(sha "$docs/berita-acara-musdes-sukajaya.txt")" \
    '{request_id: $r, deliberation_id: $d, attendance: 41, quorum: 35, minutes_sha256: $m}' |
    call "${head[$sukajaya]}" DeliberationService.CloseDeliberation - >/dev/null

  jq -n --arg r "$(rid assign)" --argjson p "$(past "${beyond_assign[@]}")" --arg v "$verifier" \
    '{request_id: $r, proposal_ids: $p, verifier_id: $v}' |
    call "${operator[$sukajaya]}" VerificationService.AssignVerifier - >/dev/null
  for id in $(past "${beyond_visit[@]}" | jq -r '.[]'); do
    jq -n --arg r "$(rid "visit-$id")" --arg id "$id" --arg photo "$(sha "$docs/foto-rumah-contoh.png")" \
      --arg t "$(date -u +%FT%TZ)" \
      '{request_id: $r, proposal_id: $id, outcome: "VISIT_OUTCOME_COMPLETED", eligible: true, visit_time: $t,
        evidence_sha256: [$photo], location: {latitude: -6.6010, longitude: 106.8060}}' |
      call "$verifier_token" VerificationService.RecordVisit - >/dev/null
  done
  jq -n --arg r "$(rid finalize)" --arg d "$sukajaya" --argjson p "$(past "${beyond_visit[@]}")" \
    --arg m "$(sha "$docs/berita-acara-verval-sukajaya.txt")" --arg l "$(sha "$docs/daftar-nama-sukajaya.txt")" \
    '{request_id: $r, desa_code: $d, proposal_ids: $p, minutes_sha256: $m, name_list_sha256: $l}' |
    call "${head[$sukajaya]}" VerificationService.FinalizeVillage - >/dev/null

  # One batch per household: each stops at another level (Bupati, province, Pusdatin).
  local reviewed batch stop
  declare -A letter=([PROVINCE_REVIEW]=460/1201-Dinsos/XII/2026 [CENTRAL_REVIEW]=460/1202-Dinsos/XII/2026)
  reviewed=$(past "${in_batch[@]}")
  for method in OpenReview ApproveProposals; do
    jq -n --arg r "$(rid "$method")" --argjson p "$reviewed" '{request_id: $r, proposal_ids: $p}' |
      call "$dinsos" "ReviewService.$method" - >/dev/null
  done
  for stop in "${in_batch[@]}"; do
    batch=$(jq -n --arg r "$(rid "batch-$stop")" --arg k "$kabupaten" --argjson p "$(past "$stop")" \
      '{request_id: $r, kabupaten_code: $k, proposal_ids: $p}' |
      call "$dinsos" ReviewService.CreateBatch - | jq -r .batch_id)
    if [[ $stop != DISTRICT_APPROVED ]]; then
      jq -n --arg r "$(rid "ratify-$stop")" --arg b "$batch" --arg n "${letter[$stop]}" \
        --arg s "$(sha "$docs/surat-bupati.txt")" \
        '{request_id: $r, batch_id: $b, letter_number: $n, letter_sha256: $s}' |
        call "$bupati" ReviewService.RatifyBatch - >/dev/null
      jq -n --arg r "$(rid "submit-$stop")" --arg b "$batch" '{request_id: $r, batch_id: $b}' |
        call "$dinsos" ReviewService.SubmitBatch - >/dev/null
    fi
    if [[ $stop == CENTRAL_REVIEW ]]; then
      jq -n --arg r "$(rid "forward-$stop")" --arg b "$batch" '{request_id: $r, batch_id: $b}' |
        call "$province" ReviewService.ForwardBatch - >/dev/null
    fi
    echo "  batch $batch, its proposal at $stop"
  done
  declare -A state_of
  while read -r id state; do state_of[$id]=$state; done < <(
    call "$dinsos" ProposalService.ListProposals "{\"region_prefix\":\"$kabupaten\",\"page_size\":500}" |
      jq -r '.proposals[] | .proposal_id + " " + (.state | sub("PROPOSAL_STATE_"; ""))')
  for h in maman entin oman iyus nining ade euis asih dedi; do
    printf '  %-7s %s %s %s\n' "$h" "${desa_of[$h]}" "${ids[$h]}" "${state_of[${ids[$h]}]:-MISSING}"
  done
}

case ${1:-} in
  fill) fill ;;
  show) show ;;
  *) echo "usage: $0 fill|show" >&2; exit 2 ;;
esac
