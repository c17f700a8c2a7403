#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "iam/glob.h"
#include "iam/policy_variables.h"
#include "iam/request.h"
#include "iam/values.h"

namespace raycloud::iam {

/// The type of comparison a condition operator makes.
enum class ConditionFamily {
  kString,            // StringEquals, StringNotEquals
  kStringIgnoreCase,  // StringEqualsIgnoreCase, StringNotEqualsIgnoreCase
  kStringLike,        // StringLike, StringNotLike
  kNumeric,
  kDate,
  kBool,
  kBinary,  // BinaryEquals
  kIp,      // IpAddress, NotIpAddress
  kArn,     // ArnEquals, ArnLike, ArnNotEquals, ArnNotLike (all take wildcards)
  kNull,
};

enum class Comparison { kEquals, kLessThan, kLessThanEquals, kGreaterThan, kGreaterThanEquals };

/// ForAllValues / ForAnyValue: how a multi-valued key is compared.
enum class SetQualifier { kNone, kForAllValues, kForAnyValue };

/// One value of a condition, pre-parsed for its operator's family.
struct ConditionValue {
  VariableText text;   // as written; may hold policy variables (String and Arn families)
  Glob glob;           // StringLike without variables
  std::string folded;  // StringEqualsIgnoreCase: lower-cased
  double number = 0;
  int64_t date_ms = 0;
  bool boolean = false;
  std::string binary;  // BinaryEquals: decoded bytes
  IpNetwork network;   // IpAddress
  ArnGlob arn;         // Arn operators without variables
};

/// One operator applied to one key with its values: `"StringLike": {"s3:prefix": [...]}`.
struct Condition {
  std::string op;         // as written, e.g. "ForAnyValue:StringLikeIfExists"
  std::string key;        // as written
  std::string key_lower;  // for lookups: keys are case-insensitive
  ConditionFamily family = ConditionFamily::kString;
  Comparison comparison = Comparison::kEquals;
  bool negated = false;
  bool if_exists = false;
  SetQualifier qualifier = SetQualifier::kNone;
  bool null_expects_absent = false;  // Null: "true" means the key must be absent
  std::vector<ConditionValue> values;
};

/// Builds a condition from an operator name, a key and its values as strings. Errors name
/// the operator or value that is wrong (unknown operator, a value of the wrong type).
Result<Condition> CompileCondition(std::string_view op, std::string_view key,
                                   const std::vector<std::string>& values, bool variables);

/// True when the request's context satisfies the condition, following AWS: a missing key
/// fails positive operators and satisfies negated ones; `IfExists` makes a missing key
/// satisfy; ForAllValues holds for an empty or missing set; ForAnyValue needs one match.
bool EvaluateCondition(const Condition& condition, const RequestContext& context);

}  // namespace raycloud::iam
