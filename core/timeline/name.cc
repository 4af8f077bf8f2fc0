#include "core/timeline/name.h"

#include <mutex>
#include <unordered_set>

namespace brew {
namespace {

// The process-wide table. Elements of an unordered_set keep their address
// when it rehashes, so a Name's pointer stays good. Never destroyed, so
// Names held by static objects stay good while the process exits.
struct NameTable {
  std::mutex mu;
  std::unordered_set<std::string> names;
};

NameTable& Table() {
  static NameTable* table = new NameTable;
  return *table;
}

const std::string* Intern(std::string_view text) {
  NameTable& table = Table();
  std::lock_guard<std::mutex> lock(table.mu);
  return &*table.names.emplace(text).first;
}

}  // namespace

Name::Name(std::string_view text) : text_(text.empty() ? nullptr : Intern(text)) {}

const std::string& Name::Empty() {
  static const std::string empty;
  return empty;
}

}  // namespace brew
