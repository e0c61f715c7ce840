// What every service implementation needs, owned by the server's main (or a test)
// and outliving the services.
#pragma once

#include <string_view>

#include "auth/authenticator.h"
#include "base/clock.h"
#include "storage/database.h"
#include "workflow/population_registry.h"

namespace usulan::app {
class GroupCommitter;
class RateLimiter;
}  // namespace usulan::app

namespace usulan::services {

class LongReads;

struct ServiceContext {
  storage::Database& db;
  const auth::Authenticator& authenticator;
  const base::Clock& clock;
  workflow::PopulationRegistry& registry;
  // Writes single-proposal transitions in groups (group_commit.h); null: each alone.
  app::GroupCommitter* group_commit = nullptr;
  // The secret of the household digest (digest.h; --household-key-file), owned
  // by the server. Never empty in a running server (UsulanServer::Start).
  std::string_view household_key;
  // Bounds the reads that walk the whole audit trail (long_reads.h), owned by
  // the server; null: unbounded.
  LongReads* long_reads = nullptr;
  // Bounds LookupNik per caller (--lookup-rate-per-minute); null: no limit.
  app::RateLimiter* lookup_limiter = nullptr;
};

}  // namespace usulan::services
