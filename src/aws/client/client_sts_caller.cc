#include "aws/client/client_sts_caller.h"

#include "aws/auth/iso8601.h"

namespace raycloud::aws {

using json = nlohmann::json;

Result<Credentials> CredentialsFromStsOutput(const json& output) {
  const json* creds = output.contains("Credentials") ? &output["Credentials"] : nullptr;
  if (creds == nullptr || !creds->is_object() || !creds->contains("AccessKeyId") ||
      !creds->contains("SecretAccessKey")) {
    return Fail(Error::Internal("STS answered without credentials"));
  }
  Credentials credentials;
  credentials.access_key_id = creds->value("AccessKeyId", "");
  credentials.secret_access_key = creds->value("SecretAccessKey", "");
  credentials.session_token = creds->value("SessionToken", "");
  if (creds->contains("Expiration")) {
    const json& expiration = (*creds)["Expiration"];
    if (expiration.is_string()) {
      credentials.expiration = ParseIso8601(expiration.get<std::string>());
    } else if (expiration.is_number()) {
      credentials.expiration = Clock::TimePoint(
          std::chrono::milliseconds(static_cast<int64_t>(expiration.get<double>() * 1000)));
    }
  }
  if (!credentials.expiration) return Fail(Error::Internal("STS answered without an expiration"));
  return credentials;
}

Result<Credentials> ClientStsCaller::CallSts(const Credentials& signer, std::string_view operation,
                                             const json& params, bool unsigned_request) {
  ClientConfig config = base_;
  config.credentials = std::make_shared<StaticCredentialsProvider>(signer);
  auto client = AwsClient::Create(std::move(config));
  if (!client) return Fail(client.error());
  auto output = (*client)->Call("sts", operation, params, {.unsigned_request = unsigned_request});
  if (!output) return Fail(output.error());
  return CredentialsFromStsOutput(*output);
}

Result<Credentials> ClientStsCaller::AssumeRole(const Credentials& source,
                                                const std::string& role_arn,
                                                const std::string& session_name,
                                                const std::optional<std::string>& external_id,
                                                std::optional<std::chrono::seconds> duration) {
  json params = {{"RoleArn", role_arn}, {"RoleSessionName", session_name}};
  if (external_id) params["ExternalId"] = *external_id;
  if (duration) params["DurationSeconds"] = duration->count();
  return CallSts(source, "AssumeRole", params, false);
}

Result<Credentials> ClientStsCaller::AssumeRoleWithWebIdentity(const std::string& role_arn,
                                                               const std::string& session_name,
                                                               const std::string& token) {
  json params = {{"RoleArn", role_arn}, {"RoleSessionName", session_name},
                 {"WebIdentityToken", token}};
  return CallSts(Credentials{}, "AssumeRoleWithWebIdentity", params, true);
}

}  // namespace raycloud::aws
