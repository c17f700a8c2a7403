#pragma once

#include <string>

namespace raycloud::store {

/// The current UTC time in RFC 3339 with seconds, e.g. "2026-11-29T13:58:28Z".
std::string NowRfc3339();

}  // namespace raycloud::store
