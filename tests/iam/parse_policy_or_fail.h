#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "iam/policy_parser.h"

namespace raycloud::iam::testing {

/// The parsed policy; a test failure (and a null policy) when it does not parse.
inline PolicyPtr ParsePolicyOrFail(std::string_view text, PolicyKind kind = PolicyKind::kIdentity,
                                   std::string name = "p") {
  auto policy = ParsePolicy(text, std::move(name), kind);
  EXPECT_TRUE(policy) << policy.error().message;
  return policy ? *policy : nullptr;
}

}  // namespace raycloud::iam::testing
