-- Work queues at scale: indexes for the queues 0001 left without one.
--
-- How a queue page is read (storage/tx_queues.cc): for each requested state, one
-- index range scan on (region column = prefix, state = s) in (created_at, id)
-- order, started after the page token and stopped after page_size + 1 rows; the
-- per-state streams are then merged. A page therefore costs the same deep in a
-- queue of millions as on page one. The alternative, one index per region on
-- (code, created_at, id) filtered by state, was measured on 1M generated rows
-- (see README "Work queues"): it is as fast when the requested states are most of
-- the region, and scans ever more rows (up to the whole region) when they are
-- rare, which is the normal case of a queue (few proposals wait in any one state
-- next to the history of terminal ones).
--
-- Which index serves which queue:
--   village operator / head (desa)      proposals_desa_queue       (0001)
--   kecamatan prefix                    proposals_kabupaten_queue  (0001), kecamatan as filter
--   Dinsos, Bupati/Walikota (kabupaten) proposals_kabupaten_queue  (0001)
--   provincial Dinsos (province)        proposals_province_queue   (0001)
--   Pusdatin, system, auditors (nation) proposals_state_queue      (below)
--   a verifier's assignments            proposals_assigned_queue   (below)
--   overdue (overdue_days)              the same index as the queue: state_since is
--                                       never before created_at, so the cut-off
--                                       also bounds created_at and ends the range
--                                       scan; state_since itself is a filter
-- CountProposals reads the region's range of the same index (national: the table).

--   national per-state queues (Pusdatin's CENTRAL_REVIEW, the system's SUBMITTED)
--   and every national listing; proposals_created (0001) no longer serves listings.
CREATE INDEX proposals_state_queue ON proposals (state, created_at, id);

--   a verifier's own queue and listings: only assigned proposals are indexed (the
--   queries repeat the predicate so the planner can use it).
CREATE INDEX proposals_assigned_queue ON proposals (assigned_verifier, state, created_at, id)
  WHERE assigned_verifier <> '';
