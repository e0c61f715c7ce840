// The database password never travels on the command line or in the
// environment, where `ps`, /proc/PID/environ, shell history and unit files show
// it: libpq reads it from a password file (PGPASSFILE, default ~/.pgpass, mode
// 0600) or a connection service file (service=NAME; PGSERVICEFILE, default
// ~/.pg_service.conf), both outside the server's configuration.
#pragma once

#include <string_view>

#include "absl/status/status.h"

namespace usulan::server {

// True when a libpq connection string carries a password: a URI with
// `user:password@` or a `password=` query parameter, or a keyword/value string
// with the `password` keyword.
bool CarriesPassword(std::string_view url);

// OK, or INVALID_ARGUMENT naming `flag` (e.g. "--database-url (or
// USULAN_DATABASE_URL)") and the places the password belongs instead. Never
// echoes the URL.
absl::Status CheckNoPassword(std::string_view flag, std::string_view url);

}  // namespace usulan::server
