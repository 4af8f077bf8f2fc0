#include "runner/run/consume_run.h"

#include <chrono>

#include "core/client/subscribe_client.h"
#include "core/kafka/order_consumer.h"

namespace brew::lab {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kPoll = std::chrono::milliseconds(50);
constexpr auto kStartTimeout = std::chrono::seconds(5);

}  // namespace

ConsumeRun::ConsumeRun(const ConsumeStep& step, const KafkaWiring& kafka, Timeline& timeline)
    : step_(step), kafka_(kafka) {
  {
    brew::MutexLock lock(&mu_);
    outcome_.id = step_.id;
    outcome_.kind = StreamKind::kConsume;
  }
  thread_ = std::thread([this, &timeline] { Run(timeline); });
}

ConsumeRun::~ConsumeRun() { StopAndJoin(); }

void ConsumeRun::StopAndJoin() {
  Stop();
  if (thread_.joinable()) thread_.join();
}

StreamOutcome ConsumeRun::Outcome() const {
  brew::MutexLock lock(&mu_);
  return outcome_;
}

bool ConsumeRun::Pause(Duration d) {
  const auto until = Clock::now() + d;
  while (!stop_ && Clock::now() < until) {
    std::this_thread::sleep_for(std::min<Duration>(kPoll, until - Clock::now()));
  }
  return !stop_;
}

void ConsumeRun::Run(Timeline& timeline) {
  const ClientObserver observer = timeline.ObserverFor(step_.id);
  auto emit = [&](EventKind kind, int n, std::string text, StatusCode code = StatusCode::kOk) {
    ClientEvent event;
    event.kind = kind;
    event.time = Clock::now();
    event.n = n;
    event.text = std::move(text);
    event.code = code;
    observer(event);
  };
  int received = 0;
  StatusCode code = StatusCode::kCancelled;
  std::string message;

  kafka::OrderConsumer::Options options;
  options.bootstrap = kafka_.bootstrap;
  options.topic = kafka_.topic;
  options.group = step_.group;
  options.from = kafka::ParseFrom(step_.from).value_or(kafka::From::kCommitted);
  options.timeout = kStartTimeout;
  std::string error;
  auto consumer = kafka::OrderConsumer::Start(options, &error);
  if (!consumer) {
    code = StatusCode::kUnavailable;
    message = error;
  } else {
    emit(EventKind::kStart, 0,
         "group=" + step_.group + " from=" + step_.from + ": " +
             kafka::FormatOffsets(consumer->start()));
    while (!stop_) {
      if (step_.limit > 0 && received >= step_.limit) {
        code = StatusCode::kOk;
        message = "limit reached";
        break;
      }
      kafka::ConsumedRecord record;
      if (!consumer->Next(kPoll, &record)) continue;
      ++received;
      std::string text = "partition=" + std::to_string(record.partition) +
                         " offset=" + std::to_string(record.offset);
      if (record.is_order) {
        text += ' ';
        DescribeOrderEvent(record.order, &text);
      } else {
        text += " (not an OrderEvent)";
      }
      emit(EventKind::kRecv, received, std::move(text));
      if (const std::string err = consumer->Commit(record); !err.empty()) {
        code = StatusCode::kUnavailable;
        message = "commit failed: " + err;
        break;
      }
      emit(EventKind::kCommit, received,
           "partition=" + std::to_string(record.partition) +
               " offset=" + std::to_string(record.offset + 1));
      if (step_.pause > Duration::zero() && !Pause(step_.pause)) break;
    }
    if (code == StatusCode::kCancelled) message = "stopped";
    consumer->Close();
  }
  emit(EventKind::kDone, 0, message + ", got " + std::to_string(received) + " records", code);
  {
    brew::MutexLock lock(&mu_);
    outcome_.done = true;
    outcome_.status = code;
    outcome_.message = message;
    outcome_.received = received;
  }
  done_ = true;
  timeline.Wake();
}

}  // namespace brew::lab
