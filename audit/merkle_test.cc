#include "audit/merkle.h"

#include <string>

#include "gtest/gtest.h"

namespace usulan::audit {
namespace {

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

Digest D(std::string_view hex) { return *DigestFromHex(hex); }

// The Certificate Transparency reference leaves and tree heads for RFC 6962
// (transparency-dev/merkle testonly data): root of the first n leaves, n = 0..8.
const std::vector<std::string> kLeaves = {"",
                                          "00",
                                          "10",
                                          "2021",
                                          "3031",
                                          "40414243",
                                          "5051525354555657",
                                          "606162636465666768696a6b6c6d6e6f"};
const std::vector<std::string> kRoots = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

std::vector<Digest> ReferenceLeafHashes() {
  std::vector<Digest> out;
  for (const auto& leaf : kLeaves) out.push_back(LeafHash(Unhex(leaf)));
  return out;
}

// RFC 6962 section 2.1's recursive definition, literally.
Digest ReferenceRoot(const std::vector<Digest>& leaves, size_t begin, size_t end) {
  const size_t n = end - begin;
  if (n == 0) return Sha256("");
  if (n == 1) return leaves[begin];
  size_t k = 1;
  while (k * 2 < n) k *= 2;
  return NodeHash(ReferenceRoot(leaves, begin, begin + k), ReferenceRoot(leaves, begin + k, end));
}

TEST(MerkleTest, RootsMatchTheReferenceVectors) {
  const std::vector<Digest> leaves = ReferenceLeafHashes();
  for (size_t n = 0; n <= leaves.size(); ++n) {
    MerkleRootBuilder builder;
    for (size_t i = 0; i < n; ++i) builder.AddLeafHash(leaves[i]);
    EXPECT_EQ(builder.size(), n);
    EXPECT_EQ(ToHex(builder.Root()), kRoots[n]) << "builder, size " << n;
    MerkleTree tree(std::vector<Digest>(leaves.begin(), leaves.begin() + n));
    EXPECT_EQ(ToHex(tree.Root()), kRoots[n]) << "tree, size " << n;
  }
}

TEST(MerkleTest, InclusionProofsMatchTheReferenceVectors) {
  MerkleTree tree(ReferenceLeafHashes());
  EXPECT_EQ(
      tree.InclusionProof(0),
      (std::vector<Digest>{D("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                           D("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                           D("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")}));
  EXPECT_EQ(
      tree.InclusionProof(5),
      (std::vector<Digest>{D("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                           D("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                           D("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")}));
  EXPECT_FALSE(tree.InclusionProof(8).has_value());
}

// Every size up to 70 (every shape of the recursion), every leaf: the builder and
// the tree agree with the recursive definition, each proof verifies, and a proof
// checked against the wrong index, leaf, root or path length does not. (A wrong
// size can still verify where the path has the same shape: the signed checkpoint
// binds size and root together.)
TEST(MerkleTest, EveryProofOfEverySizeVerifiesAndNothingElse) {
  std::vector<Digest> all;
  for (int i = 0; i < 70; ++i) all.push_back(LeafHash("leaf " + std::to_string(i)));
  for (size_t n = 1; n <= all.size(); ++n) {
    const std::vector<Digest> leaves(all.begin(), all.begin() + n);
    const Digest root = ReferenceRoot(leaves, 0, n);
    MerkleRootBuilder builder;
    for (const Digest& leaf : leaves) builder.AddLeafHash(leaf);
    ASSERT_EQ(builder.Root(), root) << n;
    MerkleTree tree(leaves);
    ASSERT_EQ(tree.Root(), root) << n;
    for (size_t i = 0; i < n; ++i) {
      const std::vector<Digest> path = *tree.InclusionProof(i);
      ASSERT_TRUE(VerifyInclusion(leaves[i], i, n, path, root)) << n << "/" << i;
      if (n > 1) {
        EXPECT_FALSE(VerifyInclusion(leaves[i], (i + 1) % n, n, path, root)) << n << "/" << i;
        EXPECT_FALSE(VerifyInclusion(leaves[(i + 1) % n], i, n, path, root)) << n << "/" << i;
      }
      EXPECT_FALSE(VerifyInclusion(leaves[i], i, n, path, LeafHash("other root")));
      if (!path.empty()) {
        std::vector<Digest> shorter(path.begin(), path.end() - 1);
        EXPECT_FALSE(VerifyInclusion(leaves[i], i, n, shorter, root)) << n << "/" << i;
      }
      std::vector<Digest> longer = path;
      longer.push_back(root);
      EXPECT_FALSE(VerifyInclusion(leaves[i], i, n, longer, root)) << n << "/" << i;
    }
    EXPECT_FALSE(VerifyInclusion(leaves[0], n, n, {}, root));
  }
}

TEST(MerkleTest, LeafAndNodeHashesAreDomainSeparated) {
  // A leaf whose data is two node hashes must not hash like their parent node.
  const Digest a = LeafHash("a"), b = LeafHash("b");
  std::string both(reinterpret_cast<const char*>(a.data()), 32);
  both.append(reinterpret_cast<const char*>(b.data()), 32);
  EXPECT_NE(LeafHash(both), NodeHash(a, b));
}

}  // namespace
}  // namespace usulan::audit
