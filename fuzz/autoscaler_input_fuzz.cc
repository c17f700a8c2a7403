// libFuzzer target: any bytes through the autoscaler's input parser, and every accepted input
// through the engine and the output writer. Nothing may crash, hang or trip a sanitizer.
// Build by hand while fuzz/CMakeLists.txt has no rule for it:
//   clang++-19 -std=c++2b -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
//     fuzz/autoscaler_input_fuzz.cc src/autoscaler/*.cc -o autoscaler_input_fuzz
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "autoscaler/engine.h"
#include "autoscaler/input_json.h"
#include "autoscaler/output_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto document = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return 0;
  auto input = raycloud::autoscaler::ParseInput(document);
  if (!input) return 0;
  // Keep each run small enough for the fuzzer's time budget; the limits themselves are
  // covered by the unit tests.
  input->limits.max_nodes = std::min<int64_t>(input->limits.max_nodes, 2000);
  input->limits.max_concurrent_launches =
      std::min<int64_t>(input->limits.max_concurrent_launches, 2000);
  auto decision = raycloud::autoscaler::Decide(*input);
  (void)raycloud::autoscaler::DecisionToJson(decision).dump();
  return 0;
}
