#include "aws/auth/credentials_chain.h"

#include "common/log.h"
#include "common/strings.h"

namespace raycloud::aws {

Result<std::unique_ptr<DefaultCredentialsChain>> DefaultCredentialsChain::Create(
    CredentialsChainOptions options) {
  if (options.clock == nullptr) return Fail(Error::Internal("the credential chain needs a clock"));
  if (options.home_dir.empty()) options.home_dir = HomeDirectory(options.env);
  if (!options.process_runner) options.process_runner = std::make_shared<ShellProcessRunner>();

  auto shared = SharedConfig::Load(options.env, options.home_dir);
  if (!shared) return Fail(shared.error());
  std::string name = SelectedProfileName(options.env, options.profile);
  if (ProfileWasNamed(options.env, options.profile) && !shared->HasProfile(name)) {
    return Fail(Error::NotFound("profile '" + name + "' is in neither " + shared->config_path() +
                                " nor " + shared->credentials_path()));
  }
  auto profile = shared->Profile(name);
  if (!profile) return Fail(profile.error());

  std::unique_ptr<DefaultCredentialsChain> chain(new DefaultCredentialsChain());
  chain->profile_ = std::move(*profile);
  CredentialsContext context{
      options.env,   options.home_dir,
      options.clock, std::make_shared<const SharedConfig>(std::move(*shared)),
      options.http,  options.process_runner,
      options.sts};
  // An explicit --profile means "use this profile": the AWS CLI then ignores the
  // environment's keys (AWS_PROFILE does not).
  if (!options.profile || options.profile->empty()) {
    chain->sources_.push_back(MakeEnvironmentSource(options.env));
  }
  chain->sources_.push_back(MakeAssumeRoleSource(context, name));
  chain->sources_.push_back(MakeWebIdentitySource(context, name, /*use_env=*/true));
  chain->sources_.push_back(MakeSharedCredentialsFileSource(context, name));
  chain->sources_.push_back(MakeProcessSource(context, name));
  chain->sources_.push_back(MakeConfigFileSource(context, name));
  chain->sources_.push_back(MakeContainerSource(context));
  chain->sources_.push_back(MakeInstanceMetadataSource(context, name));
  chain->options_ = std::move(options);
  return chain;
}

std::vector<std::string> DefaultCredentialsChain::Places() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> places;
  for (const auto& source : sources_) places.push_back(source->Where());
  return places;
}

Result<Credentials> DefaultCredentialsChain::Resolve() {
  std::lock_guard lock(mutex_);
  if (chosen_) return chosen_->Resolve();
  for (size_t i = 0; i < sources_.size(); ++i) {
    auto loaded = sources_[i]->Load();
    if (!loaded) return Fail(loaded.error());
    if (!loaded->has_value()) continue;
    Credentials credentials = std::move(**loaded);
    log::Get("aws")->debug("credentials found source={}", credentials.source);
    // Keep the winner; later calls refresh from it alone, as the AWS CLI does.
    chosen_ = std::make_unique<CachingCredentialsProvider>(
        std::move(sources_[i]), credentials, *options_.clock, options_.refresh_window);
    sources_.erase(sources_.begin() + static_cast<std::ptrdiff_t>(i));
    return credentials;
  }
  std::vector<std::string> places;
  for (const auto& source : sources_) places.push_back(source->Where());
  Error error =
      Error::NotFound("no AWS credentials found; looked in: " + strings::Join(places, "; "));
  error.error_class = ErrorClass::kTerminal;
  error.details["profile"] = profile_.name;
  return Fail(std::move(error));
}

}  // namespace raycloud::aws
