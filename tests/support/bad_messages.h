// The byte sequences the bad-message tests send, each with the answer every
// correct server gives: the same cases for brewlab's server
// (tests/core/bad_message_test.cc) and the lesson's Go server
// (tests/go/bad_message_vs_go_test.cc).
#pragma once

#include <string>
#include <vector>

#include "orders/v1/streaming.pb.h"
#include "tests/support/raw_call.h"

namespace brew::testing {

inline std::string RecordBytes(const std::string& customer, int64_t cents) {
  orders::v1::OrderInput record;
  record.set_customer_id(customer);
  record.set_amount_cents(cents);
  return record.SerializeAsString();
}

inline std::string PingBytes(const std::string& text) {
  orders::v1::ChatMessage ping;
  ping.set_from("raw");
  ping.set_text(text);
  return ping.SerializeAsString();
}

struct BadMessageCase {
  std::string name;
  const char* method;
  std::vector<std::string> messages;
  bool parses;         // every message parses: the call ends as for good input
  int bad_index = -1;  // 1-based position of the first message that does not parse
};

inline std::vector<BadMessageCase> BadMessageCases() {
  const std::string good = RecordBytes("cust-raw", 100);
  const std::string truncated = good.substr(0, good.size() - 3);  // inside customer_id
  // customer_id (field 1) written as a varint: protobuf keeps it as an
  // unknown field, so the record parses with no customer_id.
  const std::string wrong_type = std::string("\x08\x05", 2) + RecordBytes("", 100);
  // A proto3 string that is not UTF-8: protobuf refuses it.
  const std::string not_utf8 = std::string("\x0a\x02\xff\xfe", 4) + RecordBytes("", 100);
  return {
      {"upload_garbage_first", kUploadMethod, {kGarbage, good, good}, false, 1},
      {"upload_garbage_middle", kUploadMethod, {good, kGarbage, good}, false, 2},
      {"upload_garbage_last", kUploadMethod, {good, good, kGarbage}, false, 3},
      {"upload_truncated", kUploadMethod, {good, truncated}, false, 2},
      {"upload_not_utf8", kUploadMethod, {not_utf8}, false, 1},
      {"upload_wrong_wire_type", kUploadMethod, {wrong_type, good}, true},
      {"chat_garbage_first", kChatMethod, {kGarbage, PingBytes("pong")}, false, 1},
      {"chat_garbage_middle",
       kChatMethod,
       {PingBytes("ping"), kGarbage, PingBytes("pong")},
       false,
       2},
      {"chat_garbage_last", kChatMethod, {PingBytes("ping"), kGarbage}, false, 2},
      {"subscribe_garbage", kSubscribeMethod, {kGarbage}, false, 1},
  };
}

}  // namespace brew::testing
