-- Personal data under UU PDP No. 27/2022 (issue 4 item 5; README "Personal data").
--
--  1. NIK lookups go through a keyed hash. members.nik_hmac and nik_claims.nik_hmac
--     hold HMAC-SHA256(key, nik) (audit/keyed_hash.h), computed by the server with
--     the secret of --nik-key-file. The plain index members_nik goes, and
--     nik_claims loses its plain nik column: the NIK itself stays only in members,
--     beside the name it belongs to, where erasure removes both.
--  2. A household's personal data can be erased after its retention period
--     (PersonalDataService.ErasePersonalData): proposals.personal_data_erased_at
--     records when; the erasure itself is a transition of the proposal's audit
--     chain (event erase_personal_data), so chains and checkpoints stay whole.
--  3. Stored idempotency answers may hold a household (a Proposal), so they name
--     their proposal where known (idempotency.proposal_id, for erasure) and are
--     purged after the replay window (--replay-window-hours).
--
-- Back-fill of existing rows. A migration cannot compute the HMAC (the key is
-- not, and must not be, in the database), so existing members and claims get
-- nik_hmac NULL here and usulan-server fills them when it starts, before it
-- serves, in batches (Tx::BackfillNikHmac): members from their own nik, then each
-- claim from the member at its (proposal_id, position). `usulan-server
-- backfill-nik` does the same on its own. Until then such a member is not found
-- by LookupNik and such a claim does not block its NIK; the server does not
-- listen before the back-fill is done. nik_key_check records which key wrote the
-- hashes (a fingerprint, not the key), so a server started with another key is
-- refused instead of silently finding nobody.

ALTER TABLE members
  ADD COLUMN nik_hmac bytea NULL CHECK (nik_hmac IS NULL OR length(nik_hmac) = 32);
DROP INDEX members_nik;
-- Duplicate search ("is this person in any proposal?") by the NIK's keyed hash.
CREATE INDEX members_nik_hmac ON members (nik_hmac);

-- One open proposal per NIK, keyed by the keyed hash. NULL only until the
-- back-fill (NULLs never conflict with each other).
ALTER TABLE nik_claims ADD COLUMN nik_hmac bytea NULL
  CHECK (nik_hmac IS NULL OR length(nik_hmac) = 32);
ALTER TABLE nik_claims DROP CONSTRAINT nik_claims_pkey;
ALTER TABLE nik_claims DROP COLUMN nik;
ALTER TABLE nik_claims ADD PRIMARY KEY (proposal_id, position);
CREATE UNIQUE INDEX nik_claims_nik_hmac ON nik_claims (nik_hmac);
-- The primary key now serves "claims of a proposal".
DROP INDEX nik_claims_proposal;

CREATE TABLE nik_key_check (
  id           int PRIMARY KEY CHECK (id = 1),
  fingerprint  bytea NOT NULL CHECK (length(fingerprint) = 32),
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Set by erasure; NULL while the household's personal data is held.
ALTER TABLE proposals ADD COLUMN personal_data_erased_at timestamptz NULL;

-- The proposal a stored answer is about, where the writer knows it (every answer
-- that is a Proposal: services/idempotent.cc). Nullable, and no writer has to
-- set it: erasure also looks for the proposal's id inside answers that have none.
ALTER TABLE idempotency ADD COLUMN proposal_id uuid NULL;
CREATE INDEX idempotency_proposal ON idempotency (proposal_id) WHERE proposal_id IS NOT NULL;
