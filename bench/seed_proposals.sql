-- Seeds :proposals proposal rows for bench/pgbench_transition.sql (ids
-- md5(n)::uuid), in IN_VERIFICATION, spread over 100 desa of kabupaten 1101, each
-- with the first row of its audit chain, whose hash is the proposal's audit_head
-- (so that a transition has a previous hash to chain to, as in the service).
--   psql URL -v proposals=COUNT -f bench/seed_proposals.sql
-- One transaction: a proposal commits only with its audit row, whose hash is its
-- head (0008_chain_invariants.sql checks that at commit).
BEGIN;
INSERT INTO proposals (id, kind, state, version, province_code, kabupaten_code, kecamatan_code,
                       desa_code, machine_version, assigned_verifier, created_by, created_at,
                       state_since, updated_at, audit_head)
SELECT md5(n::text)::uuid, 'NEW', 'IN_VERIFICATION', 1, '11', '1101',
       '1101' || lpad((n % 10 + 1)::text, 2, '0'),
       '1101' || lpad((n % 10 + 1)::text, 2, '0') || lpad((2001 + n % 100 / 10)::text, 4, '0'),
       1, 'bench.verifier.1101', 'pgbench', now(), now(), now(),
       encode(sha256(('seed-' || n)::bytea), 'hex')
FROM generate_series(1, :proposals) AS n;
INSERT INTO transitions (proposal_id, sequence, from_state, to_state, event, actor_id, role,
                         region_code, reason, evidence_hashes, attributes, request_id, at,
                         machine_version, prev_hash, hash)
SELECT md5(n::text)::uuid, 1, NULL, 'IN_VERIFICATION', 'create', 'pgbench', 'village_operator',
       '1101', '', '{}', '{}', 'seed-' || n, now(), 1, repeat('0', 64),
       encode(sha256(('seed-' || n)::bytea), 'hex')
FROM generate_series(1, :proposals) AS n;
COMMIT;
ANALYZE proposals;
ANALYZE transitions;
