-- The rest of the lifecycle: update cycles, district batches and Pusdatin decisions.

-- The cycle a proposal is reviewed in (DISTRICT_REVIEW and later), or the cycle a
-- DEFERRED proposal waits for. '' before the district review.
ALTER TABLE proposals ADD COLUMN cycle_id text NOT NULL DEFAULT ''
  CHECK (cycle_id = '' OR cycle_id ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

-- The cycle job scans VILLAGE_FINAL and DEFERRED proposals nationally; both sets are
-- small next to the table (a month of releases), so a partial index keeps the scan
-- off the millions of settled rows.
CREATE INDEX proposals_cycle_due ON proposals (state_since, id)
  WHERE state IN ('VILLAGE_FINAL', 'DEFERRED');
-- Objections that may lapse: open ones before the verification visit, oldest first.
CREATE INDEX proposals_objections_open ON proposals (created_at, id)
  WHERE kind = 'OBJECTION' AND state IN (
    'DRAFT', 'SUBMITTED', 'NIK_MISMATCH', 'PRELIST', 'AGREED', 'IN_VERIFICATION');

-- A district batch: approved proposals of one kabupaten that climb together.
CREATE TABLE batches (
  id               uuid PRIMARY KEY,
  province_code    text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  kabupaten_code   text NOT NULL CHECK (kabupaten_code ~ '^[0-9]{4}$'
                                        AND left(kabupaten_code, 2) = province_code),
  cycle_id         text NOT NULL CHECK (cycle_id ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  status           text NOT NULL CHECK (status IN (
                     'SEALED', 'RATIFIED', 'SUBMITTED', 'FORWARDED', 'DECIDED', 'RETURNED')),
  version          bigint NOT NULL CHECK (version >= 1),
  manifest_sha256  text NOT NULL CHECK (manifest_sha256 ~ '^[0-9a-f]{64}$'),
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL,
  letter_number    text NOT NULL DEFAULT '',
  letter_sha256    text NOT NULL DEFAULT '' CHECK (letter_sha256 ~ '^([0-9a-f]{64})?$'),
  ratified_by      text NOT NULL DEFAULT '',
  return_reason    text NOT NULL DEFAULT '',
  status_since     timestamptz NOT NULL
);
-- Listings by kabupaten or province (newest first) and Pusdatin's incoming queue.
CREATE INDEX batches_kabupaten ON batches (kabupaten_code, created_at, id);
CREATE INDEX batches_province ON batches (province_code, created_at, id);
CREATE INDEX batches_status ON batches (status, created_at, id);

CREATE TABLE batch_members (
  batch_id        uuid NOT NULL REFERENCES batches (id),
  proposal_id     uuid NOT NULL REFERENCES proposals (id),
  position        int NOT NULL CHECK (position >= 1),
  sealed_version  bigint NOT NULL CHECK (sealed_version >= 1),
  -- True while the member climbs with the batch; false once it left it (returned
  -- on its own, or decided).
  open            boolean NOT NULL DEFAULT true,
  PRIMARY KEY (batch_id, proposal_id),
  UNIQUE (batch_id, position)
);
-- A proposal is in at most one open batch.
CREATE UNIQUE INDEX batch_members_one_open ON batch_members (proposal_id) WHERE open;

-- Pusdatin's decision on a batch: durable, one per batch.
CREATE TABLE batch_decisions (
  batch_id          uuid PRIMARY KEY REFERENCES batches (id),
  decision_id       uuid NOT NULL UNIQUE,
  manifest_sha256   text NOT NULL CHECK (manifest_sha256 ~ '^[0-9a-f]{64}$'),
  decree_number     text NOT NULL,
  decree_sha256     text NOT NULL DEFAULT '' CHECK (decree_sha256 ~ '^([0-9a-f]{64})?$'),
  -- [{"proposal_id", "action", "reason_code", "reason"}], in request order.
  exceptions        jsonb NOT NULL DEFAULT '[]',
  accepted_count    int NOT NULL CHECK (accepted_count >= 0),
  rejected_count    int NOT NULL CHECK (rejected_count >= 0),
  returned_count    int NOT NULL CHECK (returned_count >= 0),
  decided_by        text NOT NULL,
  decided_at        timestamptz NOT NULL,
  request_id        text NOT NULL,
  decision_sha256   text NOT NULL CHECK (decision_sha256 ~ '^[0-9a-f]{64}$')
);
