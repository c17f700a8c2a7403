#include "store/time_format.h"

#include <fmt/chrono.h>

#include <chrono>

namespace raycloud::store {

std::string NowRfc3339() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%FT%TZ}", now);
}

}  // namespace raycloud::store
