// `raycloud cloud gc`: resources of clouds the store lost or deleted (cli.md).
#include <fmt/format.h>

#include "cli/aws_access.h"
#include "cli/cloud_store.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/progress_printer.h"
#include "cli/run_environment.h"
#include "cloud/cloud_view.h"
#include "cloud/gc/gc_service.h"
#include "cloud/names.h"

namespace raycloud::cli {
namespace {

using json = nlohmann::json;

struct GcFlags {
  bool delete_orphans = false;
  bool delete_bucket = false;
  std::string import_name;
  std::string cloud_id;
};

// Format checks, before any AWS call (exit 2).
Status ValidateGcFlags(const GcFlags& flags) {
  const bool importing = !flags.import_name.empty() || !flags.cloud_id.empty();
  if (importing) {
    if (flags.import_name.empty() || flags.cloud_id.empty()) {
      return Fail(Error::Invalid("--import NAME and --cloud-id ID go together"));
    }
    if (flags.delete_orphans || flags.delete_bucket) {
      return Fail(
          Error::Invalid("--import rebuilds a record; it does not take --delete or "
                         "--delete-bucket"));
    }
    if (auto ok = cloud::ValidateCloudName(flags.import_name, "--import"); !ok) return ok;
    return cloud::ValidateCloudId(flags.cloud_id);
  }
  if (flags.delete_bucket && !flags.delete_orphans) {
    return Fail(Error::Invalid("--delete-bucket only applies with --delete"));
  }
  return {};
}

json GcResourcesJson(const std::vector<cloud::TaggedResource>& resources) {
  json out = json::array();
  for (const auto& resource : resources) {
    json entry = {{"kind", resource.kind}, {"id", resource.id}, {"name", resource.name}};
    if (resource.details.contains("holds_objects")) {
      entry["holds_objects"] = resource.details["holds_objects"];
    }
    out.push_back(std::move(entry));
  }
  return out;
}

std::string OrphanStatus(const cloud::OrphanCloud& orphan) {
  return orphan.record ? "deleted" : "unknown";
}

std::string OrphanTable(const std::vector<cloud::OrphanCloud>& orphans) {
  if (orphans.empty()) return "No orphaned raycloud resources in this region.\n";
  std::string text = fmt::format("{:<30} {:<12} {:<10} {:<24} {:<40} {}\n", "CLOUD ID", "CLOUD",
                                 "RECORD", "KIND", "ID", "NAME");
  for (const auto& orphan : orphans) {
    for (const auto& resource : orphan.resources) {
      text +=
          fmt::format("{:<30} {:<12} {:<10} {:<24} {:<40} {}\n", orphan.cloud_id, orphan.cloud_name,
                      OrphanStatus(orphan), resource.kind, resource.id, resource.name);
    }
  }
  return text;
}

json OrphansJson(const std::vector<cloud::OrphanCloud>& orphans) {
  json out = json::array();
  for (const auto& orphan : orphans) {
    out.push_back({{"cloud_id", orphan.cloud_id},
                   {"cloud_name", orphan.cloud_name},
                   {"record", OrphanStatus(orphan)},
                   {"resources", GcResourcesJson(orphan.resources)}});
  }
  return out;
}

Result<CommandOutput> Import(const GlobalOptions& global, const GcFlags& flags) {
  auto store = OpenStore(global);
  if (!store) return Fail(store.error());
  auto session = ConnectAws(global);
  if (!session) return Fail(session.error());
  ProgressPrinter progress(global.quiet);
  cloud::RunSettings settings;
  settings.state_dir = store::ResolveStateDir(global.state_dir);
  settings.progress = [&progress](const cloud::ProgressEvent& event) { progress(event); };
  auto imported =
      cloud::ImportCloud(*session->client, **store, flags.import_name, flags.cloud_id, settings);
  if (!imported) return Fail(imported.error());
  CommandOutput output;
  output.json = {{"cloud", cloud::CloudJson(imported->cloud, imported->resources)}};
  output.text = fmt::format(
      "Imported cloud {} ({}) from its tags: {} resources recorded; see raycloud cloud describe "
      "--name {}.\n",
      imported->cloud.name, imported->cloud.id, imported->resources.size(), imported->cloud.name);
  return output;
}

Result<CommandOutput> Gc(const GlobalOptions& global, const GcFlags& flags) {
  if (auto ok = ValidateGcFlags(flags); !ok) return Fail(ok.error());
  if (!flags.import_name.empty()) return Import(global, flags);
  auto store = OpenStore(global);
  if (!store) return Fail(store.error());
  auto session = ConnectAws(global);
  if (!session) return Fail(session.error());
  auto orphans = cloud::ListOrphanClouds(*session->client, **store);
  if (!orphans) return Fail(orphans.error());

  CommandOutput output;
  output.json = {{"orphans", OrphansJson(*orphans)}};
  output.text = OrphanTable(*orphans);
  if (!flags.delete_orphans || orphans->empty()) {
    if (!orphans->empty()) output.text += "Remove them with raycloud cloud gc --delete.\n";
    return output;
  }

  InstallInterruptHandler();
  ProgressPrinter progress(global.quiet);
  cloud::RunSettings settings;
  settings.state_dir = store::ResolveStateDir(global.state_dir);
  settings.progress = [&progress](const cloud::ProgressEvent& event) { progress(event); };
  settings.cancelled = [] { return Interrupted(); };
  if (auto ok = ApplyRunEnvironment(settings); !ok) return Fail(ok.error());
  auto outcomes = cloud::DeleteOrphanClouds(*session->client, **store, *orphans, settings,
                                            flags.delete_bucket, std::chrono::minutes(15));
  if (!outcomes) return Fail(outcomes.error());
  json deleted = json::array();
  for (const auto& outcome : *outcomes) {
    json entry = {{"cloud_id", outcome.cloud_id},
                  {"cloud_name", outcome.cloud_name},
                  {"removed", GcResourcesJson(outcome.removed)},
                  {"kept", GcResourcesJson(outcome.kept)},
                  {"left", GcResourcesJson(outcome.left)},
                  {"error", outcome.error ? json(outcome.error->message) : json(nullptr)}};
    deleted.push_back(std::move(entry));
    output.text +=
        fmt::format("Cloud {}: removed {} resources.\n", outcome.cloud_id, outcome.removed.size());
    for (const auto& bucket : outcome.kept) {
      output.text += fmt::format(
          "Kept bucket {}: it holds objects (tagged raycloud-retained=true); remove it with "
          "raycloud cloud gc --delete --delete-bucket.\n",
          bucket.id);
    }
    for (const auto& resource : outcome.left) {
      output.text += fmt::format("Left {} {}: still tagged with {}.\n", resource.kind, resource.id,
                                 outcome.cloud_id);
    }
    if (outcome.error) output.text += "  error: " + outcome.error->message + "\n";
    if (outcome.error || !outcome.left.empty()) output.exit_code = 1;
  }
  output.json["deleted"] = std::move(deleted);
  return output;
}

}  // namespace

void AddCloudGcCommand(CLI::App& cloud, Context& context) {
  auto* command = cloud.add_subcommand(
      "gc", "list (and remove) resources of clouds the store does not know or has deleted");
  auto flags = std::make_shared<GcFlags>();
  command->add_flag("--delete", flags->delete_orphans, "remove them");
  command->add_flag("--delete-bucket", flags->delete_bucket,
                    "also empty and remove buckets that hold objects");
  command->add_option("--import", flags->import_name,
                      "instead rebuild the record of a cloud from its tags, under this name");
  command->add_option("--cloud-id", flags->cloud_id, "the cloud to import (cld_...)");
  command->callback([&context, flags] {
    context.action = [&context, flags] { return Gc(context.options, *flags); };
  });
}

}  // namespace raycloud::cli
