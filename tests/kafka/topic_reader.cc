#include "tests/kafka/topic_reader.h"

#include <gtest/gtest.h>

#include <atomic>

namespace brew::testing {

std::vector<kafka::ConsumedRecord> ReadTopic(const std::string& bootstrap, const std::string& topic,
                                             size_t want, std::chrono::milliseconds wait,
                                             std::chrono::milliseconds settle) {
  static std::atomic<int> readers{0};
  kafka::OrderConsumer::Options options;
  options.bootstrap = bootstrap;
  options.topic = topic;
  options.group = "test-reader-" + std::to_string(++readers);
  options.from = kafka::From::kEarliest;
  std::string error;
  auto consumer = kafka::OrderConsumer::Start(options, &error);
  EXPECT_NE(consumer, nullptr) << error;
  std::vector<kafka::ConsumedRecord> records;
  if (!consumer) return records;
  auto until = std::chrono::steady_clock::now() + wait;
  bool settling = false;
  while (true) {
    if (!settling && records.size() >= want) {
      settling = true;
      until = std::chrono::steady_clock::now() + settle;
    }
    if (std::chrono::steady_clock::now() >= until) break;
    kafka::ConsumedRecord record;
    if (consumer->Next(std::chrono::milliseconds(50), &record)) records.push_back(record);
  }
  return records;
}

}  // namespace brew::testing
