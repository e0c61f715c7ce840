-- Machine version 4 (docs/lifecycle.md, "Routes into the register"): how each
-- proposal entered, and the states of the new routes.
--
-- Every existing proposal came through the village: the default says so, and as a
-- constant default it is added without rewriting the table.
ALTER TABLE proposals ADD COLUMN route text NOT NULL DEFAULT 'VILLAGE'
  CONSTRAINT proposals_route_check CHECK (route IN (
    'VILLAGE', 'CITIZEN_PROPOSAL', 'CITIZEN_OBJECTION', 'DISTRICT', 'CENTRAL', 'PBI_JK'));

-- The state checks of 0001 were declared without names; PostgreSQL named them, and
-- the catalog is where those names are. Each is replaced by a named check with the
-- five new states.
DO $$
DECLARE
  c record;
BEGIN
  FOR c IN
    SELECT conrelid::regclass::text AS tab, conname
    FROM pg_constraint
    WHERE contype = 'c' AND conrelid IN ('proposals'::regclass, 'transitions'::regclass)
      AND pg_get_constraintdef(oid) LIKE '%''WITHDRAWN''%'
  LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', c.tab, c.conname);
  END LOOP;
END
$$;

-- One list of the states for every check, so that the next version's states are
-- added in one place (CREATE OR REPLACE of this function, then a re-validation).
CREATE FUNCTION proposal_state_known(state text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN state = ANY (ARRAY[
    'DRAFT', 'SUBMITTED', 'NIK_MISMATCH', 'PRELIST', 'AGREED', 'REJECTED_IN_DELIBERATION',
    'IN_VERIFICATION', 'VERIFIED', 'NOT_ELIGIBLE', 'VILLAGE_FINAL', 'DISTRICT_REVIEW',
    'RETURNED', 'DISTRICT_APPROVED', 'RATIFIED', 'PROVINCE_REVIEW', 'CENTRAL_REVIEW',
    'DEFERRED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN',
    'CITIZEN_PROPOSED', 'OBJECTION_FILED', 'AWAITING_VISIT', 'AWAITING_CONFIRMATION',
    'DECLINED']);

ALTER TABLE proposals ADD CONSTRAINT proposals_state_check
  CHECK (proposal_state_known(state));
ALTER TABLE transitions ADD CONSTRAINT transitions_from_state_check
  CHECK (from_state IS NULL OR proposal_state_known(from_state));
ALTER TABLE transitions ADD CONSTRAINT transitions_to_state_check
  CHECK (proposal_state_known(to_state));

-- Objections that may lapse now include the citizens' ones not yet assigned a
-- verifier (the cycle job's kLapsingObjections).
DROP INDEX proposals_objections_open;
CREATE INDEX proposals_objections_open ON proposals (created_at, id)
  WHERE kind = 'OBJECTION' AND state IN (
    'DRAFT', 'SUBMITTED', 'NIK_MISMATCH', 'PRELIST', 'AGREED', 'IN_VERIFICATION',
    'OBJECTION_FILED');
