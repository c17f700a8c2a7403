// efs.exists, efs.mount_targets, efs.mount_target_security_groups, efs.encryption,
// efs.backup. All skip when the cloud has no EFS.
#include <fmt/format.h>

#include <map>
#include <set>

#include "common/strings.h"
#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"
#include "verify/checks/security_group_rules.h"

namespace raycloud::verify {
namespace {

constexpr const char* kEfsDependentChecks[] = {
    "efs.mount_targets", "efs.mount_target_security_groups", "efs.encryption", "efs.backup"};

Finding EfsExists(const CloudSnapshot& s, const json* fs) {
  const std::string& id = s.target.efs_id;
  if (fs != nullptr) {
    std::string state = Text(*fs, "LifeCycleState");
    if (state == "available" || state == "updating") {
      return MakeFinding("efs.exists", id, CheckStatus::kPass,
                         fmt::format("file system {} is {}", id, state));
    }
    return MakeFinding("efs.exists", id, CheckStatus::kFail,
                       fmt::format("file system {} is {}, not available", id, state),
                       "Register the cloud with the --efs-id of an available file system");
  }
  const CallResult& call = s.file_systems;
  if (call.failed() && call.error_code != "FileSystemNotFound") {
    return MakeFinding("efs.exists", id, CheckStatus::kFail,
                       fmt::format("could not describe file system {}: {}", id, call.Describe()),
                       "Allow elasticfilesystem:DescribeFileSystems to the credentials raycloud "
                       "runs with");
  }
  return MakeFinding("efs.exists", id, CheckStatus::kFail,
                     fmt::format("file system {} was not found in {}", id, s.target.region),
                     fmt::format("aws efs create-file-system --encrypted --performance-mode "
                                 "generalPurpose --backup{} and register its id (--efs-id)",
                                 RegionFlag(s)));
}

std::string FirstGroup(const CloudSnapshot& s) {
  return s.target.security_group_ids.empty() ? "<security-group-id>"
                                             : s.target.security_group_ids.front();
}

Finding MountTargets(const CloudSnapshot& s, const json& targets) {
  const std::string& id = s.target.efs_id;
  if (targets.empty()) {
    std::string subnet = s.target.subnet_ids.empty() ? "<subnet-id>" : s.target.subnet_ids.front();
    return MakeFinding("efs.mount_targets", id, CheckStatus::kFail,
                       fmt::format("file system {} has no mount target: nodes cannot mount it", id),
                       fmt::format("aws efs create-mount-target --file-system-id {} --subnet-id {} "
                                   "--security-groups {}{} (one per availability zone)",
                                   id, subnet, FirstGroup(s), RegionFlag(s)));
  }
  std::set<std::string> covered;
  for (const auto& target : targets) covered.insert(Text(target, "AvailabilityZoneName"));
  std::map<std::string, std::string> missing;  // zone -> a cluster subnet there
  for (const json* subnet : FoundClusterSubnets(s)) {
    std::string zone = Text(*subnet, "AvailabilityZone");
    if (!covered.contains(zone)) missing.emplace(zone, Text(*subnet, "SubnetId"));
  }
  if (missing.empty()) {
    return MakeFinding("efs.mount_targets", id, CheckStatus::kPass,
                       fmt::format("{} mount target{} cover every zone of the cluster subnets",
                                   targets.size(), targets.size() == 1 ? "" : "s"));
  }
  std::vector<std::string> zones, commands;
  for (const auto& [zone, subnet] : missing) {
    zones.push_back(zone);
    commands.push_back(
        fmt::format("aws efs create-mount-target --file-system-id {} --subnet-id "
                    "{} --security-groups {}{}",
                    id, subnet, FirstGroup(s), RegionFlag(s)));
  }
  return MakeFinding("efs.mount_targets", id, CheckStatus::kWarn,
                     fmt::format("no mount target in {}: nodes there mount across zones (billed "
                                 "traffic)",
                                 JoinList(zones)),
                     strings::Join(commands, " && "));
}

Finding MountTargetGroups(const CloudSnapshot& s, const json& targets) {
  const std::string& id = s.target.efs_id;
  if (targets.empty()) {
    return MakeFinding("efs.mount_target_security_groups", id, CheckStatus::kSkip,
                       "the file system has no mount target (see efs.mount_targets)");
  }
  std::set<std::string> cloud_groups(s.target.security_group_ids.begin(),
                                     s.target.security_group_ids.end());
  std::vector<std::string> cluster_cidrs;
  for (const json* subnet : FoundClusterSubnets(s)) {
    cluster_cidrs.push_back(Text(*subnet, "CidrBlock"));
  }
  std::vector<std::string> admitting, refusing;
  std::string guard;  // a group of a refusing mount target, for the remediation
  for (const auto& target : targets) {
    std::string target_id = Text(target, "MountTargetId");
    bool admits = false;
    auto groups = s.mount_target_security_groups.find(target_id);
    if (groups != s.mount_target_security_groups.end() && groups->second.ok()) {
      for (const auto& group_id : Items(groups->second.output, "SecurityGroups")) {
        const json* group = FindSecurityGroup(s, group_id.get<std::string>());
        if (guard.empty()) guard = group_id.get<std::string>();
        if (group && AdmitsTcp(*group, 2049, cloud_groups, cluster_cidrs)) admits = true;
      }
    }
    (admits ? admitting : refusing).push_back(target_id);
  }
  if (admitting.empty()) {
    return MakeFinding(
        "efs.mount_target_security_groups", id, CheckStatus::kFail,
        "no mount target admits NFS (TCP 2049) from the cloud's security group",
        fmt::format("aws ec2 authorize-security-group-ingress --group-id {} --protocol tcp --port "
                    "2049 --source-group {}{}",
                    guard.empty() ? "<mount-target-group-id>" : guard, FirstGroup(s),
                    RegionFlag(s)));
  }
  std::string message = fmt::format("mount target{} {} admit{} NFS from the cloud's security group",
                                    admitting.size() > 1 ? "s" : "", JoinList(admitting),
                                    admitting.size() > 1 ? "" : "s");
  if (!refusing.empty())
    message += fmt::format(" ({} do{} not)", JoinList(refusing), refusing.size() > 1 ? "" : "es");
  return MakeFinding("efs.mount_target_security_groups", id, CheckStatus::kPass, message);
}

Finding Encryption(const CloudSnapshot& s, const json& fs) {
  const std::string& id = s.target.efs_id;
  if (fs.value("Encrypted", false)) {
    return MakeFinding("efs.encryption", id, CheckStatus::kPass, "encrypted at rest");
  }
  return MakeFinding("efs.encryption", id, CheckStatus::kWarn, "not encrypted at rest",
                     fmt::format("Encryption cannot be turned on later: aws efs create-file-system "
                                 "--encrypted --backup{}, copy the data (AWS DataSync) and "
                                 "register the new file system",
                                 RegionFlag(s)));
}

Finding Backup(const CloudSnapshot& s) {
  const std::string& id = s.target.efs_id;
  const CallResult& call = s.backup_policy;
  if (call.failed() && call.error_code != "PolicyNotFound") {
    return MakeFinding("efs.backup", id, CheckStatus::kSkip,
                       "could not read the backup policy: " + call.Describe());
  }
  std::string status =
      call.ok() ? Text(call.output.value("BackupPolicy", json::object()), "Status") : "DISABLED";
  if (status == "ENABLED" || status == "ENABLING") {
    return MakeFinding("efs.backup", id, CheckStatus::kPass, "automatic backups are on");
  }
  return MakeFinding("efs.backup", id, CheckStatus::kWarn, "automatic backups are off",
                     fmt::format("aws efs put-backup-policy --file-system-id {} --backup-policy "
                                 "Status=ENABLED{}",
                                 id, RegionFlag(s)));
}

}  // namespace

Findings CheckEfs(const CloudSnapshot& s) {
  const std::string& id = s.target.efs_id;
  if (id.empty()) {
    Findings out{
        MakeFinding("efs.exists", std::nullopt, CheckStatus::kSkip, "EFS is not configured")};
    for (const char* check : kEfsDependentChecks) {
      out.push_back(MakeFinding(check, std::nullopt, CheckStatus::kSkip, "EFS is not configured"));
    }
    return out;
  }
  const json* fs = FindById(s.file_systems, "FileSystems", "FileSystemId", id);
  Findings out{EfsExists(s, fs)};
  if (out.front().status == CheckStatus::kFail) {
    for (const char* check : kEfsDependentChecks) {
      out.push_back(MakeFinding(check, id, CheckStatus::kSkip,
                                MissingMessage("file system", id, "efs.exists")));
    }
    return out;
  }
  if (!s.mount_targets.ok()) {
    for (const char* check : {"efs.mount_targets", "efs.mount_target_security_groups"}) {
      out.push_back(MakeFinding(check, id, CheckStatus::kSkip,
                                "could not read mount targets: " + s.mount_targets.Describe()));
    }
  } else {
    const json& targets = ListOf(s.mount_targets, "MountTargets");
    out.push_back(MountTargets(s, targets));
    out.push_back(MountTargetGroups(s, targets));
  }
  out.push_back(Encryption(s, *fs));
  out.push_back(Backup(s));
  return out;
}

}  // namespace raycloud::verify
