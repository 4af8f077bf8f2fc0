// Creating and deleting a topic on a real cluster, with Kafka's Admin API
// (librdkafka's rd_kafka_CreateTopics / rd_kafka_DeleteTopics: the C++ API
// has no admin calls). labrun --kafka HOST:PORT gives each scenario run a
// topic of its own with these.
//
// librdkafka's mock cluster does not implement the Admin API: against it
// both return false, with the broker's answer in `error`.
#pragma once

#include <string>

namespace brew::kafka {

// Waits at most 5 s for the broker's answer. A topic that exists already
// is an error.
bool CreateTopic(const std::string& bootstrap, const std::string& topic, int partitions,
                 std::string* error);
bool DeleteTopic(const std::string& bootstrap, const std::string& topic, std::string* error);

}  // namespace brew::kafka
