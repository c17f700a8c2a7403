#pragma once

#include "cloud/policy/policy_documents.h"

namespace raycloud::cloud::testing {

/// The parameters of one example cloud in us-west-2, shared by the policy tests.
inline PolicyParams SamplePolicyParams() {
  PolicyParams params;
  params.partition = "aws";
  params.account_id = "123456789012";
  params.region = "us-west-2";
  params.cloud_id = "cld_abcdefghijklmnopqrstuvwx";
  params.bucket_name = "raycloud-data-abcdefghijklmnopqrstuvwx";
  params.control_plane_role_arn = "arn:aws:iam::123456789012:role/demo-control-plane";
  params.instance_role_arn = "arn:aws:iam::123456789012:role/demo-instance";
  params.external_id = "5f0c1d2e3a4b5c6d7e8f9a0b1c2d3e4f";
  params.control_plane_principal = "arn:aws:iam::123456789012:role/operator";
  return params;
}

}  // namespace raycloud::cloud::testing
