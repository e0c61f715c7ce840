-- Invariants the audit chain rests on, enforced by the database (issue 10).
--
-- The writer chains each new audit row to proposals.audit_head, read under the
-- proposal's row lock (0007_chain_head.sql), and a proposal's version says how
-- many audit rows it has (VerifyChain's row_missing / row_unexpected). Until now
-- only the service kept the two in step. From here on the database refuses any
-- change that breaks either of:
--
--  1. proposals.audit_head changes if and only if proposals.version changes. An
--     UPDATE that moves one without the other (a head rewritten under an
--     unchanged version, or a version bumped with the old head) is refused at
--     once, per row (SQLSTATE UA001). Updates that change neither - erasure of
--     personal data, a draft's reason - pass.
--  2. At commit, for every proposal inserted or updated and every proposal that
--     got audit rows in the transaction, its last audit row (highest sequence)
--     has sequence = proposals.version and hash = proposals.audit_head. Refused
--     at COMMIT (SQLSTATE UA002), because the two are written by separate
--     statements in one transaction (storage/tx_transitions.cc: the version-
--     checked UPDATE, then the rows; storage/tx_proposals.cc: the proposal, then
--     its first row, which the foreign key needs to come second), and between
--     them the invariant does not hold. So a version moved without its rows, rows
--     added without moving the version, or a proposal without its creation row
--     cannot commit.
--
-- Both are server faults, never a client's: storage/errors.cc maps class UA to
-- INTERNAL ("database error") and logs which invariant refused what.
--
-- Cost. A batch decision writes 10,000 proposals and 10,000 rows in two
-- statements; a per-row deferred trigger would run 20,000 checks of its own at
-- commit (measured: +0.5 s on a 1.3 s decision). Instead each statement queues
-- its proposal ids once (statement triggers over the transition tables), and at
-- commit the first deferred check takes every id the transaction queued and
-- checks them in one query (an index probe into proposals and one into
-- transitions per proposal). Invariant 1 is a row trigger whose WHEN clause is
-- evaluated inline, so rows that keep it cost no function call.
--
-- Like the append-only trigger (0004), this binds the service's role and the
-- owner alike; a superuser can switch triggers off (session_replication_role),
-- which is what the chain and the signed checkpoints detect.

-- 1. audit_head moves with version, and only with it.
CREATE FUNCTION proposals_refuse_head_without_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'proposal %: audit_head and version must change together (version % -> %, head % -> %)',
    OLD.id, OLD.version, NEW.version, left(OLD.audit_head, 12), left(NEW.audit_head, 12)
    USING ERRCODE = 'UA001';
END $$;

CREATE TRIGGER proposals_head_moves_with_version BEFORE UPDATE ON proposals
  FOR EACH ROW
  WHEN ((NEW.audit_head IS DISTINCT FROM OLD.audit_head)
        <> (NEW.version IS DISTINCT FROM OLD.version))
  EXECUTE FUNCTION proposals_refuse_head_without_version();

-- 2. The last audit row is the proposal's version, checked at commit.
--
-- Proposal ids a transaction still has to check, one row per statement that
-- touched proposals or transitions. Rows live only inside their transaction:
-- the check deletes them, and a rolled-back statement or savepoint takes its
-- row (and its queued check) with it. Unlogged: nothing here outlives a commit.
-- The service's role may not touch it (it could otherwise empty the queue
-- before the check); the trigger functions below run as the owner.
CREATE UNLOGGED TABLE audit_chain_pending (
  xact          xid8 NOT NULL DEFAULT pg_current_xact_id(),
  proposal_ids  uuid[] NOT NULL
);
CREATE INDEX audit_chain_pending_xact ON audit_chain_pending (xact);
REVOKE ALL ON audit_chain_pending FROM PUBLIC, usulan_service;  -- 0004 created the role

CREATE FUNCTION audit_chain_queue_proposals() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO audit_chain_pending (proposal_ids)
  SELECT array_agg(id) FROM changed HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION audit_chain_queue_transitions() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO audit_chain_pending (proposal_ids)
  SELECT array_agg(proposal_id) FROM changed HAVING count(*) > 0;
  RETURN NULL;
END $$;

-- Fired at commit once per queued row; the first takes the whole transaction's
-- queue, so the later ones find nothing left and return.
CREATE FUNCTION audit_chain_check_pending() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  bad record;
BEGIN
  WITH taken AS (
         DELETE FROM audit_chain_pending WHERE xact = pg_current_xact_id()
         RETURNING proposal_ids),
       ids AS (SELECT DISTINCT unnest(proposal_ids) AS id FROM taken)
  SELECT p.id, p.version, last.sequence
    INTO bad
    FROM ids
    JOIN proposals p ON p.id = ids.id
    LEFT JOIN LATERAL (
           SELECT t.sequence, t.hash FROM transitions t
            WHERE t.proposal_id = p.id ORDER BY t.sequence DESC LIMIT 1) last ON true
   WHERE last.sequence IS DISTINCT FROM p.version OR last.hash IS DISTINCT FROM p.audit_head
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'proposal %: its last audit row (sequence %) is not its version % and head',
      bad.id, coalesce(bad.sequence::text, 'none'), bad.version
      USING ERRCODE = 'UA002';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER proposals_chain_queue_insert AFTER INSERT ON proposals
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_queue_proposals();
CREATE TRIGGER proposals_chain_queue_update AFTER UPDATE ON proposals
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_queue_proposals();
CREATE TRIGGER transitions_chain_queue AFTER INSERT ON transitions
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_queue_transitions();
CREATE CONSTRAINT TRIGGER audit_chain_check AFTER INSERT ON audit_chain_pending
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION audit_chain_check_pending();
