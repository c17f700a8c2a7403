// `raycloud cloud list`: the clouds in the state store (cli.md).
#include <fmt/format.h>

#include "cli/commands.h"
#include "store/sqlite_store.h"

namespace raycloud::cli {
namespace {

Result<CommandOutput> ListClouds(const GlobalOptions& options) {
  auto store = store::SqliteStore::Open(store::ResolveStateDir(options.state_dir));
  if (!store) return Fail(store.error());
  auto clouds = (*store)->ListClouds();
  if (!clouds) return Fail(clouds.error());

  CommandOutput output;
  output.json = {{"clouds", nlohmann::json::array()}};
  std::string table = fmt::format("{:<30} {:<40} {:<8} {:<16} {:<10} {}\n", "ID", "NAME",
                                  "PROVIDER", "REGION", "STATUS", "CREATED");
  for (const auto& cloud : *clouds) {
    output.json["clouds"].push_back({{"id", cloud.id},
                                     {"name", cloud.name},
                                     {"provider", cloud.provider},
                                     {"region", cloud.region},
                                     {"status", store::CloudStatusName(cloud.status)},
                                     {"created_at", cloud.created_at}});
    table += fmt::format("{:<30} {:<40} {:<8} {:<16} {:<10} {}\n", cloud.id, cloud.name,
                         cloud.provider, cloud.region, store::CloudStatusName(cloud.status),
                         cloud.created_at);
  }
  output.text = clouds->empty() ? "No clouds yet. Create one with: raycloud cloud setup --name NAME\n"
                                : table;
  return output;
}

}  // namespace

void AddCloudListCommand(CLI::App& cloud, Context& context) {
  auto* list = cloud.add_subcommand("list", "list clouds");
  list->callback([&context] { context.action = [&context] { return ListClouds(context.options); }; });
}

}  // namespace raycloud::cli
