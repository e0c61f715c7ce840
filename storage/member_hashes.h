// The back-fill the keyed hashes share (the members' NIK, 0005, and name, 0014;
// the households' KK, 0017): read up to `limit` rows whose hash column is NULL
// through the prepared statement `select` (proposal_id, position, the value; a
// household answers position 0), hash each value, and write the hex hashes back
// through `update` ($1 ids, $2 positions, $3 hashes). Storage-internal; throws what pqxx throws (the caller's Tx::Fail
// records it). Returns how many members it filled.
#pragma once

#include <functional>
#include <string>

namespace pqxx {
class transaction_base;
}

namespace usulan::storage {

int FillMemberHashes(pqxx::transaction_base& work, const char* select, const char* update,
                     int limit, const std::function<std::string(const std::string&)>& hash_hex);

}  // namespace usulan::storage
