// What every service implementation needs, owned by the server's main (or a test)
// and outliving the services.
#pragma once

#include "services/authenticator.h"
#include "services/clock.h"
#include "storage/database.h"
#include "workflow/population_registry.h"

namespace usulan::services {

class GroupCommitter;

struct ServiceContext {
  storage::Database& db;
  const Authenticator& authenticator;
  const Clock& clock;
  workflow::PopulationRegistry& registry;
  // Writes single-proposal transitions in groups (group_commit.h); null: each alone.
  GroupCommitter* group_commit = nullptr;
};

}  // namespace usulan::services
