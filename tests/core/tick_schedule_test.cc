// TickSchedule's promises (tick_schedule.h), on the real schedule and its
// thread. Times are checked for order and "not before due" only, never for
// speed; every wait has a generous deadline.
#include "core/server/tick_schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>
#include <vector>

#include "core/util/mutex.h"

namespace brew {
namespace {

using namespace std::chrono_literals;
using Clock = TickSchedule::Clock;

constexpr auto kWait = 10s;  // for what is due within milliseconds

struct Answer {
  int id;
  bool fired;
  Clock::time_point at;
};

// Every answer the schedule gives, in the order it gives them.
class Answers {
 public:
  void Add(int id, bool fired) {
    MutexLock lock(&mu_);
    answers_.push_back({id, fired, Clock::now()});
    changed_.SignalAll();
  }
  // Waits for `n` answers in all; returns them all.
  std::vector<Answer> Await(size_t n) {
    MutexLock lock(&mu_);
    changed_.AwaitFor(&mu_, kWait, [&] {
      mu_.AssertHeld();
      return answers_.size() >= n;
    });
    return answers_;
  }

 private:
  Mutex mu_;
  CondVar changed_;
  std::vector<Answer> answers_ ABSL_GUARDED_BY(mu_);
};

class TestTicker final : public TickSchedule::Ticker {
 public:
  TestTicker(int id, Answers* answers) : id_(id), answers_(answers) {}
  void OnTick(bool fired) override { answers_->Add(id_, fired); }

 private:
  const int id_;
  Answers* const answers_;
};

std::vector<std::unique_ptr<TestTicker>> MakeTickers(int n, Answers* answers) {
  std::vector<std::unique_ptr<TestTicker>> tickers;
  for (int i = 0; i < n; ++i) tickers.push_back(std::make_unique<TestTicker>(i, answers));
  return tickers;
}

TEST(TickSchedule, FiresEachTickOnceInDueOrderNeverEarly) {
  Answers answers;
  auto t = MakeTickers(3, &answers);
  TickSchedule schedule;
  const Clock::time_point now = Clock::now();
  const Clock::time_point due[] = {now + 30ms, now + 10ms, now + 20ms};
  for (int i = 0; i < 3; ++i) schedule.Arm(t[static_cast<size_t>(i)].get(), due[i]);
  const std::vector<Answer> got = answers.Await(3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].id, 1);
  EXPECT_EQ(got[1].id, 2);
  EXPECT_EQ(got[2].id, 0);
  for (const Answer& a : got) {
    EXPECT_TRUE(a.fired);
    EXPECT_GE(a.at, due[a.id]) << "tick " << a.id << " fired before it was due";
  }
  schedule.Stop();
  EXPECT_EQ(answers.Await(3).size(), 3u) << "a tick was answered twice";
}

TEST(TickSchedule, TicksDueAtOneMomentFireInArmingOrder) {
  Answers answers;
  auto t = MakeTickers(50, &answers);
  TickSchedule schedule;
  const Clock::time_point due = Clock::now() + 20ms;
  // Armed in id order.
  for (auto& ticker : t) schedule.Arm(ticker.get(), due);
  const std::vector<Answer> got = answers.Await(50);
  ASSERT_EQ(got.size(), 50u);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(got[static_cast<size_t>(i)].id, i);
    EXPECT_TRUE(got[static_cast<size_t>(i)].fired);
  }
}

TEST(TickSchedule, CancelAnswersAtOnceWithFiredFalse) {
  Answers answers;
  auto t = MakeTickers(2, &answers);
  TickSchedule schedule;
  schedule.Arm(t[0].get(), Clock::now() + 1h);
  schedule.Arm(t[1].get(), Clock::now() + 1h);
  schedule.Cancel(t[1].get());
  const std::vector<Answer> got = answers.Await(1);
  ASSERT_EQ(got.size(), 1u) << "a cancelled tick an hour away must be answered now";
  EXPECT_EQ(got[0].id, 1);
  EXPECT_FALSE(got[0].fired);
  schedule.Cancel(t[1].get());  // no longer armed: nothing to answer
  schedule.Cancel(t[0].get());
  const std::vector<Answer> all = answers.Await(2);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].id, 0);
  EXPECT_FALSE(all[1].fired);
}

TEST(TickSchedule, StopAnswersEveryArmedTickAsCancelled) {
  Answers answers;
  auto t = MakeTickers(3, &answers);
  {
    TickSchedule schedule;
    for (auto& ticker : t) schedule.Arm(ticker.get(), Clock::now() + 1h);
    schedule.Stop();
    schedule.Stop();  // again: nothing more
  }
  const std::vector<Answer> got = answers.Await(3);
  ASSERT_EQ(got.size(), 3u) << "Stop returned with ticks unanswered";
  for (const Answer& a : got) EXPECT_FALSE(a.fired);
}

// A stream arms its next tick from OnTick, as SubscribeReactor does from its
// write's completion: no lock of the schedule is held there.
class Rearming final : public TickSchedule::Ticker {
 public:
  Rearming(TickSchedule* schedule, Answers* answers, int times)
      : schedule_(schedule), answers_(answers), left_(times) {}
  void OnTick(bool fired) override {
    answers_->Add(left_, fired);
    if (fired && --left_ > 0) schedule_->Arm(this, Clock::now() + 1ms);
  }

 private:
  TickSchedule* const schedule_;
  Answers* const answers_;
  int left_;  // only the schedule's thread touches it
};

TEST(TickSchedule, OnTickMayArmTheNextTick) {
  Answers answers;
  TickSchedule schedule;
  Rearming ticker(&schedule, &answers, 5);
  schedule.Arm(&ticker, Clock::now() + 1ms);
  const std::vector<Answer> got = answers.Await(5);
  schedule.Stop();  // before `ticker` goes, whatever the checks say
  ASSERT_EQ(got.size(), 5u);
  for (const Answer& a : got) EXPECT_TRUE(a.fired);
}

// Many ticks at random moments, some cancelled: each is answered exactly
// once, the fired ones in due order and never early (the heap's bookkeeping
// under removal from the middle).
TEST(TickSchedule, ManyTicksAndCancelsKeepTheHeapInOrder) {
  constexpr int kTicks = 500;
  Answers answers;
  auto t = MakeTickers(kTicks, &answers);
  std::mt19937 random(42);
  std::uniform_int_distribution<int> offset_us(20'000, 80'000);
  std::vector<Clock::time_point> due(kTicks);
  std::vector<bool> cancelled(kTicks, false);
  TickSchedule schedule;
  const Clock::time_point now = Clock::now();
  for (int i = 0; i < kTicks; ++i) {
    due[static_cast<size_t>(i)] = now + std::chrono::microseconds(offset_us(random));
    schedule.Arm(t[static_cast<size_t>(i)].get(), due[static_cast<size_t>(i)]);
  }
  for (int i = 0; i < kTicks; i += 3) {
    schedule.Cancel(t[static_cast<size_t>(i)].get());
    cancelled[static_cast<size_t>(i)] = true;
  }
  const std::vector<Answer> got = answers.Await(kTicks);
  ASSERT_EQ(got.size(), static_cast<size_t>(kTicks));
  std::vector<int> seen(kTicks, 0);
  Clock::time_point last_due = Clock::time_point::min();
  for (const Answer& a : got) {
    const size_t i = static_cast<size_t>(a.id);
    ++seen[i];
    if (!a.fired) {
      EXPECT_TRUE(cancelled[i]) << "tick " << a.id << " answered as cancelled";
      continue;
    }
    // A cancel that came after its tick was taken off the heap to fire
    // leaves it fired: allowed, and only for a tick that was due.
    EXPECT_GE(a.at, due[i]) << "tick " << a.id << " fired before it was due";
    EXPECT_GE(due[i], last_due) << "tick " << a.id << " fired out of due order";
    last_due = due[i];
  }
  for (int i = 0; i < kTicks; ++i) EXPECT_EQ(seen[static_cast<size_t>(i)], 1) << "tick " << i;
}

TEST(TickSchedule, OnGridRoundsUpToAWholeGrain) {
  const Clock::time_point whole(std::chrono::milliseconds(1'700'000'000'123));
  EXPECT_EQ(TickSchedule::OnGrid(whole), whole);
  EXPECT_EQ(TickSchedule::OnGrid(whole + 1ns), whole + 1ms);
  EXPECT_EQ(TickSchedule::OnGrid(whole + 999us), whole + 1ms);
  EXPECT_EQ(TickSchedule::OnGrid(whole - 1ns), whole);
}

}  // namespace
}  // namespace brew
