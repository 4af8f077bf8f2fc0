#include "core/util/host_port.h"

namespace brew {

bool SplitHostPort(const std::string& addr, std::string* host, int* port, std::string* error) {
  const size_t colon = addr.rfind(':');
  if (colon == std::string::npos) {
    *error = "address \"" + addr + "\" has no port (use host:port, e.g. 127.0.0.1:50052)";
    return false;
  }
  const std::string port_text = addr.substr(colon + 1);
  int value = 0;
  bool digits = !port_text.empty() && port_text.size() <= 5;
  for (char c : port_text) {
    if (c < '0' || c > '9') digits = false;
  }
  if (digits) value = std::stoi(port_text);
  if (!digits || value > 65535) {
    *error = "address \"" + addr + "\" has a bad port \"" + port_text + "\"";
    return false;
  }
  *host = addr.substr(0, colon);
  *port = value;
  return true;
}

}  // namespace brew
