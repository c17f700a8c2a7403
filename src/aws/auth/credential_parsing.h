#pragma once

// Helpers shared by the credential sources (not part of the public API).

#include <optional>
#include <string>
#include <string_view>

#include "aws/auth/credentials.h"
#include "aws/auth/profile_config.h"
#include "common/error.h"

namespace raycloud::aws::internal {

/// Credentials from a JSON document with AccessKeyId, SecretAccessKey, `token_field` and an
/// optional ISO 8601 Expiration. Errors name `what` and the bad field, never a value.
Result<Credentials> ParseJsonCredentials(std::string_view body, std::string_view token_field,
                                         const std::string& what);

/// True when a profile holds aws_access_key_id or aws_secret_access_key.
bool HasStaticCredentials(const ProfileValues& values);

/// The static keys of a profile section; nullopt without them, an error when only one of the
/// pair is there. `where` names the file and profile for messages.
Result<std::optional<Credentials>> StaticCredentialsFrom(const ProfileValues& values,
                                                         const std::string& profile,
                                                         const std::string& where);

/// The whole content of a small file (a token), or an error naming the path.
Result<std::string> ReadSmallFile(const std::string& path, std::string_view what);

/// A value of the profile (or nullopt), empty values counting as unset.
std::optional<std::string> ProfileValue(const ProfileValues& values, const std::string& key);

}  // namespace raycloud::aws::internal
