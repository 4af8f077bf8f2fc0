// What every brewlab Kafka client (the server's publisher and kitchen feed,
// client-consumer, labrun's consumers) sets up the same way, over
// librdkafka's C++ API (rdkafkacpp.h).
//
// What it promises
// - NewConf(bootstrap, client_id): a global configuration with the broker
//   list and a client.id, and librdkafka's own log lines turned off
//   (log_level 0): a client's errors reach its caller as results, and are
//   printed once, in the program's words, not as librdkafka's retry chatter;
//   and reconnects at most a second apart, so a broker that comes back is
//   found again quickly.
// - Set(...) applies properties in order and stops at the first librdkafka
//   refuses, with its reason.
// - CheckTopic waits at most `timeout` for the topic's metadata from the
//   broker: the partition count, or one line saying why not (no broker at
//   that address, or no such topic there). Nothing here creates topics: on
//   a real cluster that is the operator's job (docs/stream-or-kafka.md).
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

namespace brew::kafka {

using Property = std::pair<const char*, std::string>;

std::unique_ptr<RdKafka::Conf> NewConf(const std::string& bootstrap, const std::string& client_id,
                                       std::string* error);

bool Set(RdKafka::Conf& conf, std::initializer_list<Property> properties, std::string* error);

// The number of partitions of `topic`, or 0 with `error` set.
int CheckTopic(RdKafka::Handle& handle, const std::string& bootstrap, const std::string& topic,
               std::chrono::milliseconds timeout, std::string* error);

}  // namespace brew::kafka
