#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "common/error.h"
#include "iam/evaluator.h"
#include "iam/request.h"

namespace raycloud::iam {

/// A resource-side policy is a trust policy when its statements carry no Resource element
/// (a role's trust policy), otherwise a resource-based policy.
PolicyKind ResourceSideKind(const nlohmann::json& document);

/// Reads a context object: a string value is a single-valued key, an array of strings a
/// multi-valued key (cli.md, batch format). Numbers and booleans are taken as their text.
Result<RequestContext> ParseContextJson(const nlohmann::json& object);

/// One request of `iam simulate --requests` (cli.md): the request fields and the JSON of its
/// policies, not yet compiled. `policies_key` identifies the policy set so that batches
/// which repeat the same policies compile them once.
struct SimulationInput {
  Request request;
  std::string policies_key;
};

/// Parses the request fields of one batch line; policies are compiled by CompilePolicies.
Result<SimulationInput> ParseSimulationRequest(const nlohmann::json& line);

/// Compiles the policies of one batch line (identity_policies, boundary, resource_policy,
/// scps, rcps, session_policy), naming each by its place ("identity_policies[0]", ...).
Result<Evaluator> CompilePolicies(const nlohmann::json& line);

}  // namespace raycloud::iam
