-- The household digest becomes keyed (issue 11; README "The tamper-evident audit
-- trail", "Household evidence").
--
-- The evidence of a data-entry step (create, update_draft, submit, nik_checked,
-- correct, rework) is a digest of the household as entered. It used to be the
-- plain SHA-256 of the household's deterministic protobuf encoding: anyone
-- holding a candidate household (a leaked KK, a neighbour's details) could
-- confirm it against the audit trail, which is never erased. The server now
-- writes HMAC-SHA256 under a secret key of its own (--household-key-file), and
-- marks such rows with the attribute household_digest = "hmac-sha256"; rows
-- written before keep their SHA-256 (they are hash-chained and cannot be
-- rewritten) and have no such attribute.
--
-- As for the NIK key (0005, nik_key_check), the database records a fingerprint of
-- the key it was written with (an HMAC of a fixed label, not the key), so that a
-- server started with another key is refused instead of writing digests that
-- nobody holding the first key could confirm. Nothing to back-fill.
CREATE TABLE household_key_check (
  id           int PRIMARY KEY CHECK (id = 1),
  fingerprint  bytea NOT NULL CHECK (length(fingerprint) = 32),
  created_at   timestamptz NOT NULL DEFAULT now()
);
