// libFuzzer target: any bytes, as a scenario file, through the loader and
// validator. The loader must never crash, hang, leak or trip a sanitizer,
// whatever it is given: it either returns a scenario or diagnostics.
//
// Build and run: `make fuzz` (FUZZ_SECONDS=60 by default); seeds are
// scenarios/ and tests/data/{valid,invalid}/. A crash or hang it finds
// becomes a file in tests/data/invalid/ (see docs/reliability.md).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runner/scenario/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  brew::lab::LoadResult result = brew::lab::LoadScenarioText(text, "fuzz.yaml");
  // Either a scenario or at least one diagnostic, never both, never neither.
  if (result.ok() == !result.diagnostics.empty()) __builtin_trap();
  for (const brew::lab::Diagnostic& d : result.diagnostics) {
    if (d.ToString().empty()) __builtin_trap();
  }
  return 0;
}
