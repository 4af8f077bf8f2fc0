// "host:port" as the programs and the server take it.
#pragma once

#include <string>

namespace brew {

// Splits "host:port" (host may be empty or a [v6] literal). Returns false and
// sets `error` when the port is missing or not a number in 0..65535.
bool SplitHostPort(const std::string& addr, std::string* host, int* port, std::string* error);

}  // namespace brew
