#include "aws/protocol/wire_format.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/strings.h"

namespace raycloud::aws {
namespace {

TEST(WireFormatTest, FormatsTimestampsInEachWireFormat) {
  EXPECT_EQ(FormatIso8601(1398796238), "2014-04-29T18:30:38Z");
  EXPECT_EQ(FormatIso8601(946845296.123), "2000-01-02T20:34:56.123Z");
  EXPECT_EQ(FormatIso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIso8601(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatIso8601(951782400), "2000-02-29T00:00:00Z");  // leap day
  EXPECT_EQ(FormatHttpDate(1398796238), "Tue, 29 Apr 2014 18:30:38 GMT");
  EXPECT_EQ(FormatHttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(FormatEpoch(1398796238), "1398796238");
  EXPECT_EQ(FormatEpoch(1398796238.5), "1398796238.5");
  EXPECT_EQ(FormatTimestamp(1398796238, "rfc822"), "Tue, 29 Apr 2014 18:30:38 GMT");
  EXPECT_EQ(FormatTimestamp(1398796238, "unixTimestamp"), "1398796238");
  EXPECT_EQ(FormatTimestamp(1398796238, ""), "2014-04-29T18:30:38Z");
  // Found by fuzzing: values past what any format can write are clamped, not overflowed.
  EXPECT_EQ(FormatTimestamp(-1e300, ""), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(1e300, ""), "9999-12-31T23:59:59.999Z");
}

TEST(WireFormatTest, ParsesEveryTimestampFormAwsSends) {
  EXPECT_EQ(ParseTimestamp("2014-04-29T18:30:38Z"), 1398796238.0);
  EXPECT_EQ(ParseTimestamp("2019-12-16T22:48:18-01:00"), 1576540098.0);
  EXPECT_EQ(ParseTimestamp("2019-12-17T00:48:18+01:00"), 1576540098.0);
  EXPECT_NEAR(*ParseTimestamp("2000-01-02T20:34:56.123Z"), 946845296.123, 1e-6);
  EXPECT_NEAR(*ParseTimestamp("2024-01-02T03:04:05.123456Z"), 1704164645.123456, 1e-5);
  EXPECT_EQ(ParseTimestamp("Tue, 29 Apr 2014 18:30:38 GMT"), 1398796238.0);
  EXPECT_EQ(ParseTimestamp("1398796238"), 1398796238.0);
  EXPECT_EQ(ParseTimestamp("1398796238.5"), 1398796238.5);
  EXPECT_EQ(ParseTimestamp(" 2014-04-29T18:30:38Z\n"), 1398796238.0);
  for (const char* bad : {"", "yesterday", "2014-13-01T00:00:00Z", "2014-04-29T25:00:00Z",
                          "2014-04-29T18:30:38Zjunk", "Tue, 29 Foo 2014 18:30:38 GMT", "nan"}) {
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
  }
}

TEST(WireFormatTest, TimestampsRoundTrip) {
  for (double epoch : {0.0, 1.5, 1398796238.0, 1704164645.25, 4102444800.0}) {
    EXPECT_EQ(ParseTimestamp(FormatIso8601(epoch)), epoch);
    EXPECT_EQ(ParseTimestamp(FormatHttpDate(std::floor(epoch))), std::floor(epoch));
  }
}

TEST(WireFormatTest, TimestampParamsAcceptNumbersAndStrings) {
  EXPECT_EQ(*TimestampParam(nlohmann::json(5)), 5.0);
  EXPECT_EQ(*TimestampParam(nlohmann::json("1970-01-01T00:00:05Z")), 5.0);
  EXPECT_FALSE(TimestampParam(nlohmann::json(true)));
  EXPECT_FALSE(TimestampParam(nlohmann::json("soon")));
}

TEST(WireFormatTest, DoublesAndPercentEncoding) {
  EXPECT_EQ(FormatDouble(1.1), "1.1");
  EXPECT_EQ(FormatDouble(5), "5");
  EXPECT_EQ(FormatDouble(NAN), "NaN");
  EXPECT_EQ(FormatDouble(-INFINITY), "-Infinity");
  EXPECT_EQ(strings::PercentEncode("a b/c~d_e.f-g*+=&"), "a%20b%2Fc~d_e.f-g%2A%2B%3D%26");
  EXPECT_EQ(strings::PercentEncode("a b/c", /*keep_slash=*/true), "a%20b/c");
  EXPECT_EQ(strings::PercentEncode("\xF0\x9F\x98\xB9"), "%F0%9F%98%B9");
}

}  // namespace
}  // namespace raycloud::aws
