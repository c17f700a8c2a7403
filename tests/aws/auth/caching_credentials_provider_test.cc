#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "auth_test_util.h"
#include "aws/auth/credentials.h"

namespace raycloud::aws {
namespace {

using auth_testing::FakeClock;

// Hands out numbered credentials valid for `lifetime`, or fails when told to.
class CountingSource final : public CredentialSource {
 public:
  CountingSource(const Clock& clock, std::optional<Clock::Duration> lifetime)
      : clock_(clock), lifetime_(lifetime) {}
  std::string Where() const override { return "counting source"; }
  Result<std::optional<Credentials>> Load() override {
    int n = ++loads;
    // Widen the window in which a second thread could slip in.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (failing) return Fail(Error::Io("source down"));
    Credentials credentials;
    credentials.access_key_id = "AKID" + std::to_string(n);
    credentials.secret_access_key = "s";
    if (lifetime_) credentials.expiration = clock_.Now() + *lifetime_;
    return std::optional<Credentials>(credentials);
  }
  std::atomic<int> loads{0};
  std::atomic<bool> failing{false};

 private:
  const Clock& clock_;
  std::optional<Clock::Duration> lifetime_;
};

TEST(CachingCredentialsProviderTest, CredentialsWithoutExpiryAreLoadedOnce) {
  FakeClock clock(auth_testing::TestEpoch());
  auto source = std::make_unique<CountingSource>(clock, std::nullopt);
  CountingSource* counter = source.get();
  CachingCredentialsProvider provider(std::move(source), clock);
  EXPECT_EQ(provider.Resolve()->access_key_id, "AKID1");
  clock.Advance(std::chrono::hours(24 * 365));
  EXPECT_EQ(provider.Resolve()->access_key_id, "AKID1");
  EXPECT_EQ(counter->loads, 1);
}

TEST(CachingCredentialsProviderTest, RefreshesWithinTheWindow) {
  FakeClock clock(auth_testing::TestEpoch());
  auto source = std::make_unique<CountingSource>(clock, std::chrono::minutes(15));
  CountingSource* counter = source.get();
  CachingCredentialsProvider provider(std::move(source), clock, std::chrono::minutes(5));
  EXPECT_EQ(provider.Resolve()->access_key_id, "AKID1");
  clock.Advance(std::chrono::minutes(9) + std::chrono::seconds(59));
  EXPECT_EQ(provider.Resolve()->access_key_id, "AKID1");
  clock.Advance(std::chrono::seconds(1));  // exactly five minutes left
  EXPECT_EQ(provider.Resolve()->access_key_id, "AKID2");
  EXPECT_EQ(counter->loads, 2);
}

TEST(CachingCredentialsProviderTest, FailedRefreshKeepsValidCredentialsThenFails) {
  FakeClock clock(auth_testing::TestEpoch());
  auto source = std::make_unique<CountingSource>(clock, std::chrono::minutes(15));
  CountingSource* counter = source.get();
  CachingCredentialsProvider provider(std::move(source), clock);
  ASSERT_TRUE(provider.Resolve().has_value());
  counter->failing = true;
  clock.Advance(std::chrono::minutes(12));
  EXPECT_EQ(provider.Resolve()->access_key_id, "AKID1");
  EXPECT_EQ(counter->loads, 2);            // it did try
  clock.Advance(std::chrono::minutes(3));  // now expired
  auto expired = provider.Resolve();
  ASSERT_FALSE(expired.has_value());
  EXPECT_EQ(expired.error().message, "source down");
  counter->failing = false;
  EXPECT_EQ(provider.Resolve()->access_key_id, "AKID4");  // recovers on the next call
}

TEST(CachingCredentialsProviderTest, ConcurrentCallersShareOneLoad) {
  FakeClock clock(auth_testing::TestEpoch());
  auto source = std::make_unique<CountingSource>(clock, std::chrono::hours(1));
  CountingSource* counter = source.get();
  CachingCredentialsProvider provider(std::move(source), clock);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 50; ++j) {
        if (provider.Resolve().has_value()) ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok, 400);
  EXPECT_EQ(counter->loads, 1);
}

TEST(CachingCredentialsProviderTest, StartsFromGivenCredentials) {
  FakeClock clock(auth_testing::TestEpoch());
  auto source = std::make_unique<CountingSource>(clock, std::chrono::hours(1));
  CountingSource* counter = source.get();
  Credentials initial;
  initial.access_key_id = "AKIDINITIAL";
  initial.expiration = clock.Now() + std::chrono::hours(1);
  CachingCredentialsProvider provider(std::move(source), initial, clock);
  EXPECT_EQ(provider.Resolve()->access_key_id, "AKIDINITIAL");
  EXPECT_EQ(counter->loads, 0);
}

}  // namespace
}  // namespace raycloud::aws
