#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace raycloud::iam {

/// One context key of a request. Keys are case-insensitive (stored lower-cased); values are
/// case-sensitive. A multi-valued key (aws:TagKeys, ...) may hold zero or more values.
struct ContextEntry {
  std::string key;  // lower-cased
  std::vector<std::string> values;
  bool multi = false;
};

/// The context keys of a request: a small flat list, looked up linearly (requests carry a
/// handful of keys, and this beats hashing at that size).
class RequestContext {
 public:
  /// Sets a single-valued key, replacing any previous value.
  void Set(std::string_view key, std::string value);
  /// Sets a multi-valued key, replacing any previous values.
  void SetMulti(std::string_view key, std::vector<std::string> values);
  /// Adds a value: a key given twice becomes multi-valued (cli.md, --context).
  void Add(std::string_view key, std::string value);
  /// The entry for `key` (any case), or nullptr.
  const ContextEntry* Find(std::string_view key) const;
  /// Like Find, for a key already lower-cased.
  const ContextEntry* FindLower(std::string_view key_lower) const;
  const std::vector<ContextEntry>& entries() const { return entries_; }

 private:
  ContextEntry& Slot(std::string_view key);
  std::vector<ContextEntry> entries_;
};

/// A request to evaluate: who (principal ARN, service principal, or "*" for anonymous),
/// what action (`service:Action`), on which resource ARN, in which account, with which
/// context keys.
struct Request {
  std::string principal;
  std::string action;
  std::string resource;
  /// The account owning the resource; empty means the account in the resource ARN, or the
  /// principal's account when the ARN has none (S3 bucket ARNs).
  std::string resource_account;
  RequestContext context;
};

/// The account that owns the request's resource (see Request::resource_account).
std::string ResourceAccountOf(const Request& request);

/// A copy of the request with the global keys AWS derives from the principal filled in when
/// absent: aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType and, for IAM users,
/// aws:username. Explicit keys are never overwritten.
Request WithDerivedContext(const Request& request);

}  // namespace raycloud::iam
