-- Initial schema of the Usulan proposal workflow.
--
-- Layout principles (DESIGN.md section 5):
--  * Personal data (NIK, KK number, names, addresses) lives only in households,
--    members, nik_claims and registry_people, so it can be erased without touching
--    the audit trail (transitions), which holds no personal data.
--  * State, kind and region codes are stored as their canonical names/codes and
--    checked here as well, so that a bug in one replica cannot write a row that
--    the others would fail to read.
--  * Times are timestamptz (UTC, microseconds), written and read by storage/ as
--    microseconds since the Unix epoch.
--
-- schema_migrations is created by Migrate() itself (it must exist before the
-- first migration can be recorded), not here.

CREATE TABLE proposals (
  id                   uuid PRIMARY KEY,
  kind                 text NOT NULL CHECK (kind IN (
                         'NEW', 'CORRECTION', 'DEACTIVATION', 'REACTIVATION', 'OBJECTION')),
  state                text NOT NULL CHECK (state IN (
                         'DRAFT', 'SUBMITTED', 'NIK_MISMATCH', 'PRELIST', 'AGREED',
                         'REJECTED_IN_DELIBERATION', 'IN_VERIFICATION', 'VERIFIED',
                         'NOT_ELIGIBLE', 'VILLAGE_FINAL', 'DISTRICT_REVIEW', 'RETURNED',
                         'DISTRICT_APPROVED', 'RATIFIED', 'PROVINCE_REVIEW',
                         'CENTRAL_REVIEW', 'DEFERRED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN')),
  version              bigint NOT NULL CHECK (version >= 1),
  -- The whole chain of parents is stored (not derived from desa_code) so that each
  -- level's work queue is an equality on its own indexed column.
  province_code        text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  kabupaten_code       text NOT NULL CHECK (kabupaten_code ~ '^[0-9]{4}$'
                                            AND left(kabupaten_code, 2) = province_code),
  kecamatan_code       text NOT NULL CHECK (kecamatan_code ~ '^[0-9]{6}$'
                                            AND left(kecamatan_code, 4) = kabupaten_code),
  desa_code            text NOT NULL CHECK (desa_code ~ '^[0-9]{10}$'
                                            AND left(desa_code, 6) = kecamatan_code),
  machine_version      int NOT NULL CHECK (machine_version >= 1),
  reason               text NOT NULL DEFAULT '',
  deactivation_reason  text NOT NULL DEFAULT 'NONE' CHECK (deactivation_reason IN (
                         'NONE', 'DECEASED', 'MOVED', 'NO_LONGER_POOR', 'DUPLICATE',
                         'INELIGIBLE_OCCUPATION')),
  assigned_verifier    text NOT NULL DEFAULT '',
  last_approver        text NOT NULL DEFAULT '',
  -- 1-based member positions whose NIK the civil registry did not confirm.
  nik_mismatch_members int[] NOT NULL DEFAULT '{}',
  created_by           text NOT NULL,
  created_at           timestamptz NOT NULL,
  state_since          timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL
);

-- Work queues and listings are keyset-paged on (created_at, id). ListProposals maps
-- a region_prefix to an equality on the parent column of the same length (2 ->
-- province_code, 4 -> kabupaten_code, 6 -> kecamatan_code, 10 -> desa_code)
-- instead of `desa_code LIKE prefix || '%'`: an equality works with any collation
-- (LIKE needs text_pattern_ops unless the database collation is C) and lets the
-- (code, state, created_at, id) indexes below return one state's queue already in
-- page order.
--   desa: the village operator's and head's queues.
CREATE INDEX proposals_desa_queue ON proposals (desa_code, state, created_at, id);
--   kabupaten: Dinsos and the Bupati/Walikota, the busiest reviewers. A kecamatan
--   prefix is served by this index too (kabupaten_code = left(prefix, 4) plus a
--   filter on kecamatan_code): nobody works at kecamatan level, so it does not
--   earn an index of its own.
CREATE INDEX proposals_kabupaten_queue ON proposals (kabupaten_code, state, created_at, id);
--   province: the provincial Dinsos forwarding queue.
CREATE INDEX proposals_province_queue ON proposals (province_code, state, created_at, id);
--   national listings (Pusdatin, auditors) and unfiltered paging.
CREATE INDEX proposals_created ON proposals (created_at, id);

CREATE TABLE households (
  proposal_id              uuid PRIMARY KEY REFERENCES proposals (id),
  -- Empty only for kinds whose validation does not require it.
  kk_number                text NOT NULL CHECK (kk_number = '' OR kk_number ~ '^[0-9]{16}$'),
  address                  text NOT NULL DEFAULT '',
  floor_area_m2            int NOT NULL DEFAULT 0 CHECK (floor_area_m2 >= 0),
  floor_type               text NOT NULL DEFAULT '',
  wall_type                text NOT NULL DEFAULT '',
  roof_type                text NOT NULL DEFAULT '',
  drinking_water_source    text NOT NULL DEFAULT '',
  lighting_source          text NOT NULL DEFAULT '',
  cooking_fuel             text NOT NULL DEFAULT '',
  toilet_facility          text NOT NULL DEFAULT '',
  monthly_expenditure_idr  bigint NOT NULL DEFAULT 0 CHECK (monthly_expenditure_idr >= 0),
  monthly_income_idr       bigint NOT NULL DEFAULT 0 CHECK (monthly_income_idr >= 0)
);

CREATE TABLE members (
  -- ON DELETE CASCADE: erasing a household's personal data erases its members.
  proposal_id     uuid NOT NULL REFERENCES households (proposal_id) ON DELETE CASCADE,
  position        int NOT NULL CHECK (position >= 1),  -- 1-based, in household order
  nik             text NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
  name            text NOT NULL,
  relationship    text NOT NULL CHECK (relationship IN (
                    'UNSPECIFIED', 'HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'OTHER_RELATIVE',
                    'OTHER')),
  sex             text NOT NULL CHECK (sex IN ('UNSPECIFIED', 'MALE', 'FEMALE')),
  birth_date      date NULL,
  occupation      text NOT NULL DEFAULT '',
  has_disability  boolean NOT NULL DEFAULT false,
  PRIMARY KEY (proposal_id, position)
);
-- Duplicate search ("is this person in any proposal?") by NIK.
CREATE INDEX members_nik ON members (nik);

-- One open (non-terminal) proposal per NIK. Rows are deleted when their proposal
-- reaches a terminal state, which frees the NIK for a new proposal.
CREATE TABLE nik_claims (
  nik          text PRIMARY KEY CHECK (nik ~ '^[0-9]{16}$'),
  proposal_id  uuid NOT NULL REFERENCES proposals (id),
  position     int NOT NULL CHECK (position >= 1)
);
CREATE INDEX nik_claims_proposal ON nik_claims (proposal_id);

-- The audit trail: one row per transition, never updated or deleted. No personal
-- data: actors are subjects (user ids), evidence is document hashes.
CREATE TABLE transitions (
  proposal_id      uuid NOT NULL REFERENCES proposals (id),
  sequence         bigint NOT NULL CHECK (sequence >= 1),  -- = proposal version after it
  from_state       text NULL,                              -- NULL for the creation record
  to_state         text NOT NULL,
  event            text NOT NULL CHECK (event ~ '^[a-z_]+$'),
  actor_id         text NOT NULL,
  role             text NOT NULL CHECK (role ~ '^[a-z_]+$'),
  region_code      text NOT NULL CHECK (region_code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{10})?$'),
  reason           text NOT NULL DEFAULT '',
  evidence_hashes  text[] NOT NULL DEFAULT '{}',
  attributes       jsonb NOT NULL DEFAULT '{}',
  request_id       text NOT NULL DEFAULT '',
  at               timestamptz NOT NULL,
  machine_version  int NOT NULL CHECK (machine_version >= 1),
  PRIMARY KEY (proposal_id, sequence),
  -- Both ends are checked like proposals.state, so the trail only names real states.
  CHECK (from_state IS NULL OR from_state = ANY (ARRAY[
    'DRAFT', 'SUBMITTED', 'NIK_MISMATCH', 'PRELIST', 'AGREED', 'REJECTED_IN_DELIBERATION',
    'IN_VERIFICATION', 'VERIFIED', 'NOT_ELIGIBLE', 'VILLAGE_FINAL', 'DISTRICT_REVIEW',
    'RETURNED', 'DISTRICT_APPROVED', 'RATIFIED', 'PROVINCE_REVIEW', 'CENTRAL_REVIEW',
    'DEFERRED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN'])),
  CHECK (to_state = ANY (ARRAY[
    'DRAFT', 'SUBMITTED', 'NIK_MISMATCH', 'PRELIST', 'AGREED', 'REJECTED_IN_DELIBERATION',
    'IN_VERIFICATION', 'VERIFIED', 'NOT_ELIGIBLE', 'VILLAGE_FINAL', 'DISTRICT_REVIEW',
    'RETURNED', 'DISTRICT_APPROVED', 'RATIFIED', 'PROVINCE_REVIEW', 'CENTRAL_REVIEW',
    'DEFERRED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN']))
);
-- Export in time order (audit exports, checkpoints).
CREATE INDEX transitions_at ON transitions (at, proposal_id, sequence);

-- Idempotency keys of mutating calls. The row is inserted when a call starts and
-- committed together with the call's change and its serialized response.
-- Keys are per caller: two users who happen to pick the same request_id never
-- see each other's answers or collide.
CREATE TABLE idempotency (
  subject      text NOT NULL,
  request_id   text NOT NULL,
  rpc          text NOT NULL,
  fingerprint  text NOT NULL,
  response     bytea NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (subject, request_id)
);
-- Expiry of old keys.
CREATE INDEX idempotency_created ON idempotency (created_at);

CREATE TABLE deliberations (
  id              uuid PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('MUSDES', 'MUSKEL')),
  desa_code       text NOT NULL CHECK (desa_code ~ '^[0-9]{10}$'),
  kabupaten_code  text NOT NULL CHECK (kabupaten_code = left(desa_code, 4)),
  meeting_date    date NOT NULL,
  status          text NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
  version         bigint NOT NULL CHECK (version >= 1),
  opened_by       text NOT NULL,
  opened_at       timestamptz NOT NULL,
  attendance      int NOT NULL DEFAULT 0 CHECK (attendance >= 0),
  quorum          int NOT NULL DEFAULT 0 CHECK (quorum >= 0),
  minutes_sha256  text NOT NULL DEFAULT '' CHECK (minutes_sha256 ~ '^([0-9a-f]{64})?$'),
  closed_by       text NOT NULL DEFAULT '',
  closed_at       timestamptz NULL
);
-- Listings keyset-paged on (opened_at, id), by desa or kabupaten; a province or
-- kecamatan prefix is a range or filter on the kabupaten index (codes are digits
-- of fixed length, so '3200' <= kabupaten_code <= '3299' is exactly province 32).
CREATE INDEX deliberations_desa ON deliberations (desa_code, opened_at, id);
CREATE INDEX deliberations_kabupaten ON deliberations (kabupaten_code, opened_at, id);
CREATE INDEX deliberations_opened ON deliberations (opened_at, id);

CREATE TABLE agenda_items (
  deliberation_id  uuid NOT NULL REFERENCES deliberations (id),
  proposal_id      uuid NOT NULL REFERENCES proposals (id),
  position         int NOT NULL CHECK (position >= 1),  -- order in which items were added
  outcome          text NOT NULL DEFAULT 'PENDING'
                     CHECK (outcome IN ('PENDING', 'AGREED', 'REJECTED')),
  reason           text NOT NULL DEFAULT '',
  -- True while the deliberation is open; closing clears it so the proposal may be
  -- put on another agenda later (e.g. after rework).
  open             boolean NOT NULL DEFAULT true,
  PRIMARY KEY (deliberation_id, proposal_id),
  UNIQUE (deliberation_id, position)
);
-- A proposal is on at most one open agenda at a time.
CREATE UNIQUE INDEX agenda_items_one_open ON agenda_items (proposal_id) WHERE open;

-- The development civil registry (stand-in for Dukcapil): personal data.
CREATE TABLE registry_people (
  nik         text PRIMARY KEY CHECK (nik ~ '^[0-9]{16}$'),
  kk_number   text NOT NULL CHECK (kk_number ~ '^[0-9]{16}$'),
  name        text NOT NULL,
  birth_date  date NULL,
  status      text NOT NULL CHECK (status IN ('ALIVE', 'DECEASED'))
);
