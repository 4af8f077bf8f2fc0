// The 17 canonical gRPC status codes, numbered as grpc::StatusCode is,
// with the names the scenario files and reports use ("OK", "CANCELLED",
// "DEADLINE_EXCEEDED", ...). No gRPC here; core/client/grpc_status.h
// converts, with a static_assert per code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace brew {

enum class StatusCode : int {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
};
inline constexpr int kStatusCodeCount = 17;

// "OK", "CANCELLED", ...; "UNKNOWN" for a number outside the 17.
const char* StatusCodeName(StatusCode code);
// Exact, upper-case names only; nullopt for anything else.
std::optional<StatusCode> StatusCodeFromName(std::string_view name);
// All 17 names, in code order.
const std::vector<std::string>& StatusCodeNames();

}  // namespace brew
