#include <gtest/gtest.h>

#include "chain_fixture.h"

namespace raycloud::aws {
namespace {

using auth_testing::ChainTest;

class WebIdentitySourceTest : public ChainTest {};

TEST_F(WebIdentitySourceTest, FromTheEnvironment) {
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", home_.Write("token", "oidc-token-1\n"));
  env_.Set("AWS_ROLE_ARN", "arn:aws:iam::1:role/web");
  env_.Set("AWS_ROLE_SESSION_NAME", "pod-1");
  Credentials credentials = ResolveOk();
  EXPECT_EQ(credentials.source, "web-identity");
  EXPECT_EQ(credentials.access_key_id, "ASIASTS1");
  ASSERT_EQ(sts_->calls.size(), 1u);
  EXPECT_EQ(sts_->calls[0].kind, "AssumeRoleWithWebIdentity");
  EXPECT_EQ(sts_->calls[0].role_arn, "arn:aws:iam::1:role/web");
  EXPECT_EQ(sts_->calls[0].session_name, "pod-1");
  EXPECT_EQ(sts_->calls[0].token, "oidc-token-1");
}

TEST_F(WebIdentitySourceTest, FromTheProfileWithHomeExpansion) {
  home_.Write("tokens/t", "oidc-from-profile");
  WriteConfig(
      "[profile ci]\nweb_identity_token_file = ~/tokens/t\n"
      "role_arn = arn:aws:iam::1:role/ci\nrole_session_name = build-7\n");
  ResolveOk(std::string("ci"));
  ASSERT_EQ(sts_->calls.size(), 1u);
  EXPECT_EQ(sts_->calls[0].token, "oidc-from-profile");
  EXPECT_EQ(sts_->calls[0].role_arn, "arn:aws:iam::1:role/ci");
  EXPECT_EQ(sts_->calls[0].session_name, "build-7");
}

TEST_F(WebIdentitySourceTest, TheEnvironmentWinsKeyByKey) {
  home_.Write("tokens/t", "oidc-from-profile");
  WriteConfig(
      "[default]\nweb_identity_token_file = ~/tokens/t\n"
      "role_arn = arn:aws:iam::1:role/profile\n");
  env_.Set("AWS_ROLE_ARN", "arn:aws:iam::1:role/env");
  ResolveOk();
  ASSERT_EQ(sts_->calls.size(), 1u);
  EXPECT_EQ(sts_->calls[0].role_arn, "arn:aws:iam::1:role/env");
  EXPECT_EQ(sts_->calls[0].token, "oidc-from-profile");
  EXPECT_TRUE(sts_->calls[0].session_name.starts_with("raycloud-session-"));
}

TEST_F(WebIdentitySourceTest, MisconfigurationIsAnError) {
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", home_.Write("token", "t"));
  EXPECT_NE(ResolveError().message.find("role_arn"), std::string::npos);
  env_.Set("AWS_ROLE_ARN", "arn:aws:iam::1:role/web");
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", (home_.path() / "absent").string());
  EXPECT_NE(ResolveError().message.find("cannot read web identity token file"), std::string::npos);
}

TEST_F(WebIdentitySourceTest, RereadsTheRotatedTokenOnRefresh) {
  std::string token = home_.Write("token", "first");
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", token);
  env_.Set("AWS_ROLE_ARN", "arn:aws:iam::1:role/web");
  auto chain = MakeChain();
  ASSERT_TRUE(chain.has_value());
  ASSERT_TRUE((*chain)->Resolve().has_value());
  home_.Write("token", "second");
  clock_.Advance(std::chrono::minutes(56));
  ASSERT_EQ((*chain)->Resolve()->access_key_id, "ASIASTS2");
  ASSERT_EQ(sts_->calls.size(), 2u);
  EXPECT_EQ(sts_->calls[1].token, "second");
}

}  // namespace
}  // namespace raycloud::aws
