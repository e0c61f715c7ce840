-- The citizen's own reads and objections (issue 15; docs/citizens.md).

-- ListMyFilings: a citizen's filings newest first, keyset-paged on (created_at,
-- id) within created_by (the account's sub). Without it every page scanned the
-- proposals of the whole country for one account.
CREATE INDEX proposals_created_by ON proposals (created_by, created_at, id);

-- GetMyHousehold finds the entry of the token's KK among the entries of the
-- token's desa (register_entries_desa, then households by primary key): no index
-- on the plain KK, which is personal data (PersonalDataStorageTest).

-- One open objection per citizen and entry: a second one from the same account
-- would only duplicate the district's visit. Other citizens may object to the
-- same household side by side. The service checks first and answers
-- FAILED_PRECONDITION; this index catches two filings racing (storage/errors.cc
-- maps its violation to FAILED_PRECONDITION too). The terminal states are those
-- of proposals_one_open_change_per_entry (0013).
CREATE UNIQUE INDEX proposals_one_open_objection_per_citizen
  ON proposals (register_entry_id, created_by)
  WHERE kind = 'OBJECTION' AND register_entry_id IS NOT NULL
    AND state NOT IN ('REJECTED_IN_DELIBERATION', 'NOT_ELIGIBLE', 'ACCEPTED', 'REJECTED',
                      'WITHDRAWN', 'DECLINED');
