#!/usr/bin/env bash
# Writes the seed corpus fuzz/corpus/<target>/ from real, valid inputs (run it
# again after a format changes; docs/fuzzing.md). Needs protoc, python3, openssl.
# Every seed is small: libFuzzer mutates from there.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
rm -rf "$out"
mkdir -p "$out"/{edge_validation,token_verifier,prelist_csv,registry_wire,death_list_wire,welfare_ranking_wire,audit_verifier}

# --- edge_validation: "<method full name>\n" + the request's wire bytes --------
# One empty request per method (every RPC is reached), then real requests.
edge() {  # edge NAME METHOD TYPE FILE  (text-format request on stdin)
  { printf '%s\n' "$2"
    protoc --proto_path=proto --encode="$3" "proto/$4"; } >"$out/edge_validation/$1"
}
python3 - "$out/edge_validation" <<'EOF'
import pathlib, re, sys
for proto in sorted(pathlib.Path("proto/usulan/v1").glob("*.proto")):
    text = proto.read_text()
    for service, body in re.findall(r"service (\w+) \{(.*?)\n\}", text, re.S):
        for method in re.findall(r"rpc (\w+)\(", body):
            name = f"usulan.v1.{service}.{method}"
            (pathlib.Path(sys.argv[1]) / f"empty-{service}-{method}").write_text(name + "\n")
EOF
p=usulan.v1.ProposalService
uuid=3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f
household='household { kk_number: "3201010101000001" address: "Jl. Melati, RT 01\nDusun 2"
  members { nik: "3201011204780001" name: "Asep Sunarya" relationship: RELATIONSHIP_HEAD
            sex: SEX_MALE birth_date: "1978-04-12" occupation: "petani" }
  members { nik: "3201014309820002" name: "Euis Kartika" relationship: RELATIONSHIP_SPOUSE
            sex: SEX_FEMALE birth_date: "1982-09-03" has_disability: true }
  socio_economic { floor_area_m2: 21 floor_type: "tanah" monthly_income_idr: 800000 } }'
region='region { province_code: "32" kabupaten_code: "3201" kecamatan_code: "320101"
  desa_code: "3201012001" }'
edge create-proposal $p.CreateProposal usulan.v1.CreateProposalRequest usulan/v1/proposal_service.proto \
  <<<"request_id: \"create-h01\" kind: PROPOSAL_KIND_NEW $region $household"
edge import-row $p.ImportProposals usulan.v1.ImportProposalsRequest usulan/v1/proposal_service.proto \
  <<<"request_id: \"import-2026-11\" row_number: 2 proposal { kind: PROPOSAL_KIND_NEW $region $household }"
edge submit-proposal $p.SubmitProposal usulan.v1.SubmitProposalRequest usulan/v1/proposal_service.proto \
  <<<"request_id: \"submit-1\" proposal_id: \"${uuid^^}\" expected_version: 1"
edge list-proposals $p.ListProposals usulan.v1.ListProposalsRequest usulan/v1/proposal_service.proto \
  <<<'states: PROPOSAL_STATE_SUBMITTED region_prefix: "3201" page_size: 50 waiting_for_me: true'
token=$(printf '1714557600123456|%s' "$uuid" | base64 -w0 | tr '+/' '-_' | tr -d '=')
edge list-next-page $p.ListProposals usulan.v1.ListProposalsRequest usulan/v1/proposal_service.proto \
  <<<"kinds: PROPOSAL_KIND_NEW page_size: 500 page_token: \"$token\""
edge record-visit usulan.v1.VerificationService.RecordVisit usulan.v1.RecordVisitRequest \
  usulan/v1/verification_service.proto <<<"request_id: \"visit-1\" proposal_id: \"$uuid\"
  outcome: VISIT_OUTCOME_COMPLETED eligible: true visit_time { seconds: 1780000000 nanos: 5 }
  evidence_sha256: \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"
  reason: \"rumah semi permanen\""
edge open-deliberation usulan.v1.DeliberationService.OpenDeliberation \
  usulan.v1.OpenDeliberationRequest usulan/v1/deliberation_service.proto \
  <<<'request_id: "musdes-3201012001:2026-11:7" kind: DELIBERATION_KIND_MUSDES desa_code: "3201012001" meeting_date: "2026-11-20"'
edge record-outcome usulan.v1.DeliberationService.RecordOutcome usulan.v1.RecordOutcomeRequest \
  usulan/v1/deliberation_service.proto <<<"request_id: \"outcome-1\" deliberation_id: \"$uuid\"
  proposal_id: \"$uuid\" outcome: AGENDA_OUTCOME_REJECTED reason: \"sudah mampu\""
edge export-determination usulan.v1.RegisterService.ExportDetermination \
  usulan.v1.ExportDeterminationRequest usulan/v1/register_service.proto \
  <<<'cycle: "2026-11" include_personal_data: true'
edge approve usulan.v1.ReviewService.ApproveProposals usulan.v1.ApproveProposalsRequest \
  usulan/v1/review_service.proto <<<"request_id: \"approve-1\" proposal_ids: \"$uuid\"
  proposal_ids: \"00000000-0000-4000-8000-000000000001\""
edge decide-batch usulan.v1.DecisionService.DecideBatch usulan.v1.DecideBatchRequest \
  usulan/v1/decision_service.proto <<<"request_id: \"decide-1\" batch_id: \"$uuid\"
  decree_number: \"Kepmensos 12/HUK/2026\" decree_sha256: \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""
edge get-history usulan.v1.AuditService.GetHistory usulan.v1.GetHistoryRequest \
  usulan/v1/audit_service.proto <<<"proposal_id: \"$uuid\""

# --- token_verifier: 'T' token, 'M' edits of the valid token, 'C' claims -------
tv=$out/token_verifier
b64() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
printf 'M' >"$tv/valid-unedited"
printf 'M\x05\x00A' >"$tv/edit-header"
printf 'M\x60\x00\x01' >"$tv/insert-in-payload"
printf 'M\xf0\x00\x02' >"$tv/delete-in-signature"
claims='{"iss":"usulan-dev-issuer","aud":"usulan","sub":"operator.3201012001","iat":1779999940,"exp":1780003540,"usulan_role":"village_operator","usulan_region":"3201012001"}'
printf 'C%s' "$claims" >"$tv/claims-valid"
printf 'C%s' '{"iss":"usulan-dev-issuer","aud":["other","usulan"],"sub":"auditor.1","iat":1779999940,"exp":1780003540,"nbf":1779999900,"usulan_role":"auditor"}' >"$tv/claims-audience-list"
printf 'C%s' '{"iss":"usulan-dev-issuer","aud":"usulan","sub":"3201011204780001","iat":1779999940,"exp":1780003540,"usulan_role":"dinsos_kabupaten","usulan_region":"3201"}' >"$tv/claims-nik-subject"
printf 'T%s.%s.%s' "$(b64 '{"alg":"none"}')" "$(b64 "$claims")" "" >"$tv/alg-none"
printf 'T%s.%s.%s' "$(b64 '{"alg":"EdDSA","kid":"fuzz-ed","jku":"http://127.0.0.1/k"}')" "$(b64 "$claims")" "$(b64 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef)" >"$tv/header-jku"
printf 'T%s.%s.%s' "$(b64 '{"alg":"HS256","kid":"dev","crit":["b64"]}')" "$(b64 "$claims")" "$(b64 abc)" >"$tv/header-crit"
printf 'T%s.%s.%s' "$(b64 '{"alg":"RS256","kid":"fuzz-ed"}')" "$(b64 "$claims")" "$(b64 abc)" >"$tv/alg-not-the-keys"

# --- prelist_csv: pre-lists as README "usulanctl import" describes ----------------
printf '\xef\xbb\xbfhousehold,desa_code,kk_number,address,nik,name,relationship,sex,birth_date,has_disability,floor_area_m2,monthly_income_idr\r\nH1,3201012001,3201010101000001,"Jl. Melati, RT 01",3201011204780001,Asep,HEAD,L,1978-04-12,,21,800000\r\nH2,3201012001,3201010101000002,Dusun 2,3201013001650004,Ujang,kepala,laki-laki,,ya,,\r\n,,,,,,,,,,,\r\nH1,,,,3201014309820002,"Euis ""Neng"" K",SPOUSE,P,1982-09-03,no,,\r\n' >"$out/prelist_csv/comma-crlf-bom"
printf 'household;desa_code;nik;name;relationship;address\nA;3201012001;3201011204780001;Asep;HEAD;"Kampung\nCibeureum"\nB;3201012001;3201013001650004;Ujang;HEAD;x\n' >"$out/prelist_csv/semicolon-quoted-newline"
printf 'household,kind,desa_code,kk_number,nik,name,relationship,reason,deactivation_reason\nH9,DEACTIVATION,3201012001,3201010101000009,3201011204780009,Tatang,HEAD,meninggal dunia,DECEASED\n' >"$out/prelist_csv/deactivation"

# --- registry_wire: member count byte + CheckHouseholdResponse ----------------
rw() {  # rw NAME COUNT  (text-format response on stdin)
  # shellcheck disable=SC2059  # the format is the count byte's escape, made here
  { printf "\\x$(printf %02x "$2")"
    protoc --proto_path=proto --encode=usulan.registry.v1.CheckHouseholdResponse \
      usulan/registry/v1/population_registry.proto; } >"$out/registry_wire/$1"
}
rw matched-2 2 <<<'members { position: 1 status: NIK_STATUS_MATCHED } members { position: 2 status: NIK_STATUS_MATCHED }'
rw mixed-3 3 <<<'members { position: 2 status: NIK_STATUS_DECEASED } members { position: 1 status: NIK_STATUS_OTHER_FAMILY } members { position: 3 status: NIK_STATUS_NOT_FOUND }'
rw empty-0 0 </dev/null

# --- death_list_wire / welfare_ranking_wire: page size byte, token byte, answer --
paged() {  # paged TARGET TYPE PROTO NAME PAGE_SIZE TOKEN  (text-format answer on stdin)
  # shellcheck disable=SC2059  # the formats are the bytes' escapes, made here
  { printf "\\x$(printf %02x "$5")\\x$(printf %02x "$6")"
    protoc --proto_path=proto --encode="$2" "$3"; } >"$out/$1/$4"
}
dl() { paged death_list_wire usulan.registry.v1.ListDeathsResponse \
  usulan/registry/v1/population_registry.proto "$@"; }
dl two-deaths-next 2 0 <<<'deaths { nik: "3201010106500041" kk_number: "3201010201260008"
  death_date: "2026-11-20" desa_code: "3201012002" } deaths { nik: "3201010000000052"
  kk_number: "3201010201260010" death_date: "2026-12-01" desa_code: "3201012002" }
  next_page_token: "2026-11-01/2"'
dl last-page-default-size 0 1 <<<'deaths { nik: "3201010000000053" kk_number: "3201010101260002"
  death_date: "2026-11-01" desa_code: "3201012001" }'
dl empty 10 0 </dev/null
wr() { paged welfare_ranking_wire usulan.bps.v1.ListRankingsResponse \
  usulan/bps/v1/welfare_ranking.proto "$@"; }
wr two-households-next 2 0 <<<'rankings { kk_number: "3201010201260007" desil: 2
  ranking_date: "2026-10-15" } rankings { kk_number: "3201010201260010" desil: 10
  ranking_date: "2026-10-15" } next_page_token: "2026-Q4/2"'
wr last-page-default-size 0 1 <<<'rankings { kk_number: "3201010201260011" desil: 1 ranking_date: "2026-10-15" }'
wr empty 10 0 </dev/null

# --- audit_verifier: an export (rows) and its checkpoints, JSON Lines ----------
python3 - "$out/audit_verifier" <<'EOF'
import base64, hashlib, json, os, pathlib, subprocess, sys, tempfile
out = pathlib.Path(sys.argv[1])
# The fuzz-only audit key (fuzz/audit_verifier_fuzzer.cc trusts its public half).
PEM = """-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIOCa9RaXTRSdOVcdiJbAxWZaUoeR8sHxZokY6aOf/KJi
-----END PRIVATE KEY-----
"""
def ns(v):
    d = v.encode() if isinstance(v, str) else v
    return str(len(d)).encode() + b":" + d + b","
def row_hash(r):
    ev = b"".join(ns(h) for h in r["evidence_hashes"])
    at = b"".join(ns(k) + ns(v) for k, v in sorted(r["attributes"].items()))
    parts = ["usulan-transition-v1", r["proposal_id"], str(r["sequence"]), r["from_state"],
             r["to_state"], r["event"], r["actor_id"], r["role"], r["region_code"], r["reason"],
             ev, at, r["request_id"], str(r["at_us"]), str(r["machine_version"]), r["prev_hash"]]
    return hashlib.sha256(b"".join(ns(p) for p in parts)).hexdigest()
pid = "3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
steps = [("", "DRAFT", "create"), ("DRAFT", "SUBMITTED", "submit"), ("SUBMITTED", "PRELIST", "nik_checked")]
rows, prev = [], "0" * 64
for i, (f, t, e) in enumerate(steps, 1):
    r = {"format": "usulan-transition-v1", "proposal_id": pid, "sequence": i, "from_state": f,
         "to_state": t, "event": e, "actor_id": "operator.3201012001", "role": "village_operator",
         "region_code": "3201012001", "reason": "", "evidence_hashes": [],
         "attributes": {"registry": "dukcapil-sim"} if e == "nik_checked" else {},
         "request_id": f"req-{i}", "at_us": str(1714557600123456 + i), "machine_version": 1,
         "prev_hash": prev, "log_index": str(i)}
    r["hash"] = prev = row_hash(r)
    rows.append(r)
def leaf(d): return hashlib.sha256(b"\0" + d).digest()
def node(a, b): return hashlib.sha256(b"\1" + a + b).digest()
def mth(items):
    if len(items) == 1: return leaf(items[0])
    k = 1
    while k * 2 < len(items): k *= 2
    return node(mth(items[:k]), mth(items[k:]))
with tempfile.TemporaryDirectory() as tmp:
    key = os.path.join(tmp, "k.pem")
    pathlib.Path(key).write_text(PEM)
    der = subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-outform", "DER"],
                         check=True, capture_output=True).stdout
    cp = {"sequence": 1, "first_log_index": 1, "last_log_index": 3, "transition_count": 3,
          "merkle_root": mth([bytes.fromhex(r["hash"]) for r in rows]).hex(),
          "previous_hash": "0" * 64, "created_at_us": 1714557700000000,
          "key_id": hashlib.sha256(der).hexdigest()}
    msg = b"".join(ns(p) for p in ["usulan-checkpoint-v1", str(cp["sequence"]),
        str(cp["first_log_index"]), str(cp["last_log_index"]), str(cp["transition_count"]), cp["merkle_root"],
        cp["previous_hash"], str(cp["created_at_us"]), cp["key_id"]])
    m = os.path.join(tmp, "m")
    pathlib.Path(m).write_bytes(msg)
    sig = subprocess.run(["openssl", "pkeyutl", "-sign", "-inkey", key, "-rawin", "-in", m],
                         check=True, capture_output=True).stdout
    cp["hash"] = hashlib.sha256(msg).hexdigest()
    cp["signature"] = base64.b64encode(sig).decode()
lines = lambda items: "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
(out / "trail-and-checkpoint").write_text(lines(rows + [cp]))
(out / "trail-with-version").write_text(lines([{"expected_version": 3}] + rows))
(out / "sealed-trail").write_text(lines([{"seal": True}] + rows[:2]))
(out / "known-vector").write_text(pathlib.Path("docs/audit/known-vector.jsonl").read_text())
EOF
echo "make_corpus: $(find "$out" -type f | wc -l) seeds in $out"
