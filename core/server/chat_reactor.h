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
//                         echo what is queued, then finish OK
//   bytes that are no ChatMessage -> finish INVALID_ARGUMENT (Go's Recv
//                         error), after the write in flight
//   OnCancel()         -> the client went away (Go's ctx.Done()): finish
//
// Reads go on while an echo waits: that is what lets a client's twenty pings
// all go out before the first echo comes back. State is guarded by mu_.
//
// gRPC refusing a ping over max_receive_message_bytes also ends a read
// cleanly, like the client's close, and then cancels the call: see
// InputEndedThenCancelledWhy (context_error.h). So when the call ends while
// a read is in flight, the handler waits for that read to say why, and
// "chat ended: client closed send" is logged in OnDone, once it is known
// that no cancel came.
#pragma once

#include <grpcpp/alarm.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "core/server/handler_env.h"
#include "core/server/reactor_lifetime.h"
#include "orders/v1/streaming.pb.h"

namespace brew {

// Raw bytes in and out: wire_message.h says why.
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
  void OnEchoDue(bool fired);
  void OnReadDue(bool fired);
  void ArmEchoLocked();
  void WriteEchoLocked();
  void MaybeReadLocked();
  void PauseReadsLocked();
  void MaybeEndLocked();
  void CallOverLocked();
  void EndEarlyLocked();
  void EndBadMessageLocked();
  void EndAfterInputLocked();
  void LogCancelledAfterInputLocked();
  void EndLocked(const grpc::Status& status);

  grpc::CallbackServerContext* const ctx_;
  HandlerEnv& env_;

  std::mutex mu_;
  grpc::ByteBuffer incoming_bytes_;   // the message being read
  orders::v1::ChatMessage incoming_;  // ... once parsed
  grpc::ByteBuffer outgoing_;         // the echo being written
  std::deque<std::string> waiting_;   // texts of pings not yet echoed
  std::unique_ptr<grpc::Alarm> echo_alarm_;
  std::unique_ptr<grpc::Alarm> read_alarm_;  // read_delay
  int received_ = 0;
  int echoed_ = 0;
  bool read_in_flight_ = false;
  bool read_paused_ = false;  // waiting out read_delay before the next read
  bool client_closed_send_ = false;
  bool echo_armed_ = false;
  bool write_in_flight_ = false;
  bool ending_ = false;
  bool call_over_ = false;          // OnCancel ran, or a write failed
  bool closed_send_ended_ = false;  // ended OK on the client's close: OnDone logs it
  grpc::Status end_status_;
};

}  // namespace brew
