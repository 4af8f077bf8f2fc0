// Ctrl+C (SIGINT) and SIGTERM for the lesson's programs.
//
// The Go lesson writes `ctx, stop := signal.NotifyContext(ctx, os.Interrupt)`:
// the Go runtime turns the signal into a cancelled context, and any goroutine
// may watch ctx.Done(). C++ has no runtime doing that for us, and a classic
// signal handler may only call async-signal-safe functions: it cannot take a
// mutex, log, or call grpc::ClientContext::TryCancel. So instead:
//
//   1. main calls BlockStopSignals() before any thread starts (gRPC starts
//      its own threads early). Threads inherit the mask, so no thread ever
//      runs a handler for SIGINT/SIGTERM: the signals stay pending.
//   2. A SignalWatcher thread takes them with sigtimedwait, in a loop with a
//      short timeout so that Stop() can end it and join it. What it does on
//      a signal (cancel the call, shut the server down) runs as ordinary
//      code on an ordinary thread, where locks and gRPC calls are fine.
//
// The difference from NotifyContext: nothing is cancelled implicitly; the
// callback says what a signal means (CallControl::Cancel for a client,
// StreamingServer::Shutdown for the server), and Wait() blocks until one came.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

#include "core/util/mutex.h"

namespace brew::cli {

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts
// later. Call first thing in main.
void BlockStopSignals();

class SignalWatcher {
 public:
  using Handler = std::function<void(int signo)>;

  // Starts the watcher thread. `on_signal` (may be empty) runs on that
  // thread for each SIGINT/SIGTERM that arrives.
  explicit SignalWatcher(Handler on_signal = nullptr);
  ~SignalWatcher();  // Stop()
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  // Blocks until the first signal arrived; returns its number.
  int Wait();

  // The first signal that arrived, or 0 if none yet.
  int received() const;

  // Ends and joins the watcher thread (within about 100 ms). Idempotent.
  // Signals arriving after this stay pending and blocked.
  void Stop();

 private:
  void Loop();

  Handler on_signal_;
  std::atomic<bool> stop_{false};
  mutable brew::Mutex mu_;
  brew::CondVar cv_;
  int first_signal_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

// "Ctrl+C" for SIGINT, "SIGTERM" for SIGTERM: how the programs name a stop.
const char* StopSignalName(int signo);

// The shell convention for "ended by a signal": 128 + signo (130 for SIGINT).
int ExitCodeForSignal(int signo);

}  // namespace brew::cli
