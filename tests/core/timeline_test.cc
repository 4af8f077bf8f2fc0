// The timeline recorder through the real stack: a real server, the real
// client functions observed by a Timeline. What recording must keep true
// while it stays cheap: every message's text exact (the clients reuse one
// string per direction), texts that outlive their Timeline (the arena),
// and names that compare as the strings they stand for; and, since client
// events wait in a pending log until they are built, that every reader
// sees every event recorded before it read, in the order of recording.
#include "core/timeline/timeline.h"

#include <gtest/gtest.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/client/chat_client.h"
#include "core/client/event_reporter.h"
#include "core/client/upload_client.h"
#include "core/timeline/name.h"
#include "tests/support/process_stats.h"
#include "tests/support/test_server.h"

namespace brew {
namespace {

using namespace std::chrono_literals;
using testing::TestServer;

std::vector<TimelineEvent> OfKind(const std::vector<TimelineEvent>& events, const char* kind) {
  std::vector<TimelineEvent> out;
  for (const TimelineEvent& e : events) {
    if (e.kind == kind) out.push_back(e);
  }
  return out;
}

TEST(Name, EqualTextIsEqualName) {
  const std::string send = "send";
  EXPECT_EQ(Name("send"), Name(send));
  EXPECT_EQ(Name("send"), Name(std::string_view("send")));
  EXPECT_NE(Name("send"), Name("recv"));
  EXPECT_EQ(Name("send"), "send");
  EXPECT_EQ("send", Name("send"));
  EXPECT_EQ(Name("send"), send);
  EXPECT_NE(Name("send"), "sen");
  EXPECT_EQ(Name("send").str(), "send");
}

TEST(Name, EmptyIsTheDefault) {
  EXPECT_TRUE(Name().empty());
  EXPECT_EQ(Name(), Name(""));
  EXPECT_EQ(Name(), "");
  EXPECT_EQ(Name().str(), "");
  EXPECT_FALSE(Name("x").empty());
}

TEST(Name, ThreadsMakingTheSameNamesGetTheSameNames) {
  constexpr int kThreads = 8;
  std::vector<std::vector<Name>> made(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&made, t] {
      for (int i = 0; i < 200; ++i) made[t].push_back(Name("stream-" + std::to_string(i)));
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 1; t < kThreads; ++t) EXPECT_EQ(made[t], made[0]) << "thread " << t;
  EXPECT_EQ(made[0][7], "stream-7");
}

// The clients describe messages into one reused string per direction: each
// event's text must still be exactly its own message, whether longer or
// shorter than the one before.
TEST(TimelineRecording, EveryUploadRecordIsDescribedExactly) {
  TestServer ts;
  Timeline timeline;
  UploadOptions options;
  options.count = 12;  // amounts 100 .. 1200: the text grows by a digit
  options.bad = 2;     // two records of 0 cents: shorter texts first
  UploadResult result = RunUpload(ts.stub(), options, timeline.ObserverFor("import"));
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();

  const std::vector<TimelineEvent> sends = OfKind(timeline.Events(), "send");
  ASSERT_EQ(sends.size(), 12u);
  for (int i = 0; i < 12; ++i) {
    const std::string cents = i < 2 ? "0" : std::to_string(UploadAmountCents(i));
    EXPECT_EQ(std::string(sends[i].text),
              "customer_id=" + options.customer_id + " amount_cents=" + cents);
    EXPECT_EQ(sends[i].n, i + 1);
    EXPECT_EQ(sends[i].source, "client");
    EXPECT_EQ(sends[i].stream, "import");
  }
  const std::vector<TimelineEvent> done = OfKind(timeline.Events(), "done");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, "OK");
  EXPECT_EQ(std::string(done[0].text), "received=12 accepted=10 rejected=2 total_cents=" +
                                           std::to_string(ExpectedUploadTotalCents(12, 2)));
}

TEST(TimelineRecording, EveryPingAndEchoIsRecordedExactly) {
  ServerConfig config;
  config.echo_delay = Duration::zero();
  TestServer ts(config);
  Timeline timeline;
  ChatOptions options;
  options.count = 11;  // "ping 9" then "ping 10": longer; the echoes likewise
  options.interval = 1ms;
  ChatResult result = RunChat(ts.stub(), options, timeline.ObserverFor("chat"));
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();

  const std::vector<TimelineEvent> events = timeline.Events();
  const std::vector<TimelineEvent> sends = OfKind(events, "send");
  const std::vector<TimelineEvent> recvs = OfKind(events, "recv");
  ASSERT_EQ(sends.size(), 11u);
  ASSERT_EQ(recvs.size(), 11u);
  for (int i = 0; i < 11; ++i) {
    EXPECT_EQ(std::string(sends[i].text), "ping " + std::to_string(i + 1));
    EXPECT_EQ(std::string(recvs[i].text), "echo: ping " + std::to_string(i + 1));
  }
}

// The texts of a Timeline's own events live in its arena; the copies it
// hands out own theirs and outlive it (ASan would report a read of freed
// memory here if they did not).
TEST(TimelineRecording, EventsOutliveTheirTimeline) {
  TestServer ts;
  std::vector<TimelineEvent> events;
  {
    auto timeline = std::make_unique<Timeline>();
    LogRecord line;
    line.message = "a server line too long for a std::string's inline buffer";
    line.mono_time = timeline->start();
    timeline->ServerLogSink()(line);
    UploadOptions options;
    options.count = 3;
    ASSERT_TRUE(RunUpload(ts.stub(), options, timeline->ObserverFor("import")).status.ok());
    events = timeline->Events();
  }
  const std::vector<TimelineEvent> sends = OfKind(events, "send");
  ASSERT_EQ(sends.size(), 3u);
  EXPECT_EQ(sends[2].text, "customer_id=cust-import amount_cents=300");
  const std::vector<TimelineEvent> logs = OfKind(events, "log");
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0].text, "a server line too long for a std::string's inline buffer");
  EXPECT_EQ(logs[0].source, "server");
  EXPECT_EQ(logs[0].level, "INFO");
  std::vector<TimelineEvent> copy = events;  // copies of copies too
  EXPECT_EQ(OfKind(copy, "send")[0].text, "customer_id=cust-import amount_cents=100");
}

ClientEvent EventAt(EventKind kind, std::chrono::steady_clock::time_point time) {
  ClientEvent ev;
  ev.kind = kind;
  ev.time = time;
  return ev;
}

ClientEvent SendAt(std::chrono::steady_clock::time_point time, int n) {
  ClientEvent ev = EventAt(EventKind::kSend, time);
  ev.n = n;
  ev.text = "customer_id=cust-import amount_cents=" + std::to_string(100 * n);
  return ev;
}

// A listener that notes each event it hears as its kind and n: "send1",
// "done0". (It runs under the timeline's lock, one call at a time.)
std::function<void(const TimelineEvent&)> NoteInto(std::vector<std::string>* heard) {
  return [heard](const TimelineEvent& e) { heard->push_back(e.kind.str() + std::to_string(e.n)); };
}

LogRecord LineAt(std::chrono::steady_clock::time_point time, const std::string& message) {
  LogRecord line;
  line.message = message;
  line.mono_time = time;
  return line;
}

// Client events wait in the pending log while a server line is recorded
// at once; at equal times the events still come out in the order they
// were recorded (a server line after the client events recorded before
// it, not ahead of them).
TEST(TimelineRecording, EqualTimesKeepTheOrderOfRecording) {
  Timeline timeline;
  const ClientObserver observer = timeline.ObserverFor("import");
  const auto t = timeline.start() + 5ms;
  observer(SendAt(t, 1));
  timeline.ServerLogSink()(LineAt(t, "upload started"));
  observer(SendAt(t, 2));
  const std::vector<TimelineEvent> events = timeline.Events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, "send");
  EXPECT_EQ(events[0].n, 1);
  EXPECT_EQ(events[1].text, "upload started");
  EXPECT_EQ(events[2].kind, "send");
  EXPECT_EQ(events[2].n, 2);
  EXPECT_LT(events[0].seq, events[1].seq);
  EXPECT_LT(events[1].seq, events[2].seq);
}

// A listener is given a stream's start and end before the observer call
// returns, with the messages recorded before them; messages on their own
// wait for the builder (or a reader).
TEST(TimelineRecording, AListenerHearsStartsAndEndsAtOnceMessagesInOrder) {
  Timeline timeline;
  std::vector<std::string> heard;
  timeline.SetListener(NoteInto(&heard));
  const ClientObserver observer = timeline.ObserverFor("import");
  observer(EventAt(EventKind::kStart, std::chrono::steady_clock::now()));
  EXPECT_EQ(heard, std::vector<std::string>{"start0"});
  observer(SendAt(std::chrono::steady_clock::now(), 1));
  observer(SendAt(std::chrono::steady_clock::now(), 2));
  observer(EventAt(EventKind::kDone, std::chrono::steady_clock::now()));
  EXPECT_EQ(heard, (std::vector<std::string>{"start0", "send1", "send2", "done0"}));
  timeline.SetListener(nullptr);
}

// Runs `body` with this thread allowed on one CPU only (the first it may
// use now), then puts its CPUs back.
template <typename Body>
void OnOneCpu(Body body) {
  cpu_set_t before;
  ASSERT_EQ(sched_getaffinity(0, sizeof before, &before), 0);
  cpu_set_t one;
  CPU_ZERO(&one);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &before)) {
      CPU_SET(cpu, &one);
      break;
    }
  }
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);
  body();
  ASSERT_EQ(sched_setaffinity(0, sizeof before, &before), 0);
}

// The builder thread is there to use a spare CPU: with one CPU there is
// none, and no builder is started.
TEST(TimelineBuilder, RunsOnlyWithASpareCpu) {
  cpu_set_t cpus;
  ASSERT_EQ(sched_getaffinity(0, sizeof cpus, &cpus), 0);
  if (CPU_COUNT(&cpus) < 2) GTEST_SKIP() << "needs two CPUs";
  // Some runtimes (TSan's) start a thread of their own with the first
  // thread a program starts: start one first, so it is in the baseline.
  std::thread([] {}).join();
  const int threads = testing::ThreadCount();
  OnOneCpu([&] {
    Timeline timeline;
    EXPECT_EQ(testing::ThreadCount(), threads);
  });
  Timeline timeline;
  EXPECT_EQ(testing::ThreadCount(), threads + 1);
}

// With one CPU (no builder) nothing is lost: a read builds what is
// pending, and a listener hears the messages with the next end.
TEST(TimelineBuilder, OnOneCpuReadersBuild) {
  OnOneCpu([] {
    Timeline timeline;
    std::vector<std::string> heard;
    timeline.SetListener(NoteInto(&heard));
    const ClientObserver observer = timeline.ObserverFor("import");
    observer(SendAt(std::chrono::steady_clock::now(), 1));
    observer(SendAt(std::chrono::steady_clock::now(), 2));
    observer(EventAt(EventKind::kDone, std::chrono::steady_clock::now()));
    EXPECT_EQ(heard, (std::vector<std::string>{"send1", "send2", "done0"}));
    timeline.SetListener(nullptr);
    observer(SendAt(std::chrono::steady_clock::now(), 3));
    EXPECT_EQ(timeline.Events().size(), 4u);
  });
}

// Threads record while the builder builds and a reader reads: every event
// is built exactly once, each stream's in order.
TEST(TimelineRecording, EveryEventIsBuiltOnceWhileThreadsRecordAndRead) {
  Timeline timeline;
  constexpr int kStreams = 4;
  constexpr int kEvents = 5000;
  std::atomic<bool> recording{true};
  std::thread reader([&] {
    while (recording) {
      (void)timeline.Events();
      std::this_thread::sleep_for(1ms);
    }
  });
  std::vector<std::thread> recorders;
  for (int s = 0; s < kStreams; ++s) {
    recorders.emplace_back([&timeline, s] {
      const ClientObserver observer = timeline.ObserverFor("stream-" + std::to_string(s));
      for (int n = 1; n <= kEvents; ++n) observer(SendAt(std::chrono::steady_clock::now(), n));
    });
  }
  for (std::thread& t : recorders) t.join();
  recording = false;
  reader.join();

  const std::vector<TimelineEvent> events = timeline.Events();
  ASSERT_EQ(events.size(), static_cast<size_t>(kStreams * kEvents));
  std::vector<int> last(kStreams, 0);
  std::set<long> seqs;
  for (const TimelineEvent& e : events) {
    const int s = std::stoi(e.stream.str().substr(std::string("stream-").size()));
    EXPECT_EQ(e.n, last[s] + 1) << e.stream;
    last[s] = e.n;
    EXPECT_EQ(std::string_view(e.text),
              "customer_id=cust-import amount_cents=" + std::to_string(100 * e.n));
    seqs.insert(e.seq);
  }
  EXPECT_EQ(seqs.size(), events.size());
}

// A waiter whose condition is made true by the last client event sees it
// (from the pending log) without waiting for its deadline.
TEST(TimelineWait, SeesTheLastClientEventAtOnce) {
  Timeline timeline;
  const ClientObserver observer = timeline.ObserverFor("import");
  std::thread recorder([&] {
    std::this_thread::sleep_for(20ms);
    observer(EventAt(EventKind::kDone, std::chrono::steady_clock::now()));
  });
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  const bool held = timeline.WaitUntil(
      [](const std::vector<TimelineEvent>& events) { return !OfKind(events, "done").empty(); },
      deadline);
  // Woken by the event: far from the deadline (a lost wake-up would have
  // slept until it).
  const bool before_deadline = std::chrono::steady_clock::now() < deadline - 30s;
  recorder.join();
  EXPECT_TRUE(held);
  EXPECT_TRUE(before_deadline);
}

// A waiter's condition looks at every event, so it is checked at most once
// per kRecheckEvery however fast events come; it still sees them all.
TEST(TimelineWait, ChecksArePacedAndSeeEveryEvent) {
  Timeline timeline;
  const ClientObserver observer = timeline.ObserverFor("import");
  constexpr int kEvents = 20000;
  std::thread recorder([&] {
    ClientEvent ev;
    ev.kind = EventKind::kSend;
    ev.text = "customer_id=cust-import amount_cents=100";
    for (int i = 1; i <= kEvents; ++i) {
      ev.n = i;
      ev.time = std::chrono::steady_clock::now();
      observer(ev);
    }
  });
  int checks = 0;
  const auto started = std::chrono::steady_clock::now();
  const bool held = timeline.WaitUntil(
      [&](const std::vector<TimelineEvent>& events) {
        ++checks;
        return static_cast<int>(events.size()) == kEvents;
      },
      std::chrono::steady_clock::now() + 60s);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  recorder.join();
  EXPECT_TRUE(held);
  // Each check after the first comes at least kRecheckEvery after the one
  // before it (plus one for the final check at a deadline, not reached).
  const auto most = 2 + elapsed / Timeline::kRecheckEvery;
  EXPECT_LE(checks, most) << "in " << std::chrono::duration<double, std::milli>(elapsed).count()
                          << " ms";
}

TEST(TimelineWait, WakeRechecksAnOutsideCondition) {
  Timeline timeline;
  std::atomic<bool> ready{false};
  std::thread setter([&] {
    std::this_thread::sleep_for(20ms);
    ready = true;
    timeline.Wake();
  });
  EXPECT_TRUE(timeline.WaitUntil([&](const std::vector<TimelineEvent>&) { return ready.load(); },
                                 std::chrono::steady_clock::now() + 60s));
  setter.join();
}

TEST(TimelineWait, AConditionThatNeverHoldsEndsAtTheDeadline) {
  Timeline timeline;
  int checks = 0;
  EXPECT_FALSE(timeline.WaitUntil(
      [&](const std::vector<TimelineEvent>&) {
        ++checks;
        return false;
      },
      std::chrono::steady_clock::now() + 50ms));
  EXPECT_GE(checks, 2);  // at the start and at the deadline
}

// With no observer, a client formats nothing: describing is recording's
// cost, not the upload's.
TEST(EventReporter, DescribesOnlyWhenObserved) {
  int described = 0;
  const auto describe = [&described](std::string* text) {
    ++described;
    *text = "ping";
  };
  const ClientObserver none;
  EventReporter unobserved(none);
  EXPECT_EQ(unobserved.Sent(describe), 1);
  EXPECT_EQ(unobserved.Received(describe), 1);
  EXPECT_EQ(described, 0);

  std::vector<std::string> texts;
  const ClientObserver observer = [&texts](const ClientEvent& ev) { texts.push_back(ev.text); };
  EventReporter observed(observer);
  EXPECT_EQ(observed.Sent(describe), 1);
  EXPECT_EQ(observed.Sent(describe), 2);
  EXPECT_EQ(described, 2);
  EXPECT_EQ(texts, (std::vector<std::string>{"ping", "ping"}));
}

}  // namespace
}  // namespace brew
