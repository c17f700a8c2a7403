#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cloud/exec/executor.h"

namespace raycloud::cloud {

/// Walks `plan` forward and records in `store` every resource that is recorded already or
/// that its handler's Find sees (by tag or name), creating nothing: the lookup half of a
/// resumed setup, used to rebuild a lost record. Returns the lookups that failed.
std::vector<std::pair<std::string, Error>> AdoptExisting(const CloudPlan& plan, store::Store& store,
                                                         ResourceContext& context,
                                                         const ProgressCallback& progress);

}  // namespace raycloud::cloud
