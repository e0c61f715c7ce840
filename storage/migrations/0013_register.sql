-- The register itself (issue 15; docs/register.md): one entry per listed
-- household (DTKS/DTSEN), changed only by accepted proposals (and by Pusdatin's
-- welfare ranking), with a hash-chained history of its own.
--
-- No personal data here: an entry names the proposal whose household data is its
-- current data (household_proposal); names, NIK and KK stay in households and
-- members of that proposal, where erasure already finds them. The history can
-- therefore be kept, exported and verified for ever.
CREATE TABLE register_entries (
  -- The id of the NEW proposal whose acceptance listed the household.
  id                  uuid PRIMARY KEY,
  province_code       text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  kabupaten_code      text NOT NULL CHECK (kabupaten_code ~ '^[0-9]{4}$'
                                           AND left(kabupaten_code, 2) = province_code),
  kecamatan_code      text NOT NULL CHECK (kecamatan_code ~ '^[0-9]{6}$'
                                           AND left(kecamatan_code, 4) = kabupaten_code),
  desa_code           text NOT NULL CHECK (desa_code ~ '^[0-9]{10}$'
                                           AND left(desa_code, 6) = kecamatan_code),
  status              text NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
  listed_by           uuid NOT NULL REFERENCES proposals (id),
  listed_decree       text NOT NULL,
  since_cycle         text NOT NULL CHECK (since_cycle ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  desil               int NULL CHECK (desil BETWEEN 1 AND 10),
  desil_date          date NULL,
  household_proposal  uuid NOT NULL REFERENCES proposals (id),
  programmes          text[] NOT NULL DEFAULT '{}',
  -- = the sequence of the entry's latest history row.
  version             bigint NOT NULL CHECK (version >= 1),
  -- The hash of that row, kept here (like proposals.audit_head, 0007) so that the
  -- next change chains to it from the locked entry row without reading history.
  history_head        text NOT NULL CHECK (history_head ~ '^[0-9a-f]{64}$'),
  updated_at          timestamptz NOT NULL,
  CHECK ((desil IS NULL) = (desil_date IS NULL))
);

-- Register reads are keyset-paged on (desa_code, id) within a region. As for the
-- proposal queues, a prefix is an equality on the parent column of its length;
-- the kabupaten index serves Dinsos and (narrowed by kecamatan) kecamatan
-- prefixes, the desa index desa prefixes, national and province reads and the
-- counts per desa.
CREATE INDEX register_entries_desa ON register_entries (desa_code, id);
CREATE INDEX register_entries_kabupaten ON register_entries (kabupaten_code, desa_code, id);

-- One row per change, hash-chained per entry with the encoding
-- "usulan-register-v1" (audit/register_encoding.h): sequence 1 chains to 64
-- zeros. proposal_id is NULL only for a ranking change (DESIL_CHANGED), which no
-- proposal carries; decree_number is then ''.
CREATE TABLE register_history (
  entry_id       uuid NOT NULL REFERENCES register_entries (id),
  sequence       bigint NOT NULL CHECK (sequence >= 1),
  change         text NOT NULL CHECK (change IN (
                   'LISTED', 'CORRECTED', 'DEACTIVATED', 'REACTIVATED', 'DESIL_CHANGED')),
  proposal_id    uuid NULL REFERENCES proposals (id),
  decree_number  text NOT NULL DEFAULT '',
  cycle          text NOT NULL CHECK (cycle ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  status_after   text NOT NULL CHECK (status_after IN ('ACTIVE', 'INACTIVE')),
  desil_after    int NULL CHECK (desil_after BETWEEN 1 AND 10),
  at             timestamptz NOT NULL,
  prev_hash      text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash           text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (entry_id, sequence),
  CHECK (sequence <> 1 OR prev_hash = repeat('0', 64)),
  CHECK ((proposal_id IS NULL) = (change = 'DESIL_CHANGED'))
);
-- The cycle's determination (the decree's list) reads one cycle's changes in order.
CREATE INDEX register_history_cycle ON register_history (cycle, at, entry_id, sequence);

-- Append-only like the transitions (0004): grants for the service's role, and the
-- same trigger for everyone outside a migration.
REVOKE UPDATE, DELETE, TRUNCATE ON register_history FROM usulan_service;
GRANT SELECT, INSERT ON register_history TO usulan_service;
GRANT SELECT, INSERT, UPDATE ON register_entries TO usulan_service;
REVOKE DELETE, TRUNCATE ON register_entries FROM usulan_service;
CREATE TRIGGER register_history_append_only BEFORE UPDATE OR DELETE ON register_history
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER register_history_no_truncate BEFORE TRUNCATE ON register_history
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The entry a CORRECTION, DEACTIVATION, REACTIVATION or OBJECTION concerns
-- (NULL for NEW: its entry is created by its acceptance, with its own id).
ALTER TABLE proposals ADD COLUMN register_entry_id uuid NULL REFERENCES register_entries (id);

-- At most one open (non-terminal) proposal of each changing kind per entry: two
-- open deactivations of one household would both climb the ladder and the second
-- acceptance would change nothing. The service checks first and answers
-- FAILED_PRECONDITION; this index catches the race of two creations (storage/
-- errors.cc maps its violation to FAILED_PRECONDITION too). Objections are not
-- in it: several neighbours may object to the same household. DECLINED is the
-- terminal state machine version 4 adds (0012_routes.sql); it is named here
-- already so that the index stays right when it lands.
CREATE UNIQUE INDEX proposals_one_open_change_per_entry
  ON proposals (register_entry_id, kind)
  WHERE register_entry_id IS NOT NULL
    AND kind IN ('CORRECTION', 'DEACTIVATION', 'REACTIVATION')
    AND state NOT IN ('REJECTED_IN_DELIBERATION', 'NOT_ELIGIBLE', 'ACCEPTED', 'REJECTED',
                      'WITHDRAWN', 'DECLINED');
-- Every proposal that names an entry (the objections too), for the entry's page.
CREATE INDEX proposals_register_entry ON proposals (register_entry_id)
  WHERE register_entry_id IS NOT NULL;
