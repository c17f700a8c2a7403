// The store survives SIGKILL in the middle of its writes (issue #7): a child process writes
// records as fast as it can (put, delete, cloud update: one transaction each) and is killed
// at a random moment, many times over the same store; after every kill the store must open
// and hold exactly what was committed, never a torn record.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>

#include "store/sqlite_store.h"

namespace raycloud::store {
namespace {

namespace fs = std::filesystem;

constexpr const char* kKillCloudId = "cld_killmidwritexxxxxxxxxxx";
// Resources older than this many steps are deleted, so deletes are killed too.
constexpr int kKeptSteps = 20;

// A payload big enough to span pages, derived from the step so a torn write shows.
std::string KillPayload(int step) {
  std::string out(3000, 'a' + step % 26);
  out += std::to_string(step);
  return out;
}

// The child: resumes from what the store holds and writes until it is killed.
[[noreturn]] void WriteUntilKilled(const fs::path& dir) {
  auto opened = SqliteStore::Open(dir);
  if (!opened) _exit(3);
  auto& store = **opened;
  auto org = store.DefaultOrganization();
  if (!org) _exit(4);
  auto found = store.FindCloudById(kKillCloudId);
  if (!found) _exit(5);
  CloudRecord cloud;
  if (found->has_value()) {
    cloud = **found;
  } else {
    cloud = {.id = kKillCloudId, .org_id = org->id, .name = "killed", .region = "us-west-2"};
    cloud.options = {{"step", -1}};
    if (!store.InsertCloud(cloud)) _exit(6);
  }
  for (int step = cloud.options.value("step", -1) + 1;; ++step) {
    ResourceRecord record{kKillCloudId,
                          "r-" + std::to_string(step),
                          "ec2:vpc",
                          "vpc-" + std::to_string(step),
                          "created",
                          {{"step", step}, {"payload", KillPayload(step)}},
                          ""};
    if (!store.PutResource(record)) _exit(7);
    if (step >= kKeptSteps &&
        !store.DeleteResource(kKillCloudId, "r-" + std::to_string(step - kKeptSteps))) {
      _exit(8);
    }
    cloud.options["step"] = step;
    if (!store.UpdateCloud(cloud)) _exit(9);
  }
}

// What the store holds after a kill, checked against what the child must have committed:
// every step up to the cloud's recorded one (minus the deleted), at most the next step's
// put and delete besides, each record whole. Returns the recorded step (-1: no cloud yet).
int CheckConsistent(const fs::path& dir, int kill) {
  auto opened = SqliteStore::Open(dir);
  EXPECT_TRUE(opened) << "kill " << kill << ": " << opened.error().message;
  if (!opened) return -2;
  auto& store = **opened;
  auto cloud = store.FindCloudById(kKillCloudId);
  EXPECT_TRUE(cloud) << "kill " << kill;
  if (!cloud || !cloud->has_value()) return -1;
  const int step = (**cloud).options.value("step", -1);
  auto resources = store.ListResources(kKillCloudId);
  EXPECT_TRUE(resources) << "kill " << kill;
  if (!resources) return step;
  std::set<int> held;
  for (const auto& record : *resources) {
    const int at = record.attributes.value("step", -100);
    EXPECT_EQ(record.logical_name, "r-" + std::to_string(at)) << "kill " << kill;
    EXPECT_EQ(record.attributes.value("payload", ""), KillPayload(at)) << "kill " << kill;
    held.insert(at);
  }
  // The next step puts its record before it deletes the oldest one.
  const int deleted_by_next = held.contains(step + 1) ? step + 1 - kKeptSteps : -1;
  for (int at = std::max(0, step - kKeptSteps + 1); at <= step; ++at) {
    if (at == deleted_by_next) continue;
    EXPECT_TRUE(held.contains(at)) << "kill " << kill << ": committed step " << at << " lost";
  }
  for (int at : held) {
    const bool committed = at > step - kKeptSteps && at <= step;
    const bool next_put = at == step + 1;
    const bool next_delete_pending = at == step + 1 - kKeptSteps;
    EXPECT_TRUE(committed || next_put || next_delete_pending)
        << "kill " << kill << ": step " << at << " present at recorded step " << step;
  }
  return step;
}

TEST(SqliteStoreKillTest, SurvivesSigkillInTheMiddleOfWrites) {
  const fs::path dir =
      fs::temp_directory_path() / ("raycloud-store-kill-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const char* configured = std::getenv("RAYCLOUD_STORE_KILLS");
  const int kills = configured ? std::atoi(configured) : 60;
  std::mt19937 random(7);
  std::uniform_int_distribution<int> delay_us(0, 50000);
  int killed_while_running = 0;
  int step = -1;
  for (int kill = 0; kill < kills; ++kill) {
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) WriteUntilKilled(dir);
    ::usleep(delay_us(random));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
      ++killed_while_running;
    } else {
      ADD_FAILURE() << "kill " << kill << ": the writer stopped on its own, status " << status;
    }
    const int now = CheckConsistent(dir, kill);
    EXPECT_GE(now, step) << "kill " << kill << ": the recorded step went back";
    step = now;
    if (::testing::Test::HasFailure()) break;
  }
  std::printf("store kill-mid-write: %d kills, %d steps committed, inconsistencies: %d\n",
              killed_while_running, step + 1, ::testing::Test::HasFailure() ? 1 : 0);
  EXPECT_GT(step, kills / 4) << "the writer barely ran: the kills did not land in writes";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace raycloud::store
