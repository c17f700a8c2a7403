// Profiles with role_arn: assume the role with credentials from source_profile (followed
// through chains of roles) or from credential_source, the way the AWS CLI does
// (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-role.html).
#include <algorithm>
#include <charconv>
#include <chrono>
#include <vector>

#include "aws/auth/credential_parsing.h"
#include "aws/auth/credential_sources.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

// A profile that the AssumeRole source handles: web identity profiles also hold role_arn but
// belong to the web identity source.
bool HasAssumeRoleConfig(const ProfileValues& values) {
  return values.contains("role_arn") && !values.contains("web_identity_token_file");
}

class AssumeRoleSource final : public CredentialSource {
 public:
  AssumeRoleSource(CredentialsContext context, std::string profile)
      : context_(std::move(context)), profile_(std::move(profile)) {}

  std::string Where() const override { return "role_arn in profile '" + profile_ + "'"; }

  Result<std::optional<Credentials>> Load() override {
    if (!HasAssumeRoleConfig(context_.config->Merged(profile_))) {
      return std::optional<Credentials>();
    }
    std::vector<std::string> visited = {profile_};
    auto credentials = AssumeRoleOf(profile_, visited);
    if (!credentials) return Fail(credentials.error());
    return std::optional<Credentials>(std::move(*credentials));
  }

 private:
  Result<Credentials> AssumeRoleOf(const std::string& profile, std::vector<std::string>& visited) {
    ProfileValues values = context_.config->Merged(profile);
    std::string role_arn = values["role_arn"];
    auto source_profile = internal::ProfileValue(values, "source_profile");
    auto credential_source = internal::ProfileValue(values, "credential_source");
    std::string in_profile = " in profile '" + profile + "'";
    if (source_profile && credential_source) {
      return Fail(Error::Invalid("role_arn" + in_profile +
                                 " has both source_profile and credential_source; keep one"));
    }
    if (!source_profile && !credential_source) {
      return Fail(Error::Invalid("role_arn" + in_profile +
                                 " needs a source_profile or a credential_source"));
    }
    if (values.contains("mfa_serial")) {
      return Fail(Error::Invalid("mfa_serial" + in_profile +
                                 " is not supported: raycloud cannot prompt for an MFA code"));
    }
    std::optional<std::chrono::seconds> duration;
    if (auto text = internal::ProfileValue(values, "duration_seconds")) {
      int seconds = 0;
      auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), seconds);
      if (ec != std::errc() || end != text->data() + text->size() || seconds <= 0) {
        return Fail(
            Error::Invalid("duration_seconds" + in_profile + " must be a number of seconds"));
      }
      duration = std::chrono::seconds(seconds);
    }

    auto source = source_profile ? FromSourceProfile(profile, *source_profile, visited)
                                 : FromCredentialSource(profile, *credential_source);
    if (!source) return Fail(source.error());
    if (!context_.sts) return Fail(Error::Internal("no STS client configured to assume roles"));
    std::string session_name =
        internal::ProfileValue(values, "role_session_name").value_or(DefaultSessionName());
    auto credentials = context_.sts->AssumeRole(
        *source, role_arn, session_name, internal::ProfileValue(values, "external_id"), duration);
    if (!credentials) return Fail(credentials.error());
    credentials->source = "assume-role:" + role_arn;
    return credentials;
  }

  Result<Credentials> FromSourceProfile(const std::string& parent, const std::string& name,
                                        std::vector<std::string>& visited) {
    if (!context_.config->HasProfile(name)) {
      return Fail(Error::Invalid("source_profile '" + name + "' of profile '" + parent +
                                 "' does not exist"));
    }
    ProfileValues values = context_.config->Merged(name);
    // A profile may name itself as source_profile to assume its role with its own keys;
    // any other repeat is a loop.
    bool seen = std::find(visited.begin(), visited.end(), name) != visited.end();
    if (seen && !(name == parent && internal::HasStaticCredentials(values))) {
      visited.push_back(name);
      return Fail(Error::Invalid("source_profile chain loops: " + strings::Join(visited, " -> ")));
    }
    visited.push_back(name);
    if (HasAssumeRoleConfig(values) && !internal::HasStaticCredentials(values)) {
      return AssumeRoleOf(name, visited);
    }
    // The AWS CLI resolves a source profile with the profile-based sources only: never the
    // environment, in this order.
    std::unique_ptr<CredentialSource> sources[] = {
        MakeWebIdentitySource(context_, name, /*use_env=*/false),
        MakeSharedCredentialsFileSource(context_, name),
        MakeProcessSource(context_, name),
        MakeConfigFileSource(context_, name),
    };
    for (auto& source : sources) {
      auto loaded = source->Load();
      if (!loaded) return Fail(loaded.error());
      if (loaded->has_value()) return std::move(**loaded);
    }
    return Fail(Error::Invalid("source_profile '" + name + "' of profile '" + parent +
                               "' has no credentials (static keys, credential_process, web "
                               "identity, or a role to assume)"));
  }

  Result<Credentials> FromCredentialSource(const std::string& profile, const std::string& kind) {
    std::unique_ptr<CredentialSource> source;
    if (kind == "Environment") {
      source = MakeEnvironmentSource(context_.env);
    } else if (kind == "Ec2InstanceMetadata") {
      source = MakeInstanceMetadataSource(context_, profile);
    } else if (kind == "EcsContainer") {
      source = MakeContainerSource(context_);
    } else {
      return Fail(Error::Invalid("credential_source '" + kind + "' in profile '" + profile +
                                 "' is not one of Environment, Ec2InstanceMetadata, EcsContainer"));
    }
    auto loaded = source->Load();
    if (!loaded) return Fail(loaded.error());
    if (!loaded->has_value()) {
      return Fail(Error::Invalid("credential_source " + kind + " of profile '" + profile +
                                 "' found no credentials in " + source->Where()));
    }
    return std::move(**loaded);
  }

  std::string DefaultSessionName() const {
    auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(context_.clock->Now().time_since_epoch());
    return "raycloud-session-" + std::to_string(seconds.count());
  }

  CredentialsContext context_;
  std::string profile_;
};

}  // namespace

std::unique_ptr<CredentialSource> MakeAssumeRoleSource(CredentialsContext context,
                                                       std::string profile) {
  return std::make_unique<AssumeRoleSource>(std::move(context), std::move(profile));
}

}  // namespace raycloud::aws
