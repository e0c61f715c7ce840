#include "audit/transition_encoding.h"

#include <functional>

#include "gtest/gtest.h"

namespace usulan::audit {
namespace {

// The known vector of the README ("Verifying the audit trail"): auditors check
// their own tool against it. Its hash was computed independently (Python's
// hashlib, and `jq -j -f docs/audit/transition-v1.jq | sha256sum`).
TransitionFields KnownVector() {
  TransitionFields f;
  f.proposal_id = "3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
  f.sequence = 2;
  f.from_state = "SUBMITTED";
  f.to_state = "NIK_MISMATCH";
  f.event = "nik_checked";
  f.actor_id = "system";
  f.role = "system";
  f.region_code = "";
  f.reason = "anggota 2: NOT_FOUND \u2014 periksa KK \u2713";
  f.evidence_hashes = {"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"};
  f.attributes = {{"registry", "dukcapil-sim"}, {"failed_members", "2"}};
  f.request_id = "req-42";
  f.at_us = 1714557600123456;
  f.machine_version = 1;
  f.prev_hash = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
  return f;
}

TEST(TransitionEncodingTest, KnownVector) {
  const TransitionFields f = KnownVector();
  EXPECT_EQ(EncodeTransition(f),
            "20:usulan-transition-v1,36:3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f,1:2,9:SUBMITTED,"
            "12:NIK_MISMATCH,11:nik_checked,6:system,6:system,0:,"
            "39:anggota 2: NOT_FOUND \u2014 periksa KK \u2713,"
            "68:64:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08,,"
            "49:14:failed_members,1:2,8:registry,12:dukcapil-sim,,6:req-42,16:1714557600123456,"
            "1:1,64:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8,");
  EXPECT_EQ(TransitionHash(f), "44c0241630d1ef29de437fab5d9ce15c8cca04795e46f47c9f412d8019e5c801");
}

TEST(TransitionEncodingTest, NetstringCountsBytesNotCharacters) {
  EXPECT_EQ(Netstring(""), "0:,");
  EXPECT_EQ(Netstring("abc"), "3:abc,");
  EXPECT_EQ(Netstring("\u2713"), "3:\u2713,");
}

// Every field is part of the hash: changing any one of them changes it.
TEST(TransitionEncodingTest, EveryFieldIsCovered) {
  const TransitionFields base = KnownVector();
  const std::string hash = TransitionHash(base);
  std::vector<std::function<void(TransitionFields&)>> edits = {
      [](TransitionFields& f) { f.proposal_id[0] = '4'; },
      [](TransitionFields& f) { f.sequence = 3; },
      [](TransitionFields& f) { f.from_state = ""; },
      [](TransitionFields& f) { f.to_state = "PRELIST"; },
      [](TransitionFields& f) { f.event = "submit"; },
      [](TransitionFields& f) { f.actor_id = "system2"; },
      [](TransitionFields& f) { f.role = "auditor"; },
      [](TransitionFields& f) { f.region_code = "32"; },
      [](TransitionFields& f) { f.reason += " "; },
      [](TransitionFields& f) { f.evidence_hashes.push_back(f.prev_hash); },
      [](TransitionFields& f) { f.evidence_hashes.clear(); },
      [](TransitionFields& f) { f.attributes["x"] = ""; },
      [](TransitionFields& f) { f.attributes["registry"] = "dukcapil"; },
      [](TransitionFields& f) { f.request_id = "req-43"; },
      [](TransitionFields& f) { f.at_us += 1; },
      [](TransitionFields& f) { f.machine_version = 2; },
      [](TransitionFields& f) { f.prev_hash[63] = '9'; },
  };
  for (size_t i = 0; i < edits.size(); ++i) {
    TransitionFields changed = base;
    edits[i](changed);
    EXPECT_NE(TransitionHash(changed), hash) << "edit " << i;
  }
}

// Length prefixes keep field boundaries: moving text from one field to the next
// changes the hash.
TEST(TransitionEncodingTest, FieldBoundariesAreUnambiguous) {
  TransitionFields a = KnownVector(), b = KnownVector();
  a.actor_id = "ab";
  a.role = "c";
  b.actor_id = "a";
  b.role = "bc";
  EXPECT_NE(TransitionHash(a), TransitionHash(b));
  a = b = KnownVector();
  a.evidence_hashes = {"ab", "c"};
  b.evidence_hashes = {"a", "bc"};
  EXPECT_NE(TransitionHash(a), TransitionHash(b));
  a = b = KnownVector();
  a.attributes = {{"k", "v1"}};
  b.attributes = {{"k", "v"}, {"1", ""}};
  EXPECT_NE(TransitionHash(a), TransitionHash(b));
}

}  // namespace
}  // namespace usulan::audit
