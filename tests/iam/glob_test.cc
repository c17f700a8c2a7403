#include "iam/glob.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <vector>

namespace raycloud::iam {
namespace {

bool M(std::string_view pattern, std::string_view text) {
  return Glob::Compile(pattern).Matches(text);
}

TEST(GlobTest, MatchesLiteralsExactly) {
  EXPECT_TRUE(M("s3:getobject", "s3:getobject"));
  EXPECT_FALSE(M("s3:getobject", "s3:getobjectacl"));
  EXPECT_FALSE(M("s3:getobject", "s3:getobjec"));
  EXPECT_TRUE(M("", ""));
  EXPECT_FALSE(M("", "x"));
}

TEST(GlobTest, StarMatchesAnyRunIncludingEmpty) {
  EXPECT_TRUE(M("*", ""));
  EXPECT_TRUE(M("*", "anything:at/all"));
  EXPECT_TRUE(M("s3:get*", "s3:get"));
  EXPECT_TRUE(M("s3:get*", "s3:getobject"));
  EXPECT_FALSE(M("s3:get*", "s3:put"));
  EXPECT_TRUE(M("*object", "s3:getobject"));
  EXPECT_FALSE(M("*object", "s3:getobjectacl"));
  EXPECT_TRUE(M("arn:aws:s3:::b/*/x", "arn:aws:s3:::b/a/b/c/x"));
  EXPECT_FALSE(M("arn:aws:s3:::b/*/x", "arn:aws:s3:::b/x"));
  EXPECT_TRUE(M("a*a", "aa"));
  EXPECT_FALSE(M("a*a", "a"));
  EXPECT_TRUE(M("**", "abc"));
}

TEST(GlobTest, QuestionMarkMatchesExactlyOneCharacter) {
  EXPECT_TRUE(M("s3:?etobject", "s3:getobject"));
  EXPECT_FALSE(M("s3:?etobject", "s3:etobject"));
  EXPECT_TRUE(M("a?c*", "abcdef"));
  EXPECT_TRUE(M("*?", "x"));
  EXPECT_FALSE(M("*?", ""));
  EXPECT_TRUE(M("*a?c*", "zzzabcz"));
  EXPECT_FALSE(M("*a?c*", "zzzacz"));
}

TEST(GlobTest, IsCaseSensitive) { EXPECT_FALSE(M("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket")); }

TEST(GlobTest, BuilderKeepsSubstitutedTextLiteral) {
  Glob::Builder builder;
  builder.AddPattern("home/");
  builder.AddLiteral("a*b");
  builder.AddPattern("/*");
  Glob glob = builder.Build();
  EXPECT_TRUE(glob.Matches("home/a*b/file"));
  EXPECT_FALSE(glob.Matches("home/axxb/file"));
}

TEST(GlobTest, PathologicalPatternsStayFast) {
  std::string pattern;
  for (int i = 0; i < 2000; ++i) pattern += "*?";
  pattern += "b";
  std::string text(20000, 'a');
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(Glob::Compile(pattern).Matches(text));
  EXPECT_TRUE(Glob::Compile(pattern).Matches(text + "b"));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 500);
}

TEST(ArnGlobTest, WildcardsStayWithinTheirSegment) {
  auto M = [](std::string_view pattern, std::string_view arn) {
    return ArnGlob::Compile(pattern).Matches(arn);
  };
  EXPECT_TRUE(M("*", "arn:aws:s3:::b"));
  EXPECT_TRUE(M("arn:aws:ec2:*:111122223333:instance/*",
                "arn:aws:ec2:us-east-1:111122223333:instance/i-1"));
  // `?` and a mid-segment `*` never swallow a colon.
  EXPECT_FALSE(M("arn:aws:s3?::b", "arn:aws:s3:::b"));
  EXPECT_FALSE(M("arn:aws:ec2:us-*1:111122223333:instance/i-1",
                 "arn:aws:ec2:us-east-1:x:111122223333:instance/i-1"));
  // The resource segment keeps its colons and globs across them.
  EXPECT_TRUE(M("arn:aws:logs:us-east-1:1:log-group:*",
                "arn:aws:logs:us-east-1:1:log-group:g:log-stream:s"));
  // A trailing `*` stands for the missing segments of a short pattern.
  EXPECT_TRUE(M("arn:aws:s3:*", "arn:aws:s3:::b/k"));
  EXPECT_TRUE(M("arn:*", "arn:aws:iam::1:role/r"));
  EXPECT_FALSE(M("arn:aws:s3:*", "arn:aws:sqs:us-east-1:1:q"));
  // A short pattern without a trailing `*` names nothing.
  EXPECT_FALSE(M("arn:aws:s3::b", "arn:aws:s3:::b"));
  EXPECT_FALSE(M("arn:aws:iam::111122223333", "arn:aws:iam::111122223333:root"));
  // Not an ARN at all.
  EXPECT_FALSE(M("arn:aws:s3:::b", "b"));
}

// The plain dynamic-programming definition of the pattern language.
bool Reference(std::string_view pattern, std::string_view text) {
  std::vector<std::vector<bool>> dp(pattern.size() + 1, std::vector<bool>(text.size() + 1));
  dp[0][0] = true;
  for (size_t i = 1; i <= pattern.size(); ++i) {
    char p = pattern[i - 1];
    dp[i][0] = dp[i - 1][0] && p == '*';
    for (size_t j = 1; j <= text.size(); ++j) {
      dp[i][j] = p == '*' ? dp[i - 1][j] || dp[i][j - 1]
                          : dp[i - 1][j - 1] && (p == '?' || p == text[j - 1]);
    }
  }
  return dp[pattern.size()][text.size()];
}

TEST(GlobTest, AgreesWithTheReferenceOnRandomInputs) {
  std::mt19937 rng(20240601);
  const char pattern_chars[] = {'a', 'b', '*', '?'};
  int mismatches = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string pattern, text;
    int pattern_length = static_cast<int>(rng() % 9);
    int text_length = static_cast<int>(rng() % 11);
    for (int i = 0; i < pattern_length; ++i) pattern += pattern_chars[rng() % 4];
    for (int i = 0; i < text_length; ++i) text += "ab"[rng() % 2];
    if (M(pattern, text) != Reference(pattern, text)) {
      ++mismatches;
      ADD_FAILURE() << "pattern \"" << pattern << "\" text \"" << text << "\"";
      if (mismatches > 5) break;
    }
  }
}

}  // namespace
}  // namespace raycloud::iam
