// Re-tagging existing resources for `cloud update --tag`: each service tags differently, so
// one table here instead of a Reconcile override in every tagged handler.
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {

using json = nlohmann::json;

namespace {

// Tags in the [{"Key","Value"}] shape every tagging API here takes.
json PlannedTagList(const ResolvedSpec& spec) {
  auto it = spec.properties.find("tags");
  return it != spec.properties.end() && it->is_array() ? *it : json::array();
}

Status TagResourceOfKind(const ResolvedSpec& spec, const ResourceState& state,
                         ResourceContext& context, const json& tags) {
  using handlers::CallFor;
  const std::string& id = state.physical_id;
  const std::string& kind_name = spec.spec.kind;
  Result<json> output = json::object();
  if (kind_name.starts_with("ec2:")) {
    output = CallFor(context, id, "ec2", "CreateTags", {{"Resources", {id}}, {"Tags", tags}});
  } else if (kind_name == kind::kIamRole) {
    output = CallFor(context, id, "iam", "TagRole", {{"RoleName", id}, {"Tags", tags}});
  } else if (kind_name == kind::kIamInstanceProfile) {
    output = CallFor(context, id, "iam", "TagInstanceProfile",
                     {{"InstanceProfileName", id}, {"Tags", tags}});
  } else if (kind_name == kind::kBucket) {
    // PutBucketTagging replaces the whole set: the plan's tags are the whole set.
    output = CallFor(context, id, "s3", "PutBucketTagging",
                     {{"Bucket", id}, {"Tagging", {{"TagSet", tags}}}});
  } else if (kind_name == kind::kEfsFileSystem) {
    output = CallFor(context, id, "efs", "TagResource", {{"ResourceId", id}, {"Tags", tags}});
  } else if (kind_name.starts_with("memorydb:")) {
    const std::string arn = state.attributes.value("arn", "");
    if (arn.empty()) {
      return Fail(Error::Internal("no ARN recorded for " + id + "; cannot tag it"));
    }
    output =
        CallFor(context, id, "memorydb", "TagResource", {{"ResourceArn", arn}, {"Tags", tags}});
  } else {
    return Fail(Error::Internal("no tagging recipe for kind " + kind_name));
  }
  if (!output) return Fail(output.error());
  return {};
}

}  // namespace

Status ApplyPlannedTags(const ResolvedSpec& spec, const ResourceState& state,
                        ResourceContext& context) {
  const json tags = PlannedTagList(spec);
  if (tags.empty()) return {};
  return TagResourceOfKind(spec, state, context, tags);
}

Result<ResourceState> ResourceHandler::Reconcile(const ResolvedSpec& spec,
                                                 const ResourceState& state,
                                                 ResourceContext& context) {
  if (auto tagged = ApplyPlannedTags(spec, state, context); !tagged) return Fail(tagged.error());
  return state;
}

}  // namespace raycloud::cloud
