// `raycloud cloud verify`: every check of verify-checks.md on a stored cloud, with the fix
// for each finding; `--fix` applies the safe ones and verifies again (cli.md).
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

#include "cli/aws_access.h"
#include "cli/cloud_store.h"
#include "cli/commands.h"
#include "cli/verify_runner.h"
#include "verify/fix.h"
#include "verify/gather.h"
#include "verify/registry.h"
#include "verify/report.h"

namespace raycloud::cli {
namespace {

using nlohmann::json;

struct VerifyFlags {
  std::string name;
  bool strict = false;
  bool fix = false;
};

verify::Report Check(aws::AwsClient& client, aws::AwsClient* control_plane,
                     const store::CloudRecord& cloud, const verify::VerifyTarget& target) {
  verify::CloudSnapshot snapshot =
      verify::GatherSnapshot(client, target, {.control_plane_client = control_plane});
  return verify::Report{
      .cloud_name = cloud.name, .cloud_id = cloud.id, .findings = verify::RunChecks(snapshot)};
}

std::string FixesText(const std::vector<verify::FixOutcome>& outcomes) {
  std::string text =
      fmt::format("Applying {} safe fix{}:\n", outcomes.size(), outcomes.size() == 1 ? "" : "es");
  for (const auto& outcome : outcomes) {
    text += fmt::format("  - {}: {}\n", outcome.action.description,
                        outcome.applied ? "done" : "failed (" + outcome.error + ")");
  }
  return text + "Verifying again.\n\n";
}

Result<CommandOutput> Verify(const GlobalOptions& global, const VerifyFlags& flags) {
  if (auto ok = CheckCloudNameFlag(flags.name); !ok) return Fail(ok.error());
  auto store = OpenStore(global);
  if (!store) return Fail(store.error());
  auto cloud = FindCloudOrFail(**store, flags.name);
  if (!cloud) return Fail(cloud.error());
  auto resources = (*store)->ListResources(cloud->id);
  if (!resources) return Fail(resources.error());

  // A cloud lives in one region: verify looks there whatever the default region is.
  GlobalOptions options = global;
  options.region = cloud->region;
  auto session = ConnectAws(options);
  if (!session) return Fail(session.error());
  auto control_plane = ControlPlaneSession(options);
  if (!control_plane) return Fail(control_plane.error());
  aws::AwsClient* control_plane_client = *control_plane ? (*control_plane)->client.get() : nullptr;

  verify::VerifyTarget target = TargetOfCloud(*cloud, *resources);
  verify::Report report = Check(*session->client, control_plane_client, *cloud, target);

  json fixes = json::array();
  std::string fixes_text;
  if (flags.fix) {
    std::vector<verify::FixAction> planned = verify::PlannedFixes(report.findings);
    if (planned.empty()) {
      fixes_text = "No safe fix applies.\n\n";
    } else {
      auto outcomes = verify::ApplyFixes(*session->client, planned);
      fixes_text = FixesText(outcomes);
      for (const auto& outcome : outcomes) {
        fixes.push_back({{"description", outcome.action.description},
                         {"operation", outcome.action.service + ":" + outcome.action.operation},
                         {"applied", outcome.applied},
                         {"error", outcome.error.empty() ? json(nullptr) : json(outcome.error)}});
      }
      report = Check(*session->client, control_plane_client, *cloud, target);
    }
  }

  CommandOutput output;
  output.json = verify::RenderJson(report, flags.strict);
  if (flags.fix) output.json["fixes"] = fixes;  // an extension of the contract's document
  if (global.output == "junit") {
    output.text = verify::RenderJunit(report, flags.strict);
  } else {
    bool color = global.output == "text" && isatty(STDOUT_FILENO) != 0;
    output.text = fixes_text + verify::RenderText(report, {.color = color, .strict = flags.strict});
  }
  output.exit_code = report.Passed(flags.strict) ? 0 : 1;
  return output;
}

}  // namespace

void AddCloudVerifyCommand(CLI::App& cloud, Context& context) {
  auto* command =
      cloud.add_subcommand("verify", "check a cloud and print the fix for each finding");
  auto flags = std::make_shared<VerifyFlags>();
  command->add_option("-n,--name", flags->name, "the cloud to verify")->required();
  command->add_flag("--strict", flags->strict, "warnings fail the verification");
  command->add_flag("--fix", flags->fix,
                    "apply the safe remediations (never IAM, security groups, ACLs or deletes), "
                    "then verify again");
  command->callback([&context, flags] {
    context.action = [&context, flags] { return Verify(context.options, *flags); };
  });
}

}  // namespace raycloud::cli
