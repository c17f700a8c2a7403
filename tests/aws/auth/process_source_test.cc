#include <gtest/gtest.h>

#include "chain_fixture.h"

namespace raycloud::aws {
namespace {

using auth_testing::ChainTest;
using auth_testing::ExpectNoSecret;

class ProcessSourceTest : public ChainTest {
 protected:
  // A profile whose credential_process prints `json` (via a file, so quoting stays simple).
  void UseProcessPrinting(const std::string& json, const std::string& extra = "") {
    std::string out = home_.Write("creds.json", json);
    WriteConfig("[default]\ncredential_process = " + extra + "cat " + out + "\n");
  }
};

TEST(ShellProcessRunnerTest, CapturesOutputsAndStatus) {
  ShellProcessRunner runner;
  auto output = runner.Run("printf out; printf err >&2; exit 3");
  ASSERT_TRUE(output.has_value());
  EXPECT_EQ(output->exit_code, 3);
  EXPECT_EQ(output->stdout_text, "out");
  EXPECT_EQ(output->stderr_text, "err");
}

TEST(ShellProcessRunnerTest, DrainsLargeOutputOnBothStreams) {
  ShellProcessRunner runner;
  // More than a pipe buffer on each stream: a runner that reads one stream at a time hangs.
  auto output = runner.Run("head -c 300000 /dev/zero | tr '\\0' e >&2; head -c 300000 /dev/zero");
  ASSERT_TRUE(output.has_value());
  EXPECT_EQ(output->exit_code, 0);
  EXPECT_EQ(output->stdout_text.size(), 300000u);
  EXPECT_EQ(output->stderr_text.size(), 300000u);
}

TEST_F(ProcessSourceTest, ReadsVersionOneJson) {
  UseProcessPrinting(R"({"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "p-secret",
                         "SessionToken": "p-token", "Expiration": "2024-05-01T01:00:00Z"})");
  Credentials credentials = ResolveOk();
  EXPECT_EQ(credentials.source, "process");
  EXPECT_EQ(credentials.access_key_id, "AKIDPROC");
  EXPECT_EQ(credentials.secret_access_key, "p-secret");
  EXPECT_EQ(credentials.session_token, "p-token");
  EXPECT_EQ(credentials.expiration, auth_testing::TestEpoch() + std::chrono::hours(1));
}

TEST_F(ProcessSourceTest, RunsAgainBeforeTheCredentialsExpire) {
  std::string counter = (home_.path() / "runs").string();
  UseProcessPrinting(R"({"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "p",
                         "Expiration": "2024-05-01T00:10:00Z"})",
                     "echo run >> " + counter + "; ");
  auto chain = MakeChain();
  ASSERT_TRUE(chain.has_value());
  ASSERT_TRUE((*chain)->Resolve().has_value());
  ASSERT_TRUE((*chain)->Resolve().has_value());
  EXPECT_EQ(auth_testing::ReadFile(counter), "run\n");
  clock_.Advance(std::chrono::minutes(6));  // four minutes left
  ASSERT_TRUE((*chain)->Resolve().has_value());
  EXPECT_EQ(auth_testing::ReadFile(counter), "run\nrun\n");
}

TEST_F(ProcessSourceTest, FailuresAreErrorsThatStopTheChain) {
  // The config file's own keys come after the process in the chain: a broken process is
  // reported, not skipped.
  std::string out = home_.Write("creds.json", R"({"Version": 2, "AccessKeyId": "A",
                                                  "SecretAccessKey": "s"})");
  WriteConfig("[default]\ncredential_process = cat " + out +
              "\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n");
  EXPECT_NE(ResolveError().message.find("unsupported Version"), std::string::npos);

  UseProcessPrinting(R"({"Version": 1, "SecretAccessKey": "s"})");
  EXPECT_NE(ResolveError().message.find("no AccessKeyId"), std::string::npos);

  UseProcessPrinting("not json");
  EXPECT_NE(ResolveError().message.find("did not return a JSON object"), std::string::npos);

  WriteConfig("[default]\ncredential_process = echo 'cannot reach the vault' >&2; exit 7\n");
  Error error = ResolveError();
  EXPECT_NE(error.message.find("exited with status 7: cannot reach the vault"), std::string::npos)
      << error.message;
}

TEST_F(ProcessSourceTest, ErrorsNeverQuoteWhatTheProcessPrinted) {
  const std::string secret = "PLANTED-process-secret-ZZZ";
  UseProcessPrinting(R"({"Version": 3, "AccessKeyId": "A", "SecretAccessKey": ")" + secret +
                     R"("})");
  ExpectNoSecret(ResolveError().message, {secret});
  UseProcessPrinting(R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": ")" + secret +
                     R"(", "Expiration": "tomorrow"})");
  ExpectNoSecret(ResolveError().message, {secret});
  WriteConfig("[default]\ncredential_process = printf '{\"SecretAccessKey\": \"" + secret +
              "\"}'; printf '{\"SecretAccessKey\": \"" + secret + "\"}' >&2; exit 1\n");
  ExpectNoSecret(ResolveError().message, {secret});
}

}  // namespace
}  // namespace raycloud::aws
