#include "cli/cloud_store.h"

namespace raycloud::cli {

Result<std::unique_ptr<store::SqliteStore>> OpenStore(const GlobalOptions& options) {
  return store::SqliteStore::Open(store::ResolveStateDir(options.state_dir));
}

Result<store::CloudRecord> FindCloudOrFail(store::Store& store, const std::string& name) {
  auto found = store.FindCloudByName(name);
  if (!found) return Fail(found.error());
  if (!found->has_value()) {
    return Fail(Error::NotFound("no cloud named " + name + "; see raycloud cloud list"));
  }
  return **found;
}

}  // namespace raycloud::cli
