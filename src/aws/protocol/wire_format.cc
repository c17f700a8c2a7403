#include "aws/protocol/wire_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace raycloud::aws {
namespace {

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm), so
// no time zone state (timegm) is involved.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month, day, hour, minute, second, weekday;
};

Civil CivilFromEpoch(int64_t seconds) {
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t rem = seconds - days * 86400;
  Civil c{};
  c.hour = static_cast<unsigned>(rem / 3600);
  c.minute = static_cast<unsigned>(rem % 3600 / 60);
  c.second = static_cast<unsigned>(rem % 60);
  c.weekday = static_cast<unsigned>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  c.day = doy - (153 * mp + 2) / 5 + 1;
  c.month = mp < 10 ? mp + 3 : mp - 9;
  c.year = static_cast<int64_t>(yoe) + era * 400 + (c.month <= 2);
  return c;
}

// Splits epoch seconds into whole seconds and milliseconds, rounding to the millisecond.
// Clamped to years 0001-9999 (what every timestamp format can write), so a hostile value
// cannot overflow the arithmetic; NaN reads as the epoch.
std::pair<int64_t, int> SplitMillis(double epoch_seconds) {
  constexpr double kFirst = -62135596800.0;   // 0001-01-01T00:00:00Z
  constexpr double kLast = 253402300799.999;  // 9999-12-31T23:59:59.999Z
  epoch_seconds = std::isnan(epoch_seconds) ? 0.0 : std::clamp(epoch_seconds, kFirst, kLast);
  auto millis = static_cast<int64_t>(std::llround(epoch_seconds * 1000.0));
  int64_t seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000;
  return {seconds, static_cast<int>(millis - seconds * 1000)};
}

// A small cursor over text for the timestamp grammars.
struct Cursor {
  std::string_view text;
  size_t pos = 0;
  bool Done() const { return pos >= text.size(); }
  char Peek() const { return Done() ? '\0' : text[pos]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++pos;
    return true;
  }
  bool Digits(size_t count, int& out) {
    if (pos + count > text.size()) return false;
    out = 0;
    for (size_t i = 0; i < count; ++i) {
      char c = text[pos + i];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    pos += count;
    return true;
  }
  void SkipSpaces() {
    while (Peek() == ' ') ++pos;
  }
};

bool ValidTime(int month, int day, int hour, int minute, int second) {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 &&
         second <= 60;
}

std::optional<double> ParseIso8601(std::string_view text) {
  Cursor c{text};
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!c.Digits(4, year) || !c.Eat('-') || !c.Digits(2, month) || !c.Eat('-') ||
      !c.Digits(2, day)) {
    return std::nullopt;
  }
  double fraction = 0;
  int offset = 0;
  if (c.Eat('T') || c.Eat('t') || c.Eat(' ')) {
    if (!c.Digits(2, hour) || !c.Eat(':') || !c.Digits(2, minute)) return std::nullopt;
    if (c.Eat(':') && !c.Digits(2, second)) return std::nullopt;
    if (c.Eat('.') || c.Eat(',')) {
      double scale = 0.1;
      size_t start = c.pos;
      while (c.Peek() >= '0' && c.Peek() <= '9') {
        fraction += (c.Peek() - '0') * scale;
        scale /= 10;
        ++c.pos;
      }
      if (c.pos == start) return std::nullopt;
    }
    if (c.Eat('Z') || c.Eat('z')) {
    } else if (c.Peek() == '+' || c.Peek() == '-') {
      int sign = c.Peek() == '-' ? -1 : 1;
      ++c.pos;
      int oh, om = 0;
      if (!c.Digits(2, oh)) return std::nullopt;
      c.Eat(':');
      if (!c.Done() && !c.Digits(2, om)) return std::nullopt;
      offset = sign * (oh * 3600 + om * 60);
    }
  }
  if (!c.Done() || !ValidTime(month, day, hour, minute, second)) return std::nullopt;
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return static_cast<double>(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction;
}

// "Tue, 29 Apr 2014 18:30:38 GMT" (also without the weekday).
std::optional<double> ParseHttpDate(std::string_view text) {
  Cursor c{text};
  if (auto comma = text.find(','); comma != std::string_view::npos && comma <= 9) {
    c.pos = comma + 1;
  }
  c.SkipSpaces();
  int day, year, hour, minute, second;
  size_t start = c.pos;
  if (!c.Digits(2, day)) {
    c.pos = start;
    if (!c.Digits(1, day)) return std::nullopt;
  }
  c.SkipSpaces();
  if (c.pos + 3 > text.size()) return std::nullopt;
  std::string_view month_name = text.substr(c.pos, 3);
  int month = 0;
  for (int i = 0; i < 12; ++i) {
    if (month_name == kMonths[i]) month = i + 1;
  }
  if (month == 0) return std::nullopt;
  c.pos += 3;
  c.SkipSpaces();
  if (!c.Digits(4, year)) return std::nullopt;
  c.SkipSpaces();
  if (!c.Digits(2, hour) || !c.Eat(':') || !c.Digits(2, minute) || !c.Eat(':') ||
      !c.Digits(2, second)) {
    return std::nullopt;
  }
  double fraction = 0;
  if (c.Eat('.')) {
    double scale = 0.1;
    while (c.Peek() >= '0' && c.Peek() <= '9') {
      fraction += (c.Peek() - '0') * scale;
      scale /= 10;
      ++c.pos;
    }
  }
  c.SkipSpaces();
  std::string_view zone = text.substr(c.pos);
  if (!zone.empty() && zone != "GMT" && zone != "UTC" && zone != "Z" && zone != "+0000") {
    return std::nullopt;
  }
  if (!ValidTime(month, day, hour, minute, second)) return std::nullopt;
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return static_cast<double>(days * 86400 + hour * 3600 + minute * 60 + second) + fraction;
}

std::optional<double> ParseEpoch(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string FormatIso8601(double epoch_seconds) {
  auto [seconds, millis] = SplitMillis(epoch_seconds);
  Civil c = CivilFromEpoch(seconds);
  char buffer[40];
  if (millis == 0) {
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02u:%02u:%02uZ",
                  static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second);
  } else {
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02u:%02u:%02u.%03dZ",
                  static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second,
                  millis);
  }
  return buffer;
}

std::string FormatHttpDate(double epoch_seconds) {
  Civil c = CivilFromEpoch(SplitMillis(epoch_seconds).first);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04lld %02u:%02u:%02u GMT", kDays[c.weekday],
                c.day, kMonths[c.month - 1], static_cast<long long>(c.year), c.hour, c.minute,
                c.second);
  return buffer;
}

std::string FormatEpoch(double epoch_seconds) {
  auto [seconds, millis] = SplitMillis(epoch_seconds);
  if (millis == 0) return std::to_string(seconds);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.3f", epoch_seconds);
  std::string out = buffer;
  while (out.back() == '0') out.pop_back();
  return out;
}

std::optional<double> ParseTimestamp(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  if (text.empty()) return std::nullopt;
  if (auto epoch = ParseEpoch(text)) return epoch;
  if (auto iso = ParseIso8601(text)) return iso;
  return ParseHttpDate(text);
}

Result<double> TimestampParam(const nlohmann::json& value) {
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) {
    if (auto parsed = ParseTimestamp(value.get_ref<const std::string&>())) return *parsed;
  }
  return Fail(
      Error::Invalid("expected a timestamp (epoch seconds or ISO-8601), got " + value.dump()));
}

std::string FormatTimestamp(double epoch_seconds, std::string_view format) {
  if (format == "rfc822") return FormatHttpDate(epoch_seconds);
  if (format == "unixTimestamp") return FormatEpoch(epoch_seconds);
  return FormatIso8601(epoch_seconds);
}

std::string FormatDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

}  // namespace raycloud::aws
