#include "aws/auth/iso8601.h"

#include <charconv>
#include <chrono>

#include "fmt/format.h"

namespace raycloud::aws {
namespace {

// Reads exactly `width` digits at `pos`; advances `pos`.
std::optional<int> Digits(std::string_view text, size_t& pos, size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + width, value);
  if (ec != std::errc() || end != text.data() + pos + width) return std::nullopt;
  pos += width;
  return value;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || (text[pos] != c && !(c == 'T' && text[pos] == 't'))) return false;
  ++pos;
  return true;
}

struct Fields {
  int year, month, day, hour, minute, second;
};

Fields Split(Clock::TimePoint time) {
  auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  auto days = std::chrono::floor<std::chrono::days>(seconds);
  std::chrono::year_month_day ymd(days);
  std::chrono::hh_mm_ss hms(seconds - days);
  return {static_cast<int>(ymd.year()),
          static_cast<int>(unsigned(ymd.month())),
          static_cast<int>(unsigned(ymd.day())),
          static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()),
          static_cast<int>(hms.seconds().count())};
}

}  // namespace

std::optional<Clock::TimePoint> ParseIso8601(std::string_view text) {
  size_t pos = 0;
  auto year = Digits(text, pos, 4);
  if (!year || !Expect(text, pos, '-')) return std::nullopt;
  auto month = Digits(text, pos, 2);
  if (!month || !Expect(text, pos, '-')) return std::nullopt;
  auto day = Digits(text, pos, 2);
  if (!day || !Expect(text, pos, 'T')) return std::nullopt;
  auto hour = Digits(text, pos, 2);
  if (!hour || !Expect(text, pos, ':')) return std::nullopt;
  auto minute = Digits(text, pos, 2);
  if (!minute || !Expect(text, pos, ':')) return std::nullopt;
  auto second = Digits(text, pos, 2);
  if (!second) return std::nullopt;
  std::chrono::milliseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int scale = 100;
    size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      fraction += std::chrono::milliseconds((text[pos] - '0') * scale);
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  std::chrono::minutes offset{0};
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    auto off_hours = Digits(text, pos, 2);
    if (!off_hours || !Expect(text, pos, ':')) return std::nullopt;
    auto off_minutes = Digits(text, pos, 2);
    if (!off_minutes) return std::nullopt;
    offset = std::chrono::minutes(sign * (*off_hours * 60 + *off_minutes));
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;

  std::chrono::year_month_day ymd{std::chrono::year(*year),
                                  std::chrono::month(static_cast<unsigned>(*month)),
                                  std::chrono::day(static_cast<unsigned>(*day))};
  if (!ymd.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  auto time = std::chrono::sys_days(ymd) + std::chrono::hours(*hour) +
              std::chrono::minutes(*minute) + std::chrono::seconds(*second) + fraction - offset;
  // Clock::TimePoint counts nanoseconds in 64 bits (years 1678 to 2262). Some
  // credential_process tools write 9999-12-31 for "never expires": clamp rather than overflow.
  constexpr auto kEarliest = std::chrono::ceil<std::chrono::days>(Clock::TimePoint::min());
  constexpr auto kLatest = std::chrono::floor<std::chrono::days>(Clock::TimePoint::max());
  if (time < kEarliest) return kEarliest;
  if (time > kLatest) return kLatest;
  return std::chrono::time_point_cast<Clock::TimePoint::duration>(time);
}

std::string FormatIso8601(Clock::TimePoint time) {
  Fields f = Split(time);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", f.year, f.month, f.day, f.hour,
                     f.minute, f.second);
}

std::string FormatAmzDate(Clock::TimePoint time) {
  Fields f = Split(time);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", f.year, f.month, f.day, f.hour, f.minute,
                     f.second);
}

}  // namespace raycloud::aws
