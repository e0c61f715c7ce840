#include "services/determination_chunks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace usulan::services {
namespace {

using ::testing::HasSubstr;

v1::DeterminationFileChunk Piece(std::string name, std::string data, bool last) {
  v1::DeterminationFileChunk chunk;
  chunk.set_file_name(std::move(name));
  chunk.set_data(std::move(data));
  chunk.set_last_of_file(last);
  return chunk;
}

TEST(DeterminationChunksTest, PiecesOfAtMost256KiBAndBackAgain) {
  std::string big(2 * kDeterminationChunkBytes + 17, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 31 % 251);
  const std::string exact(kDeterminationChunkBytes, 'x');
  std::vector<v1::DeterminationFileChunk> stream;
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"determination-2026-11.csv", big}, {"determination-2026-11.jsonl", ""},
           {"manifest.json", exact}, {"manifest.sig", std::string(64, 's')}}) {
    const auto pieces = ChunkFile(name, bytes);
    ASSERT_FALSE(pieces.empty());
    for (size_t i = 0; i < pieces.size(); ++i) {
      EXPECT_LE(pieces[i].data().size(), kDeterminationChunkBytes);
      EXPECT_EQ(pieces[i].last_of_file(), i + 1 == pieces.size()) << name << " " << i;
    }
    stream.insert(stream.end(), pieces.begin(), pieces.end());
  }
  EXPECT_EQ(stream.size(), 3u + 1u + 1u + 1u);  // 256+256+17 bytes; empty; exact; 64 bytes

  auto files = AssembleFiles(stream);
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 4u);
  EXPECT_EQ((*files)[0], std::make_pair(std::string("determination-2026-11.csv"), big));
  EXPECT_EQ((*files)[1].second, "");
  EXPECT_EQ((*files)[2].second, exact);
  EXPECT_EQ((*files)[3].first, "manifest.sig");
}

// A client's stream that takes `accept` pieces, then breaks.
class Client final : public grpc::ServerWriterInterface<v1::DeterminationFileChunk> {
 public:
  explicit Client(size_t accept) : accept_(accept) {}
  void SendInitialMetadata() override {}
  bool Write(const v1::DeterminationFileChunk& chunk, grpc::WriteOptions) override {
    if (received.size() == accept_) return false;
    received.push_back(chunk);
    return true;
  }
  std::vector<v1::DeterminationFileChunk> received;

 private:
  size_t accept_;
};

TEST(DeterminationChunksTest, WriteFilesSendsEveryPieceUntilTheClientGoes) {
  const std::string csv(10, 'c');
  Client client(100);
  ASSERT_TRUE(WriteFiles({{"a.csv", csv}, {"manifest.json", "{}"}}, &client, 4).ok());
  auto files = AssembleFiles(client.received, 4);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ((*files)[0].second, csv);
  EXPECT_EQ((*files)[1].second, "{}");

  Client leaving(2);
  auto status = WriteFiles({{"a.csv", csv}, {"manifest.json", "{}"}}, &leaving, 4);
  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(leaving.received.size(), 2u);
}

TEST(DeterminationChunksTest, ABrokenStreamIsRefused) {
  const auto refused = [](std::vector<v1::DeterminationFileChunk> stream) {
    auto files = AssembleFiles(stream, 8);
    EXPECT_EQ(files.status().code(), absl::StatusCode::kDataLoss) << files.status();
    return std::string(files.status().message());
  };
  EXPECT_THAT(refused({Piece("a.csv", "12", false), Piece("b.csv", "1", true)}),
              HasSubstr("b.csv began before a.csv ended"));
  EXPECT_THAT(refused({Piece("a.csv", "1", true), Piece("a.csv", "2", true)}),
              HasSubstr("a.csv came twice"));
  EXPECT_THAT(refused({Piece("a.csv", "1", false)}), HasSubstr("a.csv ended unfinished"));
  EXPECT_THAT(refused({Piece("a.csv", "123456789", true)}), HasSubstr("exceeds 8 bytes"));
  EXPECT_THAT(refused({}), HasSubstr("no file"));
  for (const char* name : {"", "../etc/passwd", "/tmp/x", ".hidden", "a\nb", "sub/x.csv"}) {
    EXPECT_THAT(refused({Piece(name, "1", true)}), HasSubstr("no plain file name")) << name;
  }
  // The control: the same shapes, well formed, pass.
  EXPECT_TRUE(AssembleFiles({Piece("a.csv", "12", false), Piece("a.csv", "3", true),
                             Piece("b.csv", "", true)},
                            8)
                  .ok());
}

}  // namespace
}  // namespace usulan::services
