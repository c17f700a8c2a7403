#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>

#include "aws/protocol/service_model.h"
#include "common/clock.h"
#include "common/error.h"

namespace raycloud::aws {

/// What one poll of a waiter concluded.
enum class WaiterState { kSuccess, kFailure, kRetry };

/// Matches a poll's outcome (the output, or the AWS error code of a failed call) against
/// botocore acceptors (matchers path, pathAll, pathAny, status, error). No match: kRetry
/// for an output, kFailure for an error (botocore's rule).
WaiterState MatchAcceptors(const nlohmann::json& acceptors, const Result<nlohmann::json>& outcome);

/// Polls `poll` until an acceptor says success or failure, or `timeout` passes. The delay
/// starts at the waiter's delay and doubles up to `max_delay`, all through `clock` (tests
/// do not sleep). Failure: an Error naming the waiter and the last state seen.
Status RunWaiter(const Waiter& waiter, const std::function<Result<nlohmann::json>()>& poll,
                 Clock& clock, std::chrono::milliseconds timeout,
                 std::chrono::milliseconds max_delay);

}  // namespace raycloud::aws
