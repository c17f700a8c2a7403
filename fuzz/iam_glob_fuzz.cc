// libFuzzer target: the wildcard matcher against a straightforward dynamic-programming
// reference. Input: pattern, a NUL byte, text. Mismatches abort; time stays linear-ish.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "iam/glob.h"

namespace {

bool Reference(std::string_view pattern, std::string_view text) {
  std::vector<std::vector<bool>> dp(pattern.size() + 1, std::vector<bool>(text.size() + 1));
  dp[0][0] = true;
  for (size_t i = 1; i <= pattern.size(); ++i) {
    char p = pattern[i - 1];
    dp[i][0] = dp[i - 1][0] && p == '*';
    for (size_t j = 1; j <= text.size(); ++j) {
      if (p == '*') {
        dp[i][j] = dp[i - 1][j] || dp[i][j - 1];
      } else {
        dp[i][j] = dp[i - 1][j - 1] && (p == '?' || p == text[j - 1]);
      }
    }
  }
  return dp[pattern.size()][text.size()];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t split = input.find('\0');
  if (split == std::string_view::npos) return 0;
  std::string_view pattern = input.substr(0, split);
  std::string_view text = input.substr(split + 1);
  bool got = raycloud::iam::Glob::Compile(pattern).Matches(text);
  if (pattern.size() * text.size() <= 1 << 20 && got != Reference(pattern, text)) std::abort();
  return 0;
}
