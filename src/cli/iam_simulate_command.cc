// `raycloud iam simulate`: offline policy evaluation with the IAM engine, one request from
// flags or many from a JSON Lines file (cli.md, "raycloud iam simulate").
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli/commands.h"
#include "iam/evaluator.h"
#include "iam/policy_parser.h"
#include "iam/simulation_input.h"

namespace raycloud::cli {
namespace {

using nlohmann::json;

struct SimulateOptions {
  std::vector<std::string> policies;
  std::string boundary;
  std::string resource_policy;
  std::vector<std::string> scps;
  std::vector<std::string> rcps;
  std::string session_policy;
  std::string principal;
  std::string action;
  std::string resource;
  std::string resource_account;
  std::vector<std::string> context;
  std::string requests;
  bool explain = false;
};

// Policy files are small (iam::kMaxPolicyBytes); refuse to slurp anything far larger.
constexpr std::streamoff kMaxFileBytes = 4 * 1024 * 1024;
// A batch line carries its policies inline; a generous bound keeps memory in check.
constexpr size_t kMaxLineBytes = 16 * 1024 * 1024;
// Distinct policy sets kept compiled while a batch runs.
constexpr size_t kMaxCachedPolicySets = 64;

Result<std::string> ReadFile(const std::string& flag, const std::string& path) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) return Fail(Error::Invalid(flag + ": cannot read " + path));
  std::streamoff size = file.tellg();
  if (size > kMaxFileBytes) {
    return Fail(Error::Invalid(flag + ": " + path + " is larger than any policy can be"));
  }
  file.seekg(0);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

Result<iam::PolicyPtr> LoadPolicy(const std::string& flag, const std::string& path,
                                  iam::PolicyKind kind) {
  auto text = ReadFile(flag, path);
  if (!text) return Fail(text.error());
  Result<iam::PolicyPtr> policy = [&]() -> Result<iam::PolicyPtr> {
    if (kind == iam::PolicyKind::kResource) {
      auto document = iam::ParseJsonText(*text, "policy \"" + path + "\"");
      if (!document) return Fail(document.error());
      return iam::ParsePolicyJson(*document, path, iam::ResourceSideKind(*document));
    }
    return iam::ParsePolicy(*text, path, kind);
  }();
  // The parser names the file; the message names the flag that gave it.
  if (!policy) return Fail(Error::InvalidFlag(flag, policy.error().message));
  return policy;
}

Result<iam::PolicySet> LoadPolicies(const SimulateOptions& options) {
  iam::PolicySet set;
  for (const auto& path : options.policies) {
    auto policy = LoadPolicy("--policy", path, iam::PolicyKind::kIdentity);
    if (!policy) return Fail(policy.error());
    set.identity.push_back(std::move(*policy));
  }
  auto single = [](const char* flag, const std::string& path, iam::PolicyKind kind,
                   iam::PolicyPtr& out) -> Status {
    if (path.empty()) return {};
    auto policy = LoadPolicy(flag, path, kind);
    if (!policy) return Fail(policy.error());
    out = std::move(*policy);
    return {};
  };
  if (auto s = single("--boundary", options.boundary, iam::PolicyKind::kBoundary, set.boundary);
      !s) {
    return Fail(s.error());
  }
  if (auto s = single("--resource-policy", options.resource_policy, iam::PolicyKind::kResource,
                      set.resource);
      !s) {
    return Fail(s.error());
  }
  if (auto s = single("--session-policy", options.session_policy, iam::PolicyKind::kSession,
                      set.session);
      !s) {
    return Fail(s.error());
  }
  // Each --scp / --rcp file is one level, root first (cli.md).
  for (const auto& path : options.scps) {
    auto policy = LoadPolicy("--scp", path, iam::PolicyKind::kScp);
    if (!policy) return Fail(policy.error());
    set.scps.push_back({std::move(*policy)});
  }
  for (const auto& path : options.rcps) {
    auto policy = LoadPolicy("--rcp", path, iam::PolicyKind::kRcp);
    if (!policy) return Fail(policy.error());
    set.rcps.push_back({std::move(*policy)});
  }
  return set;
}

json DecisionJson(const iam::Decision& decision, const iam::Request& request, bool explain) {
  json decisive = json::array();
  for (const iam::Statement* statement : decision.decisive) {
    decisive.push_back({{"policy", statement->policy->name}, {"statement", statement->Label()}});
  }
  json out = {{"decision", iam::DecisionName(decision.kind)},
              {"decisive", std::move(decisive)},
              {"explanation", iam::Explain(decision, request)}};
  if (explain) {
    json statements = json::array();
    for (const auto& trace : decision.trace) {
      json entry = {{"policy", trace.statement->policy->name},
                    {"statement", trace.statement->Label()},
                    {"effect", trace.statement->effect == iam::Effect::kAllow ? "Allow" : "Deny"},
                    {"applies", trace.applies}};
      if (!trace.applies) entry["why"] = trace.why;
      statements.push_back(std::move(entry));
    }
    out["statements"] = std::move(statements);
  }
  return out;
}

std::string DecisionText(const json& result) {
  std::string text = "decision: " + result["decision"].get<std::string>() + "\n" +
                     result["explanation"].get<std::string>() + "\n";
  if (result.contains("statements")) {
    for (const auto& entry : result["statements"]) {
      text += "  " + entry["policy"].get<std::string>() + " / " +
              entry["statement"].get<std::string>() + " (" + entry["effect"].get<std::string>() +
              "): " + (entry["applies"].get<bool>() ? "applies" : entry["why"].get<std::string>()) +
              "\n";
    }
  }
  return text;
}

// Batch lines carry their own request and policies: a single-request flag next to
// --requests would be silently ignored, so it is refused.
Status CheckBatchFlags(const SimulateOptions& options) {
  for (const auto& [flag, given] :
       {std::pair{"--policy", !options.policies.empty()},
        std::pair{"--boundary", !options.boundary.empty()},
        std::pair{"--resource-policy", !options.resource_policy.empty()},
        std::pair{"--scp", !options.scps.empty()}, std::pair{"--rcp", !options.rcps.empty()},
        std::pair{"--session-policy", !options.session_policy.empty()},
        std::pair{"--principal", !options.principal.empty()},
        std::pair{"--action", !options.action.empty()},
        std::pair{"--resource", !options.resource.empty()},
        std::pair{"--resource-account", !options.resource_account.empty()},
        std::pair{"--context", !options.context.empty()}}) {
    if (given) {
      return Fail(Error::InvalidFlag(
          flag, "cannot be combined with --requests (each request line carries its own)"));
    }
  }
  return {};
}

Status CheckRequestFlags(const SimulateOptions& options) {
  if (options.action.empty()) {
    return Fail(Error::InvalidFlag("--action", "is required (or --requests)"));
  }
  static const std::regex kAction(R"([A-Za-z0-9-]+:[A-Za-z0-9*?]+|\*)");
  if (!std::regex_match(options.action, kAction)) {
    return Fail(Error::InvalidFlag(
        "--action",
        "'" + options.action + "' is not an action; use service:Action (s3:GetObject)"));
  }
  if (options.resource.empty()) {
    return Fail(Error::InvalidFlag("--resource", "is required (or --requests)"));
  }
  static const std::regex kAccount(R"(\d{12})");
  if (!options.resource_account.empty() && !std::regex_match(options.resource_account, kAccount)) {
    return Fail(Error::InvalidFlag("--resource-account", "'" + options.resource_account +
                                                             "' is not an account id (12 digits)"));
  }
  return {};
}

Result<CommandOutput> SimulateOne(const SimulateOptions& options) {
  if (auto ok = CheckRequestFlags(options); !ok) return Fail(ok.error());
  iam::Request request;
  request.principal = options.principal;
  request.action = options.action;
  request.resource = options.resource;
  request.resource_account = options.resource_account;
  for (const auto& pair : options.context) {
    size_t equals = pair.find('=');
    if (equals == std::string::npos || equals == 0) {
      return Fail(Error::InvalidFlag("--context", "'" + pair + "' is not KEY=VALUE"));
    }
    request.context.Add(pair.substr(0, equals), pair.substr(equals + 1));
  }
  auto policies = LoadPolicies(options);
  if (!policies) return Fail(policies.error());
  auto evaluator = iam::Evaluator::Create(std::move(*policies));
  if (!evaluator) return Fail(evaluator.error());
  request = iam::WithDerivedContext(request);
  iam::Decision decision =
      evaluator->Evaluate(request, {.trace = options.explain, .all_grants = true});
  CommandOutput output;
  output.json = DecisionJson(decision, request, options.explain);
  output.text = DecisionText(output.json);
  return output;
}

// Batch mode streams one result per line, so it writes to stdout itself; the printer prints
// nothing for the empty output it returns. A line that cannot be evaluated gets an error
// object in its place and the command exits 2 at the end.
Result<CommandOutput> SimulateBatch(const SimulateOptions& options) {
  if (auto ok = CheckBatchFlags(options); !ok) return Fail(ok.error());
  std::ifstream file(options.requests, std::ios::binary);
  if (!file) return Fail(Error::Invalid("--requests: cannot read " + options.requests));
  std::map<std::string, iam::Evaluator> cache;
  std::string line;
  size_t number = 0;
  bool any_invalid = false;
  std::string out;
  auto flush = [&] {
    std::cout << out;
    out.clear();
  };
  auto error_line = [&](const Error& error) {
    any_invalid = true;
    json doc = {{"error",
                 {{"code", ErrorCodeName(error.kind)},
                  {"message", "line " + std::to_string(number) + ": " + error.message}}}};
    out += doc.dump() + "\n";
  };
  while (std::getline(file, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto document = iam::ParseJsonText(line, "request", kMaxLineBytes);
    if (!document) {
      error_line(document.error());
      continue;
    }
    auto input = iam::ParseSimulationRequest(*document);
    if (!input) {
      error_line(input.error());
      continue;
    }
    auto it = cache.find(input->policies_key);
    if (it == cache.end()) {
      auto evaluator = iam::CompilePolicies(*document);
      if (!evaluator) {
        error_line(evaluator.error());
        continue;
      }
      if (cache.size() >= kMaxCachedPolicySets) cache.clear();
      it = cache.emplace(std::move(input->policies_key), std::move(*evaluator)).first;
    }
    iam::Request request = iam::WithDerivedContext(input->request);
    iam::Decision decision =
        it->second.Evaluate(request, {.trace = options.explain, .all_grants = true});
    out += DecisionJson(decision, request, options.explain).dump() + "\n";
    if (out.size() > (1 << 16)) flush();
  }
  flush();
  std::cout.flush();
  CommandOutput output;
  output.json = nullptr;
  output.exit_code = any_invalid ? 2 : 0;
  return output;
}

}  // namespace

void AddIamSimulateCommand(CLI::App& iam, Context& context) {
  auto* command = iam.add_subcommand("simulate", "evaluate IAM policies offline, with reasons");
  auto options = std::make_shared<SimulateOptions>();
  command->add_option("--policy", options->policies, "identity policy file (repeatable)");
  command->add_option("--boundary", options->boundary, "permissions boundary file");
  command->add_option("--resource-policy", options->resource_policy,
                      "resource-based or trust policy file");
  command->add_option("--scp", options->scps,
                      "service control policy file, one level each, "
                      "root first (repeatable)");
  command->add_option("--rcp", options->rcps,
                      "resource control policy file, one level each, "
                      "root first (repeatable)");
  command->add_option("--session-policy", options->session_policy, "session policy file");
  command->add_option("--principal", options->principal, "caller ARN, service, or * (anonymous)");
  command->add_option("--action", options->action, "service:Action");
  command->add_option("--resource", options->resource, "resource ARN");
  command->add_option("--resource-account", options->resource_account,
                      "account owning the resource (default: from the ARN, else the caller's)");
  command->add_option("--context", options->context,
                      "KEY=VALUE (repeatable; a key given twice is multi-valued)");
  command->add_option("--requests", options->requests, "JSON Lines file of requests (batch)");
  command->add_flag("--explain", options->explain,
                    "also say for every statement why it did or did not apply");
  command->callback([&context, options] {
    context.action = [options]() -> Result<CommandOutput> {
      if (!options->requests.empty()) return SimulateBatch(*options);
      return SimulateOne(*options);
    };
  });
}

}  // namespace raycloud::cli
