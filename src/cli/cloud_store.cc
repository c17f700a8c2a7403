#include "cli/cloud_store.h"

#include "cloud/names.h"

namespace raycloud::cli {

Result<std::unique_ptr<store::SqliteStore>> OpenStore(const GlobalOptions& options) {
  return store::SqliteStore::Open(store::ResolveStateDir(options.state_dir));
}

Status CheckCloudNameFlag(const std::string& name) { return cloud::ValidateCloudName(name); }

Result<store::CloudRecord> FindCloudOrFail(store::Store& store, const std::string& name) {
  auto found = store.FindCloudByName(name);
  if (!found) return Fail(found.error());
  if (!found->has_value()) {
    Error error = Error::NotFound("--name: no cloud named " + name + "; see raycloud cloud list");
    error.details["flag"] = "--name";
    return Fail(std::move(error));
  }
  return **found;
}

}  // namespace raycloud::cli
