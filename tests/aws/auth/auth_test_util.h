#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "aws/auth/environment.h"
#include "aws/auth/sts_caller.h"
#include "aws/http/http_transport.h"
#include "common/clock.h"

// Helpers for the aws/auth tests; a namespace of their own so other test folders linked into
// aws_tests can have helpers of the same name.
namespace raycloud::aws::auth_testing {

/// A clock that only moves when told to (or slept on).
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint now) : now_(now) {}
  TimePoint Now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void SleepFor(Duration duration) override { Advance(duration); }
  void Advance(Clock::Duration duration) {
    std::lock_guard lock(mutex_);
    now_ += duration;
  }

 private:
  mutable std::mutex mutex_;
  TimePoint now_;
};

/// 2024-05-01T00:00:00Z, the tests' "now".
inline Clock::TimePoint TestEpoch() {
  return std::chrono::sys_days(std::chrono::year(2024) / 5 / 1);
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

/// A fake environment; copies share the variables.
class FakeEnv {
 public:
  void Set(const std::string& name, const std::string& value) { (*vars_)[name] = value; }
  void Unset(const std::string& name) { vars_->erase(name); }
  EnvLookup Lookup() const {
    auto vars = vars_;
    return [vars](std::string_view name) -> std::optional<std::string> {
      auto it = vars->find(std::string(name));
      if (it == vars->end()) return std::nullopt;
      return it->second;
    };
  }

 private:
  std::shared_ptr<std::map<std::string, std::string>> vars_ =
      std::make_shared<std::map<std::string, std::string>>();
};

/// A fresh directory, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "raycloud-auth-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }
  /// Writes `content` to `relative` (creating directories) and returns the full path.
  std::string Write(const std::string& relative, const std::string& content) const {
    auto full = path_ / relative;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << content;
    return full.string();
  }

 private:
  std::filesystem::path path_;
};

/// Records STS calls and answers them with numbered credentials that expire after `lifetime`.
class FakeSts final : public StsCaller {
 public:
  struct Call {
    std::string kind;  // "AssumeRole" or "AssumeRoleWithWebIdentity"
    std::string source_access_key;
    std::string role_arn;
    std::string session_name;
    std::optional<std::string> external_id;
    std::optional<std::chrono::seconds> duration;
    std::string token;
  };

  explicit FakeSts(const Clock& clock) : clock_(clock) {}

  Result<Credentials> AssumeRole(const Credentials& source, const std::string& role_arn,
                                 const std::string& session_name,
                                 const std::optional<std::string>& external_id,
                                 std::optional<std::chrono::seconds> duration) override {
    std::lock_guard lock(mutex_);
    calls.push_back(
        {"AssumeRole", source.access_key_id, role_arn, session_name, external_id, duration, ""});
    return Answer();
  }

  Result<Credentials> AssumeRoleWithWebIdentity(const std::string& role_arn,
                                                const std::string& session_name,
                                                const std::string& token) override {
    std::lock_guard lock(mutex_);
    calls.push_back({"AssumeRoleWithWebIdentity", "", role_arn, session_name, {}, {}, token});
    return Answer();
  }

  std::vector<Call> calls;
  std::optional<Error> fail_with;
  Clock::Duration lifetime = std::chrono::hours(1);

 private:
  Result<Credentials> Answer() {
    if (fail_with) return Fail(*fail_with);
    Credentials credentials;
    credentials.access_key_id = "ASIASTS" + std::to_string(calls.size());
    credentials.secret_access_key = "sts-secret-" + std::to_string(calls.size());
    credentials.session_token = "sts-token-" + std::to_string(calls.size());
    credentials.expiration = clock_.Now() + lifetime;
    return credentials;
  }

  const Clock& clock_;
  std::mutex mutex_;
};

/// Answers requests by "METHOD URL" with canned responses (or a transport error), recording
/// every request. Not a fake of AWS: only the IMDS and container endpoints use it.
class FakeHttp final : public HttpTransport {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;

  void On(const std::string& method, const std::string& url, Handler handler) {
    handlers_[method + " " + url] = std::move(handler);
  }
  void On(const std::string& method, const std::string& url, int status, std::string body) {
    On(method, url, [status, body](const HttpRequest&) -> Result<HttpResponse> {
      return HttpResponse{status, {}, body};
    });
  }

  Result<HttpResponse> Send(const HttpRequest& request) override {
    Handler handler;
    {
      std::lock_guard lock(mutex_);
      requests.push_back(request);
      auto it = handlers_.find(request.method + " " + request.url);
      if (it == handlers_.end()) return Fail(Error::Io("connection refused"));
      handler = it->second;
    }
    return handler(request);
  }

  std::vector<HttpRequest> requests;

 private:
  std::mutex mutex_;
  std::map<std::string, Handler> handlers_;
};

}  // namespace raycloud::aws::auth_testing
