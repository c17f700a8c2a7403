// Bad input, tried systematically (issue #7): every row of tests/cli/bad_input/cases.json is
// run in-process, in text and in JSON mode, against the emulator. Each must exit 2 with one
// message naming the flag and what is allowed, make no mutating AWS call (format errors: no
// call at all) and write nothing to the store.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/app.h"
#include "integration/bad_input/bad_input_cases.h"
#include "support/emulator.h"

namespace raycloud::testing {
namespace {

using json = nlohmann::json;

struct BadInputRun {
  int exit_code = 0;
  std::string out;
  std::string err;
};

std::string BadInputLower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::vector<std::string> BadInputLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

BadInputRun BadInputRaycloud(std::vector<std::string> args) {
  args.insert(args.begin(), "raycloud");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  BadInputRun run;
  run.exit_code = cli::Run(static_cast<int>(argv.size()), argv.data());
  run.out = ::testing::internal::GetCapturedStdout();
  run.err = ::testing::internal::GetCapturedStderr();
  return run;
}

std::string BadInputArgsText(const std::vector<std::string>& args) {
  std::string text = "raycloud";
  for (const auto& arg : args) text += " '" + arg + "'";
  return text;
}

bool BadInputHasFlag(const std::vector<std::string>& args, const std::string& flag) {
  return std::any_of(args.begin(), args.end(), [&](const std::string& arg) {
    return arg == flag || arg.starts_with(flag + "=");
  });
}

// Describe*, List*, Get* (and sts:GetCallerIdentity) change nothing.
bool BadInputIsReadOnly(const std::string& service_operation) {
  std::string operation = service_operation.substr(service_operation.find(':') + 1);
  return operation.starts_with("Describe") || operation.starts_with("List") ||
         operation.starts_with("Get") || operation.starts_with("Head");
}

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(EmulatorEnvironment::Running()) << "the emulator did not start";
    // The emulator accepts any credentials; these are not secrets.
    setenv("AWS_ACCESS_KEY_ID", "AKIABADINPUT00000000", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "bad-input-not-a-secret", 1);
    setenv("AWS_ENDPOINT_URL", EmulatorEnvironment::Get().endpoint().c_str(), 1);
    setenv("AWS_REGION", "us-west-2", 1);
    for (const char* name : {"AWS_PROFILE", "AWS_SESSION_TOKEN", "RAYCLOUD_OUTPUT", "RAYCLOUD_HOME",
                             "AWS_DEFAULT_REGION"}) {
      unsetenv(name);
    }
    char dir[] = "/tmp/raycloud-badinput-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    root_ = dir;
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  // Runs one row in one output mode and checks every promise of exit code 2.
  void Check(const BadInputCase& row, size_t index, bool json_mode) {
    const std::string state_dir =
        (root_ / std::to_string(index) / (json_mode ? "j" : "t")).string();
    std::vector<std::string> args = row.args;
    if (!BadInputHasFlag(args, "--state-dir"))
      args.insert(args.begin(), {"--state-dir", state_dir});
    if (json_mode) args.insert(args.begin(), {"--output", "json"});
    SCOPED_TRACE(BadInputArgsText(args) + "  [" + row.about + "]");

    auto& emulator = EmulatorEnvironment::Get();
    auto before = emulator.Calls();
    ASSERT_TRUE(before) << before.error().message;
    BadInputRun run = BadInputRaycloud(args);
    auto after = emulator.Calls();
    ASSERT_TRUE(after) << after.error().message;

    EXPECT_EQ(run.exit_code, row.exit_code) << "stdout: " << run.out << "\nstderr: " << run.err;
    std::string message;
    if (json_mode) {
      json doc = json::parse(run.out, nullptr, false);
      ASSERT_TRUE(doc.is_object() && doc.contains("error")) << "stdout: " << run.out;
      const std::string code = doc["error"].value("code", "");
      EXPECT_TRUE(code == "invalid_argument" || code == "not_found") << code;
      message = doc["error"].value("message", "");
    } else {
      EXPECT_EQ(run.out, "") << "nothing on stdout on bad input";
      auto lines = BadInputLines(run.err);
      ASSERT_EQ(lines.size(), 1u) << "one error line on stderr, got:\n" << run.err;
      EXPECT_TRUE(lines[0].starts_with("error: ")) << lines[0];
      message = lines[0];
    }
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    for (const auto& part : row.contains) {
      EXPECT_NE(BadInputLower(message).find(BadInputLower(part)), std::string::npos)
          << "message lacks '" << part << "': " << message;
    }
    for (const char* leak :
         {"<?xml", "<Error", "what():", "terminate called", "Traceback", "std::", "Aborted"}) {
      EXPECT_EQ((run.out + run.err).find(leak), std::string::npos) << "leaked " << leak;
    }

    // AWS calls: none for format errors, read-only ones where the row allows them.
    const json& counts_before = (*before)["counts"];
    for (const auto& [operation, count] : (*after)["counts"].items()) {
      int delta = count.get<int>() - counts_before.value(operation, 0);
      if (delta == 0) continue;
      if (row.allows == BadInputAllows::kReadOnlyCalls) {
        EXPECT_TRUE(BadInputIsReadOnly(operation)) << "mutating call " << operation;
      } else {
        ADD_FAILURE() << "AWS call before the error: " << operation << " x" << delta;
      }
    }

    // The store: untouched for format errors; never a cloud.
    if (row.allows == BadInputAllows::kNothing && !BadInputHasFlag(row.args, "--state-dir")) {
      EXPECT_FALSE(std::filesystem::exists(state_dir)) << "the store was created";
    } else if (std::filesystem::exists(state_dir)) {
      BadInputRun list =
          BadInputRaycloud({"--state-dir", state_dir, "--output", "json", "cloud", "list"});
      json clouds = json::parse(list.out, nullptr, false);
      EXPECT_EQ(list.exit_code, 0) << list.out << list.err;
      EXPECT_TRUE(clouds.is_object() && clouds["clouds"].empty()) << list.out;
    }
  }

  std::filesystem::path root_;
};

// One test rather than one per command group: ctest runs each test in its own process
// with its own emulator (3-5 s to start on a loaded machine), while all ~600 rows take about
// 7 s in one. A failure names its group, its command line and its row's "about".
TEST_F(BadInputTest, EveryRowExitsTwoWithOneClearMessageAndTouchesNothing) {
  const auto& rows = BadInputCases();
  for (const auto& command : BadInputCommands()) {
    SCOPED_TRACE("command group: " + command);
    for (size_t index = 0; index < rows.size(); ++index) {
      if (rows[index].command != command) continue;
      // A row that sets --output itself runs once, as given.
      if (BadInputHasFlag(rows[index].args, "--output")) {
        Check(rows[index], index, /*json_mode=*/false);
        continue;
      }
      Check(rows[index], index, /*json_mode=*/false);
      Check(rows[index], index, /*json_mode=*/true);
    }
  }
}

}  // namespace
}  // namespace raycloud::testing
