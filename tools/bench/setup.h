// Brings the data set's proposals to the state a workload starts from, through
// the real API as the role that owns each step (the order of
// tests/e2e/lifecycle_driver.cc). Untimed. Each stage runs over the desa (or the
// batches) in parallel on `threads` clients; the first failed call stops the
// setup with its status and a description of the step.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tools/bench/client.h"
#include "tools/bench/dataset.h"

namespace usulan::bench {

// Every token the setup and the workloads use, minted once.
struct Actors {
  Actors(const Dataset& dataset, const Tokens& tokens);
  std::vector<std::string> operator_by_desa, head_by_desa;    // by desa index
  std::vector<std::string> dinsos_by_desa, verifier_by_desa;  // the desa's kabupaten
  std::vector<std::string> regent_by_desa, province_by_desa;
  std::string pusdatin, auditor;
};

struct Stage {
  // kAgreed: the Musdes agreed and closed, ready for AssignVerifier.
  enum Target { kDraft, kPrelist, kOnAgenda, kAgreed, kInVerification, kCentralReview };
};

struct World {
  // Proposal ids by desa index, in household order.
  std::vector<std::vector<std::string>> ids;
  // With kOnAgenda: the open deliberation of each desa (all its proposals listed).
  std::vector<std::string> deliberation_by_desa;
  // With kCentralReview: forwarded batches of at most `batch_size` members, each
  // from one kabupaten.
  std::vector<std::string> batches;
  std::vector<int> batch_sizes;
};

absl::Status Prepare(const Server& server, const Dataset& dataset, const Actors& actors,
                     Stage::Target target, int batch_size, int threads, World& world);

// RecordVisit of a proposal in IN_VERIFICATION: completed, eligible, one photo
// hash, an hour ago (the setup's and the `visit` workload's call).
grpc::Status RecordVisit(Client& c, const std::string& id, const std::string& token);

// Runs fn(client, unit) for unit in [0, units) on `threads` threads, each with a
// Client of its own; the first error wins (the other threads stop taking units).
absl::Status ParallelFor(const Server& server, int units, int threads,
                         const std::function<absl::Status(Client&, int)>& fn);

}  // namespace usulan::bench
