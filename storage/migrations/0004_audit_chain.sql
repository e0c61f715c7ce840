-- The tamper-evident audit trail (issue 4):
--  1. every transition row carries prev_hash and hash, the SHA-256 of its canonical
--     encoding "usulan-transition-v1" (audit/transition_encoding.h, README
--     "Verifying the audit trail"), chained per proposal. New rows are hashed by
--     the service (storage/tx_proposals.cc, InsertTransition) under the proposal's
--     row lock; rows that exist when this migration runs are hashed here, in SQL,
--     with the same encoding, so the migration is one transaction and a database is
--     never half converted;
--  2. signed checkpoints (table checkpoints) cover the rows committed since the
--     previous checkpoint (see "Checkpoint coverage" below);
--  3. the audit tables are append-only for the service's role usulan_service
--     (grants) and for everyone outside migrations (a trigger).

ALTER TABLE transitions
  ADD COLUMN prev_hash text,
  ADD COLUMN hash text,
  ADD COLUMN log_index bigint;

-- Netstrings of the encoding, for the backfill only (pg_temp: gone with the session).
CREATE FUNCTION pg_temp.ns(b bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS
  $$ SELECT convert_to(length(b)::text || ':', 'UTF8') || b || '\x2c'::bytea $$;
CREATE FUNCTION pg_temp.nst(t text) RETURNS bytea LANGUAGE sql IMMUTABLE AS
  $$ SELECT pg_temp.ns(convert_to(t, 'UTF8')) $$;

DO $$
DECLARE
  r record;
  previous text;
  current_proposal uuid;
  digest text;
BEGIN
  FOR r IN
    SELECT t.proposal_id, t.sequence, coalesce(t.from_state, '') AS from_state, t.to_state,
           t.event, t.actor_id, t.role, t.region_code, t.reason, t.evidence_hashes,
           t.attributes, t.request_id, (extract(epoch FROM t.at) * 1000000)::bigint AS at_us,
           t.machine_version
      FROM transitions t
     ORDER BY t.proposal_id, t.sequence
  LOOP
    IF current_proposal IS DISTINCT FROM r.proposal_id THEN
      current_proposal := r.proposal_id;
      previous := repeat('0', 64);
    END IF;
    digest := encode(sha256(
        pg_temp.nst('usulan-transition-v1')
        || pg_temp.nst(r.proposal_id::text)
        || pg_temp.nst(r.sequence::text)
        || pg_temp.nst(r.from_state)
        || pg_temp.nst(r.to_state)
        || pg_temp.nst(r.event)
        || pg_temp.nst(r.actor_id)
        || pg_temp.nst(r.role)
        || pg_temp.nst(r.region_code)
        || pg_temp.nst(r.reason)
        || pg_temp.ns(coalesce(
             (SELECT string_agg(pg_temp.nst(e.hash), ''::bytea ORDER BY e.position)
                FROM unnest(r.evidence_hashes) WITH ORDINALITY AS e(hash, position)),
             ''::bytea))
        || pg_temp.ns(coalesce(
             (SELECT string_agg(pg_temp.nst(a.key) || pg_temp.nst(a.value), ''::bytea
                                ORDER BY a.key COLLATE "C")
                FROM jsonb_each_text(r.attributes) a),
             ''::bytea))
        || pg_temp.nst(r.request_id)
        || pg_temp.nst(r.at_us::text)
        || pg_temp.nst(r.machine_version::text)
        || pg_temp.nst(previous)), 'hex');
    UPDATE transitions SET prev_hash = previous, hash = digest
     WHERE proposal_id = r.proposal_id AND sequence = r.sequence;
    previous := digest;
  END LOOP;
END $$;

-- Log order: a global position for every row, by which a checkpoint orders the
-- leaves of its Merkle tree. Existing rows are numbered in time order.
UPDATE transitions t SET log_index = o.n
  FROM (SELECT proposal_id, sequence,
               row_number() OVER (ORDER BY at, proposal_id, sequence) AS n
          FROM transitions) o
 WHERE t.proposal_id = o.proposal_id AND t.sequence = o.sequence;

ALTER TABLE transitions
  ALTER COLUMN prev_hash SET NOT NULL,
  ALTER COLUMN hash SET NOT NULL,
  ALTER COLUMN log_index SET NOT NULL,
  ADD CONSTRAINT transitions_hashes_hex
    CHECK (hash ~ '^[0-9a-f]{64}$' AND prev_hash ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT transitions_first_link
    CHECK (sequence <> 1 OR prev_hash = repeat('0', 64));
ALTER TABLE transitions ALTER COLUMN log_index ADD GENERATED ALWAYS AS IDENTITY;
SELECT setval(pg_get_serial_sequence('transitions', 'log_index'),
              coalesce(max(log_index), 0) + 1, false)
  FROM transitions;
CREATE UNIQUE INDEX transitions_log_index ON transitions (log_index);

-- Checkpoint coverage. A checkpoint covers the rows with log_index in
-- [first_log_index, last_log_index], the range after the previous checkpoint's. A
-- log_index is drawn when a row is inserted, not when its transaction commits, so
-- under concurrency a row with a smaller log_index can become visible after one
-- with a larger: "every row up to N" is only final once no transaction that drew a
-- log_index <= N is still open. So every transaction that writes transitions holds
-- a shared advisory lock (storage/tx_proposals.cc, InsertTransition) from before
-- its row draws its log_index until it ends, and a checkpoint first takes the same
-- lock exclusively for an instant (Tx::CheckpointBarrier): that waits for every
-- writer in flight to commit or roll back, and N = max(log_index) read then is
-- final - a late commit is waited for, never skipped; rows drawn afterwards are
-- above N. Shared locks never conflict, so writers of different proposals still do
-- not wait for each other, only briefly for a checkpoint's barrier (bounded by its
-- lock_timeout). Gaps left by rolled-back inserts are simply absent from the range.
CREATE TABLE checkpoints (
  sequence          bigint PRIMARY KEY CHECK (sequence >= 1),
  transition_count  bigint NOT NULL CHECK (transition_count >= 0),
  merkle_root       text NOT NULL CHECK (merkle_root ~ '^[0-9a-f]{64}$'),
  previous_hash     text NOT NULL CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
  created_at        timestamptz NOT NULL,
  key_id            text NOT NULL CHECK (key_id ~ '^[0-9a-f]{64}$'),
  signature         text NOT NULL,  -- base64 Ed25519 over the encoding (audit/checkpoint.h)
  hash              text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
  first_log_index   bigint NOT NULL CHECK (first_log_index >= 1),
  last_log_index    bigint NOT NULL UNIQUE,
  CHECK (first_log_index <= last_log_index)
);

-- Append-only. The service's role may read and add rows but not change or remove
-- them (grants below); this trigger refuses UPDATE, DELETE and TRUNCATE to every
-- role, the tables' owner and superusers included, except inside a migration
-- (Migrate sets usulan.migrating) run by a member of the owning role. A superuser
-- can still disable the trigger - which is why the rows are hash-chained and
-- checkpointed: such tampering is detected, not prevented.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('usulan.migrating', true) = 'on'
     AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                     'MEMBER') THEN
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    RETURN NEW;  -- for TRUNCATE (a statement trigger) the value is ignored
  END IF;
  RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER transitions_append_only BEFORE UPDATE OR DELETE ON transitions
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER transitions_no_truncate BEFORE TRUNCATE ON transitions
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The service's role (README "Database roles"). A group role without login: a
-- deployment grants it to the login role usulan-server connects as, while
-- migrations run as the role owning the tables. Roles are shared by every database
-- of the cluster, so another database's migration may have created it already (or
-- be creating it right now).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'usulan_service') THEN
    CREATE ROLE usulan_service NOLOGIN;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN
    NULL;
  WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'role usulan_service does not exist and % may not create it; create it first (README, "Database roles")', current_user;
END $$;

-- Everything the service does elsewhere, on every table there is now and (default
-- privileges) every table later migrations create, as long as migrations keep
-- running as the same owner role. Never TRUNCATE, never DDL.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO usulan_service;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO usulan_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO usulan_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO usulan_service;
-- The audit tables: read and append only. Migrations are the owner's.
REVOKE UPDATE, DELETE ON transitions, checkpoints FROM usulan_service;
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM usulan_service;
