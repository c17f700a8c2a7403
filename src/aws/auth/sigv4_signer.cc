#include "aws/auth/sigv4_signer.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "aws/auth/crypto.h"
#include "aws/auth/iso8601.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr auto kMaxPresignExpiry = std::chrono::seconds(7 * 24 * 3600);

// Headers that proxies or the transport may change in flight, and the signature itself:
// signing them would break the signature (the same list the AWS SDKs skip).
bool IsUnsignedHeader(std::string_view lower_name) {
  static constexpr std::string_view kSkipped[] = {
      "authorization",   "user-agent",        "expect",
      "x-amzn-trace-id", "transfer-encoding", "connection"};
  return std::find(std::begin(kSkipped), std::end(kSkipped), lower_name) != std::end(kSkipped);
}

struct UrlParts {
  std::string scheme;
  std::string authority;  // host[:port] as written
  std::string path;       // "" when the URL has none
  std::string query;      // without the '?'
};

Result<UrlParts> SplitUrl(std::string_view url) {
  UrlParts parts;
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) {
    return Fail(Error::Invalid("cannot sign a request whose URL has no scheme"));
  }
  parts.scheme = strings::Lower(url.substr(0, scheme_end));
  std::string_view rest = url.substr(scheme_end + 3);
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  size_t path_start = rest.find_first_of("/?");
  parts.authority = std::string(rest.substr(0, path_start));
  if (parts.authority.empty()) {
    return Fail(Error::Invalid("cannot sign a request whose URL has no host"));
  }
  if (path_start == std::string_view::npos) return parts;
  rest = rest.substr(path_start);
  size_t query_start = rest.find('?');
  parts.path = std::string(rest.substr(0, query_start));
  if (query_start != std::string_view::npos)
    parts.query = std::string(rest.substr(query_start + 1));
  return parts;
}

// The Host header value: the authority without the scheme's default port, as clients send it.
std::string HostFromAuthority(const UrlParts& url) {
  std::string_view authority = url.authority;
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  size_t colon = authority.rfind(':');
  bool has_port =
      colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos;
  if (has_port) {
    std::string_view port = authority.substr(colon + 1);
    if ((url.scheme == "https" && port == "443") || (url.scheme == "http" && port == "80")) {
      authority = authority.substr(0, colon);
    }
  }
  return strings::Lower(authority);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string UriDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// RFC 3986 dot-segment removal plus collapsing of empty segments, keeping a trailing slash.
std::string NormalizePath(std::string_view path) {
  std::vector<std::string_view> segments;
  for (size_t start = 0; start <= path.size();) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out;
  for (std::string_view segment : segments) {
    out += '/';
    out += segment;
  }
  bool trailing_slash = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
  if (out.empty() || trailing_slash) out += '/';
  return out;
}

std::string CanonicalUri(std::string_view path, const SigningOptions& options) {
  std::string uri = path.empty() ? std::string("/") : std::string(path);
  if (options.normalize_path) uri = NormalizePath(uri);
  if (options.double_encode_path) uri = strings::PercentEncode(uri, /*keep_slash=*/true);
  return uri;
}

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Decodes then re-encodes every name and value, so a query written encoded or not signs the
// same way; sorted by encoded name, then value.
std::string CanonicalQuery(std::string_view query, const QueryParams& extra) {
  QueryParams params;
  for (const std::string& piece : strings::Split(query, '&')) {
    if (piece.empty()) continue;
    size_t eq = piece.find('=');
    std::string name = piece.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : piece.substr(eq + 1);
    params.emplace_back(strings::PercentEncode(UriDecode(name), false),
                        strings::PercentEncode(UriDecode(value), false));
  }
  for (const auto& [name, value] : extra) {
    params.emplace_back(strings::PercentEncode(name, false), strings::PercentEncode(value, false));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

// Trims and collapses runs of whitespace (folded lines included) into one space.
std::string CanonicalHeaderValue(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : strings::Trim(value)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

struct CanonicalHeaders {
  std::string block;  // "name:value\n" lines
  std::string signed_headers;
};

CanonicalHeaders BuildCanonicalHeaders(const HttpHeaders& headers, const std::string& host) {
  // Repeated headers keep their order of appearance, joined by commas.
  std::map<std::string, std::vector<std::string>> grouped;
  bool has_host = false;
  for (const auto& [name, value] : headers) {
    std::string lower = strings::Lower(strings::Trim(name));
    if (IsUnsignedHeader(lower)) continue;
    has_host = has_host || lower == "host";
    grouped[lower].push_back(CanonicalHeaderValue(value));
  }
  if (!has_host) grouped["host"].push_back(host);
  CanonicalHeaders out;
  for (const auto& [name, values] : grouped) {
    out.block += name + ":" + strings::Join(values, ",") + "\n";
    if (!out.signed_headers.empty()) out.signed_headers += ';';
    out.signed_headers += name;
  }
  return out;
}

Status CheckInputs(const Credentials& credentials, const SigningOptions& options) {
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return Fail(Error::Invalid("cannot sign a request without an access key id and secret key"));
  }
  if (options.region.empty() || options.service.empty()) {
    return Fail(Error::Invalid("cannot sign a request without a region and service"));
  }
  return {};
}

std::string PayloadHash(const HttpRequest& request, const SigningOptions& options) {
  // A caller that already hashed the body (or streams it) says so in the header.
  if (std::string given = request.Header("x-amz-content-sha256"); !given.empty()) return given;
  if (options.unsigned_payload) return std::string(kUnsignedPayload);
  return Sha256Hex(request.body);
}

// The string to sign and signature of a canonical request.
SigningTrace FinishTrace(std::string canonical_request, std::string signed_headers,
                         const std::string& amz_date, const std::string& scope,
                         const std::string& signing_key) {
  SigningTrace trace;
  trace.canonical_request = std::move(canonical_request);
  trace.signed_headers = std::move(signed_headers);
  trace.string_to_sign = std::string(kAlgorithm) + "\n" + amz_date + "\n" + scope + "\n" +
                         Sha256Hex(trace.canonical_request);
  trace.signature = strings::HexEncode(HmacSha256(signing_key, trace.string_to_sign));
  return trace;
}

}  // namespace

SigningOptions SigningOptions::For(std::string region, std::string service) {
  SigningOptions options;
  bool s3 = service == "s3" || service == "s3express";
  options.region = std::move(region);
  options.service = std::move(service);
  options.normalize_path = !s3;
  options.double_encode_path = !s3;
  options.add_content_sha256_header = s3;
  return options;
}

std::string SigV4Signer::SigningKey(const std::string& secret, const std::string& date,
                                    const SigningOptions& options) const {
  std::string cache_key =
      Sha256(secret) + "/" + date + "/" + options.region + "/" + options.service;
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = key_cache_.find(cache_key); it != key_cache_.end()) return it->second;
  }
  std::string key = HmacSha256("AWS4" + secret, date);
  key = HmacSha256(key, options.region);
  key = HmacSha256(key, options.service);
  key = HmacSha256(key, "aws4_request");
  std::lock_guard lock(cache_mutex_);
  // Keys are per day; a long-running process would otherwise keep every day's keys.
  if (key_cache_.size() >= 64) key_cache_.clear();
  key_cache_.emplace(std::move(cache_key), key);
  return key;
}

Result<SigningTrace> SigV4Signer::Sign(HttpRequest& request, const Credentials& credentials,
                                       const SigningOptions& options) const {
  if (auto ok = CheckInputs(credentials, options); !ok) return Fail(ok.error());
  auto url = SplitUrl(request.url);
  if (!url) return Fail(url.error());

  std::string amz_date = FormatAmzDate(clock_.Now());
  std::string date = amz_date.substr(0, 8);
  std::string scope = date + "/" + options.region + "/" + options.service + "/aws4_request";
  std::string payload_hash = PayloadHash(request, options);

  // A retry re-signs the same request: drop what the last signature added, so neither the old
  // signature nor a token of other credentials is signed or sent.
  std::erase_if(request.headers, [](const auto& header) {
    std::string name = strings::Lower(header.first);
    return name == "authorization" || name == "x-amz-security-token";
  });
  request.SetHeader("X-Amz-Date", amz_date);
  bool has_token = !credentials.session_token.empty();
  if (has_token && options.sign_session_token) {
    request.SetHeader("X-Amz-Security-Token", credentials.session_token);
  }
  if (options.add_content_sha256_header) request.SetHeader("x-amz-content-sha256", payload_hash);

  CanonicalHeaders headers = BuildCanonicalHeaders(request.headers, HostFromAuthority(*url));
  SigningTrace trace = FinishTrace(request.method + "\n" + CanonicalUri(url->path, options) + "\n" +
                                       CanonicalQuery(url->query, {}) + "\n" + headers.block +
                                       "\n" + headers.signed_headers + "\n" + payload_hash,
                                   headers.signed_headers, amz_date, scope,
                                   SigningKey(credentials.secret_access_key, date, options));

  if (has_token && !options.sign_session_token) {
    request.SetHeader("X-Amz-Security-Token", credentials.session_token);
  }
  request.SetHeader("Authorization", std::string(kAlgorithm) +
                                         " Credential=" + credentials.access_key_id + "/" + scope +
                                         ", SignedHeaders=" + headers.signed_headers +
                                         ", Signature=" + trace.signature);
  return trace;
}

Result<SigningTrace> SigV4Signer::Presign(HttpRequest& request, const Credentials& credentials,
                                          const SigningOptions& options) const {
  if (auto ok = CheckInputs(credentials, options); !ok) return Fail(ok.error());
  if (options.presign_expires < std::chrono::seconds(1) ||
      options.presign_expires > kMaxPresignExpiry) {
    return Fail(Error::Invalid("a presigned URL expires after 1 second to 7 days"));
  }
  auto url = SplitUrl(request.url);
  if (!url) return Fail(url.error());

  std::string amz_date = FormatAmzDate(clock_.Now());
  std::string date = amz_date.substr(0, 8);
  std::string scope = date + "/" + options.region + "/" + options.service + "/aws4_request";
  CanonicalHeaders headers = BuildCanonicalHeaders(request.headers, HostFromAuthority(*url));

  // In the order the AWS SDKs append them; the canonical query sorts them anyway.
  QueryParams added = {
      {"X-Amz-Algorithm", std::string(kAlgorithm)},
      {"X-Amz-Credential", credentials.access_key_id + "/" + scope},
      {"X-Amz-Date", amz_date},
      {"X-Amz-SignedHeaders", headers.signed_headers},
      {"X-Amz-Expires", std::to_string(options.presign_expires.count())},
  };
  bool has_token = !credentials.session_token.empty();
  if (has_token && options.sign_session_token) {
    added.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }

  SigningTrace trace =
      FinishTrace(request.method + "\n" + CanonicalUri(url->path, options) + "\n" +
                      CanonicalQuery(url->query, added) + "\n" + headers.block + "\n" +
                      headers.signed_headers + "\n" + PayloadHash(request, options),
                  headers.signed_headers, amz_date, scope,
                  SigningKey(credentials.secret_access_key, date, options));

  if (has_token && !options.sign_session_token) {
    added.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  added.emplace_back("X-Amz-Signature", trace.signature);
  std::string& out = request.url;
  if (size_t hash = out.find('#'); hash != std::string::npos) out.resize(hash);
  char separator = url->query.empty() ? (out.ends_with('?') ? '\0' : '?') : '&';
  for (const auto& [name, value] : added) {
    if (separator != '\0') out += separator;
    out += name + "=" + strings::PercentEncode(value, false);
    separator = '&';
  }
  return trace;
}

}  // namespace raycloud::aws
