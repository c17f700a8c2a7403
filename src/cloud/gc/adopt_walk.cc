#include "cloud/gc/adopt_walk.h"

#include <map>

namespace raycloud::cloud {
namespace {

using json = nlohmann::json;

// Replaces every {"ref": NAME} by NAME's id, or null when NAME was not found (the lookup
// then goes by tag or name alone, as the executor's delete does).
void ResolveAdoptRefs(json& value, const std::map<std::string, ResourceState>& found) {
  if (value.is_object()) {
    if (value.size() == 1 && value.contains("ref") && value["ref"].is_string()) {
      auto it = found.find(value["ref"].get<std::string>());
      value = it == found.end() ? json(nullptr) : json(it->second.physical_id);
      return;
    }
    for (auto& [key, member] : value.items()) ResolveAdoptRefs(member, found);
  } else if (value.is_array()) {
    for (auto& element : value) ResolveAdoptRefs(element, found);
  }
}

}  // namespace

std::vector<std::pair<std::string, Error>> AdoptExisting(const CloudPlan& plan, store::Store& store,
                                                         ResourceContext& context,
                                                         const ProgressCallback& progress) {
  std::vector<std::pair<std::string, Error>> errors;
  std::map<std::string, ResourceState> found;
  if (auto records = store.ListResources(context.identity.cloud_id); records) {
    for (const auto& record : *records) {
      if (!record.physical_id.empty()) {
        found[record.logical_name] = {record.physical_id, record.attributes};
      }
    }
  }
  // Plan order (creation order) puts every resource after those it references, so the
  // route table of an association or the group of its rules is known before it.
  for (const ResourceSpec& spec : plan.resources) {
    if (found.contains(spec.logical_name)) continue;
    ResourceHandler* handler = FindHandler(spec.kind);
    if (handler == nullptr) continue;
    ResolvedSpec resolved{spec, spec.properties, context.cloud_name + "-" + spec.logical_name};
    ResolveAdoptRefs(resolved.properties, found);
    auto existing = handler->Find(resolved, context);
    if (!existing) {
      Error error = existing.error();
      error.message =
          "look up " + spec.logical_name + " (" + spec.kind + ") failed: " + error.message;
      errors.emplace_back(spec.logical_name, std::move(error));
      continue;
    }
    if (!existing->has_value()) continue;
    const ResourceState& state = **existing;
    if (auto ok = store.PutResource({context.identity.cloud_id, spec.logical_name, spec.kind,
                                     state.physical_id, "created", state.attributes, ""});
        !ok) {
      errors.emplace_back(spec.logical_name, ok.error());
      continue;
    }
    found[spec.logical_name] = state;
    if (progress) {
      progress(
          {ProgressEvent::Phase::kAdopted, spec.logical_name, spec.kind, state.physical_id, 0, ""});
    }
  }
  return errors;
}

}  // namespace raycloud::cloud
