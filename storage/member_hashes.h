// The back-fill both keyed hashes of members share (the NIK's, 0005, and the
// name's, 0014): read up to `limit` members whose hash column is NULL through
// the prepared statement `select` (proposal_id, position, the value), hash each
// value, and write the hex hashes back through `update` ($1 ids, $2 positions,
// $3 hashes). Storage-internal; throws what pqxx throws (the caller's Tx::Fail
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
