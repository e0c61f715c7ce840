// The transaction shapes every proposal-moving RPC shares: one proposal changed by
// one idempotent call, or several changed all-or-nothing. Both lock rows, let the
// caller's `change` apply events (proposal_transitions.h), log the move and fill
// the answer that the idempotency record stores.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "app/change_order.h"
#include "app/proposal_transitions.h"
#include "services/rpc_log.h"
#include "services/service_context.h"
#include "storage/tx.h"
#include "usulan/v1/batch.pb.h"
#include "usulan/v1/common.pb.h"
#include "workflow/machine.h"

namespace usulan::services {

using ProposalChangeFn =
    std::function<absl::Status(storage::Tx&, storage::ProposalRecord&, storage::TimePoint)>;

// Locks `proposal_id` (NOT_FOUND), refuses in the order of change_order.h (scope
// and state for a change beginning with one of `events`, then `expected`), reads
// the clock (after the lock, so that the proposal's times never go backwards),
// runs `change` at that time, answers with the proposal as it now stands.
absl::Status ChangeProposal(const ServiceContext& ctx, std::string_view rpc,
                            const workflow::Actor& actor, const app::ChangeEvents& events,
                            const google::protobuf::Message& request,
                            const std::string& request_id, const std::string& proposal_id,
                            std::optional<int64_t> expected, RpcLog& log,
                            const ProposalChangeFn& change, v1::Proposal* response);

// ChangeProposal for a change made only of workflow events (`plan` does no I/O):
// written with other concurrent ones in one transaction when the server groups
// commits (group_commit.h), else alone; answered after it is committed either way.
absl::Status ChangeProposalByEvents(const ServiceContext& ctx, std::string_view rpc,
                                    const workflow::Actor& actor, const app::ChangeEvents& events,
                                    const google::protobuf::Message& request,
                                    const std::string& request_id,
                                    const std::string& proposal_id,
                                    std::optional<int64_t> expected, RpcLog& log,
                                    const app::EventPlanFn& plan, v1::Proposal* response);

// Locks every proposal of `ids` (LockProposalsInOrder: in uuid order, so that two
// overlapping calls cannot deadlock), checks every one's scope, then every one's
// state (CheckProposalsChange, for a change that is one of `events`), reads the
// clock, and runs `change` on each in request order; the first failure rolls
// everything back and comes out prefixed with "<field>[i]: ". Answers with each
// proposal's new state and version, in request order.
absl::Status ChangeProposals(const ServiceContext& ctx, std::string_view rpc,
                             const workflow::Actor& actor, const app::ChangeEvents& events,
                             const google::protobuf::Message& request,
                             const std::string& request_id, const std::vector<std::string>& ids,
                             std::string_view field, RpcLog& log, const ProposalChangeFn& change,
                             v1::ProposalsChanged* response);


}  // namespace usulan::services
