#include "cmd/signal_watch.h"

#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <ctime>
#include <utility>

namespace brew::cli {
namespace {

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void BlockStopSignals() {
  const sigset_t set = StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

SignalWatcher::SignalWatcher(Handler on_signal) : on_signal_(std::move(on_signal)) {
  thread_ = std::thread([this] { Loop(); });
}

SignalWatcher::~SignalWatcher() { Stop(); }

void SignalWatcher::Loop() {
  const sigset_t set = StopSignals();
  // The timeout only bounds how long Stop() waits for the join.
  const timespec timeout{0, 100 * 1000 * 1000};
  while (!stop_.load()) {
    const int signo = sigtimedwait(&set, nullptr, &timeout);
    if (signo < 0) continue;  // EAGAIN (timeout) or EINTR: check stop_ again
    {
      brew::MutexLock lock(&mu_);
      if (first_signal_ == 0) first_signal_ = signo;
    }
    cv_.SignalAll();
    if (on_signal_) on_signal_(signo);
  }
}

int SignalWatcher::Wait() {
  brew::MutexLock lock(&mu_);
  // No deadline: this is the program's wait for Ctrl+C (or SIGTERM) itself.
  cv_.Await(&mu_, [this] {
    mu_.AssertHeld();  // runs inside Await, under mu_
    return first_signal_ != 0;
  });
  return first_signal_;
}

int SignalWatcher::received() const {
  brew::MutexLock lock(&mu_);
  return first_signal_;
}

void SignalWatcher::Stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

const char* StopSignalName(int signo) { return signo == SIGINT ? "Ctrl+C" : "SIGTERM"; }

int ExitCodeForSignal(int signo) { return 128 + signo; }

}  // namespace brew::cli
