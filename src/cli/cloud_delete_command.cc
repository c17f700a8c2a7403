// `raycloud cloud delete`: remove every resource setup created (cli.md).
#include <fmt/format.h>

#include <regex>

#include "cli/aws_access.h"
#include "cli/cloud_store.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/progress_printer.h"
#include "cli/run_environment.h"
#include "cloud/cloud_view.h"
#include "cloud/setup/setup_service.h"

namespace raycloud::cli {
namespace {

struct DeleteFlags {
  std::string name;
  bool delete_bucket = false;
  std::string timeout = "15m";
};

Result<std::chrono::milliseconds> ParseDuration(const std::string& text) {
  // "90s", "15m", "1h", or plain seconds: digits and one unit, nothing strtod would also
  // take (nan, inf, 1e400, hex), and at most a week so the milliseconds cannot overflow.
  static const std::regex kDuration(R"((\d{1,9}(\.\d{1,3})?)([smh]?))");
  constexpr double kMaxSeconds = 7 * 24 * 3600;
  std::smatch match;
  double seconds = 0;
  if (std::regex_match(text, match, kDuration)) {
    const std::string unit = match[3].str();
    seconds = std::stod(match[1].str()) * (unit == "h" ? 3600 : unit == "m" ? 60 : 1);
  }
  if (seconds <= 0 || seconds > kMaxSeconds) {
    return Fail(Error::InvalidFlag("--timeout", "'" + text +
                                                    "' is not a duration from 1s to 168h, such as "
                                                    "90s, 15m or 1h"));
  }
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
}

Result<CommandOutput> Delete(const GlobalOptions& global, const DeleteFlags& flags) {
  if (auto ok = CheckCloudNameFlag(flags.name); !ok) return Fail(ok.error());
  auto timeout = ParseDuration(flags.timeout);
  if (!timeout) return Fail(timeout.error());
  auto store = OpenStore(global);
  if (!store) return Fail(store.error());
  auto cloud = FindCloudOrFail(**store, flags.name);
  if (!cloud) return Fail(cloud.error());

  CommandOutput output;
  if (!cloud->managed) {
    // A registered cloud's resources are the user's: only the record goes.
    cloud->status = store::CloudStatus::kDeleted;
    if (auto ok = (*store)->UpdateCloud(*cloud); !ok) return Fail(ok.error());
    output.json = {{"cloud",
                    {{"id", cloud->id},
                     {"name", cloud->name},
                     {"status", "deleted"},
                     {"retained", nlohmann::json::array()}}}};
    output.text = "Removed the record of registered cloud " + cloud->name +
                  "; its AWS resources are untouched.\n";
    return output;
  }
  // The cloud lives in its region, whatever the environment or --region says.
  GlobalOptions in_cloud_region = global;
  in_cloud_region.region = cloud->region;
  auto session = ConnectAws(in_cloud_region);
  if (!session) return Fail(session.error());
  InstallInterruptHandler();
  ProgressPrinter progress(global.quiet);
  cloud::RunSettings settings;
  settings.state_dir = store::ResolveStateDir(global.state_dir);
  settings.progress = [&progress](const cloud::ProgressEvent& event) { progress(event); };
  settings.cancelled = [] { return Interrupted(); };
  if (auto ok = ApplyRunEnvironment(settings); !ok) return Fail(ok.error());
  auto report =
      cloud::RunDelete(*session->client, **store, *cloud, settings, flags.delete_bucket, *timeout);
  if (!report) return Fail(report.error());

  nlohmann::json retained = nlohmann::json::array();
  std::string text = fmt::format("Deleted cloud {} ({}).\n", cloud->name, cloud->id);
  for (const auto& name : report->retained) {
    auto state = report->resources.find(name);
    std::string id = state == report->resources.end() ? name : state->second.physical_id;
    retained.push_back({{"logical_name", name}, {"id", id}});
    text += fmt::format(
        "Kept {} {}: it holds objects (tagged raycloud-retained=true); delete it "
        "with --delete-bucket.\n",
        name, id);
  }
  output.json = {
      {"cloud",
       {{"id", cloud->id}, {"name", cloud->name}, {"status", "deleted"}, {"retained", retained}}}};
  output.text = text;
  return output;
}

}  // namespace

void AddCloudDeleteCommand(CLI::App& cloud, Context& context) {
  auto* command = cloud.add_subcommand("delete", "remove every resource of a cloud");
  auto flags = std::make_shared<DeleteFlags>();
  command->add_option("-n,--name", flags->name, "the cloud")->required();
  command->add_flag("--delete-bucket", flags->delete_bucket, "empty and delete the bucket too");
  command->add_option("--timeout", flags->timeout, "how long to wait for dependants (e.g. 15m)");
  command->callback([&context, flags] {
    context.action = [&context, flags] { return Delete(context.options, *flags); };
  });
}

}  // namespace raycloud::cli
