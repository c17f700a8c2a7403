#include "iam/policy_parser.h"

#include <nlohmann/json.hpp>

#include "common/strings.h"
#include "iam/arn.h"

namespace raycloud::iam {
namespace {

using json = nlohmann::json;

constexpr int kMaxDepth = 32;

// Rejects documents nested deeper than any policy can be before handing them to the JSON
// library, so hostile input cannot exhaust the stack.
bool NestingWithin(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

std::string TypeName(const json& value) { return value.type_name(); }

class StatementParser {
 public:
  StatementParser(const Policy& policy, size_t index, bool variables)
      : policy_(policy), index_(index), variables_(variables) {}

  Result<Statement> Parse(const json& element);

 private:
  Error Bad(std::string_view field, const std::string& problem) const {
    std::string where = "policy \"" + policy_.name + "\" statement " + std::to_string(index_);
    if (!sid_.empty()) where += " (Sid \"" + sid_ + "\")";
    return Error::Invalid(where + ": " + std::string(field) + " " + problem);
  }
  Result<std::vector<std::string>> Strings(std::string_view field, const json& value) const;
  Status ParsePrincipal(std::string_view field, const json& value, PrincipalElement& out) const;
  Result<PrincipalEntry> ParseAwsPrincipal(std::string_view field, const std::string& text) const;
  Status ParseCondition(const json& value, std::vector<Condition>& out) const;

  const Policy& policy_;
  size_t index_;
  bool variables_;
  std::string sid_;
};

Result<std::vector<std::string>> StatementParser::Strings(std::string_view field,
                                                          const json& value) const {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
    return out;
  }
  if (!value.is_array()) {
    return Fail(Bad(field, "must be a string or an array of strings, got " + TypeName(value)));
  }
  if (value.empty()) return Fail(Bad(field, "must not be an empty array"));
  for (const auto& item : value) {
    if (!item.is_string()) {
      return Fail(Bad(field, "must hold only strings, got " + TypeName(item)));
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<PrincipalEntry> StatementParser::ParseAwsPrincipal(std::string_view field,
                                                          const std::string& text) const {
  PrincipalEntry entry;
  entry.text = text;
  if (text == "*") {
    entry.kind = PrincipalEntry::Kind::kEveryone;
    return entry;
  }
  if (IsAccountId(text)) {
    entry.kind = PrincipalEntry::Kind::kAccount;
    entry.account = text;
    return entry;
  }
  auto arn = SplitArn(text);
  if (!arn) {
    // Unique ids (AIDA..., AROA...) appear when the principal they named was deleted; they
    // match no request principal but are valid.
    if (text.size() >= 16 && text.size() <= 128 && text.find(':') == std::string::npos &&
        text.find('*') == std::string::npos) {
      entry.kind = PrincipalEntry::Kind::kArn;
      return entry;
    }
    return Fail(Bad(field, "AWS principal \"" + text + "\" is not \"*\", an account id or an ARN"));
  }
  if (text.find('*') != std::string::npos || text.find('?') != std::string::npos) {
    return Fail(Bad(field, "AWS principal \"" + text +
                               "\" has a wildcard; only \"*\" alone is allowed in principals"));
  }
  entry.account = std::string(arn->account);
  if (arn->service == "iam" && arn->resource == "root") {
    entry.kind = PrincipalEntry::Kind::kAccount;
  } else if (arn->service == "iam" && arn->resource.starts_with("role/")) {
    entry.kind = PrincipalEntry::Kind::kRole;
    std::string_view resource = arn->resource;
    entry.name = std::string(resource.substr(resource.rfind('/') + 1));
  } else {
    entry.kind = PrincipalEntry::Kind::kArn;
  }
  return entry;
}

Status StatementParser::ParsePrincipal(std::string_view field, const json& value,
                                       PrincipalElement& out) const {
  out.present = true;
  if (value.is_string()) {
    if (value.get<std::string>() != "*") {
      return Fail(Bad(field, "as a string must be \"*\"; use {\"AWS\": ...} for principals"));
    }
    out.entries.push_back(PrincipalEntry{PrincipalEntry::Kind::kEveryone, "*", {}, {}});
    return {};
  }
  if (!value.is_object() || value.empty()) {
    return Fail(Bad(field,
                    "must be \"*\" or an object with AWS, Service, Federated or "
                    "CanonicalUser, got " +
                        TypeName(value)));
  }
  for (const auto& [type, list] : value.items()) {
    std::string sub = std::string(field) + "." + type;
    auto texts = Strings(sub, list);
    if (!texts) return Fail(texts.error());
    for (const std::string& text : *texts) {
      if (type == "AWS") {
        auto entry = ParseAwsPrincipal(sub, text);
        if (!entry) return Fail(entry.error());
        out.entries.push_back(std::move(*entry));
      } else if (type == "Service" || type == "Federated" || type == "CanonicalUser") {
        if (text.empty()) return Fail(Bad(sub, "has an empty value"));
        PrincipalEntry entry;
        entry.text = text;
        entry.kind = type == "Service"     ? PrincipalEntry::Kind::kService
                     : type == "Federated" ? PrincipalEntry::Kind::kFederated
                                           : PrincipalEntry::Kind::kCanonicalUser;
        if (text == "*") entry.kind = PrincipalEntry::Kind::kEveryone;
        out.entries.push_back(std::move(entry));
      } else {
        return Fail(Bad(field, "has unknown principal type \"" + type +
                                   "\" (expected AWS, Service, Federated or CanonicalUser)"));
      }
    }
  }
  return {};
}

Status StatementParser::ParseCondition(const json& value, std::vector<Condition>& out) const {
  if (!value.is_object())
    return Fail(Bad("Condition", "must be an object, got " + TypeName(value)));
  for (const auto& [op, block] : value.items()) {
    if (!block.is_object()) {
      return Fail(
          Bad("Condition", "operator " + op + " must map keys to values, got " + TypeName(block)));
    }
    for (const auto& [key, raw] : block.items()) {
      std::vector<std::string> values;
      auto add = [&](const json& item) -> Status {
        if (item.is_string()) {
          values.push_back(item.get<std::string>());
        } else if (item.is_boolean()) {
          values.push_back(item.get<bool>() ? "true" : "false");
        } else if (item.is_number()) {
          values.push_back(item.dump());
        } else {
          return Fail(Bad("Condition", "operator " + op + " key " + key +
                                           ": values must be strings, numbers or booleans, got " +
                                           TypeName(item)));
        }
        return {};
      };
      if (raw.is_array()) {
        if (raw.empty()) {
          return Fail(Bad("Condition", "operator " + op + " key " + key + " has no values"));
        }
        for (const auto& item : raw) {
          if (auto status = add(item); !status) return status;
        }
      } else if (auto status = add(raw); !status) {
        return status;
      }
      auto condition = CompileCondition(op, key, values, variables_);
      if (!condition) return Fail(Bad("Condition", condition.error().message));
      out.push_back(std::move(*condition));
    }
  }
  return {};
}

Result<Statement> StatementParser::Parse(const json& element) {
  if (!element.is_object())
    return Fail(Bad("Statement", "must be an object, got " + TypeName(element)));
  Statement statement;
  statement.policy = &policy_;
  statement.index = index_;
  if (auto it = element.find("Sid"); it != element.end()) {
    if (!it->is_string()) return Fail(Bad("Sid", "must be a string, got " + TypeName(*it)));
    sid_ = it->get<std::string>();
    statement.sid = sid_;
  }
  bool has_action = false;
  bool has_effect = false;
  for (const auto& [field, value] : element.items()) {
    if (field == "Sid") continue;
    if (field == "Effect") {
      if (!value.is_string())
        return Fail(Bad("Effect", "must be a string, got " + TypeName(value)));
      const std::string& effect = value.get_ref<const std::string&>();
      if (effect == "Allow") {
        statement.effect = Effect::kAllow;
      } else if (effect == "Deny") {
        statement.effect = Effect::kDeny;
      } else {
        return Fail(Bad("Effect", "must be \"Allow\" or \"Deny\", got \"" + effect + "\""));
      }
      has_effect = true;
    } else if (field == "Action" || field == "NotAction") {
      if (has_action) return Fail(Bad(field, "cannot appear with both Action and NotAction"));
      has_action = true;
      statement.not_action = field == "NotAction";
      auto texts = Strings(field, value);
      if (!texts) return Fail(texts.error());
      for (const std::string& text : *texts) {
        size_t colon = text.find(':');
        if (text != "*" && (colon == std::string::npos || colon == 0 || colon + 1 == text.size() ||
                            text.find_first_of(" \t\n") != std::string::npos)) {
          return Fail(Bad(field, "entry \"" + text + "\" is not \"*\" or \"service:Action\""));
        }
        std::string lower = strings::Lower(text);
        statement.actions.push_back(ActionPattern{lower, Glob::Compile(lower)});
      }
    } else if (field == "Resource" || field == "NotResource") {
      if (statement.has_resource) {
        return Fail(Bad(field, "cannot appear with both Resource and NotResource"));
      }
      statement.has_resource = true;
      statement.not_resource = field == "NotResource";
      auto texts = Strings(field, value);
      if (!texts) return Fail(texts.error());
      for (const std::string& text : *texts) {
        if (text != "*" && !text.starts_with("arn:")) {
          return Fail(Bad(field, "entry \"" + text + "\" is not \"*\" or an ARN"));
        }
        ResourcePattern pattern{VariableText::Parse(text, variables_), {}};
        if (!pattern.text.has_variables()) pattern.glob = ArnGlob::Compile(text);
        statement.resource_has_variables |= pattern.text.has_variables();
        statement.resources.push_back(std::move(pattern));
      }
    } else if (field == "Principal" || field == "NotPrincipal") {
      if (statement.principal.present) {
        return Fail(Bad(field, "cannot appear with both Principal and NotPrincipal"));
      }
      statement.principal.negated = field == "NotPrincipal";
      if (auto status = ParsePrincipal(field, value, statement.principal); !status) {
        return Fail(status.error());
      }
    } else if (field == "Condition") {
      if (auto status = ParseCondition(value, statement.conditions); !status) {
        return Fail(status.error());
      }
    } else {
      return Fail(Bad("element", "\"" + field + "\" is not a statement element"));
    }
  }
  if (!has_effect) return Fail(Bad("Effect", "is missing"));
  if (!has_action) return Fail(Bad("Action", "is missing (a statement needs Action or NotAction)"));

  PolicyKind kind = policy_.kind;
  bool wants_principal =
      kind == PolicyKind::kResource || kind == PolicyKind::kTrust || kind == PolicyKind::kRcp;
  if (wants_principal && !statement.principal.present) {
    return Fail(Bad("Principal", std::string("is missing (required in a ") +
                                     std::string(PolicyKindName(kind)) + ")"));
  }
  if (!wants_principal && statement.principal.present) {
    return Fail(Bad(statement.principal.negated ? "NotPrincipal" : "Principal",
                    std::string("is not allowed in a ") + std::string(PolicyKindName(kind))));
  }
  if (kind == PolicyKind::kRcp &&
      (statement.principal.negated || statement.principal.entries.size() != 1 ||
       statement.principal.entries.front().kind != PrincipalEntry::Kind::kEveryone)) {
    return Fail(Bad("Principal", "must be \"*\" in a resource control policy"));
  }
  // AWS's RCP syntax: customer RCPs only deny (RCPFullAWSAccess is the one Allow, attached
  // implicitly), and name actions explicitly.
  if (kind == PolicyKind::kRcp && statement.effect != Effect::kDeny) {
    return Fail(Bad("Effect", "must be \"Deny\" in a resource control policy"));
  }
  if (kind == PolicyKind::kRcp && statement.not_action) {
    return Fail(Bad("NotAction", "is not allowed in a resource control policy"));
  }
  if (kind == PolicyKind::kRcp) {
    for (const auto& action : statement.actions) {
      if (action.text == "*")
        return Fail(Bad("Action", "cannot be \"*\" in a resource control policy"));
    }
  }
  if (kind == PolicyKind::kTrust && statement.has_resource) {
    return Fail(Bad(statement.not_resource ? "NotResource" : "Resource",
                    "is not allowed in a trust policy"));
  }
  if (kind != PolicyKind::kTrust && !statement.has_resource) {
    return Fail(Bad("Resource", "is missing (a statement needs Resource or NotResource)"));
  }
  return statement;
}

}  // namespace

Result<json> ParseJsonText(std::string_view text, std::string_view what, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return Fail(Error::Invalid(std::string(what) + " is " + std::to_string(text.size()) +
                               " bytes; the limit is " + std::to_string(max_bytes)));
  }
  if (!NestingWithin(text, kMaxDepth)) {
    return Fail(Error::Invalid(std::string(what) + " is nested deeper than " +
                               std::to_string(kMaxDepth) + " levels"));
  }
  // The JSON library reports syntax errors as exceptions; they never leave this function.
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::exception& error) {
    std::string detail = "malformed JSON";
    if (const auto* parse_error = dynamic_cast<const json::parse_error*>(&error)) {
      detail += " at byte " + std::to_string(parse_error->byte);
    }
    return Fail(Error::Invalid(std::string(what) + ": " + detail));
  }
}

Result<PolicyPtr> ParsePolicy(std::string_view text, std::string name, PolicyKind kind) {
  auto document = ParseJsonText(text, "policy \"" + name + "\"");
  if (!document) return Fail(document.error());
  return ParsePolicyJson(*document, std::move(name), kind);
}

Result<PolicyPtr> ParsePolicyJson(const json& document, std::string name, PolicyKind kind) {
  auto policy = std::make_shared<Policy>();
  policy->name = std::move(name);
  policy->kind = kind;
  auto bad = [&](const std::string& problem) {
    return Fail(Error::Invalid("policy \"" + policy->name + "\": " + problem));
  };
  if (!document.is_object()) return bad("must be a JSON object, got " + TypeName(document));
  const json* statements = nullptr;
  for (const auto& [field, value] : document.items()) {
    if (field == "Version") {
      if (!value.is_string()) return bad("Version must be a string, got " + TypeName(value));
      policy->version = value.get<std::string>();
      if (policy->version != "2012-10-17" && policy->version != "2008-10-17") {
        return bad("Version must be \"2012-10-17\" or \"2008-10-17\", got \"" + policy->version +
                   "\"");
      }
    } else if (field == "Id") {
      if (!value.is_string()) return bad("Id must be a string, got " + TypeName(value));
    } else if (field == "Statement") {
      statements = &value;
    } else {
      return bad("\"" + field + "\" is not a policy element (Version, Id, Statement)");
    }
  }
  if (!statements) return bad("Statement is missing");
  // Policy variables exist only in version 2012-10-17; before it `${...}` is literal text.
  bool variables = policy->version == "2012-10-17";
  auto add = [&](const json& element) -> Status {
    StatementParser parser(*policy, policy->statements.size() + 1, variables);
    auto statement = parser.Parse(element);
    if (!statement) return Fail(statement.error());
    policy->statements.push_back(std::move(*statement));
    return {};
  };
  if (statements->is_object()) {
    if (auto status = add(*statements); !status) return Fail(status.error());
  } else if (statements->is_array()) {
    for (const auto& element : *statements) {
      if (auto status = add(element); !status) return Fail(status.error());
    }
  } else {
    return bad("Statement must be an object or an array, got " + TypeName(*statements));
  }
  return PolicyPtr(std::move(policy));
}

}  // namespace raycloud::iam
