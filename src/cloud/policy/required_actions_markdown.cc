#include "cloud/policy/required_actions_markdown.h"

#include <fmt/format.h>

#include "cloud/policy/required_actions.h"

namespace raycloud::cloud {

std::string RequiredActionsMarkdown() {
  std::string out =
      "# Actions the control-plane role needs\n\n"
      "Generated from the required-actions table (`src/cloud/policy/required_actions.cc`);\n"
      "a test fails when the two differ (regenerate with\n"
      "`RAYCLOUD_UPDATE_DOCS=1 cloud_tests --gtest_filter='RequiredActionsDocTest.*'`).\n"
      "`cloud setup` writes these into the role's policy, `cloud verify` evaluates the role\n"
      "against each row with the row's request context, and `cloud policies` prints them.\n\n"
      "Placeholders: `${Partition}`, `${Region}`, `${Account}` are the cloud's; `${CloudId}`\n"
      "is its id (`cld_...`); `${InstanceRoleArn}` and `${InstanceProfileName}` are the\n"
      "cluster-node role and its instance profile. A row with a context is granted only\n"
      "under exactly those values (`StringEquals`). Group `core` is needed to run clusters;\n"
      "`services` only for Ray services behind load balancers.\n\n"
      "| action | resource | request context | group | purpose |\n"
      "|---|---|---|---|---|\n";
  for (const auto& row : RequiredActions()) {
    std::string context;
    for (const auto& [key, value] : row.context) {
      if (!context.empty()) context += "<br>";
      context += fmt::format("`{}` = `{}`", key, value);
    }
    out += fmt::format("| `{}` | `{}` | {} | {} | {} |\n", row.action, row.resource,
                       context.empty() ? "" : context, ActionGroupName(row.group), row.purpose);
  }
  return out;
}

}  // namespace raycloud::cloud
