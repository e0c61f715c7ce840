-- Which documents each citizen uploaded, and which of them a filing of theirs
-- has cited (docs/documents.md, "Citizens' uploads"). Two rules rest on it:
--
--  1. A citizen cites only documents they uploaded themselves. documents.
--     uploaded_by names the first uploader of some bytes only (they are stored
--     once); this table has a row per citizen who uploaded them, so the same
--     photo uploaded by two people is each one's own.
--  2. A quota: a citizen holds at most so many documents (and bytes) that no
--     filing of theirs has cited yet (services/document_upload.cc, under a
--     per-citizen advisory lock in the transaction that reserves the upload,
--     before any byte is stored).
--
-- Offices' uploads have no row: they are neither bounded nor checked this way.
-- No foreign key to documents: the bytes may live in another store
-- (storage/document_store.h). Rows are never deleted (documents are not either):
-- a cited row only stops counting.
CREATE TABLE citizen_uploads (
  subject      text NOT NULL,
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size         bigint NOT NULL CHECK (size > 0),
  uploaded_at  timestamptz NOT NULL,
  -- The first filing of this citizen that cited the document; NULL: not cited.
  cited_by     uuid NULL,
  PRIMARY KEY (subject, sha256)
);
-- The quota's count and sum read only the uncited rows of one citizen.
CREATE INDEX citizen_uploads_uncited ON citizen_uploads (subject) WHERE cited_by IS NULL;

GRANT SELECT, INSERT, UPDATE ON citizen_uploads TO usulan_service;
REVOKE DELETE, TRUNCATE ON citizen_uploads FROM usulan_service;
