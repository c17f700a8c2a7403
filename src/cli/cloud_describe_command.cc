// `raycloud cloud describe`: one cloud with its resources (cli.md).
#include <fmt/format.h>

#include "cli/cloud_store.h"
#include "cli/commands.h"
#include "cloud/cloud_view.h"

namespace raycloud::cli {
namespace {

std::string Text(const nlohmann::json& cloud) {
  std::string text = fmt::format("{} ({})\n  provider     {}\n  region       {}\n  status       {}\n  created      {}\n  external id  {}\n  resources:\n",
                                 cloud["name"].get<std::string>(), cloud["id"].get<std::string>(),
                                 cloud["provider"].get<std::string>(), cloud["region"].get<std::string>(),
                                 cloud["status"].get<std::string>(), cloud["created_at"].get<std::string>(),
                                 cloud["external_id"].get<std::string>());
  for (const auto& [key, value] : cloud["resources"].items()) {
    text += fmt::format("    {:<24} {}\n", key, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return text;
}

Result<CommandOutput> Describe(const GlobalOptions& global, const std::string& name) {
  if (auto ok = CheckCloudNameFlag(name); !ok) return Fail(ok.error());
  auto store = OpenStore(global);
  if (!store) return Fail(store.error());
  auto cloud = FindCloudOrFail(**store, name);
  if (!cloud) return Fail(cloud.error());
  auto resources = (*store)->ListResources(cloud->id);
  if (!resources) return Fail(resources.error());
  CommandOutput output;
  output.json = {{"cloud", cloud::CloudJson(*cloud, *resources)}};
  output.text = Text(output.json["cloud"]);
  return output;
}

}  // namespace

void AddCloudDescribeCommand(CLI::App& cloud, Context& context) {
  auto* command = cloud.add_subcommand("describe", "show one cloud and its resources");
  auto name = std::make_shared<std::string>();
  command->add_option("-n,--name", *name, "the cloud")->required();
  command->callback([&context, name] {
    context.action = [&context, name] { return Describe(context.options, *name); };
  });
}

}  // namespace raycloud::cli
