-- Pusdatin's changes from central data (issue 15; docs/central-sources.md):
-- the reads that go from a household to the register entry whose current
-- household it is (storage/register_repository.cc, register_entries_of_person
-- from a member's NIK hash through members_nik_hmac, and
-- register_lock_entries_of_kks from a ranked KK). Without this index each
-- death would scan every entry. No personal data is indexed here: a KK number
-- index would be a plain personal-data key (PersonalDataStorageTest), so the
-- ranking's KK lookup has none yet (docs/central-sources.md, "Not yet").
CREATE INDEX register_entries_household ON register_entries (household_proposal);
