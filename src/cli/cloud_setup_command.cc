// `raycloud cloud setup`: create every resource of a cloud (cli.md, cloud-resources.md).
#include <fmt/format.h>

#include "cli/aws_access.h"
#include "cli/cloud_store.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/progress_printer.h"
#include "cli/run_environment.h"
#include "cli/setup_flags.h"
#include "cli/verify_runner.h"
#include "cloud/cloud_view.h"
#include "cloud/setup/cost_estimate.h"
#include "cloud/setup/setup_service.h"

namespace raycloud::cli {
namespace {

using json = nlohmann::json;

Result<CommandOutput> DryRun(aws::AwsSession& session, store::Store& store,
                             const cloud::SetupOptions& options) {
  auto planned = cloud::PlanSetup(*session.client, store, options);
  if (!planned) return Fail(planned.error());
  auto cost = cloud::EstimateMonthlyCost(*session.client, planned->plan, options.region,
                                         options.memorydb_node_type);
  json resources = json::array();
  std::string text = fmt::format("Plan for cloud {} in {} ({} resources, creation order):\n",
                                 options.name, options.region, planned->plan.resources.size());
  for (const auto& name : planned->plan.dag.TopologicalOrder()) {
    const auto* spec = planned->plan.Find(name);
    auto calls = cloud::CreateCalls(*spec);
    resources.push_back({{"name", spec->logical_name},
                         {"kind", spec->kind},
                         {"depends_on", spec->depends_on},
                         {"calls", calls}});
    text += fmt::format(
        "  {:<34} {:<30} after: {}\n", spec->logical_name, spec->kind,
        spec->depends_on.empty() ? "-" : fmt::format("{}", fmt::join(spec->depends_on, ", ")));
  }
  json cost_lines = json::array();
  text += fmt::format("\nEstimated monthly cost of idle infrastructure: {:.2f} USD\n",
                      cost.monthly_usd);
  for (const auto& line : cost.lines) {
    cost_lines.push_back(
        {{"item", line.item}, {"monthly_usd", line.monthly_usd}, {"basis", line.basis}});
    text += fmt::format("  {:<34} {:>9.2f} USD  ({})\n", line.item, line.monthly_usd, line.basis);
  }
  for (const auto& item : cost.unpriced) text += "  " + item + ": price not available\n";
  text += fmt::format("\nCritical path of provisioning delays: {:.0f} s. Nothing was created.\n",
                      cloud::CriticalPathSeconds(planned->plan));
  CommandOutput output;
  output.json = {{"plan",
                  {{"resources", resources},
                   {"monthly_cost_usd", cost.monthly_usd},
                   {"cost_lines", cost_lines},
                   {"unpriced", cost.unpriced}}}};
  output.text = text;
  return output;
}

Result<CommandOutput> Setup(const GlobalOptions& global, const SetupFlags& flags) {
  auto options = SetupOptionsFromFlags(flags, global);  // format errors: before any AWS call
  if (!options) return Fail(options.error());
  auto store = OpenStore(global);
  if (!store) return Fail(store.error());
  auto session = ConnectAws(global);
  if (!session) return Fail(session.error());
  // The final verify assumes the role as the control plane: a profile named for that which
  // cannot be used is bad input, found before anything is changed.
  if (auto control_plane = ControlPlaneSession(global); !control_plane) {
    return Fail(control_plane.error());
  }
  options->region = session->region;
  if (options->dry_run) return DryRun(*session, **store, *options);

  InstallInterruptHandler();
  ProgressPrinter progress(global.quiet);
  cloud::RunSettings settings;
  settings.state_dir = store::ResolveStateDir(global.state_dir);
  settings.progress = [&progress](const cloud::ProgressEvent& event) { progress(event); };
  settings.cancelled = [] { return Interrupted(); };
  if (auto ok = ApplyRunEnvironment(settings); !ok) return Fail(ok.error());
  auto outcome = cloud::RunSetup(*session->client, **store, *options, settings);
  if (!outcome) return Fail(outcome.error());

  auto resources = (*store)->ListResources(outcome->cloud.id);
  if (!resources) return Fail(resources.error());
  CommandOutput output;
  json cloud_json = cloud::CloudJson(outcome->cloud, *resources);
  cloud_json.erase("created_at");
  std::string text = SummaryTable(outcome->plan, outcome->report);
  auto verified = VerifyStoredCloud(*session->client, **store, outcome->cloud, global);
  if (verified) {
    cloud_json["verify"] = verified->summary_json;
    text += "\n" + verified->text;
    output.exit_code = verified->passed ? 0 : 1;
  }
  output.json = {{"cloud", cloud_json}};
  text += fmt::format(
      "\nCloud {} ({}) is {} in {}.\nExternal ID (for the control-plane trust "
      "policy): {}\n",
      outcome->cloud.name, outcome->cloud.id, store::CloudStatusName(outcome->cloud.status),
      outcome->cloud.region, outcome->cloud.external_id);
  output.text = text;
  return output;
}

}  // namespace

void AddCloudSetupCommand(CLI::App& cloud, Context& context) {
  auto* setup = cloud.add_subcommand("setup", "create every resource a Ray cloud needs");
  auto flags = std::make_shared<SetupFlags>();
  AddSetupFlags(*setup, *flags);
  setup->callback([&context, flags] {
    context.action = [&context, flags] { return Setup(context.options, *flags); };
  });
}

}  // namespace raycloud::cli
