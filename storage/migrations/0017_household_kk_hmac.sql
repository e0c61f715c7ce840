-- A keyed hash of the KK number, so that households are found by KK without a
-- plain KK in any index (issue 15; docs/central-sources.md, "Applying a
-- ranking"; docs/citizens.md, "The household's own view").
--
-- households.kk_hmac is HMAC-SHA256 of the 16 digits under a key derived from
-- the NIK key for this use alone (audit::KkHmac), as members.name_hmac is
-- (0014): the database never holds the key, so a copy of it, or of the index,
-- cannot be searched for a known KK, and the 10^16 KK space cannot be tried
-- offline. The KK itself stays only in households, beside the rest of the
-- household's personal data, and erasure deletes the row, hash included.
-- NULL for a household without a KK (kk_number = '').
--
-- Written with the household (storage/proposal_repository.cc). Rows written
-- before this migration get their hashes when the server starts, before it
-- listens, as the NIK and name hashes do (0005, 0014; PersonalDataRepository::
-- BackfillKkHmac).
ALTER TABLE households
  ADD COLUMN kk_hmac bytea NULL CHECK (kk_hmac IS NULL OR length(kk_hmac) = 32);
-- The welfare ranking's batches (KK numbers to ACTIVE entries) and
-- GetMyHousehold (the token's KK to its entry) look households up by it; the
-- back-fill finds the rows still to fill through it too (a b-tree holds NULLs).
CREATE INDEX households_kk_hmac ON households (kk_hmac);
