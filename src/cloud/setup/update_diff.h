#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cloud/plan/cloud_plan.h"
#include "cloud/plan/setup_options.h"
#include "store/records.h"

namespace raycloud::cloud {

/// One setup option `cloud update` changes.
struct OptionChange {
  std::string option;  // the stored key, e.g. "ingress_cidrs"
  nlohmann::json from;
  nlohmann::json to;
};

/// One resource `cloud update` touches.
struct ResourceChange {
  enum class Action { kAdd, kUpdate };
  Action action = Action::kAdd;
  std::string logical_name;
  std::string kind;
  /// kUpdate: the planned properties that differ ("tags", "ingress", "policy_document"), or
  /// "drift" when AWS holds other settings than this version of raycloud requires.
  std::vector<std::string> fields;
};

/// What `cloud update` will do, shown before it does it.
struct UpdateDiff {
  std::vector<OptionChange> options;
  std::vector<ResourceChange> resources;  // in plan order

  bool empty() const { return options.empty() && resources.empty(); }
  /// The logical names to change in place (ExecutorOptions::reconcile).
  std::vector<std::string> ToReconcile() const;
  /// How many resources are added / changed in place.
  size_t Count(ResourceChange::Action action) const;
};

/// The difference between a cloud as stored (`from` options, their plan `current`, the
/// resource records) and what `cloud update` makes of it (`to`, plan `target`). Pure:
/// a resource of `target` without a finished record is added; a recorded one whose planned
/// properties differ between the plans is updated in place. Resources only `current` has
/// are left alone (update adds and replaces; it never removes).
UpdateDiff ComputeUpdateDiff(const SetupOptions& from, const SetupOptions& to,
                             const CloudPlan& current, const CloudPlan& target,
                             const std::vector<store::ResourceRecord>& records);

/// The resources of `target` whose live configuration update compares with AWS (IAM
/// roles' trust and inline policies, security-group rules, bucket policy and settings):
/// recorded, and not already changed by `diff`.
std::vector<std::string> DriftCandidates(const CloudPlan& target, const UpdateDiff& diff,
                                         const std::vector<store::ResourceRecord>& records);

/// Adds `drifted` (found out of sync with `target`) to `diff` as in-place updates.
void AddDrift(UpdateDiff& diff, const CloudPlan& target, const std::vector<std::string>& drifted);

/// {"options": [{"option", "from", "to"}], "resources": [{"name", "kind", "action":
/// "add"|"update", "fields": []}], "add": n, "update": n}
nlohmann::json UpdateDiffJson(const UpdateDiff& diff);

}  // namespace raycloud::cloud
