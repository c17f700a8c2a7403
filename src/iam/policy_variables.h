#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iam/glob.h"
#include "iam/request.h"

namespace raycloud::iam {

/// Text that may hold policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`,
/// `${aws:PrincipalTag/team, 'default'}`) and the escapes `${*}`, `${?}`, `${$}`. Parsed once
/// with the policy; resolved against each request's context.
class VariableText {
 public:
  /// Splits `text` into literal runs and variables. With `enabled` false (policy Version
  /// 2008-10-17 or none) `${...}` is plain text, as in AWS.
  static VariableText Parse(std::string_view text, bool enabled);

  bool has_variables() const { return has_variables_; }
  const std::string& text() const { return text_; }

  /// The text with each variable replaced by the request's value; nullopt when a variable
  /// has no value and no default, or is multi-valued (AWS then treats the value as not
  /// matching).
  std::optional<std::string> Resolve(const RequestContext& context) const;
  /// The same as a wildcard pattern: wildcards in the policy text stay wildcards, while
  /// substituted values and escapes are literal.
  std::optional<Glob> ResolveGlob(const RequestContext& context) const;
  /// The same as an ARN pattern (Resource elements, Arn condition operators).
  std::optional<ArnGlob> ResolveArnGlob(const RequestContext& context) const;
  /// The ARN pattern with every variable standing for any text: what the pattern could
  /// match whatever the variables' values.
  ArnGlob AnyValueArnGlob() const;

 private:
  struct Part {
    bool variable = false;
    bool escape = false;  // ${*}, ${?}, ${$}: a literal character
    std::string text;     // literal text, or the variable key lower-cased
    std::optional<std::string> fallback;
  };
  const std::string* Lookup(const Part& part, const RequestContext& context) const;
  bool Fill(Glob::Builder& builder, const RequestContext& context) const;

  std::string text_;
  std::vector<Part> parts_;
  bool has_variables_ = false;
};

}  // namespace raycloud::iam
