// sts:AssumeRoleWithWebIdentity from an OIDC token file (EKS IRSA, GitHub Actions, ...).
#include <chrono>

#include "aws/auth/credential_parsing.h"
#include "aws/auth/credential_sources.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

class WebIdentitySource final : public CredentialSource {
 public:
  WebIdentitySource(CredentialsContext context, std::string profile, bool use_env)
      : context_(std::move(context)), profile_(std::move(profile)), use_env_(use_env) {}

  std::string Where() const override {
    return std::string("web identity token (") +
           (use_env_ ? "AWS_WEB_IDENTITY_TOKEN_FILE, or " : "") +
           "web_identity_token_file in profile '" + profile_ + "')";
  }

  Result<std::optional<Credentials>> Load() override {
    ProfileValues values = context_.config->Merged(profile_);
    // The environment wins over the profile, key by key, as in the AWS CLI.
    auto setting = [&](const char* env_name, const char* key) -> std::optional<std::string> {
      if (use_env_) {
        if (auto value = NonEmptyEnv(context_.env, env_name)) return value;
      }
      return internal::ProfileValue(values, key);
    };
    auto token_file = setting("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file");
    if (!token_file) return std::optional<Credentials>();
    auto role_arn = setting("AWS_ROLE_ARN", "role_arn");
    if (!role_arn) {
      return Fail(
          Error::Invalid("a web identity token file is set but no role_arn (or "
                         "AWS_ROLE_ARN) says which role to assume"));
    }
    std::string session_name =
        setting("AWS_ROLE_SESSION_NAME", "role_session_name").value_or(DefaultSessionName());
    // Re-read on every refresh: the token file is rotated by its issuer.
    auto token = internal::ReadSmallFile(ExpandHome(*token_file, context_.home_dir),
                                         "web identity token file");
    if (!token) return Fail(token.error());
    if (!context_.sts) return Fail(Error::Internal("no STS client configured for web identity"));
    auto credentials = context_.sts->AssumeRoleWithWebIdentity(*role_arn, session_name,
                                                               std::string(strings::Trim(*token)));
    if (!credentials) return Fail(credentials.error());
    credentials->source = "web-identity";
    return std::optional<Credentials>(std::move(*credentials));
  }

 private:
  std::string DefaultSessionName() const {
    auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(context_.clock->Now().time_since_epoch());
    return "raycloud-session-" + std::to_string(seconds.count());
  }

  CredentialsContext context_;
  std::string profile_;
  bool use_env_;
};

}  // namespace

std::unique_ptr<CredentialSource> MakeWebIdentitySource(CredentialsContext context,
                                                        std::string profile, bool use_env) {
  return std::make_unique<WebIdentitySource>(std::move(context), std::move(profile), use_env);
}

}  // namespace raycloud::aws
