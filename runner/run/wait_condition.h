// WaitCondition: what a `wait` step waits for, as an object that says
// whether it holds on the timeline's events and describes itself, with how
// far the run got ("stream chat to receive 5 messages (it received 3)").
// The executor waits on one (Timeline::WaitUntil) and, when its timeout
// passes, fails with its description.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/timeline/timeline.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

class WaitCondition {
 public:
  virtual ~WaitCondition() = default;

  virtual bool Holds(const std::vector<TimelineEvent>& events) const = 0;
  // What it waits for, and what `events` show of it so far.
  virtual std::string Describe(const std::vector<TimelineEvent>& events) const = 0;
};

// The condition of `wait` (received, sent, done, or log lines); nullptr
// for a wait of a duration, which is a pause, not a condition. `streams`:
// the scenario's, for the client lines of a log wait; the condition keeps
// a reference, so they outlive it.
std::unique_ptr<WaitCondition> MakeWaitCondition(const WaitStep& wait,
                                                 const std::vector<StreamDecl>& streams);

}  // namespace brew::lab
