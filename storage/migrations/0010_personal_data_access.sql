-- The personal-data access log (issue 12; docs/personal-data-access.md).
--
-- Looking a person up by NIK is itself an act on personal data that UU 27/2022
-- (Pelindungan Data Pribadi) makes accountable: every LookupNik, answered or
-- refused, leaves one row here saying who asked (subject, role, region), when,
-- for which person (the keyed NIK hash, HMAC-SHA256 under the server's NIK key as
-- in 0005: never the NIK), where they looked, and what they got (found with how
-- many proposals, not found, or denied). Auditors read it through
-- AuditService.ListPersonalDataAccess.
--
-- Append-only like the audit trail (0004): the service's role may read and add
-- rows, never change or remove them, and the trigger refuses UPDATE, DELETE and
-- TRUNCATE to every role outside a migration.
CREATE TABLE personal_data_access (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL,
  subject      text NOT NULL,
  role         text NOT NULL,
  region_code  text NOT NULL,
  rpc          text NOT NULL,
  scope        text NOT NULL,
  nik_hmac     bytea NOT NULL CHECK (length(nik_hmac) = 32),
  outcome      text NOT NULL CHECK (outcome IN ('found', 'not_found', 'denied')),
  proposals    int NOT NULL CHECK (proposals >= 0)
);

-- An auditor's questions: one caller's lookups, or a time range.
CREATE INDEX personal_data_access_subject ON personal_data_access (subject, id);
CREATE INDEX personal_data_access_at ON personal_data_access (at);

CREATE TRIGGER personal_data_access_append_only BEFORE UPDATE OR DELETE ON personal_data_access
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER personal_data_access_no_truncate BEFORE TRUNCATE ON personal_data_access
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Read and append only (the default privileges of 0004 would also grant UPDATE
-- and DELETE; granted explicitly in case this migration runs as another owner).
GRANT SELECT, INSERT ON personal_data_access TO usulan_service;
GRANT USAGE, SELECT ON SEQUENCE personal_data_access_id_seq TO usulan_service;
REVOKE UPDATE, DELETE, TRUNCATE ON personal_data_access FROM usulan_service;
