// Must NOT compile: a ...Locked helper called without its mutex.
#include "tests/sanitizers/thread_safety/guarded.h"

void Counter::AddUnlocked() {
  brew::MutexLock lock(&mu_);
  ++n_;
}
void Counter::CallLockedHelper() { AddLocked(); }
