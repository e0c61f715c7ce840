#include "audit/merkle.h"

#include <string>

namespace usulan::audit {
namespace {

std::string_view Bytes(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

}  // namespace

Digest LeafHash(std::string_view data) {
  std::string input(1, '\x00');
  input.append(data);
  return Sha256(input);
}

Digest LeafHash(const Digest& data) { return LeafHash(Bytes(data)); }

Digest NodeHash(const Digest& left, const Digest& right) {
  std::string input(1, '\x01');
  input.append(Bytes(left));
  input.append(Bytes(right));
  return Sha256(input);
}

void MerkleRootBuilder::AddLeafHash(const Digest& leaf_hash) {
  stack_.emplace_back(leaf_hash, 1);
  ++size_;
  // Two complete subtrees of equal size are the two halves of a larger one.
  while (stack_.size() >= 2 && stack_[stack_.size() - 2].second == stack_.back().second) {
    auto right = stack_.back();
    stack_.pop_back();
    stack_.back().first = NodeHash(stack_.back().first, right.first);
    stack_.back().second *= 2;
  }
}

Digest MerkleRootBuilder::Root() const {
  if (stack_.empty()) return Sha256("");
  // The complete subtrees, largest first, are the left parts of RFC 6962's
  // recursion; folding from the smallest (rightmost) one up gives MTH.
  Digest root = stack_.back().first;
  for (size_t i = stack_.size() - 1; i-- > 0;) root = NodeHash(stack_[i].first, root);
  return root;
}

MerkleTree::MerkleTree(std::vector<Digest> leaf_hashes) {
  if (leaf_hashes.empty()) return;
  levels_.push_back(std::move(leaf_hashes));
  while (levels_.back().size() > 1) {
    const std::vector<Digest>& below = levels_.back();
    std::vector<Digest> level;
    level.reserve((below.size() + 1) / 2);
    for (size_t i = 0; i + 1 < below.size(); i += 2)
      level.push_back(NodeHash(below[i], below[i + 1]));
    if (below.size() % 2 == 1) level.push_back(below.back());
    levels_.push_back(std::move(level));
  }
}

Digest MerkleTree::Root() const {
  if (levels_.empty()) return Sha256("");
  return levels_.back()[0];
}

std::optional<std::vector<Digest>> MerkleTree::InclusionProof(uint64_t index) const {
  if (index >= size()) return std::nullopt;
  std::vector<Digest> path;
  for (size_t level = 0; level + 1 < levels_.size(); ++level) {
    const uint64_t sibling = index ^ 1;
    // No sibling: this node is the lone last one, carried up unchanged.
    if (sibling < levels_[level].size()) path.push_back(levels_[level][sibling]);
    index /= 2;
  }
  return path;
}

bool VerifyInclusion(const Digest& leaf_hash, uint64_t index, uint64_t size,
                     const std::vector<Digest>& path, const Digest& root) {
  if (index >= size) return false;
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Digest r = leaf_hash;
  for (const Digest& p : path) {
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

}  // namespace usulan::audit
