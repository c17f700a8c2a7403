#pragma once

#include <optional>
#include <string_view>

#include "aws/endpoint/endpoint_resolver.h"
#include "aws/endpoint/partition.h"

namespace raycloud::aws {

/// The host a partition-global service (IAM, Budgets) uses in one partition for one
/// FIPS/dual-stack combination when it departs from the `{prefix}[-fips].{suffix}` pattern,
/// with its signing region; std::nullopt when the pattern applies.
std::optional<ResolvedEndpoint> GlobalEndpointException(std::string_view service,
                                                        const Partition& partition, bool fips,
                                                        bool dual_stack);

/// True for the services with one endpoint per partition rather than per region.
bool IsPartitionGlobalService(std::string_view service);

/// STS regions whose legacy behaviour (UseGlobalEndpoint) is the global sts.amazonaws.com.
bool IsStsLegacyGlobalRegion(std::string_view region);

}  // namespace raycloud::aws
