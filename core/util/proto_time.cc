#include "core/util/proto_time.h"

namespace brew {

void SetTimestamp(google::protobuf::Timestamp* ts, std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ns = duration_cast<nanoseconds>(t.time_since_epoch()).count();
  ts->set_seconds(ns / 1000000000);
  ts->set_nanos(static_cast<int32_t>(ns % 1000000000));
}

std::chrono::system_clock::time_point FromTimestamp(const google::protobuf::Timestamp& ts) {
  using namespace std::chrono;
  return system_clock::time_point(
      duration_cast<system_clock::duration>(seconds(ts.seconds()) + nanoseconds(ts.nanos())));
}

}  // namespace brew
