#include "tools/usulanctl/register_commands.h"


#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/determination_files.h"
#include "services/determination_chunks.h"
#include "tests/support/scratch_dir.h"

namespace usulan::tools {
namespace {

using ::testing::HasSubstr;

// The server's side of the stream, scripted.
class ScriptedReader final : public DeterminationReader {
 public:
  ScriptedReader(std::vector<v1::DeterminationFileChunk> chunks, grpc::Status status)
      : chunks_(std::move(chunks)), status_(std::move(status)) {}
  void WaitForInitialMetadata() override {}
  bool NextMessageSize(uint32_t* size) override {
    if (next_ == chunks_.size()) return false;
    *size = static_cast<uint32_t>(chunks_[next_].ByteSizeLong());
    return true;
  }
  bool Read(v1::DeterminationFileChunk* chunk) override {
    if (next_ == chunks_.size()) return false;
    *chunk = chunks_[next_++];
    return true;
  }
  grpc::Status Finish() override { return status_; }

 private:
  std::vector<v1::DeterminationFileChunk> chunks_;
  grpc::Status status_;
  size_t next_ = 0;
};

class RegisterExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app::DeterminationChange change;
    change.entry_id = "a0000000-0000-4000-8000-000000000001";
    change.change = "LISTED";
    change.cycle = "2026-11";
    change.at_micros = 1'793'664'000'000'000;
    auto files = app::BuildDetermination("2026-11", {change}, false, key_, 1'796'083'200'000'000);
    ASSERT_TRUE(files.ok());
    for (const auto& file : *files) {
      auto pieces = services::ChunkFile(file.name, file.bytes);
      stream_.insert(stream_.end(), pieces.begin(), pieces.end());
    }
    std::ofstream(root_ / "audit.pub") << key_.verifying_key().pem();
  }

  int Run(std::vector<std::string> positional, std::map<std::string, std::string> flags,
          grpc::Status status = grpc::Status::OK) {
    RegisterCommand command;
    command.positional = std::move(positional);
    command.flags = std::move(flags);
    command.token = "token";
    command.open_export = [this, status](grpc::ClientContext*,
                                         const v1::ExportDeterminationRequest& request) {
      requests_.push_back(request);
      return std::make_unique<ScriptedReader>(stream_, status);
    };
    command.report = [this](const grpc::Status& failed) {
      reported_.push_back(failed.error_code());
      return 1;
    };
    command.call_json = [this](const std::string& method, const std::string& json) {
      calls_.emplace_back(method, json);
      return 0;
    };
    command.call_for_answer = [this](const std::string& method, const std::string& json,
                                     std::string* answer) {
      calls_.emplace_back(method, json);
      if (answers_.empty()) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "registry down");
      *answer = answers_.front();
      answers_.erase(answers_.begin());
      return grpc::Status::OK;
    };
    out_.str("");
    err_.str("");
    return RunRegisterCommand(command, out_, err_);
  }
  std::string out_dir() const { return (root_ / "out").string(); }

  testing::ScratchDir scratch_{"usulan-register-export"};
  const std::filesystem::path root_ = scratch_.path();
  audit::SigningKey key_ = *audit::SigningKey::FromPem(*audit::SigningKey::GeneratePem());
  std::vector<v1::DeterminationFileChunk> stream_;
  std::vector<v1::ExportDeterminationRequest> requests_;
  std::vector<grpc::StatusCode> reported_;
  std::vector<std::pair<std::string, std::string>> calls_;
  std::vector<std::string> answers_;  // call_for_answer's, in order; then UNAVAILABLE
  std::ostringstream out_, err_;
};

TEST_F(RegisterExportTest, WritesTheCycleAndVerifiesTheSignatureWithTheKeyGiven) {
  ASSERT_EQ(Run({"export"}, {{"--cycle", "2026-11"}, {"--out", out_dir()},
                             {"--public-key", (root_ / "audit.pub").string()}}),
            0)
      << err_.str();
  ASSERT_EQ(requests_.size(), 1u);
  EXPECT_EQ(requests_[0].cycle(), "2026-11");
  EXPECT_FALSE(requests_[0].include_personal_data());
  EXPECT_THAT(out_.str(), HasSubstr("1 changes, without personal data"));
  EXPECT_THAT(out_.str(), HasSubstr("signature verified"));
  EXPECT_TRUE(std::filesystem::exists(root_ / "out" / "manifest.sig"));
  // A second run refuses before it calls.
  EXPECT_EQ(Run({"export"}, {{"--cycle", "2026-11"}, {"--out", out_dir()}}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("exists; nothing is overwritten"));
  EXPECT_EQ(requests_.size(), 1u);
}

TEST_F(RegisterExportTest, AFailedCallOrAStreamNotAskedForWritesNothing) {
  EXPECT_EQ(Run({"export"}, {{"--cycle", "2026-11"}, {"--out", out_dir()}},
                grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "include_personal_data")),
            1);
  EXPECT_EQ(reported_, std::vector<grpc::StatusCode>{grpc::StatusCode::PERMISSION_DENIED});
  // The server answered the publication variant to a request for personal data.
  EXPECT_EQ(Run({"export"},
                {{"--cycle", "2026-11"}, {"--out", out_dir()}, {"--with-personal-data", "true"}}),
            1);
  EXPECT_TRUE(requests_.back().include_personal_data());
  EXPECT_THAT(err_.str(), HasSubstr("with_personal_data"));
  EXPECT_TRUE(std::filesystem::is_empty(root_ / "out"));
}

TEST_F(RegisterExportTest, UsageErrors) {
  EXPECT_EQ(Run({"export"}, {{"--cycle", "2026-13"}, {"--out", out_dir()}}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("--cycle must be a cycle YYYY-MM"));
  EXPECT_EQ(Run({"export"}, {{"--cycle", "2026-11"}}), 2);
  EXPECT_EQ(Run({"export"}, {{"--cycle", "2026-11"}, {"--out", out_dir()},
                             {"--with-personal-data", "yes"}}),
            2);
  EXPECT_EQ(Run({"export"}, {{"--cycle", "2026-11"}, {"--out", out_dir()},
                             {"--public-key", (root_ / "missing.pem").string()}}),
            2);
  EXPECT_EQ(Run({"import"}, {}), 2);
  EXPECT_EQ(Run({"export", "2026-11"}, {{"--cycle", "2026-11"}, {"--out", out_dir()}}), 2);
  EXPECT_EQ(Run({}, {}), 2);
  EXPECT_TRUE(requests_.empty());
  EXPECT_TRUE(calls_.empty());
}

// get, list and count: one unary read each, its JSON request from the flags.
TEST_F(RegisterExportTest, TheReadsAreOneCallEach) {
  EXPECT_EQ(Run({"get", "a0000000-0000-4000-8000-000000000001"}, {}), 0);
  EXPECT_EQ(Run({"count"}, {{"--region", "3201"}}), 0);
  EXPECT_EQ(Run({"list"}, {{"--region", "32"}, {"--status", "INACTIVE"}, {"--page-size", "5"}}),
            0);
  using Call = std::pair<std::string, std::string>;
  EXPECT_THAT(calls_,
              ::testing::ElementsAre(
                  Call{"RegisterService.GetEntry",
                       R"({"entry_id":"a0000000-0000-4000-8000-000000000001"})"},
                  Call{"RegisterService.CountEntries", R"({"region_prefix":"3201"})"},
                  Call{"RegisterService.ListEntries",
                       R"({"page_size":5,"page_token":"","region_prefix":"32",)"
                       R"("statuses":["ENTRY_STATUS_INACTIVE"]})"}));
  EXPECT_EQ(Run({"list"}, {{"--status", "GONE"}}), 2);
  EXPECT_EQ(Run({"list"}, {{"--page-size", "many"}}), 2);
  EXPECT_EQ(Run({"get"}, {}), 2);
  EXPECT_EQ(calls_.size(), 3u);
  // verify: one entry, or a page of a region, never both.
  EXPECT_EQ(Run({"verify"}, {{"--entry", "a0000000-0000-4000-8000-000000000001"}}), 0);
  EXPECT_EQ(Run({"verify"}, {{"--region", "3201"}, {"--page-size", "100"}}), 0);
  EXPECT_EQ(Run({"verify"}, {{"--entry", "a0000000-0000-4000-8000-000000000001"},
                             {"--region", "3201"}}),
            2);
  EXPECT_EQ(Run({"verify"}, {{"--page-size", "many"}}), 2);
  ASSERT_EQ(calls_.size(), 5u);
  EXPECT_EQ(calls_[3], (Call{"RegisterService.VerifyEntryChain",
                             R"({"entry_id":"a0000000-0000-4000-8000-000000000001"})"}));
  EXPECT_EQ(calls_[4], (Call{"RegisterService.VerifyEntryChain",
                             R"({"page_size":100,"page_token":"","region_prefix":"3201"})"}));
}

// file-deceased: one call per page of the death list, one request id for all,
// each page's token the previous answer's, until it is empty; the totals at the
// end.
TEST_F(RegisterExportTest, FileDeceasedWalksEveryPageWithOneRequestId) {
  answers_ = {
      R"({"deaths_read":2,"filed":[{"entry_id":"e1","member_position":2}],)"
      R"("next_page_token":"2026-11-01/2"})",
      R"({"deaths_read":2,"deaths_unmatched":1,"skipped":[{"entry_id":"e1"}],)"
      R"("next_page_token":"2026-11-01/4"})",
      R"({"deaths_read":1,"filed":[{"entry_id":"e2","member_position":1}]})"};
  ASSERT_EQ(Run({"file-deceased"}, {{"--since", "2026-11-01"}, {"--request-id", "run-1"}}), 0)
      << err_.str();
  using Call = std::pair<std::string, std::string>;
  const std::string method = "RegisterService.FileDeceasedChanges";
  const std::string fields = R"("region_prefix":"","request_id":"run-1","since_date":"2026-11-01"})";
  EXPECT_THAT(calls_, ::testing::ElementsAre(
                          Call{method, R"({"page_token":"",)" + fields},
                          Call{method, R"({"page_token":"2026-11-01/2",)" + fields},
                          Call{method, R"({"page_token":"2026-11-01/4",)" + fields}));
  EXPECT_EQ(out_.str(),
            R"({"deaths_read":5,"deaths_unmatched":1,"filed":[{"entry_id":"e1",)"
            R"("member_position":2},{"entry_id":"e2","member_position":1}],"pages":3,)"
            R"("skipped":[{"entry_id":"e1"}]})"
            "\n");

  // A page that fails ends the run with its status, saying how far it got.
  calls_.clear();
  answers_ = {R"({"deaths_read":2,"next_page_token":"2026-11-01/2"})"};
  EXPECT_EQ(Run({"file-deceased"}, {{"--since", "2026-11-01"}, {"--request-id", "run-1"}}), 1);
  EXPECT_EQ(calls_.size(), 2u);
  EXPECT_EQ(reported_, std::vector<grpc::StatusCode>{grpc::StatusCode::UNAVAILABLE});
  EXPECT_THAT(err_.str(), HasSubstr("stopped after 1 page(s)"));
  EXPECT_EQ(out_.str(), "");
}

}  // namespace
}  // namespace usulan::tools
