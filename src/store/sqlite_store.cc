#include "store/sqlite_store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fmt/format.h>

#include "common/random.h"
#include "store/sqlite_statement.h"
#include "store/time_format.h"

namespace raycloud::store {
namespace {

namespace fs = std::filesystem;

// Each entry moves the schema one version forward; never edit an entry once released.
constexpr const char* kMigrations[] = {
    R"sql(
    CREATE TABLE organizations (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);
    CREATE TABLE clouds (
      id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organizations(id),
      name TEXT NOT NULL, provider TEXT NOT NULL, region TEXT NOT NULL,
      status TEXT NOT NULL, managed INTEGER NOT NULL, external_id TEXT NOT NULL,
      options TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE UNIQUE INDEX clouds_live_name ON clouds(name) WHERE status != 'deleted';
    CREATE TABLE resources (
      cloud_id TEXT NOT NULL REFERENCES clouds(id), logical_name TEXT NOT NULL,
      kind TEXT NOT NULL, physical_id TEXT NOT NULL, status TEXT NOT NULL,
      attributes TEXT NOT NULL, updated_at TEXT NOT NULL,
      PRIMARY KEY (cloud_id, logical_name));
    )sql",
};

Error StoreError(sqlite3* db, const std::string& what) {
  return Error::Io("state store: " + what + ": " + sqlite3_errmsg(db));
}

Status Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return Fail(Error::Io("state store: " + text));
  }
  return {};
}

Status CheckPrivate(const fs::path& path, bool is_dir) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return {};
  if ((info.st_mode & 077) != 0) {
    return Fail(Error::Invalid(fmt::format(
        "state {} {} is readable by other users (mode {:o}); run: chmod {} {}",
        is_dir ? "directory" : "file", path.string(), info.st_mode & 0777, is_dir ? 700 : 600,
        path.string())));
  }
  return {};
}

CloudRecord ReadCloud(Statement& row) {
  CloudRecord cloud;
  cloud.id = row.Text(0);
  cloud.org_id = row.Text(1);
  cloud.name = row.Text(2);
  cloud.provider = row.Text(3);
  cloud.region = row.Text(4);
  cloud.status = ParseCloudStatus(row.Text(5)).value_or(CloudStatus::kFailed);
  cloud.managed = row.Int(6) != 0;
  cloud.external_id = row.Text(7);
  cloud.options = nlohmann::json::parse(row.Text(8), nullptr, false);
  if (cloud.options.is_discarded()) cloud.options = nlohmann::json::object();
  cloud.created_at = row.Text(9);
  cloud.updated_at = row.Text(10);
  return cloud;
}

constexpr const char* kCloudColumns =
    "id, org_id, name, provider, region, status, managed, external_id, options, created_at, "
    "updated_at";

}  // namespace

const char* CloudStatusName(CloudStatus status) {
  switch (status) {
    case CloudStatus::kCreating:
      return "creating";
    case CloudStatus::kActive:
      return "active";
    case CloudStatus::kUpdating:
      return "updating";
    case CloudStatus::kDeleting:
      return "deleting";
    case CloudStatus::kFailed:
      return "failed";
    case CloudStatus::kDeleted:
      return "deleted";
  }
  return "failed";
}

std::optional<CloudStatus> ParseCloudStatus(std::string_view name) {
  for (auto status : {CloudStatus::kCreating, CloudStatus::kActive, CloudStatus::kUpdating,
                      CloudStatus::kDeleting, CloudStatus::kFailed, CloudStatus::kDeleted}) {
    if (name == CloudStatusName(status)) return status;
  }
  return std::nullopt;
}

fs::path ResolveStateDir(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  if (const char* home = std::getenv("RAYCLOUD_HOME"); home && *home) return home;
  const char* user_home = std::getenv("HOME");
  return fs::path(user_home && *user_home ? user_home : ".") / ".raycloud";
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const fs::path& state_dir) {
  std::error_code ec;
  if (!fs::exists(state_dir, ec)) {
    fs::create_directories(state_dir, ec);
    if (ec) return Fail(Error::Io("cannot create state directory " + state_dir.string() + ": " + ec.message()));
    fs::permissions(state_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  if (auto ok = CheckPrivate(state_dir, true); !ok) return Fail(ok.error());
  const fs::path db_path = state_dir / "raycloud.db";
  if (auto ok = CheckPrivate(db_path, false); !ok) return Fail(ok.error());

  // Created 0600 from the start: the umask never gets a chance to widen it.
  mode_t old_mask = ::umask(077);
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(db_path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  ::umask(old_mask);
  if (rc != SQLITE_OK) {
    Error error = StoreError(db, "cannot open " + db_path.string());
    sqlite3_close(db);
    return Fail(std::move(error));
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db));
  sqlite3_busy_timeout(db, 10000);
  if (auto ok = Exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
                         "PRAGMA synchronous=FULL;");
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = store->Migrate(); !ok) return Fail(ok.error());
  return store;
}

SqliteStore::~SqliteStore() { sqlite3_close(db_); }

Status SqliteStore::Migrate() {
  std::lock_guard lock(mutex_);
  if (auto ok = Exec(db_, "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS schema_version (version "
                          "INTEGER NOT NULL); ");
      !ok) {
    return ok;
  }
  Statement read(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
  int version = read.Step() ? read.Int(0) : 0;
  read.Reset();
  constexpr int kLatest = static_cast<int>(std::size(kMigrations));
  if (version > kLatest) {
    (void)Exec(db_, "ROLLBACK");
    return Fail(Error::Invalid(fmt::format(
        "the state store was written by a newer raycloud (schema {} > {}); upgrade raycloud",
        version, kLatest)));
  }
  for (int next = version; next < kLatest; ++next) {
    if (auto ok = Exec(db_, kMigrations[next]); !ok) {
      (void)Exec(db_, "ROLLBACK");
      return ok;
    }
  }
  if (version < kLatest) {
    Statement write(db_, "INSERT INTO schema_version(version) VALUES (?)");
    write.Bind(1, kLatest);
    write.Step();
  }
  schema_version_ = kLatest;
  return Exec(db_, "COMMIT");
}

Result<OrganizationRecord> SqliteStore::DefaultOrganization() {
  std::lock_guard lock(mutex_);
  Statement read(db_, "SELECT id, name, created_at FROM organizations ORDER BY created_at LIMIT 1");
  if (read.Step()) return OrganizationRecord{read.Text(0), read.Text(1), read.Text(2)};
  OrganizationRecord org{"org_" + SecureRandomToken(24), "default", NowRfc3339()};
  Statement write(db_, "INSERT INTO organizations(id, name, created_at) VALUES (?, ?, ?)");
  write.Bind(1, org.id).Bind(2, org.name).Bind(3, org.created_at);
  if (!write.Run()) return Fail(StoreError(db_, "cannot create the default organization"));
  return org;
}

Status SqliteStore::InsertCloud(const CloudRecord& cloud) {
  std::lock_guard lock(mutex_);
  Statement write(db_, fmt::format("INSERT INTO clouds({}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                                   kCloudColumns));
  std::string now = NowRfc3339();
  write.Bind(1, cloud.id).Bind(2, cloud.org_id).Bind(3, cloud.name).Bind(4, cloud.provider);
  write.Bind(5, cloud.region).Bind(6, CloudStatusName(cloud.status)).Bind(7, cloud.managed ? 1 : 0);
  write.Bind(8, cloud.external_id).Bind(9, cloud.options.dump());
  write.Bind(10, cloud.created_at.empty() ? now : cloud.created_at).Bind(11, now);
  if (!write.Run()) {
    if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_UNIQUE) {
      return Fail({ErrorKind::kAlreadyExists, ErrorClass::kConflict,
                   "a cloud named " + cloud.name + " already exists", {}});
    }
    return Fail(StoreError(db_, "cannot record cloud " + cloud.name));
  }
  return {};
}

Status SqliteStore::UpdateCloud(const CloudRecord& cloud) {
  std::lock_guard lock(mutex_);
  Statement write(db_,
                  "UPDATE clouds SET name=?, region=?, status=?, external_id=?, options=?, "
                  "updated_at=? WHERE id=?");
  write.Bind(1, cloud.name).Bind(2, cloud.region).Bind(3, CloudStatusName(cloud.status));
  write.Bind(4, cloud.external_id).Bind(5, cloud.options.dump()).Bind(6, NowRfc3339());
  write.Bind(7, cloud.id);
  if (!write.Run()) return Fail(StoreError(db_, "cannot update cloud " + cloud.name));
  return {};
}

Result<std::optional<CloudRecord>> SqliteStore::FindCloudWhere(const char* where,
                                                               const std::string& value) {
  std::lock_guard lock(mutex_);
  Statement read(db_, fmt::format("SELECT {} FROM clouds WHERE {}", kCloudColumns, where));
  read.Bind(1, value);
  if (!read.Step()) return std::optional<CloudRecord>{};
  return std::optional<CloudRecord>{ReadCloud(read)};
}

Result<std::optional<CloudRecord>> SqliteStore::FindCloudByName(const std::string& name) {
  return FindCloudWhere("name = ? AND status != 'deleted'", name);
}

Result<std::optional<CloudRecord>> SqliteStore::FindCloudById(const std::string& id) {
  return FindCloudWhere("id = ?", id);
}

Result<std::vector<CloudRecord>> SqliteStore::ListClouds() {
  std::lock_guard lock(mutex_);
  Statement read(db_, fmt::format("SELECT {} FROM clouds ORDER BY created_at, id", kCloudColumns));
  std::vector<CloudRecord> clouds;
  while (read.Step()) clouds.push_back(ReadCloud(read));
  return clouds;
}

Status SqliteStore::PutResource(const ResourceRecord& resource) {
  std::lock_guard lock(mutex_);
  Statement write(db_,
                  "INSERT INTO resources(cloud_id, logical_name, kind, physical_id, status, "
                  "attributes, updated_at) VALUES (?,?,?,?,?,?,?) "
                  "ON CONFLICT(cloud_id, logical_name) DO UPDATE SET kind=excluded.kind, "
                  "physical_id=excluded.physical_id, status=excluded.status, "
                  "attributes=excluded.attributes, updated_at=excluded.updated_at");
  write.Bind(1, resource.cloud_id).Bind(2, resource.logical_name).Bind(3, resource.kind);
  write.Bind(4, resource.physical_id).Bind(5, resource.status);
  write.Bind(6, resource.attributes.dump()).Bind(7, NowRfc3339());
  if (!write.Run()) return Fail(StoreError(db_, "cannot record resource " + resource.logical_name));
  return {};
}

Result<std::vector<ResourceRecord>> SqliteStore::ListResources(const std::string& cloud_id) {
  std::lock_guard lock(mutex_);
  Statement read(db_,
                 "SELECT cloud_id, logical_name, kind, physical_id, status, attributes, "
                 "updated_at FROM resources WHERE cloud_id = ? ORDER BY rowid");
  read.Bind(1, cloud_id);
  std::vector<ResourceRecord> resources;
  while (read.Step()) {
    ResourceRecord record{read.Text(0), read.Text(1), read.Text(2), read.Text(3), read.Text(4),
                          nlohmann::json::parse(read.Text(5), nullptr, false), read.Text(6)};
    if (record.attributes.is_discarded()) record.attributes = nlohmann::json::object();
    resources.push_back(std::move(record));
  }
  return resources;
}

Status SqliteStore::DeleteResource(const std::string& cloud_id, const std::string& logical_name) {
  std::lock_guard lock(mutex_);
  Statement write(db_, "DELETE FROM resources WHERE cloud_id = ? AND logical_name = ?");
  write.Bind(1, cloud_id).Bind(2, logical_name);
  if (!write.Run()) return Fail(StoreError(db_, "cannot remove resource " + logical_name));
  return {};
}

}  // namespace raycloud::store
