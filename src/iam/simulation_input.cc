#include "iam/simulation_input.h"

#include <nlohmann/json.hpp>

#include "iam/policy_parser.h"

namespace raycloud::iam {
namespace {

using json = nlohmann::json;

Result<std::string> OptionalString(const json& line, const char* field) {
  auto it = line.find(field);
  if (it == line.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return Fail(Error::Invalid(std::string(field) + " must be a string, got " + it->type_name()));
  }
  return it->get<std::string>();
}

std::string ScalarText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();
}

Result<PolicyPtr> Compile(const json& document, const std::string& name, PolicyKind kind) {
  return ParsePolicyJson(document, name, kind);
}

// "scps": [[policy, ...], ...]: levels, root first.
Result<std::vector<std::vector<PolicyPtr>>> CompileLevels(const json& line, const char* field,
                                                          PolicyKind kind) {
  std::vector<std::vector<PolicyPtr>> levels;
  auto it = line.find(field);
  if (it == line.end() || it->is_null()) return levels;
  if (!it->is_array()) {
    return Fail(Error::Invalid(std::string(field) + " must be an array of levels"));
  }
  for (size_t level = 0; level < it->size(); ++level) {
    const json& policies = (*it)[level];
    if (!policies.is_array()) {
      return Fail(Error::Invalid(std::string(field) + "[" + std::to_string(level) +
                                 "] must be an array of the policies attached at that level"));
    }
    std::vector<PolicyPtr> compiled;
    for (size_t i = 0; i < policies.size(); ++i) {
      std::string name =
          std::string(field) + "[" + std::to_string(level) + "][" + std::to_string(i) + "]";
      auto policy = Compile(policies[i], name, kind);
      if (!policy) return Fail(policy.error());
      compiled.push_back(std::move(*policy));
    }
    levels.push_back(std::move(compiled));
  }
  return levels;
}

}  // namespace

PolicyKind ResourceSideKind(const json& document) {
  if (!document.is_object()) return PolicyKind::kResource;
  auto statements = document.find("Statement");
  if (statements == document.end()) return PolicyKind::kResource;
  auto has_resource = [](const json& statement) {
    return statement.is_object() &&
           (statement.contains("Resource") || statement.contains("NotResource"));
  };
  if (statements->is_object()) {
    return has_resource(*statements) ? PolicyKind::kResource : PolicyKind::kTrust;
  }
  if (!statements->is_array() || statements->empty()) return PolicyKind::kResource;
  for (const auto& statement : *statements) {
    if (has_resource(statement)) return PolicyKind::kResource;
  }
  return PolicyKind::kTrust;
}

Result<RequestContext> ParseContextJson(const json& object) {
  RequestContext context;
  if (object.is_null()) return context;
  if (!object.is_object()) {
    return Fail(
        Error::Invalid("context must be an object, got " + std::string(object.type_name())));
  }
  for (const auto& [key, value] : object.items()) {
    if (value.is_array()) {
      std::vector<std::string> values;
      for (const auto& item : value) {
        if (item.is_object() || item.is_array() || item.is_null()) {
          return Fail(Error::Invalid("context key " + key + " holds a non-scalar value"));
        }
        values.push_back(ScalarText(item));
      }
      context.SetMulti(key, std::move(values));
    } else if (value.is_string() || value.is_number() || value.is_boolean()) {
      context.Set(key, ScalarText(value));
    } else {
      return Fail(Error::Invalid("context key " + key + " must be a string or an array, got " +
                                 value.type_name()));
    }
  }
  return context;
}

Result<SimulationInput> ParseSimulationRequest(const json& line) {
  if (!line.is_object()) return Fail(Error::Invalid("a request must be a JSON object"));
  SimulationInput input;
  auto principal = OptionalString(line, "principal");
  auto action = OptionalString(line, "action");
  auto resource = OptionalString(line, "resource");
  auto account = OptionalString(line, "resource_account");
  for (auto* field : {&principal, &action, &resource, &account}) {
    if (!*field) return Fail(field->error());
  }
  if (action->empty()) return Fail(Error::Invalid("action is missing"));
  if (resource->empty()) return Fail(Error::Invalid("resource is missing"));
  input.request.principal = std::move(*principal);
  input.request.action = std::move(*action);
  input.request.resource = std::move(*resource);
  input.request.resource_account = std::move(*account);
  if (auto it = line.find("context"); it != line.end()) {
    auto context = ParseContextJson(*it);
    if (!context) return Fail(context.error());
    input.request.context = std::move(*context);
  }
  json policies = json::object();
  for (const char* field :
       {"identity_policies", "boundary", "resource_policy", "scps", "rcps", "session_policy"}) {
    if (auto it = line.find(field); it != line.end()) policies[field] = *it;
  }
  input.policies_key = policies.dump();
  return input;
}

Result<Evaluator> CompilePolicies(const json& line) {
  PolicySet set;
  if (auto it = line.find("identity_policies"); it != line.end() && !it->is_null()) {
    if (!it->is_array()) return Fail(Error::Invalid("identity_policies must be an array"));
    for (size_t i = 0; i < it->size(); ++i) {
      auto policy =
          Compile((*it)[i], "identity_policies[" + std::to_string(i) + "]", PolicyKind::kIdentity);
      if (!policy) return Fail(policy.error());
      set.identity.push_back(std::move(*policy));
    }
  }
  auto single = [&](const char* field, PolicyKind kind, PolicyPtr& out) -> Status {
    auto it = line.find(field);
    if (it == line.end() || it->is_null()) return {};
    if (kind == PolicyKind::kResource) kind = ResourceSideKind(*it);
    auto policy = Compile(*it, field, kind);
    if (!policy) return Fail(policy.error());
    out = std::move(*policy);
    return {};
  };
  if (auto s = single("boundary", PolicyKind::kBoundary, set.boundary); !s) return Fail(s.error());
  if (auto s = single("resource_policy", PolicyKind::kResource, set.resource); !s) {
    return Fail(s.error());
  }
  if (auto s = single("session_policy", PolicyKind::kSession, set.session); !s) {
    return Fail(s.error());
  }
  auto scps = CompileLevels(line, "scps", PolicyKind::kScp);
  if (!scps) return Fail(scps.error());
  set.scps = std::move(*scps);
  auto rcps = CompileLevels(line, "rcps", PolicyKind::kRcp);
  if (!rcps) return Fail(rcps.error());
  set.rcps = std::move(*rcps);
  return Evaluator::Create(std::move(set));
}

}  // namespace raycloud::iam
