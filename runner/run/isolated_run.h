// Runs each scenario in its own child process, so a handler that crashes,
// aborts, deadlocks or spins fails that scenario alone, with the cause
// named ("crashed: SIGSEGV", "timed out after 10s waiting for stream chat
// to end"), and the run goes on.
//
// The child is labrun itself (`labrun --child-run FILE ...`): it runs the
// scenario in-process as usual and reports to the parent over a pipe on its
// fd 3, one JSON object per line, as things happen:
//
//   {"type":"event", ...}     every timeline event (report format)
//   {"type":"waiting","what": "stream chat to end (step 2 ...)"}
//   {"type":"result", ...}    the finished ScenarioResult (last)
//
// so whatever happens to the child, the parent has the timeline up to that
// moment. The parent gives the child the scenario's timeout plus
// kChildGrace, then kills its whole process group.
#pragma once

#include <string>
#include <vector>

#include "runner/result/result.h"
#include "runner/run/executor.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

inline constexpr Duration kChildGrace = std::chrono::seconds(2);

// Parent side: runs `scenario` by starting `child_argv` (labrun --child-run
// FILE with the run's flags) and collecting what it reports.
ScenarioResult RunIsolated(const Scenario& scenario, const RunOptions& options,
                           const std::vector<std::string>& child_argv);

// Child side: runs `scenario` in this process, reporting on `fd`; returns
// the process exit code.
int RunAsChild(const Scenario& scenario, RunOptions options, int fd);

}  // namespace brew::lab
