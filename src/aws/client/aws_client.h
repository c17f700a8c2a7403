#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "aws/auth/credentials.h"
#include "aws/auth/sigv4_signer.h"
#include "aws/aws_error.h"
#include "aws/http/http_transport.h"
#include "aws/retry/retry_config.h"
#include "common/clock.h"
#include "common/error.h"
#include "common/random.h"

namespace raycloud::aws {

/// Everything a client needs; built by MakeClientConfig (client_config.h) from flags,
/// environment and profile, or by hand in tests.
struct ClientConfig {
  std::string region;
  /// --endpoint-url (wins over AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL in `env`).
  std::optional<std::string> endpoint_url;
  /// The profile's endpoint for a service id (its `services` block or `endpoint_url`),
  /// consulted when neither the flag nor the environment names one.
  std::function<std::optional<std::string>(std::string_view service_id)> profile_endpoint;
  /// Environment lookup (endpoint variables, FIPS/dual-stack switches).
  std::function<std::optional<std::string>(std::string_view)> env;
  std::shared_ptr<CredentialsProvider> credentials;
  std::shared_ptr<HttpTransport> transport;
  RetryConfig retry;
  Clock* clock = &SystemClock::Instance();
  std::shared_ptr<Random> random;
  std::chrono::milliseconds request_timeout{60000};
};

/// Options of one call.
struct CallOptions {
  /// Extra retryable AWS codes for this call (IAM propagation: "InvalidParameterValue" on
  /// RunInstances right after the instance profile was created, ...).
  std::vector<std::string> retry_codes;
  /// Overrides the attempt count for this call (0: the client's setting).
  int max_attempts = 0;
  /// Send to this region instead of the client's (the Pricing API lives in us-east-1).
  std::string region;
  /// Send without a signature (sts:AssumeRoleWithWebIdentity, whose model says auth none).
  bool unsigned_request = false;
};

/// The AWS client: serialises with the service's botocore model, resolves the endpoint,
/// signs with SigV4, sends, retries per the configured mode and parses the answer.
/// Thread-safe; share one per process.
class AwsClient {
 public:
  static Result<std::unique_ptr<AwsClient>> Create(ClientConfig config);
  ~AwsClient();

  /// Calls `operation` of `service` (botocore service name, e.g. "ec2", "s3", "memorydb")
  /// with `params` keyed by the input shape's member names; returns the output shape as
  /// JSON keyed by member names. AWS errors come back as Error{kind kAws} whose details
  /// hold service, operation, aws_code, http_status and request_id.
  Result<nlohmann::json> Call(std::string_view service, std::string_view operation,
                              const nlohmann::json& params = nlohmann::json::object(),
                              const CallOptions& options = {});

  /// Calls a paginated operation until the last page and returns the first page's output
  /// with every result key concatenated across pages. Non-paginated: one call.
  Result<nlohmann::json> CallAll(std::string_view service, std::string_view operation,
                                 const nlohmann::json& params = nlohmann::json::object(),
                                 const CallOptions& options = {});

  /// Polls with the botocore waiter `waiter` (e.g. "NatGatewayAvailable") until it
  /// succeeds, fails, or `timeout` passes (kind kTimeout). The waiter's delay is the
  /// starting poll interval; it backs off up to `max_delay`.
  Status Wait(std::string_view service, std::string_view waiter, const nlohmann::json& params,
              std::chrono::milliseconds timeout,
              std::chrono::milliseconds max_delay = std::chrono::seconds(30));

  const std::string& region() const;
  /// The credentials every call signs with (resolving them now).
  Result<Credentials> ResolveCredentials();
  /// Number of HTTP requests sent so far (attempts, not calls).
  uint64_t requests_sent() const;

 private:
  struct Impl;
  explicit AwsClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace raycloud::aws
