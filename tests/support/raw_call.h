// A gRPC call that sends the bytes it is given -- as a broken client, or a
// client in another language with a different proto, might -- through the
// real gRPC stack, with no protobuf on the client's side.
#pragma once

#include <grpcpp/support/status.h>

#include <chrono>
#include <string>
#include <vector>

namespace brew::testing {

struct RawCallResult {
  grpc::Status status;
  std::vector<std::string> responses;  // each message's bytes, in order
};

// Calls `method` ("/orders.v1.StreamingService/UploadOrders") on `target`,
// writes each of `messages` as one gRPC message, closes the send side, reads
// every response and finishes. Every wait is bounded by `deadline`.
RawCallResult RawCall(const std::string& target, const std::string& method,
                      const std::vector<std::string>& messages,
                      std::chrono::milliseconds deadline = std::chrono::seconds(20));

inline constexpr const char* kSubscribeMethod = "/orders.v1.StreamingService/Subscribe";
inline constexpr const char* kUploadMethod = "/orders.v1.StreamingService/UploadOrders";
inline constexpr const char* kChatMethod = "/orders.v1.StreamingService/Chat";

// Bytes that are no message of the proto: a field tag whose varint never
// ends.
inline const std::string kGarbage = "\xff\xff\xff\xff";

}  // namespace brew::testing
