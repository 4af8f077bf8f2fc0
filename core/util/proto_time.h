// Wall-clock time into protobuf's Timestamp, and back.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <chrono>

namespace brew {

void SetTimestamp(google::protobuf::Timestamp* ts, std::chrono::system_clock::time_point t);
std::chrono::system_clock::time_point FromTimestamp(const google::protobuf::Timestamp& ts);

}  // namespace brew
