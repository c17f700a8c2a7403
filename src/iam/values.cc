#include "iam/values.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace raycloud::iam {

std::optional<double> ParseNumber(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  double value = 0;
  const char* begin = text.data();
  if (*begin == '+') ++begin;
  auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

namespace {

bool Digits(std::string_view text, size_t pos, size_t count, int& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

std::optional<int64_t> ParseDateMillis(std::string_view text) {
  if (text.empty() || text.size() > 40) return std::nullopt;
  // Epoch seconds (possibly fractional).
  if (text.find('-') == std::string_view::npos || text.front() == '-') {
    if (text.find(':') == std::string_view::npos) {
      if (auto seconds = ParseNumber(text)) {
        if (*seconds > 1e13 || *seconds < -1e13) return std::nullopt;
        return static_cast<int64_t>(*seconds * 1000.0);
      }
    }
    if (text.front() == '-') return std::nullopt;
  }
  int year = 0, month = 0, day = 0;
  if (!Digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
      !Digits(text, 5, 2, month) || text[7] != '-' || !Digits(text, 8, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  int64_t millis = DaysFromCivil(year, month, day) * 86400000LL;
  size_t pos = 10;
  if (pos == text.size()) return millis;
  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
  int hour = 0, minute = 0, second = 0;
  if (!Digits(text, pos + 1, 2, hour) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
      !Digits(text, pos + 4, 2, minute)) {
    return std::nullopt;
  }
  pos += 6;
  if (pos < text.size() && text[pos] == ':') {
    if (!Digits(text, pos + 1, 2, second)) return std::nullopt;
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      int64_t fraction = 0;
      int scale = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (scale < 3) {
          fraction = fraction * 10 + (text[pos] - '0');
          ++scale;
        }
        ++pos;
      }
      if (scale == 0) return std::nullopt;
      while (scale < 3) {
        fraction *= 10;
        ++scale;
      }
      millis += fraction;
    }
  }
  if (hour > 24 || minute > 59 || second > 60) return std::nullopt;
  millis += ((hour * 60LL + minute) * 60LL + second) * 1000LL;
  if (pos == text.size()) return millis;
  if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) return millis;
  if (text[pos] == '+' || text[pos] == '-') {
    int offset_hours = 0, offset_minutes = 0;
    if (!Digits(text, pos + 1, 2, offset_hours)) return std::nullopt;
    size_t next = pos + 3;
    if (next < text.size() && text[next] == ':') ++next;
    if (next < text.size()) {
      if (!Digits(text, next, 2, offset_minutes) || next + 2 != text.size()) return std::nullopt;
    }
    int64_t offset = (offset_hours * 60LL + offset_minutes) * 60000LL;
    return text[pos] == '+' ? millis - offset : millis + offset;
  }
  return std::nullopt;
}

namespace {

std::optional<int> ParsePrefix(std::string_view text, int max) {
  int value = 0;
  if (text.empty() || text.size() > 3) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > max) {
    return std::nullopt;
  }
  return value;
}

bool ParseIpv4(std::string_view text, uint8_t* out) {
  for (int i = 0; i < 4; ++i) {
    size_t dot = i < 3 ? text.find('.') : text.size();
    if (dot == std::string_view::npos || dot == 0 || dot > 3) return false;
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + dot, value);
    if (ec != std::errc() || end != text.data() + dot || value > 255) return false;
    out[i] = static_cast<uint8_t>(value);
    text = i < 3 ? text.substr(dot + 1) : std::string_view();
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ParseIpv6(std::string_view text, uint8_t* out) {
  uint16_t words[8] = {};
  int count = 0;
  int gap = -1;  // index in words where "::" stands
  size_t pos = 0;
  if (text.starts_with("::")) {
    gap = 0;
    pos = 2;
  }
  while (pos < text.size()) {
    if (count == 8) return false;
    size_t end = text.find(':', pos);
    std::string_view group = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (group.find('.') != std::string_view::npos) {
      // Embedded IPv4 tail takes two words and must be last.
      if (end != std::string_view::npos || count > 6) return false;
      uint8_t v4[4];
      if (!ParseIpv4(group, v4)) return false;
      words[count++] = static_cast<uint16_t>(v4[0] << 8 | v4[1]);
      words[count++] = static_cast<uint16_t>(v4[2] << 8 | v4[3]);
      pos = text.size();
      break;
    }
    if (group.empty() || group.size() > 4) return false;
    uint16_t word = 0;
    for (char c : group) {
      int h = HexValue(c);
      if (h < 0) return false;
      word = static_cast<uint16_t>(word << 4 | h);
    }
    words[count++] = word;
    if (end == std::string_view::npos) {
      pos = text.size();
      break;
    }
    pos = end + 1;
    if (pos < text.size() && text[pos] == ':') {
      if (gap >= 0) return false;
      gap = count;
      ++pos;
    } else if (pos == text.size()) {
      return false;  // trailing single colon
    }
  }
  if (gap < 0 && count != 8) return false;
  if (gap >= 0 && count > 7) return false;
  uint16_t full[8] = {};
  if (gap < 0) {
    std::copy(words, words + 8, full);
  } else {
    int tail = count - gap;
    std::copy(words, words + gap, full);
    std::copy(words + gap, words + count, full + 8 - tail);
  }
  for (int i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<uint8_t>(full[i] >> 8);
    out[2 * i + 1] = static_cast<uint8_t>(full[i] & 0xff);
  }
  return true;
}

}  // namespace

std::optional<IpNetwork> ParseIpNetwork(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  IpNetwork net;
  std::string_view address = text;
  std::string_view prefix;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    address = text.substr(0, slash);
    prefix = text.substr(slash + 1);
  }
  if (address.find(':') != std::string_view::npos) {
    net.v6 = true;
    if (!ParseIpv6(address, net.bytes.data())) return std::nullopt;
    net.prefix = 128;
  } else {
    if (!ParseIpv4(address, net.bytes.data())) return std::nullopt;
    net.prefix = 32;
  }
  if (!prefix.empty() || text.back() == '/') {
    auto bits = ParsePrefix(prefix, net.prefix);
    if (!bits) return std::nullopt;
    net.prefix = *bits;
  }
  return net;
}

bool IpNetwork::Contains(const IpNetwork& address) const {
  if (address.v6 != v6) return false;
  int full = prefix / 8;
  for (int i = 0; i < full; ++i) {
    if (bytes[i] != address.bytes[i]) return false;
  }
  int rest = prefix % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (bytes[full] & mask) == (address.bytes[full] & mask);
}

}  // namespace raycloud::iam
