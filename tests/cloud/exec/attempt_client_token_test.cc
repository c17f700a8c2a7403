#include <gtest/gtest.h>

#include "cloud/exec/handlers/handler_support.h"

namespace raycloud::cloud::handlers {
namespace {

// A resumed setup must not send the token of the run it resumes: EC2 would answer with
// that run's resource, which a rollback may have deleted (found by the fault matrix).
TEST(AttemptClientTokenTest, DiffersFromThePlansTokenAndStaysWithinEc2sLimit) {
  const nlohmann::json properties = {{"client_token", "raycloud-0123456789abcdef"}};
  const std::string token = AttemptClientToken(properties);
  EXPECT_NE(token, "raycloud-0123456789abcdef");
  EXPECT_LE(token.size(), 64u);
  EXPECT_EQ(AttemptClientToken(properties), token) << "one process, one token per resource";
  EXPECT_NE(AttemptClientToken({{"client_token", "raycloud-other"}}), token);
}

TEST(AttemptClientTokenTest, NoneWhenThePlanHasNone) {
  EXPECT_EQ(AttemptClientToken(nlohmann::json::object()), "");
}

}  // namespace
}  // namespace raycloud::cloud::handlers
