#pragma once

#include <memory>
#include <optional>
#include <string>

#include "aws/auth/credentials_chain.h"
#include "aws/auth/environment.h"
#include "aws/client/aws_client.h"

namespace raycloud::aws {

/// The flags and seams that decide how raycloud talks to AWS.
struct AwsSessionOptions {
  std::optional<std::string> region;        // --region
  std::optional<std::string> profile;       // --profile
  std::optional<std::string> endpoint_url;  // --endpoint-url
  EnvLookup env = SystemEnvironment();
  std::string home_dir;                      // "" => $HOME
  std::shared_ptr<HttpTransport> transport;  // null => CurlHttpTransport (AWS_CA_BUNDLE honoured)
  Clock* clock = &SystemClock::Instance();
  /// Attempts for throttling errors when neither AWS_MAX_ATTEMPTS nor the profile's
  /// max_attempts is set (0: the SDK's default, as for every other error).
  int throttling_max_attempts = 0;
};

/// A ready client plus what was resolved on the way (for `auth whoami` and messages).
struct AwsSession {
  std::unique_ptr<AwsClient> client;
  std::shared_ptr<DefaultCredentialsChain> credentials;
  std::string region;
};

/// Resolves region, profile, retry settings, endpoints and the AWS CLI's credential chain
/// (with AssumeRole and web identity through STS) exactly as every command needs them.
Result<AwsSession> OpenAwsSession(const AwsSessionOptions& options);

}  // namespace raycloud::aws
