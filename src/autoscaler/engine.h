#pragma once

#include "autoscaler/types.h"

namespace raycloud::autoscaler {

/// Decides which nodes to launch and which to terminate for one autoscaling round. Pure and
/// deterministic: the same input gives the same decision, and nothing outside `input` is
/// read (no clock, no AWS, no Ray). Guarantees:
/// - existing and launching nodes are filled before any node is launched;
/// - no node is planned beyond its capacity, no type beyond `max_count`, the cluster beyond
///   `limits.max_nodes`, nor launches beyond `limits.max_concurrent_launches`; task demand
///   also respects `limits.upscaling_speed` (Ray's rule), minimums, the floor and placement
///   groups do not (as in Ray);
/// - placement groups are placed whole or not at all (STRICT_SPREAD on distinct nodes,
///   STRICT_PACK on one);
/// - among node types that fit, GPU nodes are avoided for GPU-free demand, then the cheapest
///   way to serve the demand per hour wins, spot before on-demand where allowed and not
///   failing (a low availability score raises a market's expected price);
/// - demand no node type can ever hold is reported `infeasible`; demand a limit holds back is
///   reported `deferred` with that limit;
/// - only nodes holding no work are terminated, never below a type's minimum nor one the plan
///   or the resource floor uses.
Decision Decide(const AutoscalerInput& input);

}  // namespace raycloud::autoscaler
