-- The public status check (docs/public-status.md): find the members of a desa's
-- register entries by exact full name without a name in any index.
--
-- members.name_hmac is the keyed hash of the member's name in its comparison form
-- (workflow::NormalizeName: upper case, single spaces), under a key derived from
-- the NIK key (audit::NameHmac), which the database never holds. A copy of the
-- database or of the index can therefore not be searched for a known name, and a
-- name index adds no name in the clear: the names themselves stay only in
-- members, where erasure already deletes them (with the hash, in the same row).
--
-- Rows written before this migration get their hashes when the server starts,
-- before it listens, as the NIK hashes did (0005; Tx::BackfillNameHmac).
ALTER TABLE members
  ADD COLUMN name_hmac bytea NULL CHECK (name_hmac IS NULL OR length(name_hmac) = 32);
CREATE INDEX members_name_hmac ON members (name_hmac);

-- From a matching member to the register entry whose current data is its
-- household (the NEW proposal, then the last accepted CORRECTION).
CREATE INDEX register_entries_household ON register_entries (household_proposal);
