#!/usr/bin/env bash
# The main job: installs dependencies, builds, starts a private PostgreSQL under
# .local/pg, migrates, starts the civil-registry simulator (usulan-registry-sim on
# deploy/scenario/registry.csv) and usulan-server asking it over gRPC, both in the
# background, and walks one kabupaten's proposals from village entry to the
# Pusdatin decision through them with usulanctl (deploy/scenario.sh), every link
# over TLS with a throwaway CA (deploy/dev-pki.sh into .local/pki). The server
# and the simulator keep running afterwards; deploy/stop.sh stops them and the
# database. Running it again starts over on a fresh database.
#
# For development: USULAN_DEMO_SKIP_BUILD=1 skips the package install and the
# build; USULAN_SERVER_BIN, USULANCTL and REGISTRY_SIM_BIN name other binaries
# (defaults under build/); USULAN_STATE_DIR another state directory (default
# .local); USULAN_PORT the first port to try (default 50051).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
state=${USULAN_STATE_DIR:-$root/.local}
mkdir -p "$state"
state=$(cd "$state" && pwd)
server_bin=${USULAN_SERVER_BIN:-build/server/usulan-server}
export USULANCTL=${USULANCTL:-build/tools/usulanctl}
export REGISTRY_SIM_BIN=${REGISTRY_SIM_BIN:-$root/build/tools/usulan-registry-sim}

if [[ ${USULAN_DEMO_SKIP_BUILD:-} != 1 ]]; then
  deploy/install-deps.sh
  deploy/build.sh
fi

# Stop a server left from an earlier run so the new build is the one serving
# (the simulator is restarted by deploy/registry-sim.sh start below).
if [[ -f $state/server.pid ]] && kill -0 "$(cat "$state/server.pid")" 2>/dev/null; then
  kill "$(cat "$state/server.pid")"
  while kill -0 "$(cat "$state/server.pid")" 2>/dev/null; do sleep 0.2; done
fi
echo "== private PostgreSQL (data in $state/pg, Unix socket only)"
deploy/local-postgres.sh start "$state/pg"
admin_url=$(cat "$state/pg/url")
# A fresh database of its own on every run, so the scenario always starts from
# an empty register and never touches anything else on the cluster.
PGOPTIONS="-c client_min_messages=warning" psql "$admin_url" -qc \
  "DROP DATABASE IF EXISTS usulan WITH (FORCE)" -c "CREATE DATABASE usulan"
database_url="${admin_url/dbname=postgres/dbname=usulan}"

# A development token issuer standing in for the ministry's identity provider
# (docs/tokens.md): its Ed25519 private key signs the demo's tokens; the server
# holds only the public JWKS.
if [[ ! -s $state/issuer.jwk ]]; then
  "$USULANCTL" token keygen --out "$state/issuer.jwk" --jwks-out "$state/jwks.json"
fi

# The secret of the NIK keyed hash (README, "Personal data"): kept with the
# database, since hashes made with one key are found only with it.
if [[ ! -s $state/nik.key ]]; then
  (umask 077 && openssl rand -hex 32 >"$state/nik.key")
fi
# The secret of the household digest in the audit trail (README, "Household
# evidence"): kept with the database too, which remembers its fingerprint.
if [[ ! -s $state/household.key ]]; then
  (umask 077 && openssl rand -hex 32 >"$state/household.key")
fi

# A throwaway CA and certificates (deploy/dev-pki.sh; kept between runs): the
# server serves TLS, the simulator requires the server's client certificate,
# usulanctl trusts the CA (USULAN_TLS_CA_FILE). Never for production.
pki=$state/pki
deploy/dev-pki.sh "$pki" >/dev/null
export USULAN_TLS_CA_FILE=$pki/ca.crt

if [[ ! -s $state/audit.key ]]; then
  "$USULANCTL" audit keygen --out "$state/audit.key" --public-out "$state/audit.pub"
fi

echo "== migrations (as the owner)"
"$server_bin" migrate --database-url "$database_url"
# The server connects as usulan_app, a member of usulan_service (created by the
# migrations): it may read and append to the audit trail, never change it.
psql "$database_url" -Xq -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'usulan_app') THEN
    CREATE ROLE usulan_app LOGIN IN ROLE usulan_service; END IF; END \$\$"
service_url="$database_url user=usulan_app"

echo "== starting the civil-registry simulator on deploy/scenario/registry.csv, mutual TLS (log: $state/registry-sim.log)"
registry=$(USULAN_PKI_DIR=$pki deploy/registry-sim.sh start "$state" deploy/scenario/registry.csv)
echo "usulan-registry-sim on $registry"

port=${USULAN_PORT:-50051}
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
listen=127.0.0.1:$port

echo "== starting usulan-server on $listen (TLS), asking the registry at $registry (log: $state/server.log)"
nohup "$server_bin" serve --listen "$listen" --database-url "$service_url" \
  --tls-cert-file "$pki/server.crt" --tls-key-file "$pki/server.key" \
  --registry-ca-file "$pki/ca.crt" --registry-cert-file "$pki/client.crt" \
  --registry-key-file "$pki/client.key" \
  --migrate-database-url "$database_url" --jwks-file "$state/jwks.json" --pool-size 8 \
  --nik-key-file "$state/nik.key" --household-key-file "$state/household.key" \
  --registry-address "$registry" --audit-key-file "$state/audit.key" --checkpoint-interval 60 \
  >>"$state/server.log" 2>&1 &
echo $! >"$state/server.pid"
echo "$listen" >"$state/server.addr"
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$(cat "$state/server.pid")" 2>/dev/null || { tail -n 20 "$state/server.log"; exit 1; }
  sleep 0.2
done

USULAN_SERVER=$listen USULAN_KEY_FILE=$state/issuer.jwk deploy/scenario.sh

printf '\n== The audit trail: a signed checkpoint, and every chain verified\n'
auditor=$("$USULANCTL" token mint --key-file "$state/issuer.jwk" --subject bpk.demo \
  --role auditor --region "")
USULAN_SERVER=$listen USULAN_TOKEN=$auditor "$USULANCTL" audit checkpoint |
  jq -r '"  checkpoint " + (.checkpoint.sequence | tostring) + ": " +
         (.checkpoint.transition_count | tostring) + " transitions, root " + .checkpoint.merkle_root'
USULAN_SERVER=$listen USULAN_TOKEN=$auditor "$USULANCTL" audit verify --all | sed 's/^/  /'

cat <<MSG

The server is still running on $listen over TLS (pid $(cat "$state/server.pid")), logging JSON
lines to $state/server.log; the civil-registry simulator on $registry
(pid $(cat "$state/registry-sim.pid")). Try, for example:
  export USULAN_SERVER=$listen USULAN_TLS_CA_FILE=$pki/ca.crt
  export USULAN_TOKEN=\$($USULANCTL token mint --key-file $state/issuer.jwk \\
      --subject dinsos.demo --role district_officer --region 3201)
  $USULANCTL call ProposalService.ListProposals '{"states":["PROPOSAL_STATE_ACCEPTED"]}'
  $USULANCTL call ReviewService.ListBatches '{}'
The audit key's public half is $state/audit.pub; see README, "Verifying the audit trail".
Stop the server, the simulator and the database with: deploy/stop.sh
MSG
