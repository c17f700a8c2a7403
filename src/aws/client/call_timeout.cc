#include "aws/client/call_timeout.h"

#include <charconv>
#include <string>

namespace raycloud::aws {

Result<std::chrono::milliseconds> ResolveCallTimeout(const EnvLookup& env) {
  auto text = NonEmptyEnv(env, kCallTimeoutVariable);
  if (!text) return std::chrono::milliseconds(60000);
  double seconds = 0;
  const char* end = text->data() + text->size();
  auto [stop, code] = std::from_chars(text->data(), end, seconds);
  if (code != std::errc() || stop != end || !(seconds >= 0.1 && seconds <= 3600)) {
    return Fail(Error::Invalid(std::string(kCallTimeoutVariable) + " must be a number of seconds " +
                               "from 0.1 to 3600, not '" + *text + "'"));
  }
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

}  // namespace raycloud::aws
