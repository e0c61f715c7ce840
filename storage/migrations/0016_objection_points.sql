-- The GPS point of a citizen's objection (usul sanggah; docs/citizens.md,
-- "Objections"): where the photo of the house objected to was taken, so that
-- Dinsos and the verifier it assigns can find the house.
--
-- The location of a house is personal data. It therefore lives beside the
-- household, not on proposals (whose columns outlive erasure) nor in the audit
-- trail (transitions, never erased): ON DELETE CASCADE from households, as for
-- members, so that erasing the household's personal data (ErasePersonalData
-- deletes the households row) takes the point with it. A row exists only for
-- objections filed by a citizen; it is written in the filing's transaction and
-- never changed (the point is the objector's evidence, not the household's data,
-- so replacing the household keeps it: that is an upsert of households, not a
-- delete).
--
-- WGS84 degrees as the request sent them (the service has checked the bounding
-- box of Indonesia; these checks only keep an impossible value out).
CREATE TABLE objection_points (
  proposal_id  uuid PRIMARY KEY REFERENCES households (proposal_id) ON DELETE CASCADE,
  latitude     double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude    double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180)
);
