#include "aws/client/waiter.h"

#include <algorithm>

#include "aws/client/jmespath.h"

namespace raycloud::aws {

using json = nlohmann::json;

namespace {

bool AcceptorMatches(const json& acceptor, const Result<json>& outcome) {
  const std::string matcher = acceptor.value("matcher", "");
  const json& expected = acceptor.contains("expected") ? acceptor["expected"] : json();
  if (matcher == "error") {
    if (outcome) return false;
    const std::string code = outcome.error().details.contains("aws_code")
                                 ? outcome.error().details.at("aws_code")
                                 : "";
    // botocore: `expected: true` matches any error, `false` matches success.
    if (expected.is_boolean()) return expected.get<bool>() == !code.empty();
    return expected.is_string() && code == expected.get<std::string>();
  }
  if (matcher == "status") {
    int status = 200;
    if (!outcome) {
      auto it = outcome.error().details.find("http_status");
      if (it == outcome.error().details.end()) return false;
      status = std::atoi(it->second.c_str());
    }
    return expected.is_number() && status == expected.get<int>();
  }
  if (!outcome) return false;
  auto value = EvaluateJmesPath(acceptor.value("argument", ""), *outcome);
  if (!value) return false;
  if (matcher == "path") return *value == expected;
  if (!value->is_array()) return false;
  if (matcher == "pathAll") {
    return !value->empty() &&
           std::all_of(value->begin(), value->end(), [&](const json& v) { return v == expected; });
  }
  if (matcher == "pathAny") {
    return std::any_of(value->begin(), value->end(), [&](const json& v) { return v == expected; });
  }
  return false;
}

}  // namespace

WaiterState MatchAcceptors(const json& acceptors, const Result<json>& outcome) {
  for (const auto& acceptor : acceptors) {
    if (!AcceptorMatches(acceptor, outcome)) continue;
    const std::string state = acceptor.value("state", "");
    if (state == "success") return WaiterState::kSuccess;
    if (state == "failure") return WaiterState::kFailure;
    return WaiterState::kRetry;
  }
  if (!outcome && !outcome.error().retryable()) return WaiterState::kFailure;
  return WaiterState::kRetry;
}

Status RunWaiter(const Waiter& waiter, const std::function<Result<json>()>& poll, Clock& clock,
                 std::chrono::milliseconds timeout, std::chrono::milliseconds max_delay) {
  const auto deadline = clock.Now() + timeout;
  std::chrono::milliseconds delay = std::min<std::chrono::milliseconds>(
      std::chrono::seconds(std::max(1, waiter.delay_seconds)), max_delay);
  std::string last = "no answer yet";
  while (true) {
    Result<json> outcome = poll();
    switch (MatchAcceptors(waiter.acceptors, outcome)) {
      case WaiterState::kSuccess:
        return {};
      case WaiterState::kFailure: {
        if (!outcome) return Fail(outcome.error());
        return Fail(Error::Internal("waiter " + waiter.name + " reached a failure state"));
      }
      case WaiterState::kRetry:
        last = outcome ? "still waiting" : outcome.error().message;
        break;
    }
    if (clock.Now() + delay > deadline) {
      Error error{ErrorKind::kTimeout, ErrorClass::kRetryable,
                  "timed out waiting for " + waiter.name + " (" + last + ")", {}};
      error.details["waiter"] = waiter.name;
      return Fail(std::move(error));
    }
    clock.SleepFor(delay);
    delay = std::min(delay * 2, max_delay);
  }
}

}  // namespace raycloud::aws
