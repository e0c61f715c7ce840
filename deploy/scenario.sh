#!/usr/bin/env bash
# Walks one village's proposals through a running usulan-server with usulanctl:
# entry, submission with the civil-registry check, a NIK correction, a Musdes with
# one rejection, and the resulting states and audit trails.
# Needs USULAN_SERVER (host:port) and USULAN_KEY_FILE (the server's token key);
# USULANCTL names the usulanctl binary (default build/tools/usulanctl; relative
# paths are taken from the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${USULAN_SERVER:?}" "${USULAN_KEY_FILE:?}"
export USULAN_SERVER
ctl=${USULANCTL:-build/tools/usulanctl}
data=deploy/scenario
desa=3201012001
run=$(date +%s)  # request ids are idempotency keys: unique per run

mint() { "$ctl" token mint --key-file "$USULAN_KEY_FILE" --subject "$1" --role "$2" --region "$3"; }
operator=$(mint operator.sukamaju village_operator "$desa")
head=$(mint kades.sukamaju village_head "$desa")
dinsos=$(mint dinsos.kab3201 district_officer 3201)

# call TOKEN Service.Method [JSON|-]
call() {
  local token=$1
  shift
  USULAN_TOKEN=$token "$ctl" call "$@"
}
step() { printf '\n== %s\n' "$*"; }

step "Village operator enters five household proposals (kind NEW) for desa $desa"
declare -A ids
for h in asep ujang siti dadang cecep; do
  ids[$h]=$(jq --arg r "demo-$run-create-$h" '.request_id = $r' "$data/household-$h.json" |
    call "$operator" ProposalService.CreateProposal - | jq -r .proposal_id)
  echo "  $h: proposal ${ids[$h]} (DRAFT)"
done

step "A second proposal for a NIK that is already in an open proposal is refused"
jq --arg r "demo-$run-duplicate" '.request_id = $r' "$data/household-asep.json" |
  call "$operator" ProposalService.CreateProposal - 2>&1 >/dev/null | sed 's/^/  /' || true

step "Operator submits them; each NIK is checked against the civil registry"
for h in asep ujang siti dadang cecep; do
  state=$(call "$operator" ProposalService.SubmitProposal \
    "{\"request_id\":\"demo-$run-submit-$h\",\"proposal_id\":\"${ids[$h]}\"}" | jq -r .state)
  echo "  $h: ${state#PROPOSAL_STATE_}"
done

step "Operator corrects the mistyped NIK of Dadang's son and resubmits"
jq --arg r "demo-$run-correct" --arg id "${ids[dadang]}" \
  '{request_id: $r, proposal_id: $id, household: .household,
    reason: "NIK anak salah ketik; disesuaikan dengan Kartu Keluarga"}
   | .household.members[2].nik = "3201010103080010"' "$data/household-dadang.json" |
  call "$operator" ProposalService.CorrectProposal - | jq -r '"  dadang: " + (.state | sub("PROPOSAL_STATE_"; ""))'

step "Village head opens the Musdes and puts the pre-list on the agenda"
deliberation=$(call "$head" DeliberationService.OpenDeliberation \
  "{\"request_id\":\"demo-$run-open\",\"kind\":\"DELIBERATION_KIND_MUSDES\",\"desa_code\":\"$desa\",\"meeting_date\":\"$(date +%F)\"}" |
  jq -r .deliberation_id)
echo "  deliberation $deliberation"
agenda=$(printf '"%s",' "${ids[asep]}" "${ids[ujang]}" "${ids[siti]}" "${ids[dadang]}" "${ids[cecep]}")
call "$head" DeliberationService.AddToAgenda \
  "{\"request_id\":\"demo-$run-agenda\",\"deliberation_id\":\"$deliberation\",\"proposal_ids\":[${agenda%,}]}" |
  jq -r '"  agenda: " + (.agenda | length | tostring) + " items"'

step "The meeting decides: four agreed, one rejected with its reason"
for h in asep ujang siti dadang; do
  call "$head" DeliberationService.RecordOutcome \
    "{\"request_id\":\"demo-$run-outcome-$h\",\"deliberation_id\":\"$deliberation\",\"proposal_id\":\"${ids[$h]}\",\"outcome\":\"AGENDA_OUTCOME_AGREED\"}" >/dev/null
  echo "  $h: AGREED"
done
call "$head" DeliberationService.RecordOutcome \
  "{\"request_id\":\"demo-$run-outcome-cecep\",\"deliberation_id\":\"$deliberation\",\"proposal_id\":\"${ids[cecep]}\",\"outcome\":\"AGENDA_OUTCOME_REJECTED\",\"reason\":\"memiliki kendaraan roda empat dan usaha toko\"}" >/dev/null
echo "  cecep: REJECTED (memiliki kendaraan roda empat dan usaha toko)"

minutes=$(sha256sum "$data/berita-acara.txt" | cut -d' ' -f1)
step "Village head closes the Musdes with attendance, quorum and the minutes' SHA-256"
call "$head" DeliberationService.CloseDeliberation \
  "{\"request_id\":\"demo-$run-close\",\"deliberation_id\":\"$deliberation\",\"attendance\":57,\"quorum\":40,\"minutes_sha256\":\"$minutes\"}" |
  jq -r '"  status " + (.status | sub("DELIBERATION_STATUS_"; "")) + ", minutes sha256:" + .minutes_sha256'

step "Final states, as the kabupaten's Dinsos work queue shows them"
call "$dinsos" ProposalService.ListProposals "{\"region_prefix\":\"$desa\"}" |
  jq -r '.proposals[] | "  " + .proposal_id + "  " + (.state | sub("PROPOSAL_STATE_"; "")) + "  v" + .version'

for h in asep ujang siti dadang cecep; do
  step "Audit history ($h)"
  USULAN_TOKEN=$dinsos "$ctl" history "${ids[$h]}"
done
