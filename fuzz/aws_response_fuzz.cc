// libFuzzer target: arbitrary bytes through every protocol's response and error parsers.
#include <cstddef>
#include <cstdint>

#include "aws/protocol/fuzz_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return raycloud::aws::FuzzParseResponse(data, size);
}
