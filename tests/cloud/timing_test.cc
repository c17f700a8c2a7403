#include "cloud/exec/timing.h"

#include <gtest/gtest.h>

namespace raycloud::cloud {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(TimingTest, PollsEveryFirstIntervalThenATenthOfTheWaitUpToTheMaximum) {
  Timing timing;  // 5 s first, 15 s at most
  EXPECT_EQ(NextPollDelay(timing, milliseconds(0)), seconds(5));
  EXPECT_EQ(NextPollDelay(timing, seconds(40)), seconds(5));
  EXPECT_EQ(NextPollDelay(timing, seconds(80)), seconds(8));
  EXPECT_EQ(NextPollDelay(timing, seconds(600)), seconds(15));
}

// A 60 s NAT gateway is seen within 10% of its readiness; a 600 s MemoryDB cluster in about
// 50 polls.
TEST(TimingTest, PollScheduleBoundsLatenessAndCalls) {
  Timing timing;
  for (int ready_s : {10, 60, 90, 600}) {
    milliseconds now(0);
    int polls = 1;  // the first look is at once
    while (now < seconds(ready_s)) {
      now += NextPollDelay(timing, now);
      ++polls;
    }
    EXPECT_LE((now - seconds(ready_s)).count(), std::max<int64_t>(5000, ready_s * 100))
        << ready_s << " s";
    EXPECT_LE(polls, 55) << ready_s << " s";
  }
}

TEST(TimingTest, ScalesEveryDurationByOneFactor) {
  Timing scaled = ScaledTiming(Timing{}, 0.01);
  EXPECT_EQ(scaled.resource_timeout, seconds(18));
  EXPECT_EQ(scaled.first_poll_interval, milliseconds(50));
  EXPECT_EQ(scaled.max_poll_interval, milliseconds(150));
  EXPECT_EQ(scaled.iam_propagation, milliseconds(600));
  EXPECT_EQ(scaled.first_retry_delay, milliseconds(2));
  EXPECT_EQ(ScaledTiming(Timing{}, 1e-9).first_retry_delay, milliseconds(1));  // never zero
}

}  // namespace
}  // namespace raycloud::cloud
