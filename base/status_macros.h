// Early-return helpers for absl::Status / absl::StatusOr, as Abseil does not ship
// public ones.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define USULAN_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::absl::Status usulan_status_ = (expr);   \
    if (!usulan_status_.ok()) return usulan_status_; \
  } while (false)

#define USULAN_CONCAT_INNER(a, b) a##b
#define USULAN_CONCAT(a, b) USULAN_CONCAT_INNER(a, b)

#define USULAN_ASSIGN_OR_RETURN(lhs, expr) \
  USULAN_ASSIGN_OR_RETURN_IMPL(USULAN_CONCAT(usulan_statusor_, __LINE__), lhs, expr)

#define USULAN_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(*tmp)
