-- The register's integrity (docs/register.md): what Pusdatin filed from the
-- death list, and a history chain that covers everything an entry row holds.

-- 1. A death filed once. FileDeceasedChanges skips a death already filed for the
-- entry (services/deceased_filing.cc), whatever became of that filing: a
-- district that DECLINED it (the household continues) or a Pusdatin that
-- REJECTED it is not asked again by every later run over the same dates. The
-- person is named by the keyed hash of their NIK (as members.nik_hmac: never
-- the NIK), and the row by the CENTRAL deactivation it filed.
CREATE TABLE deceased_filings (
  proposal_id  uuid PRIMARY KEY REFERENCES proposals (id),
  entry_id     uuid NOT NULL REFERENCES register_entries (id),
  nik_hmac     bytea NOT NULL,
  death_date   date NOT NULL
);
CREATE INDEX deceased_filings_entry ON deceased_filings (entry_id, nik_hmac, death_date);
GRANT SELECT, INSERT ON deceased_filings TO usulan_service;
REVOKE UPDATE, DELETE, TRUNCATE ON deceased_filings FROM usulan_service;

-- 2. The history chain, version 2 (audit/register_encoding.h): a new row also
-- hashes the programmes and the desil's date after the change, so that
-- everything the entry row holds is covered by its last history row and
-- RegisterService.VerifyEntryChain can tell an entry row changed behind the
-- service's back. Rows written before keep "usulan-register-v1" and are
-- verified as they were hashed; the column has no default, so every new row
-- names its encoding.
ALTER TABLE register_history
  ADD COLUMN encoding text NOT NULL DEFAULT 'usulan-register-v1'
    CHECK (encoding IN ('usulan-register-v1', 'usulan-register-v2')),
  ADD COLUMN programmes_after text[] NULL,
  ADD COLUMN desil_date_after date NULL;
ALTER TABLE register_history ALTER COLUMN encoding DROP DEFAULT;
ALTER TABLE register_history ADD CONSTRAINT register_history_v2_fields
  CHECK (encoding = 'usulan-register-v1'
         OR (programmes_after IS NOT NULL AND (desil_after IS NULL) = (desil_date_after IS NULL)));

-- Joining a programme (PBI-JK, by an accepted PBI_JK reactivation) is a change
-- of its own in the history, chained like the others.
ALTER TABLE register_history DROP CONSTRAINT register_history_change_check;
ALTER TABLE register_history ADD CONSTRAINT register_history_change_check
  CHECK (change IN ('LISTED', 'CORRECTED', 'DEACTIVATED', 'REACTIVATED', 'DESIL_CHANGED',
                    'PROGRAMME_JOINED'));

-- VerifyEntryChain over a region reads entries keyset-paged on (desa_code, id)
-- (register_entries_desa, register_entries_kabupaten of 0013) and each entry's
-- history by its primary key: no new index.
