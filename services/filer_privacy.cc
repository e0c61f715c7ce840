#include "services/filer_privacy.h"

#include "services/convert.h"
#include "workflow/objection.h"

namespace usulan::services {

void WithholdFromReader(workflow::Role reader, v1::Proposal* proposal) {
  const std::optional<workflow::Route> route = FromProto(proposal->route());
  if (route && !workflow::SeesFiler(*route, reader)) proposal->clear_created_by();
  if (!workflow::SeesObjectionPoint(reader)) proposal->clear_objection_point();
}

void WithholdFiler(workflow::Role reader, workflow::Route route, v1::Transition* transition) {
  if (workflow::SeesFiler(route, reader)) return;
  if (transition->role() == workflow::Name(workflow::Role::kCitizen)) {
    transition->clear_actor_id();
  }
}

}  // namespace usulan::services
