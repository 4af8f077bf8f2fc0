// Must NOT compile: a guarded member touched without its mutex.
#include "tests/sanitizers/thread_safety/guarded.h"

void Counter::AddUnlocked() { ++n_; }
void Counter::CallLockedHelper() {
  brew::MutexLock lock(&mu_);
  AddLocked();
}
