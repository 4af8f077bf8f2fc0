#include "core/event/status_code.h"

namespace brew {
namespace {

constexpr const char* kNames[kStatusCodeCount] = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};
static_assert(static_cast<int>(StatusCode::kUnauthenticated) == kStatusCodeCount - 1);

}  // namespace

const char* StatusCodeName(StatusCode code) {
  const int i = static_cast<int>(code);
  return i >= 0 && i < kStatusCodeCount ? kNames[i] : "UNKNOWN";
}

std::optional<StatusCode> StatusCodeFromName(std::string_view name) {
  for (int i = 0; i < kStatusCodeCount; ++i) {
    if (name == kNames[i]) return static_cast<StatusCode>(i);
  }
  return std::nullopt;
}

const std::vector<std::string>& StatusCodeNames() {
  static const std::vector<std::string> names(std::begin(kNames), std::end(kNames));
  return names;
}

}  // namespace brew
