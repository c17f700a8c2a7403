#pragma once

#include <gtest/gtest.h>

#include "auth_test_util.h"
#include "aws/auth/credential_sources.h"
#include "aws/auth/credentials_chain.h"

namespace raycloud::aws::auth_testing {

/// A home directory, environment, clock, STS, HTTP endpoints and shell for one test.
class ChainTest : public testing::Test {
 protected:
  ChainTest() : clock_(TestEpoch()), sts_(std::make_shared<FakeSts>(clock_)) {}

  Result<std::unique_ptr<DefaultCredentialsChain>> MakeChain(
      std::optional<std::string> profile = std::nullopt) {
    CredentialsChainOptions options;
    options.env = env_.Lookup();
    options.home_dir = home_.path().string();
    options.profile = std::move(profile);
    options.clock = &clock_;
    options.http = http_;
    options.sts = sts_;
    return DefaultCredentialsChain::Create(std::move(options));
  }

  /// Resolves once with a fresh chain; fails the test on an error.
  Credentials ResolveOk(std::optional<std::string> profile = std::nullopt) {
    auto chain = MakeChain(std::move(profile));
    EXPECT_TRUE(chain.has_value()) << (chain ? "" : chain.error().message);
    if (!chain) return {};
    auto credentials = (*chain)->Resolve();
    EXPECT_TRUE(credentials.has_value()) << (credentials ? "" : credentials.error().message);
    return credentials ? *credentials : Credentials{};
  }

  /// The error of resolving with a fresh chain (Create's error if it fails first).
  Error ResolveError(std::optional<std::string> profile = std::nullopt) {
    auto chain = MakeChain(std::move(profile));
    if (!chain) return chain.error();
    auto credentials = (*chain)->Resolve();
    EXPECT_FALSE(credentials.has_value()) << "resolved from " << credentials->source;
    return credentials ? Error{} : credentials.error();
  }

  /// The context a single source needs, with the shared files as they are now.
  CredentialsContext Context() {
    auto shared = SharedConfig::Load(env_.Lookup(), home_.path().string());
    EXPECT_TRUE(shared.has_value());
    return CredentialsContext{
        env_.Lookup(), home_.path().string(),
        &clock_,       std::make_shared<const SharedConfig>(shared ? *shared : SharedConfig()),
        http_,         std::make_shared<ShellProcessRunner>(),
        sts_};
  }

  void WriteConfig(const std::string& text) { home_.Write(".aws/config", text); }
  void WriteCredentials(const std::string& text) { home_.Write(".aws/credentials", text); }

  TempDir home_;
  FakeEnv env_;
  FakeClock clock_;
  std::shared_ptr<FakeSts> sts_;
  std::shared_ptr<FakeHttp> http_ = std::make_shared<FakeHttp>();
};

/// Fails the test when `text` contains any of `secrets`.
inline void ExpectNoSecret(const std::string& text, std::initializer_list<std::string> secrets) {
  for (const std::string& secret : secrets) {
    EXPECT_EQ(text.find(secret), std::string::npos) << "secret '" << secret << "' leaked: " << text;
  }
}

}  // namespace raycloud::aws::auth_testing
