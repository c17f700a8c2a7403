#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/error.h"

namespace raycloud::aws {

/// AWS credentials and where they came from. Never log or print the secret fields.
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::optional<Clock::TimePoint> expiration;
  /// The cli.md name of the source: `environment`, `profile:NAME`, `assume-role:ROLE_ARN`,
  /// `process`, `web-identity`, `container`, `instance-metadata`.
  std::string source;

  /// True when the credentials expire within `window` of `now` (never for no expiration).
  bool ExpiresWithin(Clock::TimePoint now, Clock::Duration window) const {
    return expiration.has_value() && *expiration - window <= now;
  }
};

/// Hands out credentials that are valid now. Implementations are thread-safe.
class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  /// Credentials valid now (refreshed before they expire), or an error that names no secret.
  virtual Result<Credentials> Resolve() = 0;
};

/// Always the same credentials (tests, the emulator, explicit keys).
class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials credentials)
      : credentials_(std::move(credentials)) {}
  Result<Credentials> Resolve() override { return credentials_; }

 private:
  Credentials credentials_;
};

/// One place credentials may come from, as the chain sees it (environment, a profile,
/// credential_process, IMDS, ...). Not required to be thread-safe: the chain serialises calls.
class CredentialSource {
 public:
  virtual ~CredentialSource() = default;
  /// Where this source looks, for the "no credentials" error (names no secret).
  virtual std::string Where() const = 0;
  /// Fresh credentials; nullopt when this source is not configured (the chain moves on); an
  /// error when it is configured but failed (the chain stops, as the AWS CLI does).
  virtual Result<std::optional<Credentials>> Load() = 0;
};

/// Caches what a source returned and asks it again when the credentials come within
/// `refresh_window` of their expiration. If a refresh fails while the cached credentials are
/// still valid, they are kept (and the refresh retried on the next call); once they have
/// expired, the failure is returned. Thread-safe.
class CachingCredentialsProvider final : public CredentialsProvider {
 public:
  static constexpr Clock::Duration kDefaultRefreshWindow = std::chrono::minutes(5);

  CachingCredentialsProvider(std::unique_ptr<CredentialSource> source, Clock& clock,
                             Clock::Duration refresh_window = kDefaultRefreshWindow);
  /// Starts from credentials already loaded from `source` (the chain's first resolution).
  CachingCredentialsProvider(std::unique_ptr<CredentialSource> source, Credentials initial,
                             Clock& clock, Clock::Duration refresh_window = kDefaultRefreshWindow);

  Result<Credentials> Resolve() override;

 private:
  std::unique_ptr<CredentialSource> source_;
  Clock& clock_;
  Clock::Duration refresh_window_;
  std::mutex mutex_;
  std::optional<Credentials> cached_;
};

}  // namespace raycloud::aws
