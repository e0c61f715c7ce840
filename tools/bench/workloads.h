// The measured workloads. Each is one kind of call, made by N client threads
// until the duration is over or the count reached:
//   submit        SubmitProposal of a DRAFT (DRAFT -> SUBMITTED -> PRELIST, with
//                 the civil-registry check): one proposal per op
//   deliberate    RecordOutcome (agreed) of a proposal on an open Musdes agenda
//   visit         RecordVisit (IN_VERIFICATION -> VERIFIED): the plain single
//                 transition compared with pgbench
//   decide-batch  DecideBatch (accept all) of a forwarded batch of --batch-size
//   queue-read    ListProposals waiting_for_me (first page of 50), alternately as
//                 a village head and as the kabupaten's Dinsos
//   history-read  AuditService.GetHistory of a random proposal, as an auditor
// The write workloads consume prepared proposals (or batches): a run ends early
// when they are used up, and says so.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "tools/bench/client.h"
#include "tools/bench/setup.h"
#include "tools/bench/stats.h"

namespace usulan::bench {

enum class Workload { kSubmit, kDeliberate, kVisit, kDecideBatch, kQueueRead, kHistoryRead };

std::optional<Workload> ParseWorkload(const std::string& name);
std::string WorkloadName(Workload workload);

// What the setup must bring the data set to before `workload` can run.
Stage::Target TargetOf(Workload workload);

struct RunLimits {
  int clients = 4;
  double duration_s = 10;  // used when count == 0
  int64_t count = 0;       // total operations over all clients; 0: by duration
};

// One operation of a client thread: the call's status, or nullopt when there is
// nothing left to do (that client stops).
using Operation =
    std::function<std::optional<grpc::Status>(Client& client, int64_t op, std::mt19937_64& random)>;

// The measured loop every workload shares: connects limits.clients clients before
// the clock starts (so no first call carries the HTTP/2 handshake), runs
// `operation` on each until the count or the duration is reached, records every
// call in `recorder`, and returns the seconds it took. `seed` varies the random
// choices per workload.
double RunClients(const Server& server, const RunLimits& limits, uint64_t seed,
                  const Operation& operation, Recorder& recorder);

// Runs the measured phase; fills `recorder` and `report` (seconds, note,
// items_per_op).
void RunWorkload(const Server& server, Workload workload, const World& world,
                 const Dataset& dataset, const Actors& actors, const RunLimits& limits,
                 Recorder& recorder, Report& report);

}  // namespace usulan::bench
