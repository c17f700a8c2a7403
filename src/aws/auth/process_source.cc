// credential_process: an external command prints the credentials as Version 1 JSON
// (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html).
#include <nlohmann/json.hpp>

#include "aws/auth/credential_parsing.h"
#include "aws/auth/credential_sources.h"
#include "common/log.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

constexpr size_t kMaxStderrInError = 300;

class ProcessSource final : public CredentialSource {
 public:
  ProcessSource(CredentialsContext context, std::string profile)
      : context_(std::move(context)), profile_(std::move(profile)) {}

  std::string Where() const override { return "credential_process in profile '" + profile_ + "'"; }

  Result<std::optional<Credentials>> Load() override {
    auto command = internal::ProfileValue(context_.config->Merged(profile_), "credential_process");
    if (!command) return std::optional<Credentials>();
    if (!context_.process_runner) return Fail(Error::Internal("no process runner configured"));
    auto output = context_.process_runner->Run(*command);
    if (!output) return Fail(output.error());
    if (output->exit_code != 0) {
      // stdout is never quoted (it would hold the secret); stderr is redacted and cut short.
      std::string message = Where() + " exited with status " + std::to_string(output->exit_code);
      std::string err = log::Redact(strings::Trim(output->stderr_text));
      if (err.size() > kMaxStderrInError) err = err.substr(0, kMaxStderrInError) + "...";
      if (!err.empty()) message += ": " + err;
      return Fail(Error::Invalid(message));
    }
    nlohmann::json document =
        nlohmann::json::parse(output->stdout_text, nullptr, /*allow_exceptions=*/false);
    auto version = document.is_object() ? document.find("Version") : document.end();
    if (document.is_object() &&
        (version == document.end() || !version->is_number_integer() || version->get<int>() != 1)) {
      return Fail(Error::Invalid(Where() + " printed an unsupported Version (expected 1)"));
    }
    auto credentials = internal::ParseJsonCredentials(output->stdout_text, "SessionToken", Where());
    if (!credentials) return Fail(credentials.error());
    credentials->source = "process";
    return std::optional<Credentials>(std::move(*credentials));
  }

 private:
  CredentialsContext context_;
  std::string profile_;
};

}  // namespace

std::unique_ptr<CredentialSource> MakeProcessSource(CredentialsContext context,
                                                    std::string profile) {
  return std::make_unique<ProcessSource>(std::move(context), std::move(profile));
}

}  // namespace raycloud::aws
