// The lesson's contract: what every correct implementation of the lesson's
// server does, whatever its language, so graders may require it of any.
// Anything brewlab's server does beyond it is an extension (Extension in
// scenario.h), and a scenario that relies on one says so in its needs.
//
// The lesson's log lines, message and keys (values vary):
//   streaming-server started addr=:50052 tick=1s echo_delay=200ms
//   subscribe started customer_id="" limit=5
//   subscribe ended: limit reached sent=5
//   subscribe ended: client gone sent=3 err="context canceled"
//   subscribe send failed sent=3 err=...                      (WARN)
//   upload ended received=20 accepted=17 rejected=3
//   chat ended: client closed send
// Lines brewlab's server adds -- "upload started", "chat started",
// "... ended: client gone" for upload and chat, "... ended: server
// stopping", "streaming-server stopped" -- and keys it adds (total_cents)
// are extensions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runner/scenario/scenario.h"

namespace brew::lab {

struct LessonLine {
  const char* message;
  std::vector<const char*> keys;
};

// The lines above, in that order.
const std::vector<LessonLine>& LessonLines();

// Why a pattern on the server's log relies on brewlab's own lines, e.g.
// "the log line \"upload started\"" or "the key total_cents on \"upload
// ended\""; nullopt when a line of the lesson can match it. A regex is
// judged by its literal start (its message, and any key=); a regex that
// starts with anything else is taken to be the lesson's.
std::optional<std::string> BrewlabLogNeed(const LogPattern& pattern);

// Adds to `scenario->needs` what its steps, server settings and log
// patterns need (one Need per extension and reason).
void AddFoundNeeds(Scenario* scenario);

}  // namespace brew::lab
