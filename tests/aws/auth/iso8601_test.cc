#include "aws/auth/iso8601.h"

#include <gtest/gtest.h>

namespace raycloud::aws {
namespace {

using std::chrono::sys_days;

TEST(Iso8601Test, ParsesTheFormsAwsWrites) {
  auto base = sys_days(std::chrono::year(2015) / 8 / 30) + std::chrono::hours(12) +
              std::chrono::minutes(36);
  EXPECT_EQ(ParseIso8601("2015-08-30T12:36:00Z"), base);
  EXPECT_EQ(ParseIso8601("2015-08-30T12:36:00.250Z"), base + std::chrono::milliseconds(250));
  EXPECT_EQ(ParseIso8601("2015-08-30T14:36:00+02:00"), base);
  EXPECT_EQ(ParseIso8601("2015-08-30T07:36:00-05:00"), base);
}

TEST(Iso8601Test, RejectsTheRest) {
  for (const char* bad :
       {"", "2015-08-30", "2015-08-30T12:36:00", "2015-13-01T00:00:00Z", "2015-02-30T00:00:00Z",
        "2015-08-30T12:36:00Zjunk", "tomorrow", "2015-08-30T12:36:00.Z"}) {
    EXPECT_FALSE(ParseIso8601(bad).has_value()) << bad;
  }
}

// Found by fuzz/profile_config_fuzz: a year past 2262 overflowed the nanosecond clock.
TEST(Iso8601Test, ClampsTimesTheClockCannotHold) {
  auto never = ParseIso8601("9999-12-31T23:59:59Z");
  ASSERT_TRUE(never.has_value());
  EXPECT_GT(*never, *ParseIso8601("2262-01-01T00:00:00Z"));
  EXPECT_EQ(FormatIso8601(*never).substr(0, 4), "2262");
  auto ancient = ParseIso8601("0001-01-01T00:00:00Z");
  ASSERT_TRUE(ancient.has_value());
  EXPECT_EQ(FormatIso8601(*ancient).substr(0, 4), "1677");
}

TEST(Iso8601Test, FormatsRoundTrip) {
  auto time = *ParseIso8601("2024-02-29T23:59:58Z");
  EXPECT_EQ(FormatIso8601(time), "2024-02-29T23:59:58Z");
  EXPECT_EQ(FormatAmzDate(time), "20240229T235958Z");
}

}  // namespace
}  // namespace raycloud::aws
