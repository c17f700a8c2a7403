#include "cloud/setup/update_diff.h"

#include <algorithm>
#include <map>

#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {
namespace {

using json = nlohmann::json;

// Kinds whose live configuration this version of raycloud owns and re-puts on update
// (their handlers implement InSync/Reconcile against AWS).
constexpr std::string_view kUpdateComparedKinds[] = {
    kind::kIamRole,      kind::kIamRolePolicy,    kind::kSecurityGroupRules,
    kind::kBucketPolicy, kind::kBucketEncryption, kind::kPublicAccessBlock,
    kind::kLifecycle,    kind::kVersioning,       kind::kCors,
};

// Records that are finished, by logical name: a record still `creating` (a crash before
// the resource was ready) is finished by the update like a missing one.
std::map<std::string, const store::ResourceRecord*> FinishedRecords(
    const std::vector<store::ResourceRecord>& records) {
  std::map<std::string, const store::ResourceRecord*> finished;
  for (const auto& record : records) {
    if (!record.physical_id.empty() && record.status == "created") {
      finished[record.logical_name] = &record;
    }
  }
  return finished;
}

// The top-level property keys whose values differ, in key order.
std::vector<std::string> ChangedProperties(const json& before, const json& after) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : after.items()) {
    if (!before.contains(key) || before[key] != value) keys.push_back(key);
  }
  for (const auto& [key, value] : before.items()) {
    if (!after.contains(key)) keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

const char* ActionName(ResourceChange::Action action) {
  return action == ResourceChange::Action::kAdd ? "add" : "update";
}

}  // namespace

std::vector<std::string> UpdateDiff::ToReconcile() const {
  std::vector<std::string> names;
  for (const auto& change : resources) {
    if (change.action == ResourceChange::Action::kUpdate) names.push_back(change.logical_name);
  }
  return names;
}

size_t UpdateDiff::Count(ResourceChange::Action action) const {
  return static_cast<size_t>(
      std::count_if(resources.begin(), resources.end(),
                    [&](const ResourceChange& c) { return c.action == action; }));
}

UpdateDiff ComputeUpdateDiff(const SetupOptions& from, const SetupOptions& to,
                             const CloudPlan& current, const CloudPlan& target,
                             const std::vector<store::ResourceRecord>& records) {
  UpdateDiff diff;
  const json before = SetupOptionsToJson(from);
  const json after = SetupOptionsToJson(to);
  for (const auto& key : ChangedProperties(before, after)) {
    diff.options.push_back({key, before.contains(key) ? before[key] : json(),
                            after.contains(key) ? after[key] : json()});
  }
  const auto finished = FinishedRecords(records);
  for (const auto& spec : target.resources) {
    if (!finished.contains(spec.logical_name)) {
      diff.resources.push_back({ResourceChange::Action::kAdd, spec.logical_name, spec.kind, {}});
      continue;
    }
    // Recorded but not in the stored plan: an earlier run of this update made it to the
    // target's spec already.
    const ResourceSpec* was = current.Find(spec.logical_name);
    if (was == nullptr) continue;
    auto fields = ChangedProperties(was->properties, spec.properties);
    if (!fields.empty()) {
      diff.resources.push_back(
          {ResourceChange::Action::kUpdate, spec.logical_name, spec.kind, std::move(fields)});
    }
  }
  return diff;
}

std::vector<std::string> DriftCandidates(const CloudPlan& target, const UpdateDiff& diff,
                                         const std::vector<store::ResourceRecord>& records) {
  const auto finished = FinishedRecords(records);
  std::vector<std::string> names;
  for (const auto& spec : target.resources) {
    const bool compared =
        std::find(std::begin(kUpdateComparedKinds), std::end(kUpdateComparedKinds), spec.kind) !=
        std::end(kUpdateComparedKinds);
    const bool in_diff =
        std::any_of(diff.resources.begin(), diff.resources.end(),
                    [&](const ResourceChange& c) { return c.logical_name == spec.logical_name; });
    if (compared && !in_diff && finished.contains(spec.logical_name)) {
      names.push_back(spec.logical_name);
    }
  }
  return names;
}

void AddDrift(UpdateDiff& diff, const CloudPlan& target, const std::vector<std::string>& drifted) {
  if (drifted.empty()) return;
  // Rebuilt in plan order, so the drifted ones sit where the plan has them.
  std::vector<ResourceChange> ordered;
  for (const auto& spec : target.resources) {
    auto existing =
        std::find_if(diff.resources.begin(), diff.resources.end(),
                     [&](const ResourceChange& c) { return c.logical_name == spec.logical_name; });
    if (existing != diff.resources.end()) {
      ordered.push_back(*existing);
    } else if (std::find(drifted.begin(), drifted.end(), spec.logical_name) != drifted.end()) {
      ordered.push_back({ResourceChange::Action::kUpdate, spec.logical_name, spec.kind, {"drift"}});
    }
  }
  diff.resources = std::move(ordered);
}

json UpdateDiffJson(const UpdateDiff& diff) {
  json options = json::array();
  for (const auto& change : diff.options) {
    options.push_back({{"option", change.option}, {"from", change.from}, {"to", change.to}});
  }
  json resources = json::array();
  for (const auto& change : diff.resources) {
    resources.push_back({{"name", change.logical_name},
                         {"kind", change.kind},
                         {"action", ActionName(change.action)},
                         {"fields", change.fields}});
  }
  return {{"options", options},
          {"resources", resources},
          {"add", diff.Count(ResourceChange::Action::kAdd)},
          {"update", diff.Count(ResourceChange::Action::kUpdate)}};
}

}  // namespace raycloud::cloud
