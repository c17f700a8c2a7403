#include "iam/glob.h"

#include <gtest/gtest.h>

#include <chrono>

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

TEST(GlobTest, IsCaseSensitive) {
  EXPECT_FALSE(M("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket"));
}

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

}  // namespace
}  // namespace raycloud::iam
