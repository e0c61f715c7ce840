// Merkle trees as RFC 6962 (section 2.1) defines them, the shape Certificate
// Transparency logs use, so stock tools and other implementations agree:
//   leaf hash  = SHA-256(0x00 || leaf data)
//   node hash  = SHA-256(0x01 || left || right)
//   MTH(n)     = node(MTH(first k), MTH(rest)) with k the largest power of two < n
//   MTH(empty) = SHA-256("")
// A checkpoint's leaves are the raw 32-byte hashes of the transitions it covers.
// Pure; thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "audit/digest.h"

namespace usulan::audit {

Digest LeafHash(std::string_view data);
Digest LeafHash(const Digest& data);
Digest NodeHash(const Digest& left, const Digest& right);

// The root of leaves added one at a time, in O(log n) memory: for checkpoints and
// their verification, which stream millions of leaves.
class MerkleRootBuilder {
 public:
  void AddLeafHash(const Digest& leaf_hash);
  uint64_t size() const { return size_; }
  Digest Root() const;

 private:
  // Roots of complete subtrees, largest (leftmost) first; sizes are the distinct
  // powers of two whose sum is size_.
  std::vector<std::pair<Digest, uint64_t>> stack_;
  uint64_t size_ = 0;
};

// The whole tree, for inclusion proofs of any of its leaves.
class MerkleTree {
 public:
  explicit MerkleTree(std::vector<Digest> leaf_hashes);
  uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  Digest Root() const;
  // RFC 6962 PATH(index, D[n]): sibling hashes from the leaf up. nullopt when
  // index >= size().
  std::optional<std::vector<Digest>> InclusionProof(uint64_t index) const;

 private:
  // levels_[0] = leaf hashes; each next level pairs nodes left to right and
  // carries a lone last node up unchanged, which is exactly RFC 6962's split.
  std::vector<std::vector<Digest>> levels_;
};

// RFC 9162 section 2.1.3.2: whether `path` proves the leaf with hash `leaf_hash`
// is number `index` (0-based) of a tree of `size` leaves whose root is `root`.
bool VerifyInclusion(const Digest& leaf_hash, uint64_t index, uint64_t size,
                     const std::vector<Digest>& path, const Digest& root);

}  // namespace usulan::audit
