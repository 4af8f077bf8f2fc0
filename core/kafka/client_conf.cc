#include "core/kafka/client_conf.h"

#include "core/util/duration.h"

namespace brew::kafka {

std::unique_ptr<RdKafka::Conf> NewConf(const std::string& bootstrap, const std::string& client_id,
                                       std::string* error) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  // A broker that comes back is found within a second (librdkafka's default
  // backs off up to 10 s between reconnects).
  if (!Set(*conf,
           {{"bootstrap.servers", bootstrap},
            {"client.id", client_id},
            {"log_level", "0"},
            {"reconnect.backoff.max.ms", "1000"}},
           error)) {
    return nullptr;
  }
  return conf;
}

bool Set(RdKafka::Conf& conf, std::initializer_list<Property> properties, std::string* error) {
  for (const auto& [name, value] : properties) {
    std::string why;
    if (conf.set(name, value, why) != RdKafka::Conf::CONF_OK) {
      *error = std::string("kafka setting ") + name + "=" + value + ": " + why;
      return false;
    }
  }
  return true;
}

int CheckTopic(RdKafka::Handle& handle, const std::string& bootstrap, const std::string& topic,
               std::chrono::milliseconds timeout, std::string* error) {
  // All topics, not just this one: asking for one topic by name lets a
  // broker that auto-creates topics (the mock does) make it, and a typo
  // would become a new, empty topic.
  RdKafka::Metadata* raw = nullptr;
  const RdKafka::ErrorCode err =
      handle.metadata(/*all_topics=*/true, nullptr, &raw, static_cast<int>(timeout.count()));
  std::unique_ptr<RdKafka::Metadata> metadata(raw);
  if (err != RdKafka::ERR_NO_ERROR) {
    *error = "cannot reach Kafka at " + bootstrap + " within " + FormatDuration(timeout) + ": " +
             RdKafka::err2str(err);
    return 0;
  }
  for (const RdKafka::TopicMetadata* t : *metadata->topics()) {
    if (t->topic() != topic) continue;
    if (t->err() != RdKafka::ERR_NO_ERROR || t->partitions()->empty()) {
      *error = "topic " + topic + " is not available at " + bootstrap + ": " +
               RdKafka::err2str(t->err());
      return 0;
    }
    return static_cast<int>(t->partitions()->size());
  }
  *error = "topic " + topic + " does not exist at " + bootstrap;
  return 0;
}

}  // namespace brew::kafka
