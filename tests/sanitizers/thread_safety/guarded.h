// A guarded counter in the reactors' style: one mutex, members
// ABSL_GUARDED_BY it, `...Locked` helpers that need it held.
#pragma once

#include "core/util/mutex.h"

class Counter {
 public:
  void Add() {
    brew::MutexLock lock(&mu_);
    AddLocked();
  }
  int value() {
    brew::MutexLock lock(&mu_);
    return n_;
  }
  void AddUnlocked();       // defined by each check file
  void CallLockedHelper();  // likewise

 private:
  void AddLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { ++n_; }

  brew::Mutex mu_;
  int n_ ABSL_GUARDED_BY(mu_) = 0;
};
