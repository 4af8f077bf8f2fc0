// Chat (bidi): the order-service <-> kitchen-service channel, as an echo
// with throttling.
//
// The lesson's Go handler needs a reader goroutine: Recv and Send both
// block, so one goroutine reads into a channel (capacity 8) while the main
// loop echoes each message after echo_delay. The C++ callback API never
// blocks, so no extra thread is needed: a read and a write can both be
// outstanding on the same reactor, and each completes on its own.
//
//   OnReadDone(true)   -> queue the ping (the reader goroutine's `in <- m`);
//                         read the next unless 8 are already waiting
//                         (after read_delay, if the server is set to read
//                         slowly)
//   echo alarm fires   -> StartWrite(echo of the oldest ping)
//   OnWriteDone(true)  -> arm the alarm for the next queued ping
//   OnReadDone(false)  -> the client closed its send side (Go's io.EOF):
//                         echo what is queued, then finish OK; or the read
//                         failed: the client went away
//   bytes that are no ChatMessage -> finish INVALID_ARGUMENT (Go's Recv
//                         error), after the write in flight
//   OnCancel()         -> the client went away (Go's ctx.Done()): finish
//
// Reads go on while an echo waits: that is what lets a client's twenty pings
// all go out before the first echo comes back. The lesson's end line,
// "chat ended: client closed send", is logged in OnDone: a clean end of
// input can still turn out to be a cancel (call_end.h, 1).
//
// Locking: every member below mu_ is guarded by it, and the `...Locked`
// helpers need it held (clang checks both: core/util/mutex.h). The reader
// and the writer each have a small phase; FinishIfDoneLocked is the one
// place that decides the chat is over. A helper that takes an `Ops*` has
// prepared the read or the write to start next; its caller starts them
// after letting go of mu_ (StartOps; reactor_lifetime.h has the rule).
#pragma once

#include <grpcpp/alarm.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <deque>
#include <memory>
#include <string>

#include "core/server/handler_env.h"
#include "core/server/reactor_lifetime.h"
#include "core/server/stream_input.h"
#include "core/util/mutex.h"
#include "orders/v1/streaming.pb.h"

namespace brew {

// Raw bytes in and out: call_end.h says why.
class ChatReactor final : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>,
                          private ReactorLifetime {
 public:
  // How many received pings may wait for their echo before reading pauses
  // (the capacity of the lesson's `in` channel).
  static constexpr size_t kMaxWaiting = 8;

  ChatReactor(grpc::CallbackServerContext* ctx, HandlerEnv& env);

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  enum class Reader {
    kIdle,     // no read in flight: the queue is full, or the input is over
    kReading,  // one read is in flight
    kResting,  // read_delay: the alarm for the next read is armed
  };
  enum class Writer {
    kIdle,     // nothing to echo
    kEchoDue,  // echo_delay: the alarm for the next echo is armed
    kWriting,  // one echo is in flight
  };

  // The read and the write a `...Locked` helper has marked in flight, for
  // its caller to start once mu_ is released.
  struct Ops {
    grpc::ByteBuffer* read = nullptr;
    grpc::ByteBuffer* write = nullptr;
  };
  void StartOps(const Ops& ops);

  void OnEchoDue(bool fired);
  void OnReadDue(bool fired);
  void ReadDoneLocked(bool ok, Ops* ops) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void MaybeReadLocked(Ops* ops) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RestLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ArmEchoLocked(Ops* ops) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void WriteEchoLocked(Ops* ops) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool WindingDownLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool FinishIfDoneLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void LogEarlyEndLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void LogInputEndedLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  grpc::CallbackServerContext* const ctx_;
  HandlerEnv& env_;
  const LiveHandlers::Handle live_{env_.live};

  Mutex mu_;
  Reader reader_ ABSL_GUARDED_BY(mu_) = Reader::kIdle;
  Writer writer_ ABSL_GUARDED_BY(mu_) = Writer::kIdle;
  StreamInput input_ ABSL_GUARDED_BY(mu_) = StreamInput::kOpen;
  bool client_gone_ ABSL_GUARDED_BY(mu_) = false;          // OnCancel ran, or a write failed
  bool finished_ ABSL_GUARDED_BY(mu_) = false;             // Finish is called
  grpc::ByteBuffer incoming_bytes_ ABSL_GUARDED_BY(mu_);   // the message being read
  orders::v1::ChatMessage incoming_ ABSL_GUARDED_BY(mu_);  // ... once parsed
  grpc::ByteBuffer outgoing_ ABSL_GUARDED_BY(mu_);         // the echo being written
  std::deque<std::string> waiting_ ABSL_GUARDED_BY(mu_);   // texts of pings not yet echoed
  std::unique_ptr<grpc::Alarm> echo_alarm_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<grpc::Alarm> read_alarm_ ABSL_GUARDED_BY(mu_);  // read_delay
  int received_ ABSL_GUARDED_BY(mu_) = 0;
  int echoed_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace brew
