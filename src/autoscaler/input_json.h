#pragma once

#include <nlohmann/json.hpp>

#include "autoscaler/types.h"
#include "common/error.h"

namespace raycloud::autoscaler {

/// Largest `limits.max_nodes` / `limits.max_concurrent_launches` accepted from a file.
inline constexpr int64_t kMaxNodesAccepted = 1'000'000;

/// Reads the input document of autoscaler.md. Unknown fields are ignored (the format only
/// grows); anything malformed is Error::Invalid naming the field, e.g.
/// `node_types[1].resources.CPU: must be a number >= 0`. Defaults: `price_spot` = on-demand
/// price, `spot_allowed` false, `min_count` 0, `max_count` = `limits.max_nodes`,
/// availability 1, node `market` on_demand, `total` = its type's resources, `available` =
/// `total`, `count` 1, limits as in autoscaler.md's example except an idle timeout of 300 s.
Result<AutoscalerInput> ParseInput(const nlohmann::json& document);

}  // namespace raycloud::autoscaler
