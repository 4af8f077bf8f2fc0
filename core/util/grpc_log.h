// gRPC's own log lines, kept off the user's terminal.
//
// gRPC core logs through gpr_log, at ERROR and above by default: on a port
// in use it prints its own long line ("E1124 12:00:00.123 ... chttp2_server.cc
// ...] UNKNOWN:No address added ... Address already in use ...") next to our
// one-line error. brewlab's programs speak for themselves, one line per
// problem, so by default those lines are dropped. Set GRPC_VERBOSITY (e.g.
// GRPC_VERBOSITY=debug) to see them again, as with any gRPC program.
#pragma once

namespace brew {

// Installs a gpr log function that drops gRPC's messages, unless the
// environment sets GRPC_VERBOSITY. Call early in main, before gRPC is used.
void QuietGrpcLogs();

}  // namespace brew
