// brew::Mutex, brew::MutexLock, brew::CondVar: std::mutex and
// std::condition_variable with clang's thread-safety annotations.
//
// What they promise
// - Mutex is a std::mutex: the same blocking, the same cost, and the same
//   pthread calls underneath, which ThreadSanitizer intercepts. (absl::Mutex
//   would give the annotations too, but Debian's abseil is not built with
//   -fsanitize=thread, so TSan would see no happens-before through it and
//   report races between threads that do hold the lock.)
// - Members declared ABSL_GUARDED_BY(mu_) and helpers declared
//   ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) are checked by clang's
//   -Wthread-safety at compile time: touching such a member, or calling such
//   a helper, on a path that does not hold mu_ does not build in the clang
//   builds (make asan, make tsan, make fuzz). GCC ignores the annotations.
// - MutexLock holds the lock for its scope, like std::lock_guard.
// - CondVar::Wait* must be called with the mutex held; it releases the
//   mutex while it sleeps and holds it again when it returns, as
//   std::condition_variable does. Wakeups may be spurious: wait in a loop
//   on the condition (the Await helpers below do).
//
// What they do not promise
// - No deadlock detection, no reader/writer locking, no fairness.
// - The analysis sees locking only where the annotations describe it; it
//   knows nothing of object lifetimes (ASan's job) or of the order in which
//   gRPC runs a reactor's callbacks.
#ifndef BREW_CORE_UTIL_MUTEX_H_
#define BREW_CORE_UTIL_MUTEX_H_

#include <absl/base/thread_annotations.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace brew {

class CondVar;

class ABSL_LOCKABLE Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION() { mu_.unlock(); }
  // Tells the analysis the caller holds the lock (checked by nothing at run
  // time): for callbacks the analysis cannot follow.
  void AssertHeld() const ABSL_ASSERT_EXCLUSIVE_LOCK() {}

 private:
  friend class CondVar;
  std::mutex mu_;
};

class ABSL_SCOPED_LOCKABLE MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() ABSL_UNLOCK_FUNCTION() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

class CondVar {
 public:
  void Signal() { cv_.notify_one(); }
  void SignalAll() { cv_.notify_all(); }

  void Wait(Mutex* mu) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();  // still held: the caller's MutexLock unlocks it
  }
  // Returns true if the deadline passed (the condition may still be false).
  template <typename Clock, typename Duration>
  bool WaitUntil(Mutex* mu, std::chrono::time_point<Clock, Duration> deadline)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    const bool timed_out = cv_.wait_until(lock, deadline) == std::cv_status::timeout;
    lock.release();
    return timed_out;
  }
  template <typename Rep, typename Period>
  bool WaitFor(Mutex* mu, std::chrono::duration<Rep, Period> timeout)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return WaitUntil(mu, std::chrono::steady_clock::now() + timeout);
  }

  // Waits until done() is true. done() runs with the mutex held.
  template <typename Pred>
  void Await(Mutex* mu, Pred done) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    while (!done()) Wait(mu);
  }
  // Waits until done() is true or the deadline passes; returns done().
  template <typename Clock, typename Duration, typename Pred>
  bool AwaitUntil(Mutex* mu, std::chrono::time_point<Clock, Duration> deadline, Pred done)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    while (!done()) {
      if (WaitUntil(mu, deadline)) return done();
    }
    return true;
  }
  template <typename Rep, typename Period, typename Pred>
  bool AwaitFor(Mutex* mu, std::chrono::duration<Rep, Period> timeout, Pred done)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return AwaitUntil(mu, std::chrono::steady_clock::now() + timeout, done);
  }

 private:
  std::condition_variable cv_;
};

}  // namespace brew

#endif  // BREW_CORE_UTIL_MUTEX_H_
