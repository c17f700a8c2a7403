#include "store/sqlite_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

namespace raycloud::store {
namespace {

namespace fs = std::filesystem;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("raycloud-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

mode_t ModeOf(const fs::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 0777;
}

TEST_F(SqliteStoreTest, CreatesPrivateDirectoryAndFile) {
  auto store = SqliteStore::Open(dir_);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(ModeOf(dir_), 0700u);
  EXPECT_EQ(ModeOf(dir_ / "raycloud.db"), 0600u);
  EXPECT_EQ((*store)->schema_version(), 1);
}

TEST_F(SqliteStoreTest, RefusesStoreReadableByOthers) {
  ASSERT_TRUE(SqliteStore::Open(dir_));
  fs::permissions(dir_ / "raycloud.db", fs::perms::others_read, fs::perm_options::add);
  auto store = SqliteStore::Open(dir_);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("chmod 600"), std::string::npos);
}

TEST_F(SqliteStoreTest, CloudsAndResourcesSurviveReopen) {
  {
    auto store = std::move(*SqliteStore::Open(dir_));
    auto org = store->DefaultOrganization();
    ASSERT_TRUE(org);
    CloudRecord cloud{.id = "cld_abc", .org_id = org->id, .name = "demo", .region = "us-west-2"};
    ASSERT_TRUE(store->InsertCloud(cloud));
    ASSERT_TRUE(store->PutResource({"cld_abc", "vpc", "ec2:vpc", "vpc-1", "created", {}, ""}));
    ASSERT_TRUE(store->PutResource({"cld_abc", "vpc", "ec2:vpc", "vpc-2", "created", {}, ""}));
  }
  auto store = std::move(*SqliteStore::Open(dir_));
  auto found = store->FindCloudByName("demo");
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->region, "us-west-2");
  auto resources = store->ListResources("cld_abc");
  ASSERT_TRUE(resources);
  ASSERT_EQ(resources->size(), 1u);
  EXPECT_EQ((*resources)[0].physical_id, "vpc-2");
}

TEST_F(SqliteStoreTest, LiveNamesAreUniqueButDeletedNamesCanBeReused) {
  auto store = std::move(*SqliteStore::Open(dir_));
  auto org = *store->DefaultOrganization();
  CloudRecord first{.id = "cld_1", .org_id = org.id, .name = "demo", .region = "us-west-2"};
  ASSERT_TRUE(store->InsertCloud(first));
  CloudRecord second{.id = "cld_2", .org_id = org.id, .name = "demo", .region = "us-west-2"};
  auto duplicate = store->InsertCloud(second);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().kind, ErrorKind::kAlreadyExists);
  first.status = CloudStatus::kDeleted;
  ASSERT_TRUE(store->UpdateCloud(first));
  EXPECT_TRUE(store->InsertCloud(second));
  EXPECT_EQ(store->ListClouds()->size(), 2u);
}

}  // namespace
}  // namespace raycloud::store
