-- pgbench: the SQL work of one proposal transition, as the service does it alone
-- in one transaction (storage/request_repository.cc, transition_writes.cc): the writers'
-- advisory lock (shared), lock and read the proposal row with its chain head (the
-- previous audit row's hash), the version-checked state update that moves the head
-- on, the hash-chained audit row, the idempotency record with its answer. Run on tables made by the real migrations
-- and seeded by bench/seed_proposals.sql. The hash is computed by PostgreSQL here
-- (the service computes it itself).
--
--   pgbench -n -M prepared -c N -j 2 -T S -D proposals=COUNT -f bench/pgbench_transition.sql URL
--
-- A random proposal per transaction (ids are md5(n)::uuid, n in 1..COUNT), so
-- clients rarely wait on one row; the same proposal can be picked again, so the
-- version check is the real one (version read, then incremented).
\set n random(1, :proposals)
BEGIN;
SELECT pg_advisory_xact_lock_shared(8463237233110840439);
SELECT version AS v, audit_head AS prev FROM proposals WHERE id = md5(:n::text)::uuid
  FOR UPDATE \gset
UPDATE proposals SET state = 'VERIFIED', version = :v + 1, state_since = now(), updated_at = now(),
                     audit_head = encode(sha256(('pgbench-' || :n || '-' || :v || :prev)::bytea), 'hex')
  WHERE id = md5(:n::text)::uuid AND version = :v;
INSERT INTO transitions (proposal_id, sequence, from_state, to_state, event, actor_id, role,
                         region_code, reason, evidence_hashes, attributes, request_id, at,
                         machine_version, prev_hash, hash)
  VALUES (md5(:n::text)::uuid, :v + 1, 'IN_VERIFICATION', 'VERIFIED', 'record_visit',
          'bench.verifier.1101', 'verifier', '1101', '',
          ARRAY['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
          jsonb_object(ARRAY['outcome', 'eligible'], ARRAY['COMPLETED', 'true']),
          'pgbench-' || :n || '-' || :v, now(), 1, :prev,
          encode(sha256(('pgbench-' || :n || '-' || :v || :prev)::bytea), 'hex'));
INSERT INTO idempotency (subject, request_id, rpc, fingerprint, response, created_at)
  VALUES ('bench.verifier.1101', 'pgbench-' || :n || '-' || :v, 'RecordVisit',
          md5(:n::text || '-' || :v), '\x0a24'::bytea, now());
COMMIT;
