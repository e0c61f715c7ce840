-- The hash of each proposal's latest audit row, kept on the proposal row (issue 5).
--
-- Every transition chains its audit row to the previous one of the same proposal
-- (0004_audit_chain.sql). The writer used to read that previous hash from
-- transitions with one index probe per proposal, after locking the proposals: a
-- tenth of a second for a batch decision of 10,000. The proposal row is locked
-- and read anyway, so the head travels with it, and the UPDATE that moves the
-- proposal to its new version sets the new head in the same row version.
--
-- It is a copy, not the record: verification recomputes every hash from the
-- transitions themselves. A head changed outside the service makes the next
-- transition chain to the wrong hash, which verification reports at that row.
ALTER TABLE proposals ADD COLUMN audit_head text NULL;
UPDATE proposals p SET audit_head = t.hash
  FROM transitions t
 WHERE t.proposal_id = p.id AND t.sequence = p.version;
ALTER TABLE proposals
  ALTER COLUMN audit_head SET NOT NULL,
  ADD CONSTRAINT proposals_audit_head_hex CHECK (audit_head ~ '^[0-9a-f]{64}$');
