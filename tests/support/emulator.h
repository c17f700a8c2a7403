#pragma once

// The local AWS emulator (moto + tests/emulator's middleware) as a GoogleTest fixture.
//
// A test binary starts one emulator process for all its tests and resets it before each:
//
//   // at namespace scope in one .cc of the test binary:
//   static auto* const kEmulator = raycloud::testing::AddEmulatorEnvironment();
//
//   TEST(VpcTest, CreatesOnce) {
//     auto& emulator = raycloud::testing::EmulatorEnvironment::Get();
//     ... point the AWS client at emulator.endpoint() ...
//     EXPECT_EQ(emulator.CallCount("ec2", "CreateVpc").value(), 1);
//   }
//
// Every control call is a JSON request to /_emulator/... (tests/emulator/README.md).

#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace raycloud::testing {

struct EmulatorOptions {
  bool auth = false;                   // moto checks SigV4 and IAM for one admin identity
  bool load_managed_policies = false;  // MOTO_IAM_LOAD_MANAGED_POLICIES=true
  std::chrono::seconds start_timeout{60};
};

/// One fault rule. `kind` is throttle, http_error, error, dependency_violation,
/// connection_reset, timeout or reset_after_apply; service/operation may be "*".
struct FaultSpec {
  std::string service = "*";
  std::string operation = "*";
  std::string kind;
  int status = 0;            // http_error: 500..599; error: any (default 400)
  std::string code;          // error: the AWS error code; throttle: overrides the default
  std::string message;       // error: the message
  double seconds = 0;        // timeout: how long to hang before resetting
  std::optional<int> times;  // fire at most this often (default: always)
  int skip = 0;              // let this many matching calls through first
  double probability = 1.0;  // fire with this chance...
  std::optional<int> seed;   // ...drawn from a generator seeded with this
};

struct EmulatorCredentials {
  std::string access_key_id;
  std::string secret_access_key;
};

/// A running emulator process; stopping it is the destructor's job.
class Emulator {
 public:
  /// Starts `python3 -m raycloud_emulator` and waits until it prints its endpoint.
  static Result<std::unique_ptr<Emulator>> Start(const EmulatorOptions& options = {});
  ~Emulator();
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  /// The base URL AWS clients should use, e.g. http://127.0.0.1:40123.
  const std::string& endpoint() const { return endpoint_; }
  /// The admin identity when started with `auth`; otherwise any key works.
  const std::optional<EmulatorCredentials>& credentials() const { return credentials_; }

  /// Wipes moto's state and ours (faults, latency, pending holds, call records, quotas).
  Status Reset();
  /// Adds a fault rule; returns its id.
  Result<std::string> InjectFault(const FaultSpec& fault);
  /// Shorthand for the common case: `kind` on service:operation, `times` times.
  Result<std::string> InjectFault(std::string_view service, std::string_view operation,
                                  std::string_view kind, std::optional<int> times = {});
  Status RemoveFault(std::string_view fault_id);
  Status ClearFaults();
  /// Delay for every call, overridden per "service:Operation" or "service:*".
  Status SetLatency(double base_ms, const std::map<std::string, double>& operations = {});
  /// Hold times in seconds per kind (nat_gateway, instance, efs_file_system, ...).
  Status SetPending(const std::map<std::string, double>& durations, double time_scale = 1.0);
  /// Moves the pending-state clock forward instead of sleeping.
  Status AdvancePending(double seconds);
  /// Sets an applied Service Quotas value ("*" region: all regions).
  Status SetQuota(std::string_view service_code, std::string_view quota_code, double value,
                  std::string_view region = "*");
  /// Calls received for service (signing name, e.g. "ec2") and operation ("" for all).
  Result<int> CallCount(std::string_view service, std::string_view operation = "");
  /// Every AWS call received since the last reset.
  Result<int> TotalCalls();
  /// The recorded calls: {"total", "counts": {"ec2:DescribeVpcs": 2}, "calls": [...]}.
  Result<nlohmann::json> Calls(std::string_view service = "", std::string_view operation = "");
  /// What request validation saw since the last reset: {"checked", "checked_by_service":
  /// {"ec2": 12}, "violations": [{service, operation, report}]}.
  Result<nlohmann::json> Validation();
  /// Any control route: method, path under /_emulator/, optional JSON body.
  Result<nlohmann::json> Control(std::string_view method, std::string_view path,
                                 const nlohmann::json* body = nullptr);

 private:
  Emulator() = default;

  pid_t pid_ = -1;
  int stdin_fd_ = -1;  // closing it makes the emulator exit, even if we crash
  int stdout_fd_ = -1;
  std::string endpoint_;
  std::optional<EmulatorCredentials> credentials_;
};

/// A GoogleTest global environment owning one emulator for the whole test binary.
class EmulatorEnvironment : public ::testing::Environment {
 public:
  explicit EmulatorEnvironment(EmulatorOptions options) : options_(options) {}
  void SetUp() override;
  void TearDown() override;

  /// The emulator of the registered environment; aborts if none is running.
  static Emulator& Get();
  /// Whether an emulator is running (false during test listing or after a failed start).
  static bool Running();

 private:
  EmulatorOptions options_;
};

/// Registers the environment and a listener that resets the emulator before every test.
/// Call before RUN_ALL_TESTS (a namespace-scope static initializer is fine).
EmulatorEnvironment* AddEmulatorEnvironment(EmulatorOptions options = {});

}  // namespace raycloud::testing
