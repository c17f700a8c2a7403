#include "iam/policy_parser.h"

#include <gtest/gtest.h>

namespace raycloud::iam {
namespace {

std::string ErrorOf(std::string_view text, PolicyKind kind = PolicyKind::kIdentity) {
  auto policy = ParsePolicy(text, "p.json", kind);
  EXPECT_FALSE(policy) << "expected an error for " << text;
  return policy ? "" : policy.error().message;
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(PolicyParserTest, ParsesStatementObjectOrArray) {
  auto one = ParsePolicy(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}})",
      "one", PolicyKind::kIdentity);
  ASSERT_TRUE(one) << one.error().message;
  ASSERT_EQ((*one)->statements.size(), 1u);
  EXPECT_EQ((*one)->statements[0].Label(), "1");
  EXPECT_EQ((*one)->statements[0].actions[0].text, "s3:getobject");

  auto two = ParsePolicy(R"({"Statement":[
      {"Sid":"A","Effect":"Deny","NotAction":["iam:*","sts:*"],"NotResource":"arn:aws:s3:::b"},
      {"Effect":"Allow","Action":"*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]})",
                         "two", PolicyKind::kIdentity);
  ASSERT_TRUE(two) << two.error().message;
  const Policy& policy = **two;
  EXPECT_EQ(policy.statements[0].Label(), "A");
  EXPECT_TRUE(policy.statements[0].not_action);
  EXPECT_TRUE(policy.statements[0].not_resource);
  EXPECT_EQ(policy.statements[0].effect, Effect::kDeny);
  EXPECT_EQ(policy.statements[1].Label(), "2");
  EXPECT_EQ(policy.statements[1].resources.size(), 2u);
  EXPECT_EQ(policy.statements[0].policy, &policy);
}

TEST(PolicyParserTest, ParsesEveryPrincipalForm) {
  auto policy = ParsePolicy(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},
      {"Effect":"Allow","Principal":{"AWS":["123456789012","arn:aws:iam::111122223333:root",
        "arn:aws:iam::111122223333:role/path/Admin","arn:aws:iam::111122223333:user/bob",
        "arn:aws:sts::111122223333:assumed-role/Admin/s1"]},"Action":"s3:*","Resource":"*"},
      {"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com",
        "Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e6"},
       "Action":"s3:*","Resource":"*"},
      {"Effect":"Deny","NotPrincipal":{"AWS":"*"},"Action":"s3:*","Resource":"*"}]})",
                            "bucket", PolicyKind::kResource);
  ASSERT_TRUE(policy) << policy.error().message;
  const auto& entries = (*policy)->statements[1].principal.entries;
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[0].kind, PrincipalEntry::Kind::kAccount);
  EXPECT_EQ(entries[1].kind, PrincipalEntry::Kind::kAccount);
  EXPECT_EQ(entries[1].account, "111122223333");
  EXPECT_EQ(entries[2].kind, PrincipalEntry::Kind::kRole);
  EXPECT_EQ(entries[2].name, "Admin");
  EXPECT_EQ(entries[3].kind, PrincipalEntry::Kind::kArn);
  EXPECT_EQ((*policy)->statements[2].principal.entries.size(), 3u);
  EXPECT_TRUE((*policy)->statements[3].principal.negated);
}

TEST(PolicyParserTest, ErrorsNameTheStatementAndField) {
  std::string error = ErrorOf(
      R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},
                       {"Sid":"Bad","Effect":"allow","Action":"s3:*","Resource":"*"}]})");
  EXPECT_TRUE(Contains(error, "p.json")) << error;
  EXPECT_TRUE(Contains(error, "statement 2")) << error;
  EXPECT_TRUE(Contains(error, "Sid \"Bad\"")) << error;
  EXPECT_TRUE(Contains(error, "Effect")) << error;

  EXPECT_TRUE(Contains(ErrorOf(R"({"Version":"2013-01-01","Statement":[]})"), "Version"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"Statement":"x"})"), "Statement"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"Statement":[{"Effect":"Allow","Resource":"*"}]})"), "Action"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"Statement":[{"Effect":"Allow","Action":"s3"}]})"), "Action"));
  EXPECT_TRUE(
      Contains(ErrorOf(R"({"Statement":[{"Effect":"Allow","Action":"s3:*"}]})"), "Resource"));
  EXPECT_TRUE(
      Contains(ErrorOf(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}]})"),
               "Resource"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"Statement":[{"Effect":"Allow","Action":5,"Resource":"*"}]})"),
                       "Action"));
  EXPECT_TRUE(Contains(
      ErrorOf(
          R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]})"),
      "Principal"));
  EXPECT_TRUE(
      Contains(ErrorOf(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})",
                       PolicyKind::kResource),
               "Principal"));
  EXPECT_TRUE(Contains(
      ErrorOf(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:role/*"},
                 "Action":"s3:*","Resource":"*"}]})",
              PolicyKind::kResource),
      "wildcard"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"Statement":[{"Effect":"Allow","Principal":{"Robot":"x"},
                 "Action":"s3:*","Resource":"*"}]})",
                               PolicyKind::kResource),
                       "Robot"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*",
                 "Condition":{"StringEqualsWhatever":{"k":"v"}}}]})"),
                       "StringEqualsWhatever"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*",
                 "Condition":{"StringEquals":{"k":{"nested":1}}}}]})"),
                       "Condition"));
  EXPECT_TRUE(Contains(
      ErrorOf(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Extra":1}]})"),
      "Extra"));
  EXPECT_TRUE(
      Contains(ErrorOf(R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*",
                 "Principal":{"AWS":"123456789012"}}]})",
                       PolicyKind::kTrust),
               "trust"));
}

TEST(PolicyParserTest, RejectsMalformedOversizedAndDeepDocuments) {
  EXPECT_TRUE(Contains(ErrorOf(R"({"Statement": [)"), "malformed JSON"));
  EXPECT_TRUE(Contains(ErrorOf("[1,2]"), "object"));
  std::string big = R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":")" +
                    std::string(kMaxPolicyBytes, 'a') + R"("}]})";
  EXPECT_TRUE(Contains(ErrorOf(big), "limit"));
  std::string deep = std::string(50000, '[') + std::string(50000, ']');
  EXPECT_TRUE(Contains(ErrorOf(deep), "nested"));
}

TEST(PolicyParserTest, OldVersionTakesVariablesLiterally) {
  auto policy = ParsePolicy(
      R"({"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*",
          "Resource":"arn:aws:s3:::b/${aws:username}"}})",
      "old", PolicyKind::kIdentity);
  ASSERT_TRUE(policy);
  EXPECT_FALSE((*policy)->statements[0].resources[0].text.has_variables());
}

}  // namespace
}  // namespace raycloud::iam
