// What every service implementation needs, owned by the server's main (or a test)
// and outliving the services.
#pragma once

#include "services/authenticator.h"
#include "services/clock.h"
#include "storage/database.h"
#include "workflow/population_registry.h"

namespace usulan::services {

struct ServiceContext {
  storage::Database& db;
  const Authenticator& authenticator;
  const Clock& clock;
  workflow::PopulationRegistry& registry;
};

}  // namespace usulan::services
