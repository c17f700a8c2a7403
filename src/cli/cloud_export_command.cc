// `raycloud cloud export --name N --format cloudformation` (cli.md): a template creating
// the same resources as setup, built from the stored options without AWS calls.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cloud/names.h"
#include "cloud/plan/cloudformation_export.h"
#include "cloud/plan/stored_cloud.h"
#include "store/sqlite_store.h"

namespace raycloud::cli {
namespace {

struct ExportFlags {
  std::string name;
  std::string format = "cloudformation";
};

Result<CommandOutput> Export(const ExportFlags& flags, const GlobalOptions& options) {
  if (flags.format != "cloudformation") {
    Error error = Error::Invalid(
        fmt::format("--format: '{}' is not supported; use cloudformation", flags.format));
    error.details["flag"] = "--format";
    return Fail(std::move(error));
  }
  if (auto ok = cloud::ValidateCloudName(flags.name); !ok) return Fail(ok.error());
  auto store = store::SqliteStore::Open(store::ResolveStateDir(options.state_dir));
  if (!store) return Fail(store.error());
  auto cloud = (*store)->FindCloudByName(flags.name);
  if (!cloud) return Fail(cloud.error());
  if (!*cloud) {
    Error error = Error::NotFound(
        fmt::format("--name: no cloud named '{}'; see raycloud cloud list", flags.name));
    error.details["flag"] = "--name";
    return Fail(std::move(error));
  }
  if (!(*cloud)->managed) {
    return Fail(Error::Invalid(fmt::format(
        "--name: cloud '{}' was registered, not set up: its resources are the user's own",
        flags.name)));
  }
  auto setup_options = cloud::SetupOptionsFromJson((*cloud)->options);
  if (!setup_options) return Fail(setup_options.error());
  if (setup_options->name.empty()) setup_options->name = (*cloud)->name;
  if (setup_options->region.empty()) setup_options->region = (*cloud)->region;
  auto resources = (*store)->ListResources((*cloud)->id);
  if (!resources) return Fail(resources.error());
  auto yaml = cloud::CloudFormationYaml(*setup_options, cloud::StoredIdentity(**cloud, *resources));
  if (!yaml) return Fail(yaml.error());
  CommandOutput output;
  output.text = *yaml;
  // Under --output json, the template in one document.
  output.json = {{"format", "cloudformation"}, {"template", *yaml}};
  return output;
}

}  // namespace

void AddCloudExportCommand(CLI::App& cloud, Context& context) {
  auto flags = std::make_shared<ExportFlags>();
  auto* command =
      cloud.add_subcommand("export", "print a template that creates the cloud's resources");
  command->add_option("-n,--name", flags->name, "the cloud")->required();
  command->add_option("--format", flags->format, "cloudformation")->capture_default_str();
  command->callback([&context, flags] {
    context.action = [&context, flags] { return Export(*flags, context.options); };
  });
}

}  // namespace raycloud::cli
