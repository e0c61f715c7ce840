// The journal is what the check trusts after a crash: every record must read
// back as written, and a line cut short must fail the reading, naming the line,
// rather than be skipped (a skipped answer would hide a lost acknowledgement).
#include "tools/recorder/journal.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace usulan::recorder {
namespace {

namespace fs = std::filesystem;

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() /
            ("usulan-journal-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl");
    fs::remove(path_);
  }
  void TearDown() override { fs::remove(path_); }
  fs::path path_;
};

Request Import() {
  Request r;
  r.rid = "rec-1-7";
  r.rpc = "ImportProposals";
  r.role = 0;
  r.region = "7401012001";
  r.import_desa = 1;
  r.import_first = 10;
  r.import_rows = 10;
  return r;
}

TEST_F(JournalTest, EveryRecordReadsBackAsWritten) {
  Request visit;
  visit.rid = "rec-1-1";
  visit.rpc = "RecordVisit";
  visit.role = 2;
  visit.region = "7201";
  visit.proposals = {"4bc92528-98a4-4436-9327-c78fd8b132b9"};
  visit.expected_versions = {5};
  visit.visit_time = 1796442869;
  Answer answer{
      "rec-1-7", 14, "Socket closed", 1796442870123, {{"p-1", 1, 1, 3}, {"p-2", 1, 1, 4}}};
  {
    Journal journal(path_.string());
    ASSERT_TRUE(journal.ok());
    journal.Write(Shape{75, 3, 12});
    journal.Write(visit);
    journal.Write(Import());
    journal.Write(answer);
    journal.Write(Untouched{"rec-1-1", false});
  }
  auto read = ReadJournal(path_.string());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->shape.first_province, 75);
  EXPECT_EQ(read->shape.desa, 3);
  EXPECT_EQ(read->shape.households, 12);
  ASSERT_EQ(read->requests.size(), 2u);
  EXPECT_EQ(read->requests[0].rpc, "RecordVisit");
  EXPECT_EQ(read->requests[0].proposals, visit.proposals);
  EXPECT_EQ(read->requests[0].expected_versions, visit.expected_versions);
  EXPECT_EQ(read->requests[0].visit_time, visit.visit_time);
  EXPECT_EQ(read->requests[0].import_desa, -1);
  EXPECT_EQ(read->requests[1].import_desa, 1);
  EXPECT_EQ(read->requests[1].import_first, 10);
  EXPECT_EQ(read->requests[1].import_rows, 10);
  ASSERT_EQ(read->answers.size(), 1u);
  EXPECT_EQ(read->answers[0].code, 14);
  EXPECT_EQ(read->answers[0].message, "Socket closed");
  EXPECT_EQ(read->answers[0].at_ms, answer.at_ms);
  EXPECT_EQ(read->answers[0].changed, answer.changed);
  ASSERT_EQ(read->untouched.size(), 1u);
  EXPECT_FALSE(read->untouched[0].untouched);
}

TEST_F(JournalTest, ALineCutShortFailsTheReadingNamingIt) {
  {
    Journal journal(path_.string());
    journal.Write(Import());
  }
  std::ofstream(path_, std::ios::app) << R"({"type":"answer","rid":"rec-1-7","co)"
                                      << "\n";
  auto read = ReadJournal(path_.string());
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("line 2"), std::string::npos) << read.status();
}

TEST_F(JournalTest, AMissingJournalIsNotFound) {
  EXPECT_EQ(ReadJournal(path_.string()).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace usulan::recorder
