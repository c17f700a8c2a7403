#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "aws/auth/environment.h"
#include "common/error.h"

namespace raycloud::aws {

/// The `key = value` pairs of one section (keys lower-case; a nested block such as
/// `s3 =\n  addressing_style = path` appears as `s3.addressing_style`).
using ProfileValues = std::map<std::string, std::string>;

/// The settings of one named profile that the rest of raycloud reads (region, retries,
/// endpoints), merged from the config and credentials files.
struct ProfileConfig {
  std::string name;
  ProfileValues values;  // every key; the credentials file wins over the config file
  std::optional<std::string> region;
  std::optional<std::string> retry_mode;  // "legacy", "standard", "adaptive"
  std::optional<int> max_attempts;
  std::optional<std::string> endpoint_url;
  /// `[services NAME]` blocks referenced by the profile's `services` key, per service id
  /// (lower-case, e.g. "ec2", "s3"): {"endpoint_url": ...}.
  std::map<std::string, ProfileValues> services;

  /// The value of `key`, if set.
  std::optional<std::string> Get(std::string_view key) const;
  /// The endpoint for `service_id` from its services block, else the profile's endpoint_url.
  std::optional<std::string> EndpointUrlFor(std::string_view service_id) const;
};

/// The shared config (`~/.aws/config`, `[profile NAME]` sections) and credentials
/// (`~/.aws/credentials`, `[NAME]` sections) files, parsed the way the AWS CLI parses them.
class SharedConfig {
 public:
  /// Reads the files named by AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE (default
  /// `~/.aws/config`, `~/.aws/credentials`). A missing file is empty; a malformed one is an
  /// error naming the file and line (never its content, which may hold secrets).
  static Result<SharedConfig> Load(const EnvLookup& env, const std::string& home_dir);
  /// Parses file contents directly (paths are only used in messages).
  static Result<SharedConfig> Parse(std::string_view config_text, std::string_view credentials_text,
                                    std::string config_path = "config",
                                    std::string credentials_path = "credentials");

  /// True when either file has the profile.
  bool HasProfile(const std::string& name) const;
  /// The profile's section in the config file, or nullptr.
  const ProfileValues* ConfigProfile(const std::string& name) const;
  /// The profile's section in the credentials file, or nullptr.
  const ProfileValues* CredentialsProfile(const std::string& name) const;
  /// Both sections merged, the credentials file's values winning (empty if neither exists).
  ProfileValues Merged(const std::string& name) const;
  /// The typed settings of a profile (empty for a profile that does not exist); fails on a
  /// malformed `max_attempts`.
  Result<ProfileConfig> Profile(const std::string& name) const;

  const std::string& config_path() const { return config_path_; }
  const std::string& credentials_path() const { return credentials_path_; }

 private:
  std::string config_path_;
  std::string credentials_path_;
  std::map<std::string, ProfileValues> config_profiles_;
  std::map<std::string, ProfileValues> credentials_profiles_;
  std::map<std::string, ProfileValues> services_;  // `[services NAME]` of the config file
};

/// The profile in effect: `explicit_profile` (--profile), else AWS_PROFILE, else
/// AWS_DEFAULT_PROFILE, else "default".
std::string SelectedProfileName(const EnvLookup& env,
                                const std::optional<std::string>& explicit_profile);

/// True when the profile was named (by --profile or the environment) rather than defaulted;
/// a named profile that does not exist is an error, as in the AWS CLI.
bool ProfileWasNamed(const EnvLookup& env, const std::optional<std::string>& explicit_profile);

/// Loads the shared files and returns the selected profile's settings. A named profile that
/// exists in neither file is a kNotFound error; a missing "default" is an empty profile.
Result<ProfileConfig> LoadProfileConfig(const EnvLookup& env, const std::string& home_dir,
                                        const std::optional<std::string>& explicit_profile = {});

}  // namespace raycloud::aws
