#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace raycloud::iam {

/// A compiled IAM wildcard pattern: `*` matches any run of characters (including none) and
/// `?` exactly one. Matching is linear in practice and never backtracks exponentially: the
/// pattern is split at `*` into fixed-length segments, each placed at its leftmost
/// occurrence, which is optimal for this pattern language. Matching is case-sensitive;
/// callers lower-case both sides for case-insensitive uses (actions).
class ArnGlob;

class Glob {
 public:
  Glob() = default;

  /// Compiles `pattern`, treating every `*` and `?` as a wildcard.
  static Glob Compile(std::string_view pattern);

  /// Builds a pattern piece by piece, so that text substituted for a policy variable is
  /// literal even when it contains `*` or `?`.
  class Builder {
   public:
    void AddPattern(std::string_view pattern);
    void AddLiteral(std::string_view text);
    Glob Build();
    ArnGlob BuildArn();

   private:
    std::string text_;
    std::string mask_;  // 'c' literal, '?' any one char, '*' any run
  };

  /// True when `text` matches the whole pattern.
  bool Matches(std::string_view text) const;
  /// True when the pattern matches every string (it is made only of `*`).
  bool MatchesEverything() const { return kind_ == Kind::kAll; }
  /// True when the pattern has no wildcard; `literal()` is then the exact text.
  bool IsLiteral() const { return kind_ == Kind::kExact && !has_any_; }
  const std::string& literal() const { return literal_; }

 private:
  enum class Kind { kAll, kExact, kPrefix, kGeneral };
  struct Segment {
    std::string text;
    std::string any;  // empty, or one byte per char: 1 where the pattern has `?`
  };

  friend class ArnGlob;
  static Glob FromMasked(const std::string& text, const std::string& mask);
  static bool SegmentAt(const Segment& segment, std::string_view text, size_t pos);
  static size_t FindSegment(const Segment& segment, std::string_view text, size_t from,
                            size_t limit);

  Kind kind_ = Kind::kExact;
  bool has_any_ = false;
  bool anchored_start_ = true;
  bool anchored_end_ = true;
  std::string literal_;  // kExact without `?`, or the prefix of kPrefix
  std::vector<Segment> segments_;
};

/// A Resource pattern matched the way AWS matches ARNs (IAM JSON policy elements:
/// Resource, "Using wildcards in resource ARNs"): wildcards work within each colon-separated
/// segment (partition, service, region, account), the resource segment is everything after
/// the fifth colon, and a `*` ending the pattern's last segment extends across the colons
/// that follow, so `arn:aws:s3:*` covers every S3 ARN. A pattern with fewer segments that
/// does not end in `*` names no resource. `*` alone matches everything.
class ArnGlob {
 public:
  ArnGlob() = default;
  static ArnGlob Compile(std::string_view pattern);
  bool Matches(std::string_view arn) const;

 private:
  friend class Glob::Builder;
  static ArnGlob FromMasked(const std::string& text, const std::string& mask);

  bool everything_ = false;
  bool nothing_ = false;
  // The common shape, where only the resource segment has wildcards: "arn:P:S:R:A:" is
  // compared as a prefix and only the rest is globbed.
  bool literal_head_ = false;
  std::string head_;
  std::vector<Glob> parts_;  // partition, service, region, account, resource
};

}  // namespace raycloud::iam
