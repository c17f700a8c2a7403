#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "cloud/plan/cloud_plan.h"
#include "store/records.h"

namespace raycloud::cloud {

/// The `cloud` object of cli.md (setup, describe): id, name, provider, region, status,
/// external_id, resources {...}, created_at; `verify` is added by the caller.
nlohmann::json CloudJson(const store::CloudRecord& cloud,
                         const std::vector<store::ResourceRecord>& resources);

/// The `resources` object of a managed cloud from its plan's names and recorded ids.
nlohmann::json ManagedResourcesJson(const PlanNames& names,
                                    const std::vector<store::ResourceRecord>& resources);

}  // namespace raycloud::cloud
