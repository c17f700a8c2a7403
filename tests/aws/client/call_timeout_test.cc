#include "aws/client/call_timeout.h"

#include <gtest/gtest.h>

#include <map>

namespace raycloud::aws {
namespace {

EnvLookup CallTimeoutEnv(std::map<std::string, std::string> values) {
  return [values](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(CallTimeoutTest, DefaultsToSixtySeconds) {
  EXPECT_EQ(ResolveCallTimeout(CallTimeoutEnv({})).value(), std::chrono::seconds(60));
  EXPECT_EQ(ResolveCallTimeout(CallTimeoutEnv({{kCallTimeoutVariable, ""}})).value(),
            std::chrono::seconds(60));
}

TEST(CallTimeoutTest, TakesFractionalSeconds) {
  EXPECT_EQ(ResolveCallTimeout(CallTimeoutEnv({{kCallTimeoutVariable, "1.5"}})).value(),
            std::chrono::milliseconds(1500));
}

TEST(CallTimeoutTest, RejectsNonsenseNamingTheVariable) {
  for (const char* bad : {"0", "-1", "abc", "5s", "99999"}) {
    auto resolved = ResolveCallTimeout(CallTimeoutEnv({{kCallTimeoutVariable, bad}}));
    ASSERT_FALSE(resolved.has_value()) << bad;
    EXPECT_EQ(resolved.error().kind, ErrorKind::kInvalidArgument) << bad;
    EXPECT_NE(resolved.error().message.find(kCallTimeoutVariable), std::string::npos);
  }
}

}  // namespace
}  // namespace raycloud::aws
