#!/usr/bin/env bash
# The README's scenario for real: the usulan-server binary on a free port over a
# database of its own on the ctest `postgres` fixture's cluster, asking the civil
# registry over gRPC of usulan-registry-sim (started with deploy/registry-sim.sh on
# deploy/scenario/registry.csv, as deploy/demo.sh does), walked by
# deploy/scenario.sh with usulanctl from entry to the Pusdatin decision. Checks
# every stage's outcome (NIK correction, duplicate-NIK refusal, Musdes rejection,
# not eligible and duplicate visits, the district's return and the rework, the
# batch's climb, the decision with its exception), the audit trail of an
# accepted proposal, the citizens' usul mandiri and upheld objection through a
# second batch and decision in the same cycle (the objected entry INACTIVE, with
# its history), the public status check without a token, the final states, a
# clean exit on SIGTERM, and that neither log
# holds any of the scenario's personal data. Also checks `usulanctl workflow
# graph` in both formats and `usulanctl token mint` refusing a region that does
# not fit the role. Leaves no process running.
#
#   tests/scenario_test.sh USULAN_SERVER_BINARY USULANCTL_BINARY [REGISTRY_SIM_BINARY]
#
# REGISTRY_SIM_BINARY defaults to usulan-registry-sim next to usulanctl (both are
# built into build/tools/). Needs USULAN_TEST_PG_DIR (the fixture's directory; its
# `url` file is the cluster's libpq URL), psql, jq and openssl. Registered in
# tests/CMakeLists.txt.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/support/server_harness.sh
source "$root/tests/support/server_harness.sh"
harness_begin scenario "USULAN_SERVER_BINARY USULANCTL_BINARY [REGISTRY_SIM_BINARY]" "$@"
ctl=$2
make_issuer "$ctl"
sim_bin=${3:-$(dirname "$ctl")/usulan-registry-sim}
out=$tmp/scenario.out
sim_dir=$tmp/sim
sim_log=$sim_dir/registry-sim.log
before_cleanup() {
  if [[ -f $sim_dir/registry-sim.pid ]]; then
    "$root/deploy/registry-sim.sh" stop "$sim_dir" >/dev/null 2>&1 ||
      kill -KILL "$(cat "$sim_dir/registry-sim.pid")" 2>/dev/null || true
  fi
}

[[ $(stat -c %a "$tmp/issuer.jwk") == 600 ]] || die "usulanctl token keygen: the issuer key is not mode 600"
[[ $(jq -r '.alg + " " + .kty + " " + (.d | type)' "$tmp/issuer.jwk") == "EdDSA OKP string" ]] ||
  die "usulanctl token keygen: the issuer key is not an Ed25519 private JWK"
[[ $(jq -r '.keys[0].alg + " " + (.keys[0].d | type)' "$tmp/jwks.json") == "EdDSA null" ]] ||
  die "usulanctl token keygen: the JWKS is not the public key alone"

echo "== usulanctl workflow graph"
mermaid=$("$ctl" workflow graph) || die "usulanctl workflow graph failed"
expect "mermaid graph is a stateDiagram-v2" grep -q "stateDiagram-v2" <<<"$mermaid"
dot=$("$ctl" workflow graph --format dot) || die "usulanctl workflow graph --format dot failed"
expect "dot graph is a digraph" grep -q "digraph" <<<"$dot"

echo "== usulanctl token mint refuses a region that does not fit the role"
mint_refused() {  # mint_refused ROLE REGION: exit 2, no token, the reason on stderr
  local code=0
  "$ctl" token mint --key-file "$tmp/issuer.jwk" --subject scenario.test --role "$1" \
    --region "$2" >"$tmp/mint.out" 2>"$tmp/mint.err" || code=$?
  [[ $code -eq 2 && ! -s $tmp/mint.out ]] && grep -q "does not fit role" "$tmp/mint.err"
}
expect "village_operator with a kabupaten code: exit 2" mint_refused village_operator 3201
expect "district_officer with a desa code: exit 2" mint_refused district_officer 3201012001
expect "province_officer with a kabupaten code: exit 2" mint_refused province_officer 3201
mint_fits() {  # a JWT: three dot-separated parts
  local token
  token=$("$ctl" token mint --key-file "$tmp/issuer.jwk" --subject scenario.test \
    --role village_head --region 3201012001) && [[ $token =~ ^[^.]+\.[^.]+\.[^.]+$ ]]
}
expect "a region that fits the role mints a token" mint_fits

echo "== the civil-registry simulator, a database of its own, and the server"
[[ -x $sim_bin ]] || die "no usulan-registry-sim binary at $sim_bin"
registry_address=$(REGISTRY_SIM_BIN=$sim_bin "$root/deploy/registry-sim.sh" start "$sim_dir" \
  "$root/deploy/scenario/registry.csv" "$root/deploy/scenario/ranking.csv") ||
  die "deploy/registry-sim.sh start failed"
echo "usulan-registry-sim on $registry_address"
create_database
# The database's own registry table stays empty: every NIK the scenario confirms
# was confirmed by the simulator over the network.
"$server_bin" migrate --database-url "$database_url" >>"$log" 2>&1 || die "usulan-server migrate failed"

# shellcheck disable=SC2046  # the flags are words without spaces
start_server --database-url "$database_url" --jwks-file "$tmp/jwks.json" --pool-size 4 \
  --registry-address "$registry_address" $(registry_tls_flags) \
  --bps-address "$registry_address" $(registry_tls_flags | sed 's/--registry-/--bps-/g')
echo "usulan-server (pid $server_pid) on 127.0.0.1:$port"

echo "== deploy/scenario.sh"
scenario_status=0
USULAN_SERVER=127.0.0.1:$port USULAN_KEY_FILE=$tmp/issuer.jwk USULANCTL=$ctl \
  "$root/deploy/scenario.sh" >"$out" 2>&1 || scenario_status=$?
sed 's/^/| /' "$out"
expect "deploy/scenario.sh exits 0" test "$scenario_status" -eq 0

# section TITLE-PREFIX: the lines of the output section whose "== " heading starts so.
section() {
  awk -v title="== $1" 'index($0, title) == 1 { on = 1; next } /^== / { on = 0 } on' "$out"
}
# has SECTION-TITLE LINE: the section holds exactly this line.
has() { grep -qxF -- "$2" <(section "$1"); }

sukamaju="asep ujang siti dadang cecep"
sukajaya="jajang enok komar odah usep"
declare -A ids
for h in $sukamaju $sukajaya; do
  ids[$h]=$(sed -n "s/^  $h: proposal \([^ ]*\) (DRAFT)\$/\1/p" "$out")
  expect "$h: created as a DRAFT with an id" test -n "${ids[$h]}"
done

expect "the duplicate NIK is refused with ALREADY_EXISTS" \
  grep -q '^  error: ALREADY_EXISTS: ' <(section "A second proposal")

for h in $sukamaju $sukajaya; do
  want=PRELIST
  [[ $h == dadang ]] && want=NIK_MISMATCH
  expect "$h: $want after submission (NIKs confirmed by the simulator)" has "Operators submit them" "  $h: $want"
done
expect "dadang: PRELIST after the correction" has "Operator corrects" "  dadang: PRELIST"

for h in asep ujang siti dadang; do
  expect "Musdes Sukamaju: $h AGREED" has "Musdes in Desa Sukamaju" "  $h: AGREED"
done
expect "Musdes Sukamaju: cecep REJECTED with its reason" \
  grep -qE '^  cecep: REJECTED \(.+\)$' <(section "Musdes in Desa Sukamaju")
expect "Musdes Sukamaju closed with the minutes' hash" \
  grep -qE '^  closed \(CLOSED\): attendance 57, quorum 40, Berita Acara sha256:[0-9a-f]{64}$' \
  <(section "Musdes in Desa Sukamaju")
for h in $sukajaya; do
  expect "Musdes Sukajaya: $h AGREED" has "Musdes in Desa Sukajaya" "  $h: AGREED"
done

for h in asep ujang siti dadang $sukajaya; do
  expect "$h: IN_VERIFICATION after the assignment" has "Village operators assign" "  $h: IN_VERIFICATION"
done
for h in asep siti dadang jajang enok komar usep; do
  expect "$h: visit COMPLETED -> VERIFIED" has "The verifier visits" "  $h: COMPLETED -> VERIFIED"
done
expect "ujang: visit COMPLETED but not eligible, with the reason" \
  grep -qE '^  ujang: COMPLETED -> NOT_ELIGIBLE \(.+\)$' <(section "The verifier visits")
expect "odah: visit DUPLICATE -> NOT_ELIGIBLE, with the reason" \
  grep -qE '^  odah: DUPLICATE -> NOT_ELIGIBLE \(.+\)$' <(section "The verifier visits")
for h in asep siti dadang jajang enok komar usep; do
  expect "$h: VILLAGE_FINAL after the village head's release" has "Village heads release" "  $h: VILLAGE_FINAL"
  expect "$h: DISTRICT_REVIEW" has "Dinsos Kabupaten Bogor opens" "  $h: DISTRICT_REVIEW"
done
expect "usep: RETURNED by Dinsos with the reason" \
  grep -qE '^  usep: RETURNED \(.+\)$' <(section "Dinsos returns")
for h in asep siti dadang jajang enok komar; do
  expect "$h: DISTRICT_APPROVED" has "Dinsos approves" "  $h: DISTRICT_APPROVED"
done
batch_line=$(section "Dinsos approves the other" | grep '^  batch ' || true)
batch=$(sed -n 's/^  batch \([^ ]*\) (kabupaten 3201, cycle [0-9]\{4\}-[0-9]\{2\}, 6 members): SEALED$/\1/p' <<<"$batch_line")
expect "a SEALED batch of six members for kabupaten 3201" test -n "$batch"
expect "the batch's manifest hash is shown" \
  grep -qE '^  manifest sha256:[0-9a-f]{64}$' <(section "Dinsos approves")
expect "the Bupati ratified the batch with the letter" \
  grep -qE "^  batch ${batch:-none}: RATIFIED by bupati\.bogor, letter .+ sha256:[0-9a-f]{64}\$" \
  <(section "The Bupati ratifies")
expect "the batch SUBMITTED to the province" has "Dinsos Kabupaten submits" "  batch ${batch:-none}: SUBMITTED"
expect "the batch FORWARDED to Pusdatin" has "Dinsos Provinsi Jawa Barat forwards" "  batch ${batch:-none}: FORWARDED"
expect "Pusdatin's incoming batches list it" \
  grep -qE "^  batch ${batch:-none}  kabupaten 3201  cycle [0-9-]+  FORWARDED\$" <(section "Pusdatin's incoming")

decision=$(section "The decision")
expect "the decision names the batch" grep -qxF "  batch:           ${batch:-none}" <<<"$decision"
expect "the decision names the decree" grep -qE '^  decree:          Kepmensos Nomor [^ ]+ \(sha256:[0-9a-f]{64}\)$' <<<"$decision"
expect "the decision accepts five" grep -qx '  accepted:        5' <<<"$decision"
expect "the decision rejects one" grep -qx '  rejected:        1' <<<"$decision"
expect "the decision returns none" grep -qx '  returned:        0' <<<"$decision"
expect "the one exception: komar, REJECT, INELIGIBLE_OCCUPATION" \
  grep -qE "^  exception:       ${ids[komar]:-none} REJECT INELIGIBLE_OCCUPATION \(.+\)\$" <<<"$decision"
expect "exactly one exception" test "$(grep -c '^  exception:' <<<"$decision")" -eq 1
expect "decided by pusdatin.reviewer" grep -qE '^  decided by:      pusdatin\.reviewer at ' <<<"$decision"
expect "the manifest and decision hashes" \
  test "$(grep -cE '^  (manifest|decision) sha256: [0-9a-f]{64}$' <<<"$decision")" -eq 2
expect "usep: reworked back to PRELIST" has "Operator of Desa Sukajaya reworks" "  usep: PRELIST"

# The accepted proposal's audit trail: one actor line per transition, and the
# whole climb in order.
history=$(section "Audit history (asep)")
count=$(sed -n "s/^audit history of proposal ${ids[asep]:-none} (\([0-9]*\) transitions)\$/\1/p" <<<"$history")
actors=$(grep -cE '^      actor: +[^ ]+ \(.+ @ .+\)$' <<<"$history" || true)
expect "asep: audit history with an actor line for every transition" \
  test -n "$count" -a "${count:-0}" -gt 0 -a "$actors" -eq "${count:-0}"
path=$(sed -n 's/^  #[0-9]*  [^ ]*  [^ ]* -> \([A-Z_]*\)  .*/\1/p' <<<"$history" | paste -sd' ')
expect "asep: DRAFT to ACCEPTED through every level (got: $path)" test "$path" = \
  "DRAFT SUBMITTED PRELIST AGREED IN_VERIFICATION VERIFIED VILLAGE_FINAL DISTRICT_REVIEW DISTRICT_APPROVED RATIFIED PROVINCE_REVIEW CENTRAL_REVIEW ACCEPTED"
for actor in operator.sukamaju kades.sukamaju verifier.kab3201 dinsos.kab3201 bupati.bogor \
  dinsos.prov32 pusdatin.reviewer; do
  expect "asep: $actor acted" grep -qE "^      actor: +$actor " <<<"$history"
done

# Citizens (docs/citizens.md): Siti's usul mandiri, taken up by the village; Budi's
# objection to asep's listed household, upheld by the district's visit.
expect "warga.siti's own household waits for the village operator" \
  grep -qE '^  [0-9a-f-]{36}: CITIZEN_PROPOSED \(Menunggu' <(section "Usul mandiri")
expect "the operator's take-up sends it on to the Musdes (NIKs confirmed)" \
  has "The operator of Desa Sukamaju takes it up" \
  "  rahmawati: PRELIST (route CITIZEN_PROPOSAL; next: the Musdes, as every village proposal)"
expect "warga.siti reads her filing's state" \
  grep -qE '^  [0-9a-f-]{36}: PRELIST \(.+\)$' <(section "What warga.siti sees")
expect "warga.budi's objection is filed" \
  grep -qE '^  [0-9a-f-]{36}: OBJECTION_FILED \(.+\)$' <(section "Usul sanggah")
expect "Dinsos assigns the objection" has "Dinsos assigns the objection" "  objection: IN_VERIFICATION"
expect "the visit upholds it" grep -qE '^  objection: upheld -> VERIFIED ' \
  <(section "Dinsos assigns the objection")
expect "the village never sees who objected" \
  has "The village sees the objection" "  filed by (as the village reads it): (withheld)"
expect "warga.budi reads the objection's state" \
  grep -qE '^  [0-9a-f-]{36}: VERIFIED \(.+\)$' <(section "The village sees the objection")
ids[rahmawati]=$(section "Usul mandiri" | sed -n 's/^  \([0-9a-f-]\{36\}\): CITIZEN_PROPOSED .*/\1/p')
ids[sanggah]=$(section "Usul sanggah" | sed -n 's/^  \([0-9a-f-]\{36\}\): OBJECTION_FILED .*/\1/p')
expect "the usul mandiri and the objection have ids" test -n "${ids[rahmawati]}" -a -n "${ids[sanggah]}"

# The citizens' batch: warga.siti's household through a second Musdes and a
# visit, and the upheld objection, decided together by Pusdatin.
expect "the second Musdes agrees on rahmawati" has "A second Musdes in Desa Sukamaju" "  rahmawati: AGREED"
expect "the second Musdes closed with its minutes' hash" \
  grep -qE '^  closed \(CLOSED\): attendance 38, quorum 30, Berita Acara sha256:[0-9a-f]{64}$' \
  <(section "A second Musdes in Desa Sukamaju")
for want in "rahmawati: IN_VERIFICATION" "rahmawati: COMPLETED -> VERIFIED" "rahmawati: VILLAGE_FINAL"; do
  expect "$want" has "The operator assigns it" "  $want"
done
for h in sanggah rahmawati; do
  expect "$h: DISTRICT_REVIEW (second round)" has "Dinsos opens the district review of the upheld" "  $h: DISTRICT_REVIEW"
  expect "$h: DISTRICT_APPROVED (second round)" has "Dinsos approves both" "  $h: DISTRICT_APPROVED"
done
batch_line=$(section "Dinsos approves both" | grep '^  batch ' || true)
batch2=$(sed -n 's/^  batch \([^ ]*\) (kabupaten 3201, cycle [0-9]\{4\}-[0-9]\{2\}, 2 members): SEALED$/\1/p' <<<"$batch_line")
expect "a second SEALED batch of two members" test -n "$batch2" -a "$batch2" != "${batch:-none}"
cycle1=$(section "Dinsos approves the other" | sed -n 's/^  batch .* cycle \([0-9-]*\), .*/\1/p')
cycle2=$(sed -n 's/^  batch .* cycle \([0-9-]*\), .*/\1/p' <<<"$batch_line")
expect "both batches in one cycle ($cycle1, $cycle2): one determination holds both" \
  test -n "$cycle1" -a "$cycle1" = "$cycle2"
expect "the Bupati ratified the second batch" \
  grep -qE "^  batch ${batch2:-none}: RATIFIED by bupati\.bogor, letter 460/1128-Dinsos/XI/2026 sha256:[0-9a-f]{64}\$" \
  <(section "The Bupati ratifies the second batch")
expect "the second batch SUBMITTED" has "Dinsos Kabupaten submits it" "  batch ${batch2:-none}: SUBMITTED"
expect "the second batch FORWARDED" has "Dinsos Kabupaten submits it" "  batch ${batch2:-none}: FORWARDED"
decision2=$(section "The second decision")
expect "the second decision names its batch" grep -qxF "  batch:           ${batch2:-none}" <<<"$decision2"
expect "the second decision names its decree" \
  grep -qE '^  decree:          Kepmensos Nomor 147/HUK/2026 \(sha256:[0-9a-f]{64}\)$' <<<"$decision2"
expect "the second decision accepts both" grep -qx '  accepted:        2' <<<"$decision2"
expect "the second decision rejects none" grep -qx '  rejected:        0' <<<"$decision2"
expect "the second decision has no exception" test "$(grep -c '^  exception:' <<<"$decision2")" -eq 0

# The upheld objection deactivated asep's entry, in the decision's cycle.
entry=$(section "Asep's register entry")
expect "asep's entry is INACTIVE" \
  grep -qxF "  entry ${ids[asep]:-none}: INACTIVE (listed under Kepmensos Nomor 146/HUK/2026 in cycle ${cycle1:-none})" <<<"$entry"
# Its history: listed by the first decision, deactivated by the objection's.
for row in "#1  LISTED  cycle ${cycle1:-none}  Kepmensos Nomor 146/HUK/2026  proposal ${ids[asep]:-none}  -> ACTIVE" \
  "#2  DEACTIVATED  cycle ${cycle1:-none}  Kepmensos Nomor 147/HUK/2026  proposal ${ids[sanggah]:-none}  -> INACTIVE"; do
  expect "asep's entry history: $row" grep -qE "^  $row  hash [0-9a-f]{16}\.\.\.\$" <<<"$entry"
done
expect "asep's entry history has exactly two rows" test "$(grep -c '^  #' <<<"$entry")" -eq 2

# The public status check without a token: masked names, never the name asked.
public=$(section "The public status check")
expect "a listed head: masked, ACTIVE, since the cycle, no programme" \
  grep -qE "^  jajang's head, Desa Sukajaya: J\*{5} S\*{6} ACTIVE since ${cycle1:-none}, programmes: -, DTSEN id [0-9a-f-]{36}\$" <<<"$public"
expect "the deactivated head: INACTIVE" \
  grep -qE "^  asep's head, Desa Sukamaju: A\*{3} S\*{6} INACTIVE since ${cycle1:-none}, programmes: -, DTSEN id [0-9a-f-]{36}\$" <<<"$public"
expect "an unknown name: not found" \
  grep -qxF "  a name in no register entry, Desa Sukamaju: not found (tidak terdaftar)" <<<"$public"
expect "the check prints no name in the clear" \
  test "$(grep -ciE 'jajang sutisna|asep suryana|nurhayati' <<<"$public")" -eq 0
expect "warga.siti's and warga.budi's filings both ACCEPTED" \
  test "$(grep -cE "^  (${ids[rahmawati]:-none}|${ids[sanggah]:-none}): ACCEPTED \(.+\)" \
    <(section "What warga.siti and warga.budi see"))" -eq 2

final=$(section "Final states")
expect "the final table lists twelve proposals" \
  test "$(grep -cE '^  [a-z]+ +32010120 ?[0-9]+ ' <<<"$final")" -eq 12
declare -A want_state=(
  [asep]=ACCEPTED [siti]=ACCEPTED [dadang]=ACCEPTED [jajang]=ACCEPTED [enok]=ACCEPTED
  [komar]=REJECTED [ujang]=NOT_ELIGIBLE [odah]=NOT_ELIGIBLE
  [cecep]=REJECTED_IN_DELIBERATION [usep]=PRELIST [rahmawati]=ACCEPTED [sanggah]=ACCEPTED
)
for h in $sukamaju $sukajaya rahmawati sanggah; do
  expect "$h: ${want_state[$h]} in the final table" \
    grep -qE "^  $h +[0-9]{10} +${ids[$h]:-none} +${want_state[$h]} +v[0-9]+\$" <<<"$final"
done
expect "totals: 7 ACCEPTED, 2 NOT_ELIGIBLE, 1 PRELIST, 1 REJECTED, 1 REJECTED_IN_DELIBERATION" \
  grep -qx '  totals: ACCEPTED 7, NOT_ELIGIBLE 2, PRELIST 1, REJECTED 1, REJECTED_IN_DELIBERATION 1' <<<"$final"


echo "== SIGTERM: graceful exit"
kill -TERM "$server_pid"
(sleep 30 && kill -KILL "$server_pid" 2>/dev/null) &
watchdog=$!
server_status=0
wait "$server_pid" || server_status=$?
server_pid=
# The watchdog's sleep first (its own child, by parent pid), so that the watchdog
# ends without killing anything and no sleep outlives the test.
pkill -P "$watchdog" sleep 2>/dev/null || true
wait "$watchdog" 2>/dev/null || true
expect "usulan-server exits 0 on SIGTERM (got $server_status)" test "$server_status" -eq 0

echo "== the server log holds no personal data"
expect "the log records the RPCs" grep -q '"rpc":"SubmitProposal"' "$log"
expect "the log records the decision" grep -q '"rpc":"DecideBatch"' "$log"
expect "the server asked the simulator" grep -qF "gRPC at $registry_address" "$log"
expect "the server took the simulator as BPS's welfare ranking, over mutual TLS" grep -qF \
  "\"detail\":\"gRPC at $registry_address, deadline 2000 ms, mutual TLS\",\"event\":\"welfare ranking\"" "$log"
expect "the log records the graceful stop" grep -q '"event":"stopped"' "$log"
# NIKs, KK numbers and names from the registry, plus what the household files carry
# (among them the mistyped NIK that was corrected, and the addresses).
personal=$tmp/personal.txt
tail -n +2 "$root/deploy/scenario/registry.csv" | tr -d '"\r' |
  awk -F, 'NF >= 3 { print $1; print $2; print $3 }' >"$personal"
jq -r '.household | .kk_number, .address, (.members[] | .nik, .name)' \
  "$root"/deploy/scenario/household-*.json >>"$personal"
sort -u -o "$personal" "$personal"
[[ $(wc -l <"$personal") -ge 30 ]] || die "could not read the scenario's personal data"
leaks=0
while IFS= read -r value; do
  [[ -n $value ]] || continue
  if grep -qF -- "$value" "$log" "$sim_log"; then
    fail "the server or simulator log contains personal data: '$value'"
    leaks=$((leaks + 1))
  fi
done <"$personal"
[[ $leaks -eq 0 ]] && pass "none of $(wc -l <"$personal") NIKs, KK numbers, names and addresses in either log"

harness_finish
