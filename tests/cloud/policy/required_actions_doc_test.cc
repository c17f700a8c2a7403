// docs/required-actions.md must be the table as the code has it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cloud/policy/required_actions.h"
#include "cloud/policy/required_actions_markdown.h"

namespace raycloud::cloud {
namespace {

const char* kDocPath = RAYCLOUD_SOURCE_DIR "/docs/required-actions.md";

TEST(RequiredActionsDocTest, DocumentMatchesTheTable) {
  const std::string generated = RequiredActionsMarkdown();
  if (std::getenv("RAYCLOUD_UPDATE_DOCS") != nullptr) {
    std::ofstream(kDocPath) << generated;
  }
  std::ifstream file(kDocPath);
  ASSERT_TRUE(file) << kDocPath << " is missing";
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(text.str(), generated)
      << "docs/required-actions.md is stale; regenerate with RAYCLOUD_UPDATE_DOCS=1";
}

TEST(RequiredActionsDocTest, MarkdownHasOneRowPerTableRow) {
  const std::string markdown = RequiredActionsMarkdown();
  size_t rows = 0;
  std::istringstream lines(markdown);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("| `")) ++rows;
  }
  EXPECT_EQ(rows, RequiredActions().size());
  EXPECT_NE(markdown.find("`aws:ResourceTag/raycloud-cloud-id` = `${CloudId}`"), std::string::npos);
}

}  // namespace
}  // namespace raycloud::cloud
