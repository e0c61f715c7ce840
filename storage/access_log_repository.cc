// The personal-data access log (0010_personal_data_access.sql).
#include "storage/access_log_repository.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "storage/sql_util.h"
#include "storage/tx.h"

namespace usulan::storage {
namespace {

constexpr const char* kInsertAccess = "access_log_insert";
constexpr const char* kInsertDownload = "access_log_insert_download";
constexpr const char* kListAccess = "access_log_list";

AccessOutcome ParseOutcome(const std::string& text) {
  if (text == "found") return AccessOutcome::kFound;
  if (text == "not_found") return AccessOutcome::kNotFound;
  return AccessOutcome::kDenied;
}

}  // namespace

std::string_view Name(AccessOutcome outcome) {
  switch (outcome) {
    case AccessOutcome::kFound: return "found";
    case AccessOutcome::kNotFound: return "not_found";
    case AccessOutcome::kDenied: return "denied";
  }
  return "denied";
}

const std::vector<Statement>& AccessLogStatements() {
  static const std::vector<Statement> statements = {
      {kInsertAccess,
       absl::StrCat("INSERT INTO personal_data_access (at, subject, role, region_code, rpc, "
                    "scope, nik_hmac, outcome, proposals) VALUES (",
                    TimestampParam(1), ", $2, $3, $4, $5, $6, decode($7, 'hex'), $8, $9)")},
      {kInsertDownload,
       absl::StrCat("INSERT INTO personal_data_access (at, subject, role, region_code, rpc, "
                    "scope, proposal_id, document_sha256, outcome, proposals) VALUES (",
                    TimestampParam(1), ", $2, $3, $4, $5, $6, $7::uuid, $8, $9, $10)")},
      {kListAccess,
       absl::StrCat("SELECT id, ", MicrosOf("at"), " AS at_us, subject, role, region_code, rpc, "
                    "scope, coalesce(encode(nik_hmac, 'hex'), '') AS nik_hmac, "
                    "coalesce(proposal_id::text, '') AS proposal_id, "
                    "coalesce(document_sha256, '') AS document_sha256, outcome, proposals "
                    "FROM personal_data_access WHERE id > $1 "
                    "AND ($2::text = '' OR subject = $2) "
                    "AND ($3::text = '' OR starts_with(scope, $3) OR starts_with(region_code, $3)) "
                    "AND ($4::bigint IS NULL OR at >= ", TimestampParam(4), ") "
                    "AND ($5::bigint IS NULL OR at < ", TimestampParam(5), ") "
                    "ORDER BY id LIMIT $6")},
  };
  return statements;
}

absl::Status AccessLogRepository::RecordLookup(const std::string& nik,
                                               const AccessRecord& record) {
  absl::StatusOr<std::string> nik_hmac = tx_.NikHmac(nik);
  if (!nik_hmac.ok()) return nik_hmac.status();
  try {
    tx_.work_.exec_prepared(kInsertAccess, ToMicros(record.at), record.subject, record.role,
                            record.region_code, record.rpc, record.scope, *nik_hmac,
                            std::string(Name(record.outcome)), record.proposals);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kInsertAccess);
  }
}

absl::Status AccessLogRepository::RecordDownload(const AccessRecord& record) {
  try {
    tx_.work_.exec_prepared(kInsertDownload, ToMicros(record.at), record.subject, record.role,
                            record.region_code, record.rpc, record.scope,
                            NullIfEmpty(record.proposal_id), record.document_sha256, std::string(Name(record.outcome)),
                            record.proposals);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kInsertDownload);
  }
}

absl::StatusOr<std::vector<AccessRecord>> AccessLogRepository::List(const AccessFilter& filter) {
  if (filter.limit < 1 || filter.limit > kMaxListLimit) {
    return absl::InvalidArgumentError("limit must be between 1 and 1000");
  }
  const std::string from = filter.from ? std::to_string(ToMicros(*filter.from)) : "";
  const std::string to = filter.to ? std::to_string(ToMicros(*filter.to)) : "";
  try {
    std::vector<AccessRecord> out;
    for (const auto& row : tx_.work_.exec_prepared(kListAccess, filter.after_id, filter.subject,
                                                   filter.scope_prefix, NullIfEmpty(from),
                                                   NullIfEmpty(to), filter.limit)) {
      AccessRecord record;
      record.id = row["id"].as<int64_t>();
      record.at = FromMicros(row["at_us"].as<int64_t>());
      record.subject = row["subject"].as<std::string>();
      record.role = row["role"].as<std::string>();
      record.region_code = row["region_code"].as<std::string>();
      record.rpc = row["rpc"].as<std::string>();
      record.scope = row["scope"].as<std::string>();
      record.nik_hmac = row["nik_hmac"].as<std::string>();
      record.proposal_id = row["proposal_id"].as<std::string>();
      record.document_sha256 = row["document_sha256"].as<std::string>();
      record.outcome = ParseOutcome(row["outcome"].as<std::string>());
      record.proposals = row["proposals"].as<int>();
      out.push_back(std::move(record));
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kListAccess);
  }
}

}  // namespace usulan::storage
