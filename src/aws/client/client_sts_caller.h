#pragma once

#include "aws/auth/sts_caller.h"
#include "aws/client/aws_client.h"

namespace raycloud::aws {

/// The credential chain's STS seam, implemented with AwsClient: each call runs on a client
/// that signs with the source credentials (or not at all, for web identity).
class ClientStsCaller final : public StsCaller {
 public:
  /// `base` supplies region, endpoints, transport, retry and clock; its credentials are
  /// replaced per call.
  explicit ClientStsCaller(ClientConfig base) : base_(std::move(base)) {}

  Result<Credentials> AssumeRole(const Credentials& source, const std::string& role_arn,
                                 const std::string& session_name,
                                 const std::optional<std::string>& external_id,
                                 std::optional<std::chrono::seconds> duration) override;
  Result<Credentials> AssumeRoleWithWebIdentity(const std::string& role_arn,
                                                const std::string& session_name,
                                                const std::string& token) override;

 private:
  Result<Credentials> CallSts(const Credentials& signer, std::string_view operation,
                              const nlohmann::json& params, bool unsigned_request);
  ClientConfig base_;
};

/// Reads the `Credentials` member of an AssumeRole* output.
Result<Credentials> CredentialsFromStsOutput(const nlohmann::json& output);

}  // namespace raycloud::aws
