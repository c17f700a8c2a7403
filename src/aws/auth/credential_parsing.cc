#include "aws/auth/credential_parsing.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aws/auth/iso8601.h"

namespace raycloud::aws::internal {
namespace {

std::optional<std::string> StringField(const nlohmann::json& document, std::string_view key) {
  auto it = document.find(key);
  if (it == document.end() || !it->is_string()) return std::nullopt;
  std::string value = it->get<std::string>();
  if (value.empty()) return std::nullopt;
  return value;
}

}  // namespace

Result<Credentials> ParseJsonCredentials(std::string_view body, std::string_view token_field,
                                         const std::string& what) {
  // No exceptions: a parse failure is a discarded value. The body is never quoted in errors
  // since it holds the secret.
  nlohmann::json document = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return Fail(Error::Invalid(what + " did not return a JSON object"));
  }
  Credentials credentials;
  auto access_key = StringField(document, "AccessKeyId");
  if (!access_key) return Fail(Error::Invalid(what + " returned no AccessKeyId"));
  auto secret = StringField(document, "SecretAccessKey");
  if (!secret) return Fail(Error::Invalid(what + " returned no SecretAccessKey"));
  credentials.access_key_id = *access_key;
  credentials.secret_access_key = *secret;
  credentials.session_token = StringField(document, token_field).value_or("");
  if (auto expiration = StringField(document, "Expiration")) {
    credentials.expiration = ParseIso8601(*expiration);
    if (!credentials.expiration) {
      return Fail(Error::Invalid(what + " returned an Expiration that is not an ISO 8601 time"));
    }
  }
  return credentials;
}

bool HasStaticCredentials(const ProfileValues& values) {
  return values.contains("aws_access_key_id") || values.contains("aws_secret_access_key");
}

std::optional<std::string> ProfileValue(const ProfileValues& values, const std::string& key) {
  auto it = values.find(key);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

Result<std::optional<Credentials>> StaticCredentialsFrom(const ProfileValues& values,
                                                         const std::string& profile,
                                                         const std::string& where) {
  if (!HasStaticCredentials(values)) return std::optional<Credentials>();
  auto access_key = ProfileValue(values, "aws_access_key_id");
  auto secret = ProfileValue(values, "aws_secret_access_key");
  if (!access_key || !secret) {
    return Fail(Error::Invalid("partial credentials in " + where + ": " +
                               (access_key ? "aws_secret_access_key" : "aws_access_key_id") +
                               " is missing"));
  }
  Credentials credentials;
  credentials.access_key_id = *access_key;
  credentials.secret_access_key = *secret;
  credentials.session_token =
      ProfileValue(values, "aws_session_token")
          .value_or(ProfileValue(values, "aws_security_token").value_or(""));
  credentials.source = "profile:" + profile;
  return std::optional<Credentials>(std::move(credentials));
}

Result<std::string> ReadSmallFile(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::Io("cannot read " + std::string(what) + " " + path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace raycloud::aws::internal
