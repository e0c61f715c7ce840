-- Evidence documents (issue 14; docs/documents.md): the bytes behind the SHA-256
-- hashes the audit trail cites (transitions.evidence_hashes, batch_decisions.
-- decree_sha256), content-addressed and stored once.
--
-- A document is one row of `documents` and its bytes in `document_chunks`, in
-- order, each chunk at most 256 KiB: a download reads one chunk at a time and
-- never holds a whole document, and no single bytea value approaches the limits
-- of a protocol message. Both tables are written once, in the upload's
-- transaction, and never changed: the service's role may only read and add rows.
-- This is the PostgreSQL implementation of storage::DocumentStore; an object
-- store can replace it without touching anything above storage/.
CREATE TABLE documents (
  sha256       text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type   text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size         bigint NOT NULL CHECK (size > 0),
  chunks       int NOT NULL CHECK (chunks > 0),
  file_name    text NOT NULL DEFAULT '',
  uploaded_by  text NOT NULL,
  stored_at    timestamptz NOT NULL
);

CREATE TABLE document_chunks (
  sha256    text NOT NULL REFERENCES documents (sha256),
  position  int NOT NULL CHECK (position >= 0),
  data      bytea NOT NULL CHECK (length(data) BETWEEN 1 AND 262144),
  PRIMARY KEY (sha256, position)
);
-- Bytes are already compressed (PDF streams, JPEG, PNG): TOAST compression would
-- spend CPU for nothing.
ALTER TABLE document_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

GRANT SELECT, INSERT ON documents, document_chunks TO usulan_service;
REVOKE UPDATE, DELETE, TRUNCATE ON documents, document_chunks FROM usulan_service;

-- Downloads are acts on personal data (a by-name list, a house photo): they go to
-- the access log of 0010 beside NIK lookups. A download row names the proposal
-- and the document instead of a keyed NIK hash.
ALTER TABLE personal_data_access
  ALTER COLUMN nik_hmac DROP NOT NULL,
  ADD COLUMN proposal_id uuid NULL,
  ADD COLUMN document_sha256 text NULL CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT personal_data_access_names_what
    CHECK ((nik_hmac IS NOT NULL) <> (document_sha256 IS NOT NULL));
