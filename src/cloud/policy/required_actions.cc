#include "cloud/policy/required_actions.h"

namespace raycloud::cloud {
namespace {

using Context = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kEc2 = "arn:${Partition}:ec2:${Region}:${Account}:";
constexpr const char* kElb = "arn:${Partition}:elasticloadbalancing:${Region}:${Account}:";
constexpr const char* kAcm = "arn:${Partition}:acm:${Region}:${Account}:";
constexpr const char* kCfn = "arn:${Partition}:cloudformation:${Region}:${Account}:";

// The tag conditions: a create must carry the cloud's tag, a change may touch only
// resources that already carry it.
const Context kRequestTag = {{"aws:RequestTag/raycloud-cloud-id", "${CloudId}"}};
const Context kResourceTag = {{"aws:ResourceTag/raycloud-cloud-id", "${CloudId}"}};

Context TagOnCreate(const char* create_key, const char* create_action) {
  return {{create_key, create_action}, {"aws:RequestTag/raycloud-cloud-id", "${CloudId}"}};
}

std::vector<RequiredAction> BuildTable() {
  std::vector<RequiredAction> rows;
  auto add = [&rows](ActionGroup group, std::string action, std::string resource, Context context,
                     std::string purpose) {
    rows.push_back(
        {std::move(action), std::move(resource), std::move(context), group, std::move(purpose)});
  };
  auto ec2 = [](const char* type) { return std::string(kEc2) + type; };
  using enum ActionGroup;

  // Instances. RunInstances is authorised once per resource it touches: the ones it creates
  // (instance, volume, network interface, spot request) carry the request tag; a placement
  // group is one the cloud created, so it carries the cloud's tag; the others it only uses
  // (image, subnet, security group, key pair, launch template) may be anyone's and cannot
  // be scoped by tag, so they are granted by type.
  for (const char* created :
       {"instance/*", "volume/*", "network-interface/*", "spot-instances-request/*"}) {
    add(kCore, "ec2:RunInstances", ec2(created), kRequestTag, "launch cluster nodes, tagged");
  }
  add(kCore, "ec2:RunInstances", "arn:${Partition}:ec2:${Region}::image/*", {},
      "launch from any AMI");
  for (const char* used : {"subnet/*", "security-group/*", "key-pair/*", "launch-template/*"}) {
    add(kCore, "ec2:RunInstances", ec2(used), {}, "launch into the cloud's network");
  }
  add(kCore, "ec2:RunInstances", ec2("placement-group/*"), kResourceTag,
      "launch into the cloud's placement groups");
  for (const char* created :
       {"instance/*", "volume/*", "network-interface/*", "spot-instances-request/*"}) {
    add(kCore, "ec2:CreateTags", ec2(created), TagOnCreate("ec2:CreateAction", "RunInstances"),
        "tag nodes as they launch");
  }
  for (const char* action : {"ec2:TerminateInstances", "ec2:StartInstances", "ec2:StopInstances",
                             "ec2:RebootInstances", "ec2:CreateTags", "ec2:DeleteTags"}) {
    add(kCore, action, ec2("instance/*"), kResourceTag, "manage the cloud's nodes");
  }

  // Spot.
  add(kCore, "ec2:CancelSpotInstanceRequests", ec2("spot-instances-request/*"), kResourceTag,
      "cancel the cloud's spot requests");
  add(kCore, "iam:CreateServiceLinkedRole",
      "arn:${Partition}:iam::${Account}:role/aws-service-role/spot.amazonaws.com/"
      "AWSServiceRoleForEC2Spot",
      {{"iam:AWSServiceName", "spot.amazonaws.com"}}, "create the EC2 spot service-linked role");

  // Volumes.
  add(kCore, "ec2:CreateVolume", ec2("volume/*"), kRequestTag, "create tagged volumes");
  add(kCore, "ec2:CreateTags", ec2("volume/*"), TagOnCreate("ec2:CreateAction", "CreateVolume"),
      "tag volumes as they are created");
  for (const char* action : {"ec2:AttachVolume", "ec2:DetachVolume"}) {
    add(kCore, action, ec2("volume/*"), kResourceTag, "move the cloud's volumes");
    add(kCore, action, ec2("instance/*"), kResourceTag, "move the cloud's volumes");
  }
  add(kCore, "ec2:DeleteVolume", ec2("volume/*"), kResourceTag, "delete the cloud's volumes");

  // Elastic IP addresses.
  add(kCore, "ec2:AllocateAddress", ec2("elastic-ip/*"), kRequestTag, "allocate tagged addresses");
  add(kCore, "ec2:CreateTags", ec2("elastic-ip/*"),
      TagOnCreate("ec2:CreateAction", "AllocateAddress"), "tag addresses as they are allocated");
  add(kCore, "ec2:AssociateAddress", ec2("elastic-ip/*"), kResourceTag, "attach addresses");
  add(kCore, "ec2:AssociateAddress", ec2("instance/*"), kResourceTag, "attach addresses");
  for (const char* action : {"ec2:DisassociateAddress", "ec2:ReleaseAddress"}) {
    add(kCore, action, ec2("elastic-ip/*"), kResourceTag, "release the cloud's addresses");
  }

  // Placement groups.
  add(kCore, "ec2:CreatePlacementGroup", ec2("placement-group/*"), kRequestTag,
      "create tagged placement groups");
  add(kCore, "ec2:CreateTags", ec2("placement-group/*"),
      TagOnCreate("ec2:CreateAction", "CreatePlacementGroup"),
      "tag placement groups as they are created");
  add(kCore, "ec2:DeletePlacementGroup", ec2("placement-group/*"), kResourceTag,
      "delete the cloud's placement groups");

  // Reads: EC2 describe calls authorise only on "*".
  for (const char* action : {"ec2:DescribeInstances",
                             "ec2:DescribeInstanceStatus",
                             "ec2:DescribeInstanceTypes",
                             "ec2:DescribeInstanceTypeOfferings",
                             "ec2:DescribeImages",
                             "ec2:DescribeSubnets",
                             "ec2:DescribeSecurityGroups",
                             "ec2:DescribeVpcs",
                             "ec2:DescribeRouteTables",
                             "ec2:DescribeNetworkInterfaces",
                             "ec2:DescribeAvailabilityZones",
                             "ec2:DescribeVolumes",
                             "ec2:DescribeAddresses",
                             "ec2:DescribePlacementGroups",
                             "ec2:DescribeKeyPairs",
                             "ec2:DescribeLaunchTemplates",
                             "ec2:DescribeLaunchTemplateVersions",
                             "ec2:DescribeSpotPriceHistory",
                             "ec2:DescribeSpotInstanceRequests",
                             "ec2:DescribeTags",
                             "ec2:DescribeAccountAttributes"}) {
    add(kCore, action, "*", {}, "read EC2 state");
  }

  // Node identity.
  add(kCore, "iam:PassRole", "${InstanceRoleArn}", {{"iam:PassedToService", "ec2.amazonaws.com"}},
      "give nodes the cloud's instance role");
  add(kCore, "iam:GetInstanceProfile",
      "arn:${Partition}:iam::${Account}:instance-profile/${InstanceProfileName}", {},
      "read the nodes' instance profile");

  // Storage.
  add(kCore, "elasticfilesystem:DescribeMountTargets",
      "arn:${Partition}:elasticfilesystem:${Region}:${Account}:file-system/*", {},
      "find the NFS mount target of a node's zone");
  add(kCore, "memorydb:DescribeClusters",
      "arn:${Partition}:memorydb:${Region}:${Account}:cluster/*", {},
      "find the head-node fault-tolerance store");

  // Services: load balancers, their certificates, and the stacks that hold them.
  auto elb = [](const char* type) { return std::string(kElb) + type; };
  add(kServices, "elasticloadbalancing:CreateLoadBalancer", elb("loadbalancer/*"), kRequestTag,
      "create tagged load balancers");
  add(kServices, "elasticloadbalancing:CreateTargetGroup", elb("targetgroup/*"), kRequestTag,
      "create tagged target groups");
  add(kServices, "elasticloadbalancing:AddTags", elb("loadbalancer/*"),
      TagOnCreate("elasticloadbalancing:CreateAction", "CreateLoadBalancer"),
      "tag load balancers as they are created");
  add(kServices, "elasticloadbalancing:AddTags", elb("targetgroup/*"),
      TagOnCreate("elasticloadbalancing:CreateAction", "CreateTargetGroup"),
      "tag target groups as they are created");
  for (const char* action :
       {"elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetSecurityGroups"}) {
    add(kServices, action, elb("loadbalancer/*"), kResourceTag,
        "manage the cloud's load balancers");
  }
  for (const char* action :
       {"elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:RegisterTargets",
        "elasticloadbalancing:DeregisterTargets"}) {
    add(kServices, action, elb("targetgroup/*"), kResourceTag, "manage the cloud's target groups");
  }
  for (const char* action :
       {"elasticloadbalancing:ModifyListener", "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule", "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:DeleteRule"}) {
    add(kServices, action, elb("listener/*"), {}, "route service traffic");
  }
  add(kServices, "elasticloadbalancing:ModifyRule", elb("listener-rule/*"), {},
      "route service traffic");
  add(kServices, "elasticloadbalancing:DeleteRule", elb("listener-rule/*"), {},
      "route service traffic");
  for (const char* action :
       {"elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTags"}) {
    add(kServices, action, "*", {}, "read load balancer state");
  }
  add(kServices, "acm:RequestCertificate", std::string(kAcm) + "certificate/*", kRequestTag,
      "request tagged certificates");
  add(kServices, "acm:AddTagsToCertificate", std::string(kAcm) + "certificate/*", kRequestTag,
      "tag certificates as they are requested");
  for (const char* action : {"acm:DescribeCertificate", "acm:DeleteCertificate"}) {
    add(kServices, action, std::string(kAcm) + "certificate/*", kResourceTag,
        "manage the cloud's certificates");
  }
  add(kServices, "acm:ListCertificates", "*", {}, "read certificates");
  add(kServices, "cloudformation:CreateStack", std::string(kCfn) + "stack/*", kRequestTag,
      "create tagged service stacks");
  add(kServices, "cloudformation:TagResource", std::string(kCfn) + "stack/*", kRequestTag,
      "tag service stacks as they are created");
  for (const char* action : {"cloudformation:UpdateStack", "cloudformation:DeleteStack"}) {
    add(kServices, action, std::string(kCfn) + "stack/*", kResourceTag,
        "change the cloud's service stacks");
  }
  for (const char* action :
       {"cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents",
        "cloudformation:DescribeStackResources", "cloudformation:ListStackResources"}) {
    add(kServices, action, std::string(kCfn) + "stack/*", {}, "read service stacks");
  }
  add(kServices, "cloudformation:ValidateTemplate", "*", {}, "check service templates");
  return rows;
}

}  // namespace

std::string_view ActionGroupName(ActionGroup group) {
  return group == ActionGroup::kCore ? "core" : "services";
}

const std::vector<RequiredAction>& RequiredActions() {
  static const std::vector<RequiredAction> table = BuildTable();
  return table;
}

}  // namespace raycloud::cloud
