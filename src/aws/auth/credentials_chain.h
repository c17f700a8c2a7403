#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "aws/auth/credential_sources.h"
#include "aws/auth/credentials.h"

namespace raycloud::aws {

/// What the default chain reads; every external thing is injected. Defaults are the real
/// environment, $HOME, the system clock and a /bin/sh process runner.
struct CredentialsChainOptions {
  EnvLookup env = SystemEnvironment();
  std::string home_dir;                // "" => HomeDirectory(env)
  std::optional<std::string> profile;  // --profile; also skips the environment keys
  Clock* clock = &SystemClock::Instance();
  std::shared_ptr<HttpTransport> http;            // container and instance metadata endpoints
  std::shared_ptr<ProcessRunner> process_runner;  // null => ShellProcessRunner
  std::shared_ptr<StsCaller> sts;                 // AssumeRole / AssumeRoleWithWebIdentity
  Clock::Duration refresh_window = CachingCredentialsProvider::kDefaultRefreshWindow;
};

/// The AWS CLI's credential chain: environment, role_arn profile (AssumeRole), web identity,
/// shared credentials file, credential_process, config file, container endpoint, EC2
/// instance metadata. The first source that has credentials is kept and its credentials are
/// cached and refreshed `refresh_window` before they expire. A source that is configured but
/// fails stops the chain with its error; when none has credentials, the error names every
/// place looked. Thread-safe.
class DefaultCredentialsChain final : public CredentialsProvider {
 public:
  /// Reads the shared config files. Fails on a malformed file, or when the profile was named
  /// (--profile, AWS_PROFILE) and exists in neither file.
  static Result<std::unique_ptr<DefaultCredentialsChain>> Create(CredentialsChainOptions options);

  Result<Credentials> Resolve() override;

  /// The places the chain looks, in order (what the "no credentials" error lists); once a
  /// source has won, the other places.
  std::vector<std::string> Places() const;

  /// The profile in effect and its settings (region, retry_mode, ...).
  const ProfileConfig& profile() const { return profile_; }

 private:
  DefaultCredentialsChain() = default;

  CredentialsChainOptions options_;
  ProfileConfig profile_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<CredentialSource>> sources_;
  std::unique_ptr<CachingCredentialsProvider> chosen_;
};

}  // namespace raycloud::aws
