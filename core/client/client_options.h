// What each client function is asked to do: the lesson's client flags as
// plain structs, shared by the command-line clients, labrun and the tests.
#pragma once

#include <grpcpp/support/status.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/util/duration.h"
#include "orders/v1/streaming.pb.h"

namespace brew {

struct SubscribeOptions {
  std::string customer_id;           // empty: every customer
  int32_t limit = 5;                 // 0: until cancelled
  std::optional<Duration> deadline;  // none: no deadline
  // Not in the lesson: a slow reader. The client pauses this long after
  // each event before it reads the next, so the server's sends back up.
  Duration read_delay = Duration::zero();
  // Not in the lesson: the size to ask the server to pad each event to
  // (SubscribeRequest.message_bytes; 0: no padding).
  int message_bytes = 0;
};

struct UploadOptions {
  int count = 20;
  int bad = 0;                        // the first `bad` records have amount 0
  Duration pause = Duration::zero();  // after each record
  std::string customer_id = "cust-import";
  bool close_send = true;  // false: wait for CallControl::CloseSend first
  std::optional<Duration> deadline;
  // Not in the lesson: each record's size on the wire, reached with the
  // OrderInput's padding field (0: no padding, about 20 bytes).
  int message_bytes = 0;
};

// Record i (from 0) of an upload carries 100 * (i + 1) cents, so a test or
// scenario can tell the right total: the sum over the valid records.
int64_t UploadAmountCents(int index);
int64_t ExpectedUploadTotalCents(int count, int bad);

struct ChatOptions {
  std::string from = "order-service";
  int count = 5;
  Duration interval = std::chrono::milliseconds(20);  // between pings (a steady rate)
  bool close_send = true;  // false: wait for CallControl::CloseSend first
  std::optional<Duration> deadline;
  // Not in the lesson: each ping's size on the wire (ChatMessage padding).
  int message_bytes = 0;
  // The lesson's application-level backpressure: 0 sends freely; N sends N
  // pings, then waits until all of them are acknowledged (echoed) before
  // the next N (core/client/ack_window.h).
  int ack_batch = 0;
};

struct SubscribeResult {
  grpc::Status status;
  int received = 0;
};

struct UploadResult {
  grpc::Status status;
  int sent = 0;
  orders::v1::UploadSummary summary;  // meaningful when status is OK
};

struct ChatResult {
  grpc::Status status;
  int sent = 0;
  int received = 0;
};

}  // namespace brew
