#include "iam/glob.h"

namespace raycloud::iam {

Glob Glob::Compile(std::string_view pattern) {
  Builder builder;
  builder.AddPattern(pattern);
  return builder.Build();
}

void Glob::Builder::AddPattern(std::string_view pattern) {
  for (char c : pattern) {
    text_.push_back(c);
    mask_.push_back(c == '*' || c == '?' ? c : 'c');
  }
}

void Glob::Builder::AddLiteral(std::string_view text) {
  text_.append(text);
  mask_.append(text.size(), 'c');
}

Glob Glob::Builder::Build() { return FromMasked(text_, mask_); }

ArnGlob Glob::Builder::BuildArn() { return ArnGlob::FromMasked(text_, mask_); }

Glob Glob::FromMasked(const std::string& text, const std::string& mask) {
  Glob glob;
  glob.anchored_start_ = mask.empty() || mask.front() != '*';
  glob.anchored_end_ = mask.empty() || mask.back() != '*';
  Segment current;
  bool any_star = false;
  auto flush = [&] {
    if (!current.text.empty()) glob.segments_.push_back(std::move(current));
    current = Segment{};
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (mask[i] == '*') {
      any_star = true;
      flush();
      continue;
    }
    if (mask[i] == '?') {
      if (current.any.empty()) current.any.assign(current.text.size(), 0);
      current.any.push_back(1);
      current.text.push_back('?');
      glob.has_any_ = true;
      continue;
    }
    if (!current.any.empty()) current.any.push_back(0);
    current.text.push_back(text[i]);
  }
  flush();

  if (!any_star) {
    glob.kind_ = Kind::kExact;
    if (!glob.has_any_) {
      glob.literal_ = glob.segments_.empty() ? std::string() : glob.segments_.front().text;
    }
    return glob;
  }
  if (glob.segments_.empty()) {
    glob.kind_ = Kind::kAll;
    return glob;
  }
  if (glob.segments_.size() == 1 && glob.anchored_start_ && !glob.anchored_end_ &&
      glob.segments_.front().any.empty()) {
    glob.kind_ = Kind::kPrefix;
    glob.literal_ = glob.segments_.front().text;
    return glob;
  }
  glob.kind_ = Kind::kGeneral;
  return glob;
}

bool Glob::SegmentAt(const Segment& segment, std::string_view text, size_t pos) {
  if (pos + segment.text.size() > text.size()) return false;
  if (segment.any.empty()) {
    return text.compare(pos, segment.text.size(), segment.text) == 0;
  }
  for (size_t i = 0; i < segment.text.size(); ++i) {
    if (!segment.any[i] && segment.text[i] != text[pos + i]) return false;
  }
  return true;
}

// Leftmost start in [from, limit] where the segment fits, or npos. Placing each segment at
// its leftmost occurrence is optimal for `*`-separated fixed-length segments, so the whole
// match is O(text * pattern) at worst, with no backtracking.
size_t Glob::FindSegment(const Segment& segment, std::string_view text, size_t from, size_t limit) {
  if (segment.any.empty()) {
    size_t pos = text.find(segment.text, from);
    return pos != std::string_view::npos && pos <= limit ? pos : std::string_view::npos;
  }
  for (size_t pos = from; pos <= limit; ++pos) {
    if (SegmentAt(segment, text, pos)) return pos;
  }
  return std::string_view::npos;
}

bool Glob::Matches(std::string_view text) const {
  switch (kind_) {
    case Kind::kAll:
      return true;
    case Kind::kPrefix:
      return text.size() >= literal_.size() && text.compare(0, literal_.size(), literal_) == 0;
    case Kind::kExact:
      if (!has_any_) return text == literal_;
      return segments_.size() == 1 && text.size() == segments_.front().text.size() &&
             SegmentAt(segments_.front(), text, 0);
    case Kind::kGeneral:
      break;
  }
  size_t first = 0;
  size_t last = segments_.size();
  size_t pos = 0;
  size_t end = text.size();
  if (anchored_start_) {
    if (!SegmentAt(segments_.front(), text, 0)) return false;
    pos = segments_.front().text.size();
    first = 1;
  }
  if (anchored_end_) {
    const Segment& tail = segments_.back();
    if (tail.text.size() > end || end - tail.text.size() < pos) return false;
    if (!SegmentAt(tail, text, end - tail.text.size())) return false;
    end -= tail.text.size();
    last -= 1;
  }
  for (size_t i = first; i < last; ++i) {
    const Segment& segment = segments_[i];
    if (segment.text.size() > end - pos) return false;
    size_t found = FindSegment(segment, text.substr(0, end), pos, end - segment.text.size());
    if (found == std::string_view::npos) return false;
    pos = found + segment.text.size();
  }
  return true;
}

ArnGlob ArnGlob::Compile(std::string_view pattern) {
  Glob::Builder builder;
  builder.AddPattern(pattern);
  return builder.BuildArn();
}

ArnGlob ArnGlob::FromMasked(const std::string& text, const std::string& mask) {
  ArnGlob arn;
  if (!text.empty() && mask.find_first_not_of('*') == std::string::npos) {
    arn.everything_ = true;
    return arn;
  }
  // Segment boundaries: the first five colons of the pattern.
  std::vector<size_t> colons;
  for (size_t i = 0; i < text.size() && colons.size() < 5; ++i) {
    if (text[i] == ':' && mask[i] == 'c') colons.push_back(i);
  }
  if (text.compare(0, 4, "arn:") != 0 || colons.empty()) {
    arn.nothing_ = true;
    return arn;
  }
  std::vector<std::pair<std::string, std::string>> segments;
  size_t start = 4;
  for (size_t i = 1; i < colons.size(); ++i) {
    segments.emplace_back(text.substr(start, colons[i] - start),
                          mask.substr(start, colons[i] - start));
    start = colons[i] + 1;
  }
  segments.emplace_back(text.substr(start), mask.substr(start));
  if (segments.size() < 5) {
    // Short pattern: only a trailing `*` may stand for the missing segments.
    if (mask.back() != '*') {
      arn.nothing_ = true;
      return arn;
    }
    while (segments.size() < 5) segments.emplace_back("*", "*");
  }
  for (const auto& [segment_text, segment_mask] : segments) {
    arn.parts_.push_back(Glob::FromMasked(segment_text, segment_mask));
  }
  arn.literal_head_ = true;
  arn.head_ = "arn:";
  for (int i = 0; i < 4; ++i) {
    arn.literal_head_ = arn.literal_head_ && arn.parts_[i].IsLiteral();
    arn.head_ += segments[i].first + ":";
  }
  return arn;
}

bool ArnGlob::Matches(std::string_view text) const {
  if (everything_) return true;
  if (nothing_) return false;
  if (literal_head_) {
    return text.size() >= head_.size() && text.compare(0, head_.size(), head_) == 0 &&
           parts_[4].Matches(text.substr(head_.size()));
  }
  // Split the ARN the same way; the resource keeps any further colons.
  std::string_view parts[5];
  if (text.substr(0, 4) != "arn:") return false;
  size_t start = 4;
  for (int i = 0; i < 4; ++i) {
    size_t colon = text.find(':', start);
    if (colon == std::string_view::npos) return false;
    parts[i] = text.substr(start, colon - start);
    start = colon + 1;
  }
  parts[4] = text.substr(start);
  for (int i = 0; i < 5; ++i) {
    if (!parts_[i].Matches(parts[i])) return false;
  }
  return true;
}

}  // namespace raycloud::iam
