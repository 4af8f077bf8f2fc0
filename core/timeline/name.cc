#include "core/timeline/name.h"

#include <unordered_set>

#include "core/util/mutex.h"

namespace brew {
namespace {

// The process-wide table. Elements of an unordered_set keep their address
// when it rehashes, so a Name's pointer stays good. Never destroyed, so
// Names held by static objects stay good while the process exits.
struct NameTable {
  brew::Mutex mu;
  std::unordered_set<std::string> names ABSL_GUARDED_BY(mu);
};

NameTable& Table() {
  static NameTable* table = new NameTable;
  return *table;
}

const std::string* Intern(std::string_view text) {
  NameTable& table = Table();
  brew::MutexLock lock(&table.mu);
  return &*table.names.emplace(text).first;
}

}  // namespace

Name::Name(std::string_view text) : text_(text.empty() ? nullptr : Intern(text)) {}

const std::string& Name::Empty() {
  static const std::string empty;
  return empty;
}

}  // namespace brew
