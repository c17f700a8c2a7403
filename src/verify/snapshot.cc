#include "verify/snapshot.h"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace raycloud::verify {
namespace {

using nlohmann::json;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// IAM returns policy documents percent-encoded (RFC 3986); '+' stays literal.
std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = HexValue(text[i + 1]);
      int low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

// The CallResult members of a snapshot, by their JSON key: one table drives both ways.
using CallMember = CallResult CloudSnapshot::*;
constexpr std::array<std::pair<const char*, CallMember>, 32> kCallMembers = {{
    {"caller", &CloudSnapshot::caller},
    {"control_plane_caller", &CloudSnapshot::control_plane_caller},
    {"assume_role", &CloudSnapshot::assume_role},
    {"vpcs", &CloudSnapshot::vpcs},
    {"dns_support", &CloudSnapshot::dns_support},
    {"dns_hostnames", &CloudSnapshot::dns_hostnames},
    {"subnets", &CloudSnapshot::subnets},
    {"vpc_subnets", &CloudSnapshot::vpc_subnets},
    {"route_tables", &CloudSnapshot::route_tables},
    {"internet_gateways", &CloudSnapshot::internet_gateways},
    {"nat_gateways", &CloudSnapshot::nat_gateways},
    {"vpc_endpoints", &CloudSnapshot::vpc_endpoints},
    {"security_groups", &CloudSnapshot::security_groups},
    {"vpc_security_groups", &CloudSnapshot::vpc_security_groups},
    {"network_acls", &CloudSnapshot::network_acls},
    {"bucket_location", &CloudSnapshot::bucket_location},
    {"bucket_policy", &CloudSnapshot::bucket_policy},
    {"bucket_cors", &CloudSnapshot::bucket_cors},
    {"bucket_encryption", &CloudSnapshot::bucket_encryption},
    {"public_access_block", &CloudSnapshot::public_access_block},
    {"bucket_lifecycle", &CloudSnapshot::bucket_lifecycle},
    {"kms_key", &CloudSnapshot::kms_key},
    {"kms_key_policy", &CloudSnapshot::kms_key_policy},
    {"file_systems", &CloudSnapshot::file_systems},
    {"mount_targets", &CloudSnapshot::mount_targets},
    {"backup_policy", &CloudSnapshot::backup_policy},
    {"memorydb_clusters", &CloudSnapshot::memorydb_clusters},
    {"memorydb_subnet_groups", &CloudSnapshot::memorydb_subnet_groups},
    {"memorydb_parameters", &CloudSnapshot::memorydb_parameters},
    {"region_vpcs", &CloudSnapshot::region_vpcs},
    {"region_internet_gateways", &CloudSnapshot::region_internet_gateways},
    {"trails", &CloudSnapshot::trails},
}};

using CallMap = std::map<std::string, CallResult> CloudSnapshot::*;
constexpr std::array<std::pair<const char*, CallMap>, 3> kCallMaps = {{
    {"mount_target_security_groups", &CloudSnapshot::mount_target_security_groups},
    {"service_quotas", &CloudSnapshot::service_quotas},
    {"trail_status", &CloudSnapshot::trail_status},
}};

json CallToJson(const CallResult& call) {
  if (call.ok()) return {{"output", call.output}};
  return {{"error", {{"code", call.error_code}, {"message", call.error_message}}}};
}

Result<CallResult> CallFromJson(const json& value, std::string_view key) {
  if (!value.is_object()) return Fail(Error::Invalid(fmt::format("{}: not an object", key)));
  if (auto error = value.find("error"); error != value.end()) {
    return CallResult::Failed(error->value("code", ""), error->value("message", ""));
  }
  if (auto output = value.find("output"); output != value.end()) return CallResult::Ok(*output);
  return Fail(Error::Invalid(fmt::format("{}: needs \"output\" or \"error\"", key)));
}

const char* PolicyKindName(PolicyDocument::Kind kind) {
  switch (kind) {
    case PolicyDocument::Kind::kInline:
      return "inline";
    case PolicyDocument::Kind::kManaged:
      return "managed";
    case PolicyDocument::Kind::kBoundary:
      return "boundary";
  }
  return "inline";
}

json RoleToJson(const RoleSnapshot& role) {
  json out = {{"name", role.name}, {"policies", json::array()}};
  auto put = [&](const char* key, const CallResult& call) {
    if (call.called()) out[key] = CallToJson(call);
  };
  put("role", role.role);
  put("inline_policies", role.inline_policies);
  put("attached_policies", role.attached_policies);
  put("instance_profile", role.instance_profile);
  for (const auto& policy : role.policies) {
    json entry = {{"name", policy.name},
                  {"kind", PolicyKindName(policy.kind)},
                  {"document", policy.document}};
    if (!policy.error.empty()) entry["error"] = policy.error;
    out["policies"].push_back(std::move(entry));
  }
  return out;
}

Result<RoleSnapshot> RoleFromJson(const json& value) {
  RoleSnapshot role;
  if (!value.is_object()) return Fail(Error::Invalid("role: not an object"));
  role.name = value.value("name", "");
  for (auto [key, member] : {std::pair{"role", &RoleSnapshot::role},
                             std::pair{"inline_policies", &RoleSnapshot::inline_policies},
                             std::pair{"attached_policies", &RoleSnapshot::attached_policies},
                             std::pair{"instance_profile", &RoleSnapshot::instance_profile}}) {
    if (!value.contains(key)) continue;
    auto call = CallFromJson(value[key], key);
    if (!call) return Fail(call.error());
    role.*member = std::move(*call);
  }
  for (const auto& entry : value.value("policies", json::array())) {
    PolicyDocument policy;
    policy.name = entry.value("name", "");
    std::string kind = entry.value("kind", "inline");
    policy.kind = kind == "managed"    ? PolicyDocument::Kind::kManaged
                  : kind == "boundary" ? PolicyDocument::Kind::kBoundary
                                       : PolicyDocument::Kind::kInline;
    policy.document = DecodePolicyDocument(entry.value("document", json()));
    policy.error = entry.value("error", "");
    role.policies.push_back(std::move(policy));
  }
  return role;
}

json StringsToJson(const std::vector<std::string>& values) { return json(values); }

std::vector<std::string> StringsFromJson(const json& document, const char* key,
                                         std::vector<std::string> fallback = {}) {
  auto it = document.find(key);
  if (it == document.end() || !it->is_array()) return fallback;
  std::vector<std::string> out;
  for (const auto& value : *it) {
    if (value.is_string()) out.push_back(value.get<std::string>());
  }
  return out;
}

}  // namespace

CallResult CallResult::Ok(nlohmann::json output) {
  CallResult call;
  call.state = State::kOk;
  call.output = std::move(output);
  return call;
}

CallResult CallResult::Failed(std::string code, std::string message) {
  CallResult call;
  call.state = State::kError;
  call.error_code = std::move(code);
  call.error_message = std::move(message);
  return call;
}

CallResult CallResult::From(const Result<nlohmann::json>& answer) {
  if (answer) return Ok(*answer);
  const Error& error = answer.error();
  auto code = error.details.find("aws_code");
  return Failed(code == error.details.end() ? "" : code->second, error.message);
}

std::string CallResult::Describe() const {
  if (!failed()) return "";
  if (error_code.empty()) return error_message;
  if (error_message.empty()) return error_code;
  return error_code + ": " + error_message;
}

nlohmann::json DecodePolicyDocument(const nlohmann::json& value) {
  if (value.is_object()) return value;
  if (!value.is_string()) return nullptr;
  const std::string& text = value.get_ref<const std::string&>();
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) parsed = json::parse(PercentDecode(text), nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return nullptr;
  return parsed;
}

nlohmann::json RoleSnapshot::TrustPolicy() const {
  if (!role.ok()) return nullptr;
  const json& doc = role.output.value("Role", json::object());
  return DecodePolicyDocument(doc.value("AssumeRolePolicyDocument", json()));
}

nlohmann::json TargetToJson(const VerifyTarget& t) {
  return {{"cloud_name", t.cloud_name},
          {"cloud_id", t.cloud_id},
          {"org_id", t.org_id},
          {"region", t.region},
          {"account_id", t.account_id},
          {"private_network", t.private_network},
          {"vpc_id", t.vpc_id},
          {"subnet_ids", StringsToJson(t.subnet_ids)},
          {"nat_subnet_ids", StringsToJson(t.nat_subnet_ids)},
          {"security_group_ids", StringsToJson(t.security_group_ids)},
          {"ingress_cidrs", StringsToJson(t.ingress_cidrs)},
          {"bucket", t.bucket},
          {"kms_key_id", t.kms_key_id},
          {"console_origins", StringsToJson(t.console_origins)},
          {"log_retention_days", t.log_retention_days},
          {"control_plane_role_arn", t.control_plane_role_arn},
          {"instance_role_arn", t.instance_role_arn},
          {"external_id", t.external_id},
          {"control_plane_principal", t.control_plane_principal},
          {"efs_id", t.efs_id},
          {"memorydb_cluster_name", t.memorydb_cluster_name},
          {"check_vpc_quota", t.check_vpc_quota}};
}

Result<VerifyTarget> TargetFromJson(const nlohmann::json& d) {
  if (!d.is_object()) return Fail(Error::Invalid("target: not an object"));
  VerifyTarget t;
  auto text = [&](const char* key) {
    auto it = d.find(key);
    return it != d.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  t.cloud_name = text("cloud_name");
  t.cloud_id = text("cloud_id");
  t.org_id = text("org_id");
  t.region = text("region");
  t.account_id = text("account_id");
  t.private_network = d.value("private_network", false);
  t.vpc_id = text("vpc_id");
  t.subnet_ids = StringsFromJson(d, "subnet_ids");
  t.nat_subnet_ids = StringsFromJson(d, "nat_subnet_ids");
  t.security_group_ids = StringsFromJson(d, "security_group_ids");
  t.ingress_cidrs = StringsFromJson(d, "ingress_cidrs", t.ingress_cidrs);
  t.bucket = text("bucket");
  t.kms_key_id = text("kms_key_id");
  t.console_origins = StringsFromJson(d, "console_origins");
  t.log_retention_days = d.value("log_retention_days", t.log_retention_days);
  t.control_plane_role_arn = text("control_plane_role_arn");
  t.instance_role_arn = text("instance_role_arn");
  t.external_id = text("external_id");
  t.control_plane_principal = text("control_plane_principal");
  t.efs_id = text("efs_id");
  t.memorydb_cluster_name = text("memorydb_cluster_name");
  t.check_vpc_quota = d.value("check_vpc_quota", false);
  return t;
}

nlohmann::json SnapshotToJson(const CloudSnapshot& snapshot) {
  json out = {{"target", TargetToJson(snapshot.target)}};
  for (const auto& [key, member] : kCallMembers) {
    const CallResult& call = snapshot.*member;
    if (call.called()) out[key] = CallToJson(call);
  }
  for (const auto& [key, member] : kCallMaps) {
    json calls = json::object();
    for (const auto& [name, call] : snapshot.*member) calls[name] = CallToJson(call);
    if (!calls.empty()) out[key] = std::move(calls);
  }
  out["control_plane_role"] = RoleToJson(snapshot.control_plane_role);
  out["instance_role"] = RoleToJson(snapshot.instance_role);
  return out;
}

Result<CloudSnapshot> SnapshotFromJson(const nlohmann::json& document) {
  if (!document.is_object()) return Fail(Error::Invalid("snapshot: not an object"));
  CloudSnapshot snapshot;
  auto target = TargetFromJson(document.value("target", json::object()));
  if (!target) return Fail(target.error());
  snapshot.target = std::move(*target);
  for (const auto& [key, member] : kCallMembers) {
    if (!document.contains(key)) continue;
    auto call = CallFromJson(document[key], key);
    if (!call) return Fail(call.error());
    snapshot.*member = std::move(*call);
  }
  for (const auto& [key, member] : kCallMaps) {
    if (!document.contains(key)) continue;
    for (const auto& [name, value] : document[key].items()) {
      auto call = CallFromJson(value, name);
      if (!call) return Fail(call.error());
      (snapshot.*member)[name] = std::move(*call);
    }
  }
  for (auto [key, member] : {std::pair{"control_plane_role", &CloudSnapshot::control_plane_role},
                             std::pair{"instance_role", &CloudSnapshot::instance_role}}) {
    if (!document.contains(key)) continue;
    auto role = RoleFromJson(document[key]);
    if (!role) return Fail(role.error());
    snapshot.*member = std::move(*role);
  }
  return snapshot;
}

}  // namespace raycloud::verify
