#pragma once

#include <string>
#include <vector>

#include "cloud/plan/cloud_plan.h"

namespace raycloud::cloud::testing {

inline CloudIdentity TestIdentity() {
  return {.cloud_id = "cld_abcdefghijklmnopqrstuvwx",
          .org_id = "org_0123456789abcdefghijklmn",
          .account_id = "123456789012",
          .partition = "aws",
          .region = "us-west-2",
          .external_id = "5f0c1d2e3a4b5c6d7e8f9a0b1c2d3e4f"};
}

// us-west-2's zones; names deliberately not in zone-id order, as AWS shuffles them.
inline std::vector<Az> TestZones() {
  return {{"us-west-2a", "usw2-az2"},
          {"us-west-2b", "usw2-az1"},
          {"us-west-2c", "usw2-az3"},
          {"us-west-2d", "usw2-az4"}};
}

inline SetupOptions TestOptions() {
  SetupOptions options;
  options.name = "demo";
  options.region = "us-west-2";
  return options;
}

}  // namespace raycloud::cloud::testing
