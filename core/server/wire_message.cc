#include "core/server/wire_message.h"

namespace brew {

std::string DoesNotParse(const std::string& what, const std::string& type_name) {
  return what + " does not parse as " + type_name;
}

}  // namespace brew
