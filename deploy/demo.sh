#!/usr/bin/env bash
# The main job: installs dependencies, builds, starts a private PostgreSQL under
# .local/pg, migrates, starts usulan-server in the background, and walks the
# village scenario through it with usulanctl. The server keeps running afterwards;
# deploy/stop.sh stops it and the database.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
state=$root/.local
mkdir -p "$state"

deploy/install-deps.sh
deploy/build.sh

# Stop a server left from an earlier run so the new build is the one serving.
if [[ -f $state/server.pid ]] && kill -0 "$(cat "$state/server.pid")" 2>/dev/null; then
  kill "$(cat "$state/server.pid")"
  while kill -0 "$(cat "$state/server.pid")" 2>/dev/null; do sleep 0.2; done
fi
echo "== private PostgreSQL (data in .local/pg, Unix socket only)"
deploy/local-postgres.sh start "$state/pg"
admin_url=$(cat "$state/pg/url")
# A fresh database of its own on every run, so the scenario always starts from
# an empty register and never touches anything else on the cluster.
PGOPTIONS="-c client_min_messages=warning" psql "$admin_url" -qc \
  "DROP DATABASE IF EXISTS usulan WITH (FORCE)" -c "CREATE DATABASE usulan"
database_url="${admin_url/dbname=postgres/dbname=usulan}"

if [[ ! -s $state/token.key ]]; then
  (umask 077 && openssl rand -hex 32 >"$state/token.key")
fi

if [[ ! -s $state/audit.key ]]; then
  build/tools/usulanctl audit keygen --out "$state/audit.key" --public-out "$state/audit.pub"
fi

echo "== migrations (as the owner) and the development civil registry (as the service)"
build/services/usulan-server migrate --database-url "$database_url"
# The server connects as usulan_app, a member of usulan_service (created by the
# migrations): it may read and append to the audit trail, never change it.
psql "$database_url" -Xq -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'usulan_app') THEN
    CREATE ROLE usulan_app LOGIN IN ROLE usulan_service; END IF; END \$\$"
service_url="$database_url user=usulan_app"
build/services/usulan-server load-registry deploy/scenario/registry.csv --database-url "$service_url"

port=${USULAN_PORT:-50051}
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
listen=127.0.0.1:$port

echo "== starting usulan-server on $listen (log: .local/server.log)"
nohup build/services/usulan-server serve --listen "$listen" --database-url "$service_url" \
  --migrate-database-url "$database_url" --token-key-file "$state/token.key" --pool-size 8 \
  --audit-key-file "$state/audit.key" --checkpoint-interval 60 >>"$state/server.log" 2>&1 &
echo $! >"$state/server.pid"
echo "$listen" >"$state/server.addr"
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$(cat "$state/server.pid")" 2>/dev/null || { tail -n 20 "$state/server.log"; exit 1; }
  sleep 0.2
done

USULAN_SERVER=$listen USULAN_KEY_FILE=$state/token.key deploy/scenario.sh

printf '\n== The audit trail: a signed checkpoint, and every chain verified\n'
auditor=$(build/tools/usulanctl token mint --key-file "$state/token.key" --subject bpk.demo \
  --role auditor --region "")
USULAN_SERVER=$listen USULAN_TOKEN=$auditor build/tools/usulanctl audit checkpoint |
  jq -r '"  checkpoint " + (.checkpoint.sequence | tostring) + ": " +
         (.checkpoint.transition_count | tostring) + " transitions, root " + .checkpoint.merkle_root'
USULAN_SERVER=$listen USULAN_TOKEN=$auditor build/tools/usulanctl audit verify --all | sed 's/^/  /'

cat <<MSG

The server is still running on $listen (pid $(cat "$state/server.pid")), logging JSON
lines to .local/server.log. Try, for example:
  export USULAN_SERVER=$listen
  export USULAN_TOKEN=\$(build/tools/usulanctl token mint --key-file .local/token.key \\
      --subject dinsos.demo --role district_officer --region 3201)
  build/tools/usulanctl call ProposalService.ListProposals '{"states":["PROPOSAL_STATE_AGREED"]}'
The audit key's public half is .local/audit.pub; see README, "Verifying the audit trail".
Stop the server and the database with: deploy/stop.sh
MSG
