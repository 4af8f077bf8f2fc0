// Must compile under -Wthread-safety -Werror=thread-safety.
#include "tests/sanitizers/thread_safety/guarded.h"

void Counter::AddUnlocked() {
  brew::MutexLock lock(&mu_);
  ++n_;
}
void Counter::CallLockedHelper() {
  brew::MutexLock lock(&mu_);
  AddLocked();
}
