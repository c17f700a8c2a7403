#include "store/cloud_lock.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

namespace raycloud::store {
namespace {

std::filesystem::path TempDir() {
  auto dir = std::filesystem::temp_directory_path() / ("raycloud-lock-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// flock conflicts between open file descriptions, so a child process sees the lock.
bool ChildCanLock(const std::filesystem::path& dir, const std::string& key) {
  pid_t pid = fork();
  if (pid == 0) _exit(CloudLock::Acquire(dir, key) ? 0 : 1);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST(CloudLockTest, SecondHolderIsRefusedWithInProgress) {
  auto dir = TempDir();
  auto lock = CloudLock::Acquire(dir, "demo");
  ASSERT_TRUE(lock);
  EXPECT_FALSE(ChildCanLock(dir, "demo"));
  EXPECT_TRUE(ChildCanLock(dir, "other"));
  auto again = CloudLock::Acquire(dir, "demo");  // a second description in this process
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kInProgress);
}

TEST(CloudLockTest, LockIsReleasedWhenTheHolderDies) {
  auto dir = TempDir();
  pid_t pid = fork();
  if (pid == 0) {
    auto lock = CloudLock::Acquire(dir, "killed");
    pause();  // killed while holding the lock
    _exit(0);
  }
  // Wait until the child holds it, then SIGKILL it.
  for (int i = 0; i < 200 && ChildCanLock(dir, "killed"); ++i) usleep(5000);
  EXPECT_FALSE(ChildCanLock(dir, "killed"));
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  EXPECT_TRUE(ChildCanLock(dir, "killed"));
}

}  // namespace
}  // namespace raycloud::store
