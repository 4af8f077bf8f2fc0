#include "core/kafka/topic_admin.h"

#include <librdkafka/rdkafka.h>

#include <memory>

namespace brew::kafka {
namespace {

constexpr int kAdminTimeoutMs = 5000;

// An admin client: a producer handle that never produces.
struct Handle {
  rd_kafka_t* rk = nullptr;
  ~Handle() {
    if (rk != nullptr) rd_kafka_destroy(rk);
  }
};

bool Open(const std::string& bootstrap, Handle* handle, std::string* error) {
  char why[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), why, sizeof why) !=
          RD_KAFKA_CONF_OK ||
      rd_kafka_conf_set(conf, "log_level", "0", why, sizeof why) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    *error = std::string("kafka admin: ") + why;
    return false;
  }
  handle->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, why, sizeof why);  // takes conf
  if (handle->rk == nullptr) {
    *error = std::string("kafka admin: ") + why;
    return false;
  }
  return true;
}

// Waits for the admin result event on `queue`; the topic's error, if any.
bool TopicResult(rd_kafka_queue_t* queue, bool create, const std::string& topic,
                 std::string* error) {
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, kAdminTimeoutMs + 1000);
  if (event == nullptr) {
    *error = "kafka admin: no answer about topic " + topic;
    return false;
  }
  bool ok = rd_kafka_event_error(event) == RD_KAFKA_RESP_ERR_NO_ERROR;
  if (!ok) {
    *error = "kafka admin, topic " + topic + ": " + rd_kafka_event_error_string(event);
  } else {
    size_t count = 0;
    const rd_kafka_topic_result_t** results =
        create
            ? rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
            : rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event),
                                                  &count);
    for (size_t i = 0; i < count; ++i) {
      if (rd_kafka_topic_result_error(results[i]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        ok = false;
        const char* why = rd_kafka_topic_result_error_string(results[i]);
        *error = "kafka admin, topic " + topic + ": " +
                 (why != nullptr ? why : rd_kafka_err2str(rd_kafka_topic_result_error(results[i])));
      }
    }
  }
  rd_kafka_event_destroy(event);
  return ok;
}

// Opens an admin client, runs `request(rk, options, queue)` (one
// rd_kafka_CreateTopics or rd_kafka_DeleteTopics call) and waits for its
// result.
template <typename Request>
bool AdminCall(const std::string& bootstrap, bool create, const std::string& topic, Request request,
               std::string* error) {
  Handle handle;
  if (!Open(bootstrap, &handle, error)) return false;
  char why[512];
  rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(handle.rk, RD_KAFKA_ADMIN_OP_ANY);
  rd_kafka_AdminOptions_set_request_timeout(options, kAdminTimeoutMs, why, sizeof why);
  rd_kafka_queue_t* queue = rd_kafka_queue_new(handle.rk);
  request(handle.rk, options, queue);
  const bool ok = TopicResult(queue, create, topic, error);
  rd_kafka_queue_destroy(queue);
  rd_kafka_AdminOptions_destroy(options);
  return ok;
}

}  // namespace

bool CreateTopic(const std::string& bootstrap, const std::string& topic, int partitions,
                 std::string* error) {
  char why[512];
  rd_kafka_NewTopic_t* new_topic =
      rd_kafka_NewTopic_new(topic.c_str(), partitions, /*replication_factor=*/-1, why, sizeof why);
  if (new_topic == nullptr) {
    *error = std::string("kafka admin: ") + why;
    return false;
  }
  const bool ok = AdminCall(
      bootstrap, /*create=*/true, topic,
      [&](rd_kafka_t* rk, rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_CreateTopics(rk, &new_topic, 1, options, queue);
      },
      error);
  rd_kafka_NewTopic_destroy(new_topic);
  return ok;
}

bool DeleteTopic(const std::string& bootstrap, const std::string& topic, std::string* error) {
  rd_kafka_DeleteTopic_t* del = rd_kafka_DeleteTopic_new(topic.c_str());
  const bool ok = AdminCall(
      bootstrap, /*create=*/false, topic,
      [&](rd_kafka_t* rk, rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_DeleteTopics(rk, &del, 1, options, queue);
      },
      error);
  rd_kafka_DeleteTopic_destroy(del);
  return ok;
}

}  // namespace brew::kafka
