#include "aws/endpoint/endpoint_url.h"

#include <cctype>

#include "common/strings.h"

namespace raycloud::aws {
namespace {

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (unsigned char c : text) {
    if (std::isdigit(c) == 0) return false;
  }
  return true;
}

}  // namespace

std::string EndpointUrl::NormalizedPath() const {
  if (path.empty()) return "/";
  if (path.back() == '/') return path;
  return path + "/";
}

std::optional<EndpointUrl> ParseEndpointUrl(std::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  EndpointUrl out;
  out.scheme = strings::Lower(url.substr(0, scheme_end));
  if (out.scheme != "http" && out.scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(scheme_end + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) return std::nullopt;
  const size_t path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  if (path_start != std::string_view::npos) out.path = std::string(rest.substr(path_start));
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;

  std::string_view host = authority;
  if (host.front() == '[') {  // [IPv6]:port
    const size_t close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view after = host.substr(close + 1);
    if (!after.empty() && (after.front() != ':' || !AllDigits(after.substr(1)))) {
      return std::nullopt;
    }
    out.is_ip = true;
  } else {
    const size_t colon = host.rfind(':');
    if (colon != std::string_view::npos) {
      if (!AllDigits(host.substr(colon + 1))) return std::nullopt;
      host = host.substr(0, colon);
    }
    if (host.empty()) return std::nullopt;
    out.is_ip = IsIpv4Address(host);
  }
  out.authority = std::string(authority);
  return out;
}

bool IsValidHostLabel(std::string_view value, bool allow_subdomains) {
  if (allow_subdomains) {
    for (const auto& label : strings::Split(value, '.')) {
      if (!IsValidHostLabel(label, false)) return false;
    }
    return true;
  }
  if (value.empty() || value.size() > 63) return false;
  if (value.front() == '-' || value.back() == '-') return false;
  for (unsigned char c : value) {
    if (std::isalnum(c) == 0 && c != '-') return false;
  }
  return true;
}

bool IsIpv4Address(std::string_view value) {
  const auto parts = strings::Split(value, '.');
  if (parts.size() != 4) return false;
  for (const auto& part : parts) {
    if (!AllDigits(part) || part.size() > 3 || std::stoi(part) > 255) return false;
  }
  return true;
}

bool IsVirtualHostableS3Bucket(std::string_view bucket, bool allow_subdomains) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  if (strings::Lower(bucket) != bucket) return false;
  if (IsIpv4Address(bucket)) return false;
  return IsValidHostLabel(bucket, allow_subdomains);
}

}  // namespace raycloud::aws
