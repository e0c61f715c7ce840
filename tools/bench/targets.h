// Reads over data that already exist (bench/scale.sh): instead of building its
// data set through the API, usulan-bench reads the queues and histories named in
// a targets file, one per line:
//   queue ROLE REGION     ListProposals waiting_for_me, first page of 50, as ROLE
//                         (workflow role name, e.g. district_officer) of REGION
//                         (a region code, or `national` for the national roles)
//   history PROPOSAL_ID   AuditService.GetHistory, as a national auditor
// Blank lines and lines starting with '#' are skipped. Each operation picks a
// random line of its workload's kind. Tokens are minted per (role, region) with
// the server's key, subjects as Tokens::For makes them.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/bench/client.h"
#include "tools/bench/stats.h"
#include "tools/bench/workloads.h"

namespace usulan::bench {

struct QueueTarget {
  workflow::Role role;
  std::string region;
};

struct Targets {
  std::vector<QueueTarget> queues;
  std::vector<std::string> history_ids;
};

// INVALID_ARGUMENT naming the line when a line is malformed.
absl::StatusOr<Targets> ReadTargets(std::istream& in);

// Runs queue-read or history-read over `targets` (INVALID_ARGUMENT for other
// workloads, or when the file has no line of the workload's kind). Fills
// `recorder` and `report` like RunWorkload.
absl::Status RunOnTargets(const Server& server, Workload workload, const Targets& targets,
                          const Tokens& tokens, const RunLimits& limits, Recorder& recorder,
                          Report& report);

}  // namespace usulan::bench
