// A citizen objection's private parts in the offices' answers. The objector's
// anonymity (workflow::SeesFiler): the village and the verifier, who live beside
// or visit the household objected to, read a citizen's objection without the
// account that filed it. The house's GPS point (workflow::SeesObjectionPoint):
// only those who handle the objection read it. Applied to every answer that
// carries a proposal's created_by, its creation record's actor or its point
// (GetProposal, the proposal a change answers, GetHistory). Pure.
#pragma once

#include "usulan/v1/common.pb.h"
#include "usulan/v1/proposal_service.pb.h"
#include "workflow/vocabulary.h"

namespace usulan::services {

// Clears `proposal`'s created_by when `reader` may not learn who filed a
// proposal of its route, and its objection_point when `reader` may not read it.
void WithholdFromReader(workflow::Role reader, v1::Proposal* proposal);

// Clears actor_id of the citizen's own transitions (the filing) in the trail of
// a proposal of `route` when `reader` may not learn who filed it. The row's
// hash still covers the actor: only those who may see it can recompute it.
void WithholdFiler(workflow::Role reader, workflow::Route route, v1::Transition* transition);

}  // namespace usulan::services
