#include "aws/client/jmespath.h"

#include <gtest/gtest.h>

namespace raycloud::aws {
namespace {

using json = nlohmann::json;

TEST(JmesPathTest, ProjectsNestedListsAndDropsMissing) {
  json data = json::parse(R"({"Reservations": [
      {"Instances": [{"State": {"Name": "running"}}, {"State": {"Name": "pending"}}]},
      {"Instances": [{"State": {"Name": "running"}}, {"NoState": 1}]}]})");
  auto result = EvaluateJmesPath("Reservations[].Instances[].State.Name", data);
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, json({"running", "pending", "running"}));
}

TEST(JmesPathTest, LengthComparisons) {
  json data = json::parse(R"({"Images": [{"ImageId": "a"}], "Empty": []})");
  EXPECT_EQ(*EvaluateJmesPath("length(Images[]) > `0`", data), json(true));
  EXPECT_EQ(*EvaluateJmesPath("length(Empty[]) > `0`", data), json(false));
  EXPECT_EQ(*EvaluateJmesPath("length(Empty[]) == `0`", data), json(true));
  // EC2 GetConsoleOutput's waiter: a missing Output counts as ''.
  EXPECT_EQ(*EvaluateJmesPath("length(Output || '') > `0`", data), json(false));
  EXPECT_EQ(*EvaluateJmesPath("length(Output || '') > `0`", json{{"Output", "boot"}}), json(true));
  EXPECT_EQ(*EvaluateJmesPath("length(Name) == `4`", json{{"Name", "caf\u00e9s"}}), json(false));
  EXPECT_EQ(*EvaluateJmesPath("length(Name) == `5`", json{{"Name", "caf\u00e9s"}}), json(true));
}

TEST(JmesPathTest, PlainPathsAndUnsupportedSyntax) {
  json data = json::parse(R"({"Certificate": {"Status": "ISSUED"}})");
  EXPECT_EQ(*EvaluateJmesPath("Certificate.Status", data), json("ISSUED"));
  EXPECT_TRUE(EvaluateJmesPath("Missing.Path", data)->is_null());
  EXPECT_FALSE(EvaluateJmesPath("Things[?State=='x']", data));
}

}  // namespace
}  // namespace raycloud::aws
