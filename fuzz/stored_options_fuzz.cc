// libFuzzer target: the setup options a cloud record stores as JSON, read back the way the
// store reads them (a corrupt text is discarded, not thrown). Whatever parses must validate
// without crashing and survive a round trip through SetupOptionsToJson unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "cloud/plan/setup_options.h"

using namespace raycloud::cloud;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto stored = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (stored.is_discarded()) return 0;
  auto options = SetupOptionsFromJson(stored);
  if (!options) return 0;
  (void)ValidateSetupOptions(*options);
  auto again = SetupOptionsFromJson(SetupOptionsToJson(*options));
  if (!again || *again != *options) std::abort();
  return 0;
}
