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
# The console: the development identity provider (web/server, oidc-provider;
# the demo accounts of deploy/dev-accounts.json) is the server's token source
# (--oidc-issuer); it signs with the development issuer's key
# (.local/issuer.jwk), so the scenario's usulanctl tokens, minted with that key
# and the provider's issuer, verify too. usulan-web serves the console over
# HTTPS and signs people in there (docs/console.md). The demo ends by printing
# the console's address and the accounts.
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
  (cd web/server && npm ci --no-audit --no-fund && npm run build)
  # The console usulan-web serves (its default --console-dir, web/console/dist).
  (cd web/console && npm ci --no-audit --no-fund && npm run build)
fi

# Stop what an earlier run left so the new build is the one serving (the
# simulator is restarted by deploy/registry-sim.sh start below).
for name in web server idp; do
  if [[ -f $state/$name.pid ]] && kill -0 "$(cat "$state/$name.pid")" 2>/dev/null; then
    kill "$(cat "$state/$name.pid")"
    while kill -0 "$(cat "$state/$name.pid")" 2>/dev/null; do sleep 0.2; done
  fi
done
# free_port START: the first port from START nobody listens on at 127.0.0.1.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
# wait_for_file FILE PIDFILE LOG: until FILE exists; the log's end if the process died.
wait_for_file() {
  for _ in $(seq 1 150); do
    [[ -s $1 ]] && return 0
    kill -0 "$(cat "$2")" 2>/dev/null || break
    sleep 0.2
  done
  tail -n 20 "$3"
  exit 1
}
echo "== private PostgreSQL (data in $state/pg, Unix socket only)"
deploy/local-postgres.sh start "$state/pg"
admin_url=$(cat "$state/pg/url")
# A fresh database of its own on every run, so the scenario always starts from
# an empty register and never touches anything else on the cluster.
PGOPTIONS="-c client_min_messages=warning" psql "$admin_url" -qc \
  "DROP DATABASE IF EXISTS usulan WITH (FORCE)" -c "CREATE DATABASE usulan" \
  -c "DROP DATABASE IF EXISTS usulan_web WITH (FORCE)" -c "CREATE DATABASE usulan_web"
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

echo "== starting the civil-registry and BPS simulator on deploy/scenario/registry.csv and ranking.csv, mutual TLS (log: $state/registry-sim.log)"
registry=$(USULAN_PKI_DIR=$pki deploy/registry-sim.sh start "$state" deploy/scenario/registry.csv \
  deploy/scenario/ranking.csv)
echo "usulan-registry-sim on $registry"

# The development identity provider, whose only client is usulan-web.
web_port=$(free_port "${USULAN_WEB_PORT:-8443}")
console=https://127.0.0.1:$web_port
[[ -s $state/web-client.secret ]] || (umask 077 && openssl rand -hex 32 >"$state/web-client.secret")
[[ -s $state/web-session.key ]] || (umask 077 && openssl rand -hex 32 >"$state/web-session.key")
(umask 077 && jq -n --arg secret "$(cat "$state/web-client.secret")" --arg console "$console" \
  '[{client_id: "usulan-web", client_secret: $secret, client_name: "Konsol Usulan",
     redirect_uris: [$console + "/auth/callback"], post_logout_redirect_uris: [$console + "/"]}]' \
  >"$state/idp-clients.json")
idp_port=$(free_port "${USULAN_IDP_PORT:-9080}")
rm -f "$state/idp.url"
echo "== starting the development identity provider on 127.0.0.1:$idp_port (log: $state/idp.log)"
nohup node web/server/dist/idp/main.js --listen "127.0.0.1:$idp_port" \
  --accounts deploy/dev-accounts.json --signing-key "$state/issuer.jwk" \
  --clients "$state/idp-clients.json" --issuer-file "$state/idp.url" >>"$state/idp.log" 2>&1 &
echo $! >"$state/idp.pid"
wait_for_file "$state/idp.url" "$state/idp.pid" "$state/idp.log"
issuer=$(cat "$state/idp.url")

port=$(free_port "${USULAN_PORT:-50051}")
listen=127.0.0.1:$port
# usulan-web (started below on 127.0.0.1) names each browser's address to the
# server, which trusts it from there (--trusted-proxies; docs/limits.md): every
# browser gets the server's per-client limit of its own.

echo "== starting usulan-server on $listen (TLS), asking the registry at $registry (log: $state/server.log)"
nohup "$server_bin" serve --listen "$listen" --database-url "$service_url" \
  --tls-cert-file "$pki/server.crt" --tls-key-file "$pki/server.key" \
  --registry-ca-file "$pki/ca.crt" --registry-cert-file "$pki/client.crt" \
  --registry-key-file "$pki/client.key" \
  --migrate-database-url "$database_url" --oidc-issuer "$issuer" --pool-size 8 \
  --nik-key-file "$state/nik.key" --household-key-file "$state/household.key" \
  --registry-address "$registry" --audit-key-file "$state/audit.key" --checkpoint-interval 60 \
  --bps-address "$registry" --bps-ca-file "$pki/ca.crt" --bps-cert-file "$pki/client.crt" \
  --bps-key-file "$pki/client.key" \
  --trusted-proxies 127.0.0.1 \
  >>"$state/server.log" 2>&1 &
echo $! >"$state/server.pid"
echo "$listen" >"$state/server.addr"
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$(cat "$state/server.pid")" 2>/dev/null || { tail -n 20 "$state/server.log"; exit 1; }
  sleep 0.2
done

USULAN_SERVER=$listen USULAN_KEY_FILE=$state/issuer.jwk USULAN_TOKEN_ISSUER=$issuer deploy/scenario.sh
# Work for every demo account's console queue (the scenario finishes its own).
printf "\n== Work left waiting in every demo account's console queue\n"
USULAN_SERVER=$listen USULAN_KEY_FILE=$state/issuer.jwk USULAN_TOKEN_ISSUER=$issuer deploy/demo-queues.sh fill

printf "\n== The cycle's determination (penetapan), signed with the audit key (docs/determination.md)\n"
central=$("$USULANCTL" token mint --key-file "$state/issuer.jwk" --issuer "$issuer" \
  --subject pusdatin.reviewer --role central_reviewer --region "")
cycle=$(USULAN_SERVER=$listen USULAN_TOKEN=$central "$USULANCTL" register list |
  jq -r '[.entries[].since_cycle] | max')
rm -rf "$state/penetapan-$cycle" "$state/penetapan-$cycle-pd"
echo "  \$ usulanctl register export --cycle $cycle --out $state/penetapan-$cycle-pd --with-personal-data"
USULAN_SERVER=$listen USULAN_TOKEN=$central "$USULANCTL" register export --cycle "$cycle" \
  --out "$state/penetapan-$cycle-pd" --with-personal-data --public-key "$state/audit.pub" |
  sed 's/^/  /'
echo "  \$ usulanctl register export --cycle $cycle --out $state/penetapan-$cycle"
USULAN_SERVER=$listen USULAN_TOKEN=$central "$USULANCTL" register export --cycle "$cycle" \
  --out "$state/penetapan-$cycle" --public-key "$state/audit.pub" | sed 's/^/  /'
echo "  the publication variant's determination-$cycle.csv:"
sed 's/^/    /; s/\r$//' "$state/penetapan-$cycle/determination-$cycle.csv"
echo "  \$ openssl pkeyutl -verify -pubin -inkey audit.pub -rawin -in manifest.json -sigfile manifest.sig"
(cd "$state/penetapan-$cycle" && openssl pkeyutl -verify -pubin -inkey "$state/audit.pub" -rawin \
  -in manifest.json -sigfile manifest.sig) | sed 's/^/    /'

printf '\n== The audit trail: a signed checkpoint, and every chain verified\n'
auditor=$("$USULANCTL" token mint --key-file "$state/issuer.jwk" --issuer "$issuer" --subject bpk.demo \
  --role auditor --region "")
USULAN_SERVER=$listen USULAN_TOKEN=$auditor "$USULANCTL" audit checkpoint |
  jq -r '"  checkpoint " + (.checkpoint.sequence | tostring) + ": " +
         (.checkpoint.transition_count | tostring) + " transitions, root " + .checkpoint.merkle_root'
USULAN_SERVER=$listen USULAN_TOKEN=$auditor "$USULANCTL" audit verify --all | sed 's/^/  /'

echo "== starting usulan-web on $console (log: $state/web.log)"
rm -f "$state/web.url"
nohup node web/server/dist/bff/main.js --listen "127.0.0.1:$web_port" \
  --tls-cert-file "$pki/server.crt" --tls-key-file "$pki/server.key" \
  --oidc-issuer "$issuer" --oidc-client-secret-file "$state/web-client.secret" \
  --server "$listen" --server-ca-file "$pki/ca.crt" \
  --database-url "${admin_url/dbname=postgres/dbname=usulan_web}" \
  --session-key-file "$state/web-session.key" --address-file "$state/web.url" \
  >>"$state/web.log" 2>&1 &
echo $! >"$state/web.pid"
wait_for_file "$state/web.url" "$state/web.pid" "$state/web.log"

cat <<MSG

The server is still running on $listen over TLS (pid $(cat "$state/server.pid")), logging JSON
lines to $state/server.log; the civil-registry simulator on $registry
(pid $(cat "$state/registry-sim.pid")). Try, for example:
  export USULAN_SERVER=$listen USULAN_TLS_CA_FILE=$pki/ca.crt
  export USULAN_TOKEN=\$($USULANCTL token mint --key-file $state/issuer.jwk --issuer $issuer \\
      --subject dinsos.demo --role district_officer --region 3201)
  $USULANCTL call ProposalService.ListProposals '{"states":["PROPOSAL_STATE_ACCEPTED"]}'
  $USULANCTL call ReviewService.ListBatches '{}'
The audit key's public half is $state/audit.pub; see README, "Verifying the audit trail".
MSG
cat <<MSG

The console: $console (usulan-web, pid $(cat "$state/web.pid"); the dev CA
$pki/ca.crt is not in your browser's store, so accept its warning once). Sign in at the
development identity provider $issuer (pid $(cat "$state/idp.pid")) with:
MSG
jq -r --slurpfile pw deploy/dev-accounts.passwords.json \
  '.accounts[] | "  \(.id | . + " " * (20 - length)) \($pw[0].passwords[.id] | . + " " * (20 - length)) \(.role) \(.region)"' \
  deploy/dev-accounts.json
USULAN_SERVER=$listen USULAN_KEY_FILE=$state/issuer.jwk USULAN_TOKEN_ISSUER=$issuer deploy/demo-queues.sh show
echo "Stop the console, the provider, the server, the simulator and the database with: deploy/stop.sh"
