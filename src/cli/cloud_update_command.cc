// `raycloud cloud update`: change a managed cloud in place (cli.md), showing the difference
// first, then the same output as setup.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

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
#include "cloud/setup/update_service.h"

namespace raycloud::cli {
namespace {

using json = nlohmann::json;
using cloud::ResourceChange;

std::string UpdateDiffText(const std::string& name, const cloud::UpdateDiff& diff) {
  if (diff.empty()) return fmt::format("Cloud {} already matches; nothing to change.\n", name);
  std::string text = fmt::format("Changes to cloud {}:\n", name);
  for (const auto& option : diff.options) {
    text += fmt::format("  ~ option {}: {} -> {}\n", option.option, option.from.dump(),
                        option.to.dump());
  }
  for (const auto& change : diff.resources) {
    const bool add = change.action == ResourceChange::Action::kAdd;
    text += fmt::format(
        "  {} {:<34} {:<28} {}\n", add ? "+" : "~", change.logical_name, change.kind,
        add ? "create" : fmt::format("update in place: {}", fmt::join(change.fields, ", ")));
  }
  text +=
      fmt::format("{} to add, {} to change in place.\n", diff.Count(ResourceChange::Action::kAdd),
                  diff.Count(ResourceChange::Action::kUpdate));
  return text;
}

// The resources an update adds, in setup --dry-run's shape, with what they cost.
Result<CommandOutput> UpdateDryRun(aws::AwsClient& aws, const cloud::UpdatePlan& planned) {
  cloud::CloudPlan added;
  json resources = json::array();
  for (const auto& name : planned.plan.dag.TopologicalOrder()) {
    const auto* spec = planned.plan.Find(name);
    const bool adds = std::any_of(
        planned.diff.resources.begin(), planned.diff.resources.end(), [&](const ResourceChange& c) {
          return c.logical_name == name && c.action == ResourceChange::Action::kAdd;
        });
    if (!adds) continue;
    added.resources.push_back(*spec);
    resources.push_back({{"name", spec->logical_name},
                         {"kind", spec->kind},
                         {"depends_on", spec->depends_on},
                         {"calls", cloud::CreateCalls(*spec)}});
  }
  auto cost =
      cloud::EstimateMonthlyCost(aws, added, planned.to.region, planned.to.memorydb_node_type);
  std::string text = UpdateDiffText(planned.cloud.name, planned.diff);
  if (!added.resources.empty()) {
    text += fmt::format("Estimated monthly cost of what would be added: {:.2f} USD\n",
                        cost.monthly_usd);
  }
  text += "Dry run: nothing was changed.\n";
  CommandOutput output;
  output.json = {{"plan",
                  {{"resources", resources},
                   {"changes", cloud::UpdateDiffJson(planned.diff)},
                   {"monthly_cost_usd", cost.monthly_usd},
                   {"unpriced", cost.unpriced}}}};
  output.text = text;
  return output;
}

// Format errors of the flags, before the store is opened: checked against the defaults.
Status CheckUpdateFlagFormats(const UpdateFlags& flags) {
  cloud::SetupOptions defaults;
  defaults.name = flags.name;
  auto checked = ApplyUpdateFlags(defaults, flags);
  if (!checked) return Fail(checked.error());
  return {};
}

Result<CommandOutput> Update(const GlobalOptions& given_global, const UpdateFlags& flags) {
  if (auto ok = CheckUpdateFlagFormats(flags); !ok) return Fail(ok.error());
  auto store = OpenStore(given_global);
  if (!store) return Fail(store.error());
  auto record = FindCloudOrFail(**store, flags.name);
  if (!record) return Fail(record.error());
  auto stored = cloud::UpdatableOptions(*record);
  if (!stored) return Fail(stored.error());
  auto options = ApplyUpdateFlags(*stored, flags);
  if (!options) return Fail(options.error());

  // The cloud lives in its region, whatever the environment says.
  GlobalOptions global = given_global;
  global.region = record->region;
  auto session = ConnectAws(global);
  if (!session) return Fail(session.error());
  // The final verify assumes the role as the control plane: a profile named for that which
  // cannot be used is bad input, found before anything is changed.
  if (auto control_plane = ControlPlaneSession(global); !control_plane) {
    return Fail(control_plane.error());
  }
  cloud::RunSettings settings;
  settings.state_dir = store::ResolveStateDir(global.state_dir);
  if (flags.dry_run) {
    auto planned = cloud::PlanUpdate(*session->client, **store, *record, *options, settings);
    if (!planned) return Fail(planned.error());
    return UpdateDryRun(*session->client, *planned);
  }

  InstallInterruptHandler();
  ProgressPrinter progress(global.quiet);
  settings.progress = [&progress](const cloud::ProgressEvent& event) { progress(event); };
  settings.cancelled = [] { return Interrupted(); };
  if (auto ok = ApplyRunEnvironment(settings); !ok) return Fail(ok.error());
  // The difference goes to stderr before anything changes; stdout keeps one document.
  auto show_diff = [&global, &flags](const cloud::UpdateDiff& diff) {
    if (!global.quiet) std::cerr << UpdateDiffText(flags.name, diff) << std::flush;
  };
  auto outcome =
      cloud::RunUpdate(*session->client, **store, *record, *options, settings, show_diff);
  if (!outcome) return Fail(outcome.error());

  auto resources = (*store)->ListResources(outcome->cloud.id);
  if (!resources) return Fail(resources.error());
  CommandOutput output;
  json cloud_json = cloud::CloudJson(outcome->cloud, *resources);
  cloud_json.erase("created_at");
  std::string text = UpdateDiffText(outcome->cloud.name, outcome->diff);
  if (!outcome->diff.empty()) text += "\n" + SummaryTable(outcome->plan, outcome->report);
  auto verified = VerifyStoredCloud(*session->client, **store, outcome->cloud, global);
  if (verified) {
    cloud_json["verify"] = verified->summary_json;
    text += "\n" + verified->text;
    output.exit_code = verified->passed ? 0 : 1;
  }
  output.json = {{"cloud", cloud_json}, {"changes", cloud::UpdateDiffJson(outcome->diff)}};
  text += fmt::format("\nCloud {} ({}) is {} in {}.\n", outcome->cloud.name, outcome->cloud.id,
                      store::CloudStatusName(outcome->cloud.status), outcome->cloud.region);
  output.text = text;
  return output;
}

}  // namespace

void AddCloudUpdateCommand(CLI::App& cloud, Context& context) {
  auto* update = cloud.add_subcommand("update", "change a managed cloud in place");
  auto flags = std::make_shared<UpdateFlags>();
  AddUpdateFlags(*update, *flags);
  update->callback([&context, flags] {
    context.action = [&context, flags] { return Update(context.options, *flags); };
  });
}

}  // namespace raycloud::cli
