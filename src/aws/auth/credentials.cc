#include "aws/auth/credentials.h"

#include "common/log.h"

namespace raycloud::aws {

CachingCredentialsProvider::CachingCredentialsProvider(std::unique_ptr<CredentialSource> source,
                                                       Clock& clock, Clock::Duration refresh_window)
    : source_(std::move(source)), clock_(clock), refresh_window_(refresh_window) {}

CachingCredentialsProvider::CachingCredentialsProvider(std::unique_ptr<CredentialSource> source,
                                                       Credentials initial, Clock& clock,
                                                       Clock::Duration refresh_window)
    : source_(std::move(source)),
      clock_(clock),
      refresh_window_(refresh_window),
      cached_(std::move(initial)) {}

Result<Credentials> CachingCredentialsProvider::Resolve() {
  // One lock for the whole refresh: concurrent callers wait for one load instead of each
  // calling the source (an STS call, a process, IMDS).
  std::lock_guard lock(mutex_);
  Clock::TimePoint now = clock_.Now();
  if (cached_ && !cached_->ExpiresWithin(now, refresh_window_)) return *cached_;

  auto loaded = source_->Load();
  if (loaded && loaded->has_value()) {
    cached_ = std::move(**loaded);
    return *cached_;
  }
  Error error =
      loaded ? Error::NotFound("credentials from " + source_->Where() + " are no longer available")
             : loaded.error();
  if (cached_ && !cached_->ExpiresWithin(now, Clock::Duration::zero())) {
    // Still valid: keep serving them and try again on the next call.
    log::Get("aws")->warn("credential refresh failed, using cached credentials source={} error={}",
                          cached_->source, error.message);
    return *cached_;
  }
  return Fail(std::move(error));
}

}  // namespace raycloud::aws
