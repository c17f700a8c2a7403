#pragma once

#include <memory>

#include "cli/context.h"
#include "store/sqlite_store.h"

namespace raycloud::cli {

/// Opens the state store named by --state-dir / RAYCLOUD_HOME (default ~/.raycloud).
Result<std::unique_ptr<store::SqliteStore>> OpenStore(const GlobalOptions& options);

/// A format check of `--name` before the store is opened (cli.md: format errors first).
Status CheckCloudNameFlag(const std::string& name);

/// The live cloud named `name`; kNotFound (exit 2) naming `cloud list` when there is none.
Result<store::CloudRecord> FindCloudOrFail(store::Store& store, const std::string& name);

}  // namespace raycloud::cli
