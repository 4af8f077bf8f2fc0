#include "core/util/grpc_log.h"

#include <grpc/support/log.h>

#include <cstdlib>

namespace brew {
namespace {

void DropGrpcLog(gpr_log_func_args* /*args*/) {}

}  // namespace

void QuietGrpcLogs() {
  if (std::getenv("GRPC_VERBOSITY") != nullptr) return;
  gpr_set_log_function(DropGrpcLog);
}

}  // namespace brew
