// Runs the hand-written cases of tests/iam/cases/*.json: each is one request in the batch
// format of `iam simulate --requests` with the decision AWS's documentation gives for it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "iam/simulation_input.h"

namespace raycloud::iam {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Case {
  std::string file;
  std::string name;
  json body;
};

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  fs::path dir = fs::path(RAYCLOUD_SOURCE_DIR) / "tests/iam/cases";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    json doc = json::parse(in);
    for (const auto& item : doc.at("cases")) {
      cases.push_back(Case{path.filename().string(), item.at("name").get<std::string>(), item});
    }
  }
  return cases;
}

TEST(IamCasesTest, EveryCaseGetsTheDocumentedDecision) {
  std::vector<Case> cases = LoadCases();
  ASSERT_GE(cases.size(), 30u);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file + ": " + c.name);
    const json& line = c.body.at("request");
    auto input = ParseSimulationRequest(line);
    ASSERT_TRUE(input) << input.error().message;
    auto evaluator = CompilePolicies(line);
    ASSERT_TRUE(evaluator) << evaluator.error().message;
    Request request = WithDerivedContext(input->request);
    Decision decision = evaluator->Evaluate(request);
    EXPECT_EQ(DecisionName(decision.kind), c.body.at("decision").get<std::string>())
        << Explain(decision, request);
    if (c.body.contains("decisive")) {
      std::vector<std::pair<std::string, std::string>> got, want;
      for (const Statement* statement : decision.decisive) {
        got.emplace_back(statement->policy->name, statement->Label());
      }
      for (const auto& pair : c.body.at("decisive")) {
        want.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
      }
      EXPECT_EQ(got, want) << Explain(decision, request);
    }
  }
}

}  // namespace
}  // namespace raycloud::iam
