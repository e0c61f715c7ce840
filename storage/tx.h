// One transaction (see Database::InTransaction) and the repositories over it.
// Every repository method runs prepared statements only. Not thread-safe: a Tx belongs to the
// thread running the unit of work and must not outlive it.
// A method that fails after writing part of its change, or because the database
// raised an error, poisons the transaction: InTransaction then rolls back and
// returns that failure even if the unit of work returns OK. Failures found before
// anything is written (NOT_FOUND, a NIK or agenda pre-check, a stale version)
// leave the transaction usable.
#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/audit_records.h"
#include "storage/records.h"
#include "storage/request_repository.h"
#include "storage/proposal_repository.h"
#include "storage/queue_repository.h"
#include "storage/personal_data_repository.h"
#include "storage/deliberation_repository.h"
#include "storage/batch_repository.h"
#include "storage/registry_repository.h"
#include "storage/audit_log_repository.h"
#include "storage/access_log_repository.h"
#include "storage/document_repository.h"
#include "storage/register_repository.h"
#include "storage/public_status_repository.h"

// pqxx::work is an alias of a class template in libpqxx 6, which a plain
// `class work;` would conflict with; transaction_base is its (non-template) base.
namespace pqxx {
class transaction_base;
}

namespace usulan::storage {

class Tx {
 public:
  // Takes a pqxx::work (any libpqxx transaction) owned by the caller.
  explicit Tx(pqxx::transaction_base& work) : work_(work) {}

  // The repositories over this transaction, one per concern, each in its own
  // file with its SQL beside it.
  RequestRepository requests() { return RequestRepository(*this); }
  ProposalRepository proposals() { return ProposalRepository(*this); }
  QueueRepository queues() { return QueueRepository(*this); }
  PersonalDataRepository personal_data() { return PersonalDataRepository(*this); }
  DeliberationRepository deliberations() { return DeliberationRepository(*this); }
  BatchRepository batches() { return BatchRepository(*this); }
  RegistryRepository registry() { return RegistryRepository(*this); }
  AuditLogRepository audit_log() { return AuditLogRepository(*this); }
  AccessLogRepository access_log() { return AccessLogRepository(*this); }
  DocumentRepository documents() { return DocumentRepository(*this); }
  RegisterRepository register_entries() { return RegisterRepository(*this); }
  PublicStatusRepository public_status() { return PublicStatusRepository(*this); }

  // --- savepoints (tx_savepoint.cc) ------------------------------------------
  // Runs `work` inside a savepoint of this transaction, on a Tx of its own. When
  // `work` fails (returns an error, throws, or hits a database error) everything
  // it wrote is rolled back to the savepoint and its status returned, and this
  // transaction stays usable: one bad row of a bulk change never poisons the
  // others. A failure to roll back poisons this transaction.
  absl::Status InSavepoint(const std::function<absl::Status(Tx&)>& work);


 private:
  friend class Database;
  friend class RequestRepository;
  friend class ProposalRepository;
  friend class QueueRepository;
  friend class PersonalDataRepository;
  friend class DeliberationRepository;
  friend class BatchRepository;
  friend class RegistryRepository;
  friend class AuditLogRepository;
  friend class AccessLogRepository;
  friend class DocumentRepository;
  friend class RegisterRepository;
  friend class PublicStatusRepository;

  // Records a database exception as the transaction's failure and returns its
  // status. PostgreSQL aborts the whole transaction on any error (and a method
  // may fail after part of its writes), so Database::InTransaction refuses to
  // commit a Tx that has a failure even if the unit of work returns OK.
  absl::Status Fail(const std::exception& e, const char* operation);
  absl::Status Fail(absl::Status status);

  // The NIK keyed hash of `nik` (audit/keyed_hash.h) under the database's key,
  // in hex; FAILED_PRECONDITION when no key is configured (personal_data_repository.cc).
  absl::StatusOr<std::string> NikHmac(const std::string& nik) const;
  // The members' NIK hashes in hex, in household order.
  absl::StatusOr<std::vector<std::string>> MemberNikHmacs(
      const workflow::Household& household) const;

  // The same for names (audit::NameHmac of workflow::NormalizeName(name); the
  // public status check, public_status_repository.cc), in hex.
  absl::StatusOr<std::string> NameHmac(std::string_view name) const;
  absl::StatusOr<std::vector<std::string>> MemberNameHmacs(
      const workflow::Household& household) const;

  // The KK's keyed hash (audit::KkHmac; households.kk_hmac, 0017) in hex, ""
  // for an empty KK (such a household has no hash); FAILED_PRECONDITION without
  // a key (personal_data_repository.cc).
  absl::StatusOr<std::string> KkHmac(const std::string& kk_number) const;

  pqxx::transaction_base& work_;
  absl::Status failure_;  // OK until the first database failure
  // The NIK key of the Database running this transaction (set by InTransaction;
  // null for a Tx made directly, which then has no key).
  const std::string* nik_key_ = nullptr;

  // The hash of the latest audit row (proposals.audit_head, 0007_chain_head.sql)
  // of each proposal this transaction has locked, at the version it was read:
  // ApplyTransitions chains the next row to it instead of reading transitions,
  // and moves it on. By lower-case id.
  struct ChainHead {
    int64_t version = 0;
    std::string hash;
  };
  std::map<std::string, ChainHead> chain_heads_;
};

}  // namespace usulan::storage
