#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace raycloud::aws {

/// An endpoint URL split the way the AWS endpoint rules see it.
struct EndpointUrl {
  std::string scheme;     // "http" or "https"
  std::string authority;  // host[:port]
  std::string path;       // "" or "/..." as given
  bool is_ip = false;     // the host is an IPv4 or a bracketed IPv6 address

  /// `path` ending with exactly one "/" ("/" when empty), to append a path segment to.
  std::string NormalizedPath() const;
};

/// Parses an http(s) URL; std::nullopt for another scheme, no host, a query or a fragment,
/// or a non-numeric port (the rules' `parseURL`).
std::optional<EndpointUrl> ParseEndpointUrl(std::string_view url);

/// An RFC 1123 host label (1-63 letters, digits, hyphens; no hyphen at either end); with
/// `allow_subdomains`, each dot-separated label must be one.
bool IsValidHostLabel(std::string_view value, bool allow_subdomains);

/// Dotted-quad IPv4 address.
bool IsIpv4Address(std::string_view value);

/// A bucket name usable as a DNS label in virtual-hosted-style S3 URLs: 3-63 characters,
/// lower case, a valid host label (dots allowed only with `allow_subdomains`), not an IP.
bool IsVirtualHostableS3Bucket(std::string_view bucket, bool allow_subdomains);

}  // namespace raycloud::aws
