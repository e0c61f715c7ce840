-- Work queues at 10 million proposals (issue 5; figures and plans in
-- docs/performance.md, "Reads at scale").
--
-- A queue page (storage/tx_queues.cc) reads, per requested state, only the
-- (created_at, id) keys of the region's queue index, merges them, and then reads
-- the page's rows from the table: with the region and the state as index
-- columns, the per-state scans are index-only scans. Measured on 10 million
-- generated proposals, every queue's plan uses the index 0003 names for it
-- (docs/performance.md lists the plans).
--
-- Except a verifier's: its region filter is on desa_code, which
-- proposals_assigned_queue did not hold, so the planner estimated the filter at
-- a fraction of a percent of the verifier's rows and chose to read all of the
-- verifier's assignments in the state (a bitmap heap scan) and sort them, a cost
-- that grows with the verifier's backlog (116-320 ms for 1,550 assignments).
-- With desa_code included in the index, the filter is checked in the index and
-- the scan reads the page in order and stops after it (an index-only scan of 51
-- entries). Same name, same key columns, same predicate: only the payload grows.
DROP INDEX proposals_assigned_queue;
CREATE INDEX proposals_assigned_queue ON proposals (assigned_verifier, state, created_at, id)
  INCLUDE (desa_code) WHERE assigned_verifier <> '';
