// grpc::StatusCode and brew::StatusCode (core/event/status_code.h) are the
// same 17 codes with the same numbers; these static_asserts keep them so,
// and FromGrpc converts.
#pragma once

#include <grpcpp/support/status.h>

#include "core/event/status_code.h"

namespace brew {

static_assert(static_cast<int>(StatusCode::kOk) == static_cast<int>(grpc::StatusCode::OK));
static_assert(static_cast<int>(StatusCode::kCancelled) ==
              static_cast<int>(grpc::StatusCode::CANCELLED));
static_assert(static_cast<int>(StatusCode::kUnknown) ==
              static_cast<int>(grpc::StatusCode::UNKNOWN));
static_assert(static_cast<int>(StatusCode::kInvalidArgument) ==
              static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
static_assert(static_cast<int>(StatusCode::kDeadlineExceeded) ==
              static_cast<int>(grpc::StatusCode::DEADLINE_EXCEEDED));
static_assert(static_cast<int>(StatusCode::kNotFound) ==
              static_cast<int>(grpc::StatusCode::NOT_FOUND));
static_assert(static_cast<int>(StatusCode::kAlreadyExists) ==
              static_cast<int>(grpc::StatusCode::ALREADY_EXISTS));
static_assert(static_cast<int>(StatusCode::kPermissionDenied) ==
              static_cast<int>(grpc::StatusCode::PERMISSION_DENIED));
static_assert(static_cast<int>(StatusCode::kResourceExhausted) ==
              static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED));
static_assert(static_cast<int>(StatusCode::kFailedPrecondition) ==
              static_cast<int>(grpc::StatusCode::FAILED_PRECONDITION));
static_assert(static_cast<int>(StatusCode::kAborted) ==
              static_cast<int>(grpc::StatusCode::ABORTED));
static_assert(static_cast<int>(StatusCode::kOutOfRange) ==
              static_cast<int>(grpc::StatusCode::OUT_OF_RANGE));
static_assert(static_cast<int>(StatusCode::kUnimplemented) ==
              static_cast<int>(grpc::StatusCode::UNIMPLEMENTED));
static_assert(static_cast<int>(StatusCode::kInternal) ==
              static_cast<int>(grpc::StatusCode::INTERNAL));
static_assert(static_cast<int>(StatusCode::kUnavailable) ==
              static_cast<int>(grpc::StatusCode::UNAVAILABLE));
static_assert(static_cast<int>(StatusCode::kDataLoss) ==
              static_cast<int>(grpc::StatusCode::DATA_LOSS));
static_assert(static_cast<int>(StatusCode::kUnauthenticated) ==
              static_cast<int>(grpc::StatusCode::UNAUTHENTICATED));

inline StatusCode FromGrpc(grpc::StatusCode code) { return static_cast<StatusCode>(code); }
inline const char* StatusCodeName(grpc::StatusCode code) { return StatusCodeName(FromGrpc(code)); }

}  // namespace brew
