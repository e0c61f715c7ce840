-- Pusdatin's changes from central data (issue 15; docs/central-sources.md):
-- the reads that find register entries by a person of Dukcapil's death list and
-- by a KK number of BPS's welfare ranking (storage/register_repository.cc,
-- register_entries_of_person and register_lock_entries_of_kks). Both start from
-- the household (a member's NIK hash through members_nik_hmac, or the KK
-- number) and reach the entry whose current household it is; without these
-- indexes each death or ranked KK would scan every household or every entry,
-- and a ranking has ~94 million KK numbers.
CREATE INDEX households_kk_number ON households (kk_number) WHERE kk_number <> '';
CREATE INDEX register_entries_household ON register_entries (household_proposal);
