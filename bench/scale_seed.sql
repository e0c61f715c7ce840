-- Brings an empty, migrated database to :proposals proposals for the read
-- benchmarks at scale (bench/scale.sh), set-based, in plain SQL: 10 million
-- proposals load in minutes where building them through the API would take days.
--
--   psql URL -v proposals=N -v household_pct=P -f bench/scale_seed.sql
--
-- FOR READ BENCHMARKS ONLY. The audit rows carry placeholder hashes (well-formed
-- hex, chained prev_hash -> hash per proposal, but not the SHA-256 of the
-- canonical encoding), so VerifyChain reports every chain as broken; no
-- nik_claims, idempotency keys, deliberations or batches are written.
--
-- The data set (deterministic: every value is a hash of the proposal's number n,
-- so the tables can be generated one after the other from the same formulas):
--  * regions: 34 provinces (11..44) x 15 kabupaten x 10 kecamatan x 16 desa =
--    81,600 desa, close to Indonesia's ~84,000; each proposal in a uniformly
--    chosen desa, so a kabupaten holds ~1/510 of the table (~19,600 at 10M);
--  * states spread over the lifecycle (weights below): a proposal in state S at
--    depth d went through the first d-1 states of the main path
--    DRAFT, SUBMITTED, PRELIST, AGREED, IN_VERIFICATION, VERIFIED, VILLAGE_FINAL,
--    DISTRICT_REVIEW, DISTRICT_APPROVED, RATIFIED, PROVINCE_REVIEW, CENTRAL_REVIEW
--    and then reached S; its version is d and it has d transitions (mean ~6.6);
--  * kinds 70% NEW, 10% CORRECTION, 10% DEACTIVATION, 5% REACTIVATION,
--    5% OBJECTION; a verifier is assigned from IN_VERIFICATION on;
--  * :household_pct percent of the NEW proposals have a household of four
--    members (NIKs unique over the set, 6-digit kecamatan prefix);
--  * created_at spread over 2023-01..2025-12 in the order of n, steps 1..10 days
--    apart; ids are UUIDs whose first 4 bytes are n (time-ordered, like UUIDv7),
--    so the primary keys are appended to rather than split at random.
-- Secondary indexes are dropped before the load and rebuilt after it (their
-- definitions are read from the catalog, so they are whatever the migrations
-- made, 0006 included); foreign-key triggers are off for the session
-- (session_replication_role = replica, a superuser setting: the data are
-- consistent by construction). Ends with VACUUM ANALYZE.
\set ON_ERROR_STOP on
\if :{?household_pct}
\else
\set household_pct 25
\endif
SET session_replication_role = replica;
SET maintenance_work_mem = '1GB';
SET work_mem = '256MB';
SET synchronous_commit = off;
SET max_parallel_maintenance_workers = 1;

-- Uniform [0, 1) of proposal n, stream k.
CREATE FUNCTION pg_temp.u(n bigint, k bigint) RETURNS float8 LANGUAGE sql IMMUTABLE AS
  $$ SELECT (hashint8extended(n, k) & 281474976710655)::float8 / 281474976710656.0 $$;
-- n of a generated id (its first 4 bytes).
CREATE FUNCTION pg_temp.n_of(id uuid) RETURNS bigint LANGUAGE sql IMMUTABLE AS
  $$ SELECT ('x' || substr(id::text, 1, 8))::bit(32)::bigint $$;
CREATE FUNCTION pg_temp.h16(x bigint, k bigint) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$ SELECT lpad(to_hex(hashint8extended(x, k)), 16, '0') $$;
CREATE FUNCTION pg_temp.id_of(n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS
  $$ SELECT (lpad(to_hex(n), 8, '0') || pg_temp.h16(n, 21) || right(pg_temp.h16(n, 22), 8))::uuid $$;
-- The desa of proposal n: index 0..81599 -> province, kabupaten, kecamatan, desa.
CREATE FUNCTION pg_temp.desa_of(ix int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (11 + ix / 2400)::text || lpad((ix / 160 % 15 + 1)::text, 2, '0')
         || lpad((ix / 16 % 10 + 1)::text, 2, '0') || (2001 + ix % 16)::text $$;

-- State weights (per mille) and depth (= version = number of transitions).
CREATE TEMP TABLE scale_states (state text, depth int, weight int, event text, role text);
INSERT INTO scale_states VALUES
  ('DRAFT', 1, 80, 'create', 'village_operator'),
  ('SUBMITTED', 2, 5, 'submit', 'village_operator'),
  ('NIK_MISMATCH', 3, 15, 'nik_checked', 'system'),
  ('PRELIST', 3, 120, 'nik_checked', 'system'),
  ('AGREED', 4, 50, 'deliberate', 'village_head'),
  ('REJECTED_IN_DELIBERATION', 4, 50, 'deliberate', 'village_head'),
  ('IN_VERIFICATION', 5, 80, 'assign_verifier', 'district_officer'),
  ('VERIFIED', 6, 50, 'record_visit', 'verifier'),
  ('NOT_ELIGIBLE', 6, 50, 'record_visit', 'verifier'),
  ('VILLAGE_FINAL', 7, 60, 'finalize_village', 'village_head'),
  ('DISTRICT_REVIEW', 8, 60, 'open_review', 'system'),
  ('RETURNED', 9, 20, 'return', 'district_officer'),
  ('DISTRICT_APPROVED', 9, 30, 'approve', 'district_officer'),
  ('RATIFIED', 10, 20, 'ratify', 'regent'),
  ('PROVINCE_REVIEW', 11, 30, 'submit_to_province', 'district_officer'),
  ('CENTRAL_REVIEW', 12, 40, 'forward', 'province_officer'),
  ('DEFERRED', 13, 10, 'decide', 'central_reviewer'),
  ('ACCEPTED', 13, 120, 'decide', 'central_reviewer'),
  ('REJECTED', 13, 40, 'decide', 'central_reviewer'),
  ('WITHDRAWN', 2, 70, 'withdraw', 'village_operator');
SELECT sum(weight) = 1000 AS weights_ok FROM scale_states \gset
\if :weights_ok
\else
\echo scale_seed.sql: the state weights must add up to 1000
\quit
\endif
-- The main path (transition k of a proposal at depth d < k ... reaches path[k]).
CREATE TEMP TABLE scale_path (k int PRIMARY KEY, state text, event text, role text);
INSERT INTO scale_path VALUES
  (1, 'DRAFT', 'create', 'village_operator'), (2, 'SUBMITTED', 'submit', 'village_operator'),
  (3, 'PRELIST', 'nik_checked', 'system'), (4, 'AGREED', 'deliberate', 'village_head'),
  (5, 'IN_VERIFICATION', 'assign_verifier', 'district_officer'),
  (6, 'VERIFIED', 'record_visit', 'verifier'),
  (7, 'VILLAGE_FINAL', 'finalize_village', 'village_head'),
  (8, 'DISTRICT_REVIEW', 'open_review', 'system'),
  (9, 'DISTRICT_APPROVED', 'approve', 'district_officer'),
  (10, 'RATIFIED', 'ratify', 'regent'),
  (11, 'PROVINCE_REVIEW', 'submit_to_province', 'district_officer'),
  (12, 'CENTRAL_REVIEW', 'forward', 'province_officer');
-- The state for a uniform x: a CASE over the cumulative weights, generated from
-- scale_states (psql does not substitute variables inside a function body).
SELECT format('CREATE FUNCTION pg_temp.state_of(x float8) RETURNS text LANGUAGE plpgsql '
              'IMMUTABLE AS $f$ BEGIN RETURN CASE %s END; END $f$',
              string_agg(format('WHEN x < %s THEN %L', hi / 1000.0, state), ' ' ORDER BY hi))
  FROM (SELECT state, sum(weight) OVER (ORDER BY depth, state) AS hi FROM scale_states) s \gexec
CREATE FUNCTION pg_temp.depth_of(state text) RETURNS int LANGUAGE sql IMMUTABLE AS $f$
  SELECT CASE state WHEN 'DRAFT' THEN 1 WHEN 'SUBMITTED' THEN 2 WHEN 'WITHDRAWN' THEN 2
    WHEN 'NIK_MISMATCH' THEN 3 WHEN 'PRELIST' THEN 3 WHEN 'AGREED' THEN 4
    WHEN 'REJECTED_IN_DELIBERATION' THEN 4 WHEN 'IN_VERIFICATION' THEN 5
    WHEN 'VERIFIED' THEN 6 WHEN 'NOT_ELIGIBLE' THEN 6 WHEN 'VILLAGE_FINAL' THEN 7
    WHEN 'DISTRICT_REVIEW' THEN 8 WHEN 'RETURNED' THEN 9 WHEN 'DISTRICT_APPROVED' THEN 9
    WHEN 'RATIFIED' THEN 10 WHEN 'PROVINCE_REVIEW' THEN 11 WHEN 'CENTRAL_REVIEW' THEN 12
    ELSE 13 END $f$;
-- Days between consecutive transitions of proposal n (1..10).
CREATE FUNCTION pg_temp.step_days(n bigint) RETURNS int LANGUAGE sql IMMUTABLE AS
  $$ SELECT 1 + floor(pg_temp.u(n, 3) * 10)::int $$;
-- A placeholder hash: 64 hex digits, a function of (proposal n, sequence); the
-- zero hash before sequence 1, as in a real chain.
CREATE FUNCTION pg_temp.fake_hash(n bigint, seq bigint) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$ SELECT CASE WHEN seq = 0 THEN repeat('0', 64)
                 ELSE repeat(pg_temp.h16(n * 16 + seq, 11), 4) END $$;

-- Indexes of the loaded tables that no constraint owns: dropped now, rebuilt at the end.
CREATE TEMP TABLE scale_indexes AS
  SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i
   WHERE i.indrelid IN ('proposals'::regclass, 'transitions'::regclass,
                        'households'::regclass, 'members'::regclass)
     AND NOT i.indisprimary
     AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid);
SELECT format('DROP INDEX %s', name) FROM scale_indexes \gexec
-- The audit table's primary key too (nothing references it): built by one sort
-- at the end instead of 60 million inserts into a B-tree.
ALTER TABLE transitions DROP CONSTRAINT transitions_pkey;
-- CHECK constraints too: their regular expressions (the 64-digit hash pattern
-- above all) cost more than the insert itself. They come back NOT VALID: checked
-- for every later write, not against the generated rows (correct by construction).
CREATE TEMP TABLE scale_checks AS
  SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
    FROM pg_constraint
   WHERE contype = 'c'
     AND conrelid IN ('proposals'::regclass, 'transitions'::regclass,
                      'households'::regclass, 'members'::regclass);
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', tbl, conname) FROM scale_checks \gexec

\echo scale_seed.sql: proposals
\timing on
INSERT INTO proposals (id, kind, state, version, province_code, kabupaten_code, kecamatan_code,
                       desa_code, machine_version, assigned_verifier, created_by, created_at,
                       state_since, updated_at, cycle_id, audit_head)
SELECT g.id, g.kind, g.state, g.depth, left(g.desa, 2), left(g.desa, 4), left(g.desa, 6), g.desa,
       1,
       CASE WHEN g.depth >= 5 AND g.state NOT IN ('WITHDRAWN') THEN 'bench.verifier.' || left(g.desa, 4)
            ELSE '' END,
       'bench.operator.' || g.desa, g.created_at,
       g.created_at + make_interval(days => (g.depth - 1) * g.step),
       g.created_at + make_interval(days => (g.depth - 1) * g.step),
       CASE WHEN g.depth >= 8 AND g.state NOT IN ('WITHDRAWN')
            THEN to_char(g.created_at + make_interval(days => 7 * g.step), 'YYYY-MM') ELSE '' END,
       pg_temp.fake_hash(g.n, g.depth)  -- the hash of its last transition, below
  FROM (SELECT n, pg_temp.id_of(n) AS id, pg_temp.desa_of(floor(pg_temp.u(n, 1) * 81600)::int) AS desa, s.state,
               pg_temp.depth_of(s.state) AS depth, pg_temp.step_days(n) AS step,
               CASE WHEN pg_temp.u(n, 4) < 0.70 THEN 'NEW'
                    WHEN pg_temp.u(n, 4) < 0.80 THEN 'CORRECTION'
                    WHEN pg_temp.u(n, 4) < 0.90 THEN 'DEACTIVATION'
                    WHEN pg_temp.u(n, 4) < 0.95 THEN 'REACTIVATION' ELSE 'OBJECTION' END AS kind,
               timestamptz '2023-01-01 00:00:00+00'
                 + make_interval(secs => (n::float8 / :proposals) * 94608000
                                         + pg_temp.u(n, 5) * 3600) AS created_at
          FROM generate_series(1, :proposals) AS n,
               LATERAL (SELECT pg_temp.state_of(pg_temp.u(n, 2)) AS state OFFSET 0) s) g;

\echo scale_seed.sql: transitions
-- In heap order of proposals (= id order), sequence ascending: the primary key
-- and log_index are appended to.
INSERT INTO transitions (proposal_id, sequence, from_state, to_state, event, actor_id, role,
                         region_code, reason, evidence_hashes, attributes, request_id, at,
                         machine_version, prev_hash, hash)
SELECT p.id, g.k, CASE WHEN g.k = 1 THEN NULL ELSE path_prev.state END,
       CASE WHEN g.k = p.version THEN p.state ELSE path.state END,
       CASE WHEN g.k = p.version THEN last.event ELSE path.event END,
       'bench.' || r.role || '.' || CASE r.role
         WHEN 'village_operator' THEN p.desa_code WHEN 'village_head' THEN p.desa_code
         WHEN 'verifier' THEN p.kabupaten_code WHEN 'district_officer' THEN p.kabupaten_code
         WHEN 'regent' THEN p.kabupaten_code WHEN 'province_officer' THEN p.province_code
         ELSE 'national' END,
       r.role,
       CASE r.role
         WHEN 'village_operator' THEN p.desa_code WHEN 'village_head' THEN p.desa_code
         WHEN 'verifier' THEN p.kabupaten_code WHEN 'district_officer' THEN p.kabupaten_code
         WHEN 'regent' THEN p.kabupaten_code WHEN 'province_officer' THEN p.province_code
         ELSE '' END,
       CASE WHEN g.k = p.version AND p.state IN ('REJECTED_IN_DELIBERATION', 'NOT_ELIGIBLE',
                                               'RETURNED', 'REJECTED', 'WITHDRAWN')
            THEN 'generated reason for ' || lower(p.state) ELSE '' END,
       CASE WHEN r.event = 'record_visit'
            THEN ARRAY[md5(p.id::text || 'photo') || md5('photo' || p.id::text)]
            ELSE '{}'::text[] END,
       CASE WHEN r.event = 'record_visit'
            THEN jsonb_build_object('eligible', (p.state <> 'NOT_ELIGIBLE')::text,
                                    'visit', 'completed')
            ELSE '{}'::jsonb END,
       'scale-' || pn.n || '-' || g.k,
       p.created_at + make_interval(days => (g.k - 1) * pn.step),
       1, pg_temp.fake_hash(pn.n, g.k - 1), pg_temp.fake_hash(pn.n, g.k)
  FROM proposals p
  CROSS JOIN LATERAL (SELECT pg_temp.n_of(p.id) AS n, pg_temp.step_days(pg_temp.n_of(p.id)) AS step OFFSET 0) pn
  CROSS JOIN LATERAL generate_series(1, p.version::int) AS g(k)
  JOIN scale_states last ON last.state = p.state
  LEFT JOIN scale_path path ON path.k = g.k
  LEFT JOIN scale_path path_prev ON path_prev.k = g.k - 1
  CROSS JOIN LATERAL (SELECT CASE WHEN g.k = p.version THEN last.event ELSE path.event END AS event,
                             CASE WHEN g.k = p.version THEN last.role ELSE path.role END AS role) r;

\echo scale_seed.sql: households and members (:household_pct% of NEW)
INSERT INTO households (proposal_id, kk_number, address, floor_area_m2, floor_type, wall_type,
                        roof_type, drinking_water_source, lighting_source, cooking_fuel,
                        toilet_facility, monthly_expenditure_idr, monthly_income_idr)
SELECT p.id, left(p.kecamatan_code || lpad(pg_temp.n_of(p.id)::text, 10, '0'), 16),
       'Dusun ' || (1 + pg_temp.n_of(p.id) % 5) || ', RT ' || (1 + pg_temp.n_of(p.id) % 12),
       20 + pg_temp.n_of(p.id) % 60, 'EARTH', 'BAMBOO', 'THATCH', 'WELL', 'ELECTRICITY',
       'WOOD', 'SHARED', 600000 + pg_temp.n_of(p.id) % 900000, 500000 + pg_temp.n_of(p.id) % 800000
  FROM proposals p
 WHERE p.kind = 'NEW' AND pg_temp.u(pg_temp.n_of(p.id), 6) * 100 < :household_pct;
INSERT INTO members (proposal_id, position, nik, name, relationship, sex, birth_date,
                     occupation, has_disability)
SELECT p.id, m.position,
       left(p.kecamatan_code || lpad((pg_temp.n_of(p.id) * 4 + m.position)::text, 10, '0'), 16),
       'Warga ' || pg_temp.n_of(p.id) || '-' || m.position, m.relationship, m.sex,
       date '1960-01-01' + ((pg_temp.n_of(p.id) * 37 + m.position * 4001) % 20000)::int,
       CASE WHEN m.position <= 2 THEN 'PETANI' ELSE '' END, false
  FROM proposals p
  CROSS JOIN (VALUES (1, 'HEAD', 'MALE'), (2, 'SPOUSE', 'FEMALE'), (3, 'CHILD', 'FEMALE'),
                     (4, 'CHILD', 'MALE')) AS m(position, relationship, sex)
 WHERE p.kind = 'NEW' AND pg_temp.u(pg_temp.n_of(p.id), 6) * 100 < :household_pct;

\echo scale_seed.sql: secondary indexes
ALTER TABLE transitions ADD CONSTRAINT transitions_pkey PRIMARY KEY (proposal_id, sequence);
SELECT def FROM scale_indexes ORDER BY name \gexec
SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID', tbl, conname, def)
  FROM scale_checks \gexec
RESET session_replication_role;
\echo scale_seed.sql: vacuum analyze
VACUUM (ANALYZE) proposals;
VACUUM (ANALYZE) transitions;
VACUUM (ANALYZE) households;
VACUUM (ANALYZE) members;
\timing off
