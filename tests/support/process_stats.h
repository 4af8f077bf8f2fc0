// Test support: what the test process itself is using, read from /proc.
#pragma once

namespace brew::testing {

// The threads of this process now (0 if /proc/self/task cannot be read).
int ThreadCount();

}  // namespace brew::testing
