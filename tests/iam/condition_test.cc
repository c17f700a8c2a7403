#include "iam/condition.h"

#include <gtest/gtest.h>

namespace raycloud::iam {
namespace {

Condition C(std::string_view op, std::string_view key, std::vector<std::string> values) {
  auto condition = CompileCondition(op, key, values, true);
  EXPECT_TRUE(condition) << condition.error().message;
  return *condition;
}

RequestContext Ctx(std::initializer_list<std::pair<std::string, std::string>> single) {
  RequestContext context;
  for (const auto& [key, value] : single) context.Set(key, value);
  return context;
}

TEST(ConditionTest, StringOperators) {
  auto ctx = Ctx({{"aws:username", "Alice"}});
  EXPECT_TRUE(EvaluateCondition(C("StringEquals", "aws:username", {"Bob", "Alice"}), ctx));
  EXPECT_FALSE(EvaluateCondition(C("StringEquals", "aws:username", {"alice"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("StringEqualsIgnoreCase", "aws:username", {"alice"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("StringNotEquals", "aws:username", {"Bob"}), ctx));
  EXPECT_FALSE(EvaluateCondition(C("StringNotEquals", "aws:username", {"Bob", "Alice"}), ctx));
  EXPECT_FALSE(EvaluateCondition(C("StringNotEqualsIgnoreCase", "aws:username", {"ALICE"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("StringLike", "aws:username", {"A*"}), ctx));
  EXPECT_FALSE(EvaluateCondition(C("StringLike", "aws:username", {"a*"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("StringNotLike", "aws:username", {"B*", "?"}), ctx));
  // StringEquals takes `*` literally.
  EXPECT_FALSE(EvaluateCondition(C("StringEquals", "aws:username", {"*"}), ctx));
}

TEST(ConditionTest, KeysAreCaseInsensitive) {
  auto ctx = Ctx({{"AWS:UserName", "Alice"}});
  EXPECT_TRUE(EvaluateCondition(C("StringEquals", "aws:username", {"Alice"}), ctx));
}

TEST(ConditionTest, MissingKeyFailsPositiveAndSatisfiesNegatedAndIfExists) {
  RequestContext empty;
  EXPECT_FALSE(EvaluateCondition(C("StringEquals", "aws:username", {"a"}), empty));
  EXPECT_TRUE(EvaluateCondition(C("StringNotEquals", "aws:username", {"a"}), empty));
  EXPECT_TRUE(EvaluateCondition(C("StringEqualsIfExists", "aws:username", {"a"}), empty));
  EXPECT_TRUE(EvaluateCondition(C("NotIpAddress", "aws:SourceIp", {"10.0.0.0/8"}), empty));
  EXPECT_FALSE(EvaluateCondition(C("IpAddress", "aws:SourceIp", {"10.0.0.0/8"}), empty));
  EXPECT_TRUE(EvaluateCondition(C("Null", "aws:TokenIssueTime", {"true"}), empty));
  EXPECT_FALSE(EvaluateCondition(C("Null", "aws:TokenIssueTime", {"false"}), empty));
}

TEST(ConditionTest, NumericDateBoolBinaryIp) {
  auto ctx = Ctx({{"s3:max-keys", "10"},
                  {"aws:CurrentTime", "2024-06-01T12:00:00Z"},
                  {"aws:SecureTransport", "true"},
                  {"aws:SourceIp", "2001:db8::5"},
                  {"k:bin", "aGVsbG8="}});
  EXPECT_TRUE(EvaluateCondition(C("NumericLessThanEquals", "s3:max-keys", {"10"}), ctx));
  EXPECT_FALSE(EvaluateCondition(C("NumericLessThan", "s3:max-keys", {"10"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("NumericNotEquals", "s3:max-keys", {"11"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("NumericGreaterThan", "s3:max-keys", {"9.5"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("DateGreaterThan", "aws:CurrentTime", {"2024-01-01"}), ctx));
  EXPECT_FALSE(
      EvaluateCondition(C("DateLessThan", "aws:CurrentTime", {"2024-01-01T00:00:00Z"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("DateEquals", "aws:CurrentTime", {"1717243200"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("Bool", "aws:SecureTransport", {"true"}), ctx));
  EXPECT_FALSE(EvaluateCondition(C("Bool", "aws:SecureTransport", {"false"}), ctx));
  EXPECT_TRUE(
      EvaluateCondition(C("IpAddress", "aws:SourceIp", {"10.0.0.0/8", "2001:db8::/64"}), ctx));
  EXPECT_FALSE(EvaluateCondition(C("NotIpAddress", "aws:SourceIp", {"2001:db8::/64"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("BinaryEquals", "k:bin", {"aGVsbG8="}), ctx));
  EXPECT_FALSE(EvaluateCondition(C("BinaryEquals", "k:bin", {"aGVsbG9v"}), ctx));
}

TEST(ConditionTest, ArnOperatorsCompareComponentByComponent) {
  auto ctx = Ctx({{"aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:topic:extra"}});
  EXPECT_TRUE(
      EvaluateCondition(C("ArnLike", "aws:SourceArn", {"arn:aws:sns:*:123456789012:topic*"}), ctx));
  EXPECT_TRUE(
      EvaluateCondition(C("ArnEquals", "aws:SourceArn", {"arn:aws:sns:us-east-1:*:*"}), ctx));
  // A `*` in the region component cannot swallow the account component.
  EXPECT_FALSE(
      EvaluateCondition(C("ArnLike", "aws:SourceArn", {"arn:aws:sns:*:topic:extra"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("ArnNotLike", "aws:SourceArn", {"arn:aws:sqs:*:*:*"}), ctx));
}

TEST(ConditionTest, SetOperatorsOnMultiValuedKeys) {
  RequestContext ctx;
  ctx.SetMulti("aws:TagKeys", {"env", "team"});
  EXPECT_TRUE(
      EvaluateCondition(C("ForAllValues:StringEquals", "aws:TagKeys", {"env", "team", "x"}), ctx));
  EXPECT_FALSE(EvaluateCondition(C("ForAllValues:StringEquals", "aws:TagKeys", {"env"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("ForAnyValue:StringEquals", "aws:TagKeys", {"team"}), ctx));
  EXPECT_FALSE(EvaluateCondition(C("ForAnyValue:StringEquals", "aws:TagKeys", {"cost"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("ForAllValues:StringNotEquals", "aws:TagKeys", {"cost"}), ctx));
  EXPECT_TRUE(EvaluateCondition(C("ForAnyValue:StringNotLike", "aws:TagKeys", {"e*"}), ctx));
  // A single-valued operator never matches a multi-valued key, negated or not.
  EXPECT_FALSE(EvaluateCondition(C("StringEquals", "aws:TagKeys", {"env"}), ctx));
  EXPECT_FALSE(EvaluateCondition(C("StringNotEquals", "aws:TagKeys", {"cost"}), ctx));
  // ForAllValues holds vacuously for a missing key; ForAnyValue does not.
  RequestContext empty;
  EXPECT_TRUE(EvaluateCondition(C("ForAllValues:StringEquals", "aws:TagKeys", {"env"}), empty));
  EXPECT_FALSE(EvaluateCondition(C("ForAnyValue:StringEquals", "aws:TagKeys", {"env"}), empty));
}

TEST(ConditionTest, PolicyVariablesInValues) {
  auto ctx = Ctx({{"aws:username", "alice"},
                  {"s3:prefix", "home/alice/docs"},
                  {"aws:PrincipalTag/team", "blue"},
                  {"aws:ResourceTag/team", "blue"}});
  EXPECT_TRUE(EvaluateCondition(C("StringLike", "s3:prefix", {"home/${aws:username}/*"}), ctx));
  EXPECT_FALSE(EvaluateCondition(C("StringLike", "s3:prefix", {"home/${aws:userid}/*"}), ctx));
  EXPECT_TRUE(EvaluateCondition(
      C("StringEquals", "aws:ResourceTag/team", {"${aws:PrincipalTag/team}"}), ctx));
  EXPECT_TRUE(EvaluateCondition(
      C("StringEquals", "aws:ResourceTag/team", {"${aws:PrincipalTag/dept, 'blue'}"}), ctx));
  // An unresolvable variable fails the value for negated operators too.
  EXPECT_FALSE(EvaluateCondition(C("StringNotEquals", "s3:prefix", {"${aws:userid}"}), ctx));
}

TEST(ConditionTest, RejectsUnknownOperatorsAndBadValues) {
  EXPECT_FALSE(CompileCondition("StringEqualz", "k", {"v"}, true));
  EXPECT_FALSE(CompileCondition("NumericEquals", "k", {"ten"}, true));
  EXPECT_FALSE(CompileCondition("DateLessThan", "k", {"soon"}, true));
  EXPECT_FALSE(CompileCondition("IpAddress", "k", {"10.0.0.0/40"}, true));
  EXPECT_FALSE(CompileCondition("Bool", "k", {"yes"}, true));
  EXPECT_FALSE(CompileCondition("NullIfExists", "k", {"true"}, true));
  EXPECT_FALSE(CompileCondition("ForAnyValue:Null", "k", {"true"}, true));
  EXPECT_FALSE(CompileCondition("StringEquals", "k", {}, true));
  auto error = CompileCondition("StringEqualz", "k", {"v"}, true).error();
  EXPECT_NE(error.message.find("StringEqualz"), std::string::npos);
}

}  // namespace
}  // namespace raycloud::iam
