#include "iam/condition.h"

#include <array>

#include "common/strings.h"

namespace raycloud::iam {
namespace {

struct OperatorSpec {
  std::string_view name;
  ConditionFamily family;
  Comparison comparison;
  bool negated;
};

// Every base operator of AWS's condition operator reference; `IfExists` and the set
// qualifiers are parsed around them.
constexpr std::array<OperatorSpec, 27> kOperators = {{
    {"StringEquals", ConditionFamily::kString, Comparison::kEquals, false},
    {"StringNotEquals", ConditionFamily::kString, Comparison::kEquals, true},
    {"StringEqualsIgnoreCase", ConditionFamily::kStringIgnoreCase, Comparison::kEquals, false},
    {"StringNotEqualsIgnoreCase", ConditionFamily::kStringIgnoreCase, Comparison::kEquals, true},
    {"StringLike", ConditionFamily::kStringLike, Comparison::kEquals, false},
    {"StringNotLike", ConditionFamily::kStringLike, Comparison::kEquals, true},
    {"NumericEquals", ConditionFamily::kNumeric, Comparison::kEquals, false},
    {"NumericNotEquals", ConditionFamily::kNumeric, Comparison::kEquals, true},
    {"NumericLessThan", ConditionFamily::kNumeric, Comparison::kLessThan, false},
    {"NumericLessThanEquals", ConditionFamily::kNumeric, Comparison::kLessThanEquals, false},
    {"NumericGreaterThan", ConditionFamily::kNumeric, Comparison::kGreaterThan, false},
    {"NumericGreaterThanEquals", ConditionFamily::kNumeric, Comparison::kGreaterThanEquals, false},
    {"DateEquals", ConditionFamily::kDate, Comparison::kEquals, false},
    {"DateNotEquals", ConditionFamily::kDate, Comparison::kEquals, true},
    {"DateLessThan", ConditionFamily::kDate, Comparison::kLessThan, false},
    {"DateLessThanEquals", ConditionFamily::kDate, Comparison::kLessThanEquals, false},
    {"DateGreaterThan", ConditionFamily::kDate, Comparison::kGreaterThan, false},
    {"DateGreaterThanEquals", ConditionFamily::kDate, Comparison::kGreaterThanEquals, false},
    {"Bool", ConditionFamily::kBool, Comparison::kEquals, false},
    {"BinaryEquals", ConditionFamily::kBinary, Comparison::kEquals, false},
    {"IpAddress", ConditionFamily::kIp, Comparison::kEquals, false},
    {"NotIpAddress", ConditionFamily::kIp, Comparison::kEquals, true},
    {"ArnEquals", ConditionFamily::kArn, Comparison::kEquals, false},
    {"ArnLike", ConditionFamily::kArn, Comparison::kEquals, false},
    {"ArnNotEquals", ConditionFamily::kArn, Comparison::kEquals, true},
    {"ArnNotLike", ConditionFamily::kArn, Comparison::kEquals, true},
    {"Null", ConditionFamily::kNull, Comparison::kEquals, false},
}};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

template <typename T>
bool Compare(Comparison comparison, T request, T policy) {
  switch (comparison) {
    case Comparison::kEquals:
      return request == policy;
    case Comparison::kLessThan:
      return request < policy;
    case Comparison::kLessThanEquals:
      return request <= policy;
    case Comparison::kGreaterThan:
      return request > policy;
    case Comparison::kGreaterThanEquals:
      return request >= policy;
  }
  return false;
}

// The positive test of one request value against one policy value; nullopt when the
// policy value cannot be resolved (a policy variable without a value), which AWS treats
// as a value that never matches, whatever the operator's polarity.
std::optional<bool> PositiveMatch(const Condition& condition, const ConditionValue& value,
                                  std::string_view request, const RequestContext& context) {
  switch (condition.family) {
    case ConditionFamily::kString: {
      if (!value.text.has_variables()) return request == value.text.text();
      auto resolved = value.text.Resolve(context);
      if (!resolved) return std::nullopt;
      return request == *resolved;
    }
    case ConditionFamily::kStringIgnoreCase: {
      if (!value.text.has_variables()) return EqualsIgnoreCase(request, value.folded);
      auto resolved = value.text.Resolve(context);
      if (!resolved) return std::nullopt;
      return EqualsIgnoreCase(request, *resolved);
    }
    case ConditionFamily::kStringLike: {
      if (!value.text.has_variables()) return value.glob.Matches(request);
      auto glob = value.text.ResolveGlob(context);
      if (!glob) return std::nullopt;
      return glob->Matches(request);
    }
    case ConditionFamily::kNumeric: {
      auto number = ParseNumber(request);
      return number && Compare(condition.comparison, *number, value.number);
    }
    case ConditionFamily::kDate: {
      auto date = ParseDateMillis(request);
      return date && Compare(condition.comparison, *date, value.date_ms);
    }
    case ConditionFamily::kBool:
      return EqualsIgnoreCase(request, value.boolean ? "true" : "false");
    case ConditionFamily::kBinary: {
      std::string decoded;
      if (strings::Base64Decode(request, decoded)) return decoded == value.binary;
      return request == value.text.text();
    }
    case ConditionFamily::kIp: {
      auto address = ParseIpNetwork(request);
      return address && value.network.Contains(*address);
    }
    case ConditionFamily::kArn: {
      if (!value.text.has_variables()) return value.arn.Matches(request);
      auto arn = value.text.ResolveArnGlob(context);
      if (!arn) return std::nullopt;
      return arn->Matches(request);
    }
    case ConditionFamily::kNull:
      break;
  }
  return false;
}

// One request value against the operator: positive operators need one policy value to
// match; negated operators need every policy value not to match.
bool ValueSatisfies(const Condition& condition, std::string_view request,
                    const RequestContext& context) {
  if (!condition.negated) {
    for (const auto& value : condition.values) {
      auto match = PositiveMatch(condition, value, request, context);
      if (match && *match) return true;
    }
    return false;
  }
  for (const auto& value : condition.values) {
    auto match = PositiveMatch(condition, value, request, context);
    if (!match || *match) return false;
  }
  return true;
}

}  // namespace

Result<Condition> CompileCondition(std::string_view op, std::string_view key,
                                   const std::vector<std::string>& values, bool variables) {
  Condition condition;
  condition.op = std::string(op);
  condition.key = std::string(key);
  condition.key_lower = strings::Lower(key);
  if (key.empty()) return Fail(Error::Invalid("operator " + condition.op + " has an empty key"));
  std::string_view base = op;
  if (StartsWithIgnoreCase(base, "ForAllValues:")) {
    condition.qualifier = SetQualifier::kForAllValues;
    base.remove_prefix(13);
  } else if (StartsWithIgnoreCase(base, "ForAnyValue:")) {
    condition.qualifier = SetQualifier::kForAnyValue;
    base.remove_prefix(12);
  }
  if (base.size() > 8 && EqualsIgnoreCase(base.substr(base.size() - 8), "IfExists")) {
    condition.if_exists = true;
    base.remove_suffix(8);
  }
  const OperatorSpec* spec = nullptr;
  for (const auto& candidate : kOperators) {
    if (EqualsIgnoreCase(candidate.name, base)) spec = &candidate;
  }
  // An unknown operator is an error, so that a typo never silently disables a condition.
  if (!spec) return Fail(Error::Invalid("unknown condition operator \"" + condition.op + "\""));
  condition.family = spec->family;
  condition.comparison = spec->comparison;
  condition.negated = spec->negated;
  if (values.empty()) {
    return Fail(
        Error::Invalid("operator " + condition.op + " key " + condition.key + " has no values"));
  }

  if (condition.family == ConditionFamily::kNull) {
    if (condition.if_exists || condition.qualifier != SetQualifier::kNone) {
      return Fail(Error::Invalid("operator " + condition.op +
                                 ": Null takes neither IfExists nor ForAllValues/ForAnyValue"));
    }
    if (values.size() != 1 ||
        (!EqualsIgnoreCase(values[0], "true") && !EqualsIgnoreCase(values[0], "false"))) {
      return Fail(Error::Invalid("operator Null key " + condition.key +
                                 " needs one value, \"true\" or \"false\""));
    }
    condition.null_expects_absent = EqualsIgnoreCase(values[0], "true");
    return condition;
  }

  bool allows_variables = condition.family == ConditionFamily::kString ||
                          condition.family == ConditionFamily::kStringIgnoreCase ||
                          condition.family == ConditionFamily::kStringLike ||
                          condition.family == ConditionFamily::kArn;
  auto bad_value = [&](const std::string& text, std::string_view expected) {
    return Fail(Error::Invalid("operator " + condition.op + " key " + condition.key + ": value \"" +
                               text + "\" is not " + std::string(expected)));
  };
  condition.values.reserve(values.size());
  for (const std::string& text : values) {
    ConditionValue value;
    value.text = VariableText::Parse(text, variables && allows_variables);
    switch (condition.family) {
      case ConditionFamily::kString:
        break;
      case ConditionFamily::kStringIgnoreCase:
        value.folded = strings::Lower(text);
        break;
      case ConditionFamily::kStringLike:
        if (!value.text.has_variables()) value.glob = Glob::Compile(text);
        break;
      case ConditionFamily::kNumeric: {
        auto number = ParseNumber(text);
        if (!number) return bad_value(text, "a number");
        value.number = *number;
        break;
      }
      case ConditionFamily::kDate: {
        auto date = ParseDateMillis(text);
        if (!date) return bad_value(text, "an ISO 8601 date or epoch seconds");
        value.date_ms = *date;
        break;
      }
      case ConditionFamily::kBool:
        if (!EqualsIgnoreCase(text, "true") && !EqualsIgnoreCase(text, "false")) {
          return bad_value(text, "\"true\" or \"false\"");
        }
        value.boolean = EqualsIgnoreCase(text, "true");
        break;
      case ConditionFamily::kBinary:
        if (!strings::Base64Decode(text, value.binary)) return bad_value(text, "base64");
        break;
      case ConditionFamily::kIp: {
        auto network = ParseIpNetwork(text);
        if (!network) return bad_value(text, "an IPv4 or IPv6 address or CIDR block");
        value.network = *network;
        break;
      }
      case ConditionFamily::kArn:
        if (!value.text.has_variables()) value.arn = ArnGlob::Compile(text);
        break;
      case ConditionFamily::kNull:
        break;
    }
    condition.values.push_back(std::move(value));
  }
  return condition;
}

bool EvaluateCondition(const Condition& condition, const RequestContext& context) {
  const ContextEntry* entry = context.FindLower(condition.key_lower);
  if (condition.family == ConditionFamily::kNull) {
    return condition.null_expects_absent == (entry == nullptr);
  }
  switch (condition.qualifier) {
    case SetQualifier::kForAllValues:
      // Vacuously true for a missing key or an empty set (AWS documents this trap).
      if (!entry) return true;
      for (const auto& value : entry->values) {
        if (!ValueSatisfies(condition, value, context)) return false;
      }
      return true;
    case SetQualifier::kForAnyValue:
      if (!entry) return condition.if_exists;
      for (const auto& value : entry->values) {
        if (ValueSatisfies(condition, value, context)) return true;
      }
      return false;
    case SetQualifier::kNone:
      break;
  }
  if (!entry) return condition.if_exists || condition.negated;
  // A single-valued operator needs a single-valued key: against a multi-valued key it
  // never matches, negated or not (AWS: use ForAllValues/ForAnyValue for such keys).
  if (entry->multi || entry->values.size() != 1) return false;
  return ValueSatisfies(condition, entry->values.front(), context);
}

}  // namespace raycloud::iam
