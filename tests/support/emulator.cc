#include "support/emulator.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace raycloud::testing {
namespace {

#ifndef RAYCLOUD_PYTHON3
#define RAYCLOUD_PYTHON3 "python3"
#endif

Error ControlError(std::string message) { return Error::Io(std::move(message)); }

std::string ErrnoText(std::string_view what) {
  return std::string(what) + ": " + std::strerror(errno);
}

// The environment of the child: ours, with tests/emulator first on PYTHONPATH.
std::vector<std::string> ChildEnvironment(bool load_managed_policies) {
  std::vector<std::string> result;
  std::string python_path = std::string(RAYCLOUD_SOURCE_DIR) + "/tests/emulator";
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view item(*entry);
    if (item.starts_with("PYTHONPATH=")) {
      python_path += ":" + std::string(item.substr(11));
    } else {
      result.emplace_back(item);
    }
  }
  result.push_back("PYTHONPATH=" + python_path);
  if (load_managed_policies) result.push_back("MOTO_IAM_LOAD_MANAGED_POLICIES=true");
  return result;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Reads one line from `fd`, waiting at most until `deadline`.
Result<std::string> ReadLine(int fd, std::chrono::steady_clock::time_point deadline) {
  std::string line;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Fail(ControlError("emulator did not start in time"));
    pollfd pfd{fd, POLLIN, 0};
    int ready = ::poll(&pfd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return Fail(ControlError(ErrnoText("poll")));
    if (ready == 0) continue;
    char c;
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return Fail(ControlError(
          "emulator exited before printing its endpoint (is moto installed? see stderr)"));
    }
    if (c == '\n') return line;
    line.push_back(c);
  }
}

size_t AppendBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

EmulatorEnvironment* g_environment = nullptr;
std::unique_ptr<Emulator> g_emulator;

// Resets the emulator before each test; after it, fails the test if any request it sent
// did not fit botocore's model of its operation (the emulator answered those with a 400,
// which a test tolerating errors could miss).
class ResetBeforeEachTest : public ::testing::EmptyTestEventListener {
  void OnTestStart(const ::testing::TestInfo&) override {
    if (!g_emulator) return;
    if (auto reset = g_emulator->Reset(); !reset) {
      ADD_FAILURE() << "emulator reset failed: " << reset.error().message;
    }
  }
  void OnTestEnd(const ::testing::TestInfo&) override {
    if (!g_emulator) return;
    auto validation = g_emulator->Validation();
    if (!validation) {
      ADD_FAILURE() << "emulator validation report: " << validation.error().message;
    } else if (!validation->value("violations", nlohmann::json::array()).empty()) {
      ADD_FAILURE() << "requests that botocore's model rejects: "
                    << (*validation)["violations"].dump(2);
    }
  }
};

}  // namespace

Result<std::unique_ptr<Emulator>> Emulator::Start(const EmulatorOptions& options) {
  static std::once_flag curl_once;
  std::call_once(curl_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

  int in_pipe[2];
  int out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return Fail(ControlError(ErrnoText("pipe")));
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return Fail(ControlError(ErrnoText("pipe")));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);

  std::vector<std::string> args = {RAYCLOUD_PYTHON3, "-m", "raycloud_emulator",
                                   "--exit-on-stdin-eof"};
  if (options.auth) args.emplace_back("--auth");
  std::vector<std::string> env = ChildEnvironment(options.load_managed_policies);
  auto argv = Pointers(args);
  auto envp = Pointers(env);

  std::unique_ptr<Emulator> emulator(new Emulator());
  int spawned =
      ::posix_spawnp(&emulator->pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  emulator->stdin_fd_ = in_pipe[1];
  emulator->stdout_fd_ = out_pipe[0];
  if (spawned != 0) {
    emulator->pid_ = -1;
    return Fail(ControlError(std::string("cannot run ") + RAYCLOUD_PYTHON3 + ": " +
                             std::strerror(spawned)));
  }

  auto deadline = std::chrono::steady_clock::now() + options.start_timeout;
  auto endpoint = ReadLine(emulator->stdout_fd_, deadline);
  if (!endpoint) return Fail(endpoint.error());
  if (!endpoint->starts_with("http://127.0.0.1:")) {
    return Fail(ControlError("unexpected emulator output: " + *endpoint));
  }
  emulator->endpoint_ = *endpoint;
  if (options.auth) {
    auto line = ReadLine(emulator->stdout_fd_, deadline);
    if (!line) return Fail(line.error());
    auto parsed = nlohmann::json::parse(*line, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object()) return Fail(ControlError("unexpected credentials line"));
    emulator->credentials_ = EmulatorCredentials{parsed.value("access_key_id", ""),
                                                 parsed.value("secret_access_key", "")};
  }
  return emulator;
}

Emulator::~Emulator() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

Result<nlohmann::json> Emulator::Control(std::string_view method, std::string_view path,
                                         const nlohmann::json* body) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Fail(ControlError("curl_easy_init failed"));
  std::string url = endpoint_ + "/_emulator/" + std::string(path);
  std::string method_text(method);
  std::string request_body = body != nullptr ? body->dump() : "";
  std::string response_body;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method_text.c_str());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");  // loopback: never through a proxy
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response_body);
  if (body != nullptr) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request_body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request_body.size()));
  }
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) {
    return Fail(ControlError(method_text + " " + url + ": " + curl_easy_strerror(code)));
  }
  auto parsed = nlohmann::json::parse(response_body, nullptr, /*allow_exceptions=*/false);
  if (status != 200 || parsed.is_discarded()) {
    return Fail(ControlError(method_text + " /_emulator/" + std::string(path) + " answered " +
                             std::to_string(status) + ": " + response_body));
  }
  return parsed;
}

namespace {
Status Done(const Result<nlohmann::json>& result) {
  if (!result) return Fail(result.error());
  return {};
}

std::string Query(std::string_view service, std::string_view operation) {
  // Service and operation names are plain identifiers; no escaping needed.
  std::string query = "?service=" + std::string(service);
  if (!operation.empty()) query += "&operation=" + std::string(operation);
  return query;
}
}  // namespace

Status Emulator::Reset() { return Done(Control("POST", "reset")); }

Result<std::string> Emulator::InjectFault(const FaultSpec& fault) {
  nlohmann::json body = {{"service", fault.service},
                         {"operation", fault.operation},
                         {"kind", fault.kind},
                         {"status", fault.status},
                         {"code", fault.code},
                         {"message", fault.message},
                         {"seconds", fault.seconds},
                         {"skip", fault.skip},
                         {"probability", fault.probability}};
  if (fault.times) body["times"] = *fault.times;
  if (fault.seed) body["seed"] = *fault.seed;
  auto answer = Control("POST", "faults", &body);
  if (!answer) return Fail(answer.error());
  return answer->value("id", "");
}

Result<std::string> Emulator::InjectFault(std::string_view service, std::string_view operation,
                                          std::string_view kind, std::optional<int> times) {
  FaultSpec fault;
  fault.service = service;
  fault.operation = operation;
  fault.kind = kind;
  fault.times = times;
  return InjectFault(fault);
}

Status Emulator::RemoveFault(std::string_view fault_id) {
  return Done(Control("DELETE", "faults/" + std::string(fault_id)));
}

Status Emulator::ClearFaults() { return Done(Control("DELETE", "faults")); }

Status Emulator::SetLatency(double base_ms, const std::map<std::string, double>& operations) {
  nlohmann::json body = {{"base_ms", base_ms}, {"operations", operations}};
  return Done(Control("POST", "latency", &body));
}

Status Emulator::SetPending(const std::map<std::string, double>& durations, double time_scale) {
  nlohmann::json body = {{"durations", durations}, {"time_scale", time_scale}};
  return Done(Control("POST", "pending", &body));
}

Status Emulator::AdvancePending(double seconds) {
  nlohmann::json body = {{"seconds", seconds}};
  return Done(Control("POST", "pending/advance", &body));
}

Status Emulator::SetQuota(std::string_view service_code, std::string_view quota_code, double value,
                          std::string_view region) {
  nlohmann::json body = {{"service_code", service_code},
                         {"quota_code", quota_code},
                         {"value", value},
                         {"region", region}};
  return Done(Control("POST", "quotas", &body));
}

Result<int> Emulator::CallCount(std::string_view service, std::string_view operation) {
  auto answer = Control("GET", "calls/count" + Query(service, operation));
  if (!answer) return Fail(answer.error());
  return answer->value("count", 0);
}

Result<int> Emulator::TotalCalls() {
  auto answer = Control("GET", "calls/count");
  if (!answer) return Fail(answer.error());
  return answer->value("count", 0);
}

Result<nlohmann::json> Emulator::Calls(std::string_view service, std::string_view operation) {
  if (service.empty()) return Control("GET", "calls");
  return Control("GET", "calls" + Query(service, operation));
}

Result<nlohmann::json> Emulator::Validation() { return Control("GET", "validation"); }

void EmulatorEnvironment::SetUp() {
  auto started = Emulator::Start(options_);
  if (!started) {
    FAIL() << "cannot start the AWS emulator: " << started.error().message;
  }
  g_emulator = std::move(*started);
}

void EmulatorEnvironment::TearDown() { g_emulator.reset(); }

Emulator& EmulatorEnvironment::Get() {
  if (!g_emulator) {
    std::fputs("raycloud::testing: no emulator; call AddEmulatorEnvironment() first\n", stderr);
    std::abort();
  }
  return *g_emulator;
}

bool EmulatorEnvironment::Running() { return g_emulator != nullptr; }

EmulatorEnvironment* AddEmulatorEnvironment(EmulatorOptions options) {
  if (g_environment == nullptr) {
    g_environment = static_cast<EmulatorEnvironment*>(
        ::testing::AddGlobalTestEnvironment(new EmulatorEnvironment(options)));
    ::testing::UnitTest::GetInstance()->listeners().Append(new ResetBeforeEachTest());
  }
  return g_environment;
}

}  // namespace raycloud::testing
