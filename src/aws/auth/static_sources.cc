// The sources of long-term or externally managed keys: the environment and the static keys
// of the shared credentials and config files.
#include "aws/auth/credential_parsing.h"
#include "aws/auth/credential_sources.h"
#include "aws/auth/iso8601.h"

namespace raycloud::aws {
namespace {

class EnvironmentSource final : public CredentialSource {
 public:
  explicit EnvironmentSource(EnvLookup env) : env_(std::move(env)) {}

  std::string Where() const override {
    return "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
  }

  Result<std::optional<Credentials>> Load() override {
    // As in the AWS CLI: a set access key id (even empty) means "use the environment", so a
    // half-set pair is an error rather than a silent fall-through to another source.
    auto access_key = env_("AWS_ACCESS_KEY_ID");
    if (!access_key) return std::optional<Credentials>();
    auto secret = NonEmptyEnv(env_, "AWS_SECRET_ACCESS_KEY");
    if (access_key->empty() || !secret) {
      return Fail(Error::Invalid(std::string("partial credentials in the environment: ") +
                                 (access_key->empty() ? "AWS_ACCESS_KEY_ID is empty"
                                                      : "AWS_SECRET_ACCESS_KEY is not set")));
    }
    Credentials credentials;
    credentials.access_key_id = *access_key;
    credentials.secret_access_key = *secret;
    credentials.session_token = NonEmptyEnv(env_, "AWS_SESSION_TOKEN")
                                    .value_or(NonEmptyEnv(env_, "AWS_SECURITY_TOKEN").value_or(""));
    if (auto expiration = NonEmptyEnv(env_, "AWS_CREDENTIAL_EXPIRATION")) {
      credentials.expiration = ParseIso8601(*expiration);
      if (!credentials.expiration) {
        return Fail(Error::Invalid("AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time"));
      }
    }
    credentials.source = "environment";
    return std::optional<Credentials>(std::move(credentials));
  }

 private:
  EnvLookup env_;
};

// Static keys of one profile in one of the two files.
class ProfileKeysSource final : public CredentialSource {
 public:
  ProfileKeysSource(CredentialsContext context, std::string profile, bool credentials_file)
      : context_(std::move(context)),
        profile_(std::move(profile)),
        credentials_file_(credentials_file) {}

  std::string Where() const override {
    if (credentials_file_) {
      return "shared credentials file " + context_.config->credentials_path() + " [" + profile_ +
             "]";
    }
    return "config file " + context_.config->config_path() + " [" +
           (profile_ == "default" ? profile_ : "profile " + profile_) + "]";
  }

  Result<std::optional<Credentials>> Load() override {
    const ProfileValues* values = credentials_file_ ? context_.config->CredentialsProfile(profile_)
                                                    : context_.config->ConfigProfile(profile_);
    if (values == nullptr) return std::optional<Credentials>();
    return internal::StaticCredentialsFrom(*values, profile_, Where());
  }

 private:
  CredentialsContext context_;
  std::string profile_;
  bool credentials_file_;
};

}  // namespace

std::unique_ptr<CredentialSource> MakeEnvironmentSource(EnvLookup env) {
  return std::make_unique<EnvironmentSource>(std::move(env));
}

std::unique_ptr<CredentialSource> MakeSharedCredentialsFileSource(CredentialsContext context,
                                                                  std::string profile) {
  return std::make_unique<ProfileKeysSource>(std::move(context), std::move(profile), true);
}

std::unique_ptr<CredentialSource> MakeConfigFileSource(CredentialsContext context,
                                                       std::string profile) {
  return std::make_unique<ProfileKeysSource>(std::move(context), std::move(profile), false);
}

}  // namespace raycloud::aws
