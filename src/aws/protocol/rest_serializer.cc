// rest-json and rest-xml requests: members bound to the URI, the query string, headers or
// the body (a payload member, or a document of the body members).
// https://smithy.io/2.0/spec/http-bindings.html
#include <openssl/evp.h>

#include "aws/protocol/serializer_internal.h"
#include "aws/protocol/wire_format.h"
#include "common/strings.h"

namespace raycloud::aws::internal {
namespace {

// Header lists are comma-separated; items holding a comma or a quote are quoted.
std::string HeaderListItem(const std::string& text) {
  if (text.find_first_of(",\"") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string Md5Base64(std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(body.data(), body.size(), digest, &size, EVP_md5(), nullptr);
  return strings::Base64Encode(std::string_view(reinterpret_cast<char*>(digest), size));
}

bool HasHeader(const HttpHeaders& headers, std::string_view name) {
  std::string lower = strings::Lower(name);
  for (const auto& [key, value] : headers) {
    if (strings::Lower(key) == lower) return true;
  }
  return false;
}

class RestWriter {
 public:
  RestWriter(const ServiceModel& model, const Operation& op, const SerializeOptions& options,
             SerializedRequest& out)
      : model_(model), op_(op), options_(options), out_(out) {}

  Status Write(const ordered_json& params) {
    std::string_view uri = op_.request_uri;
    size_t question = uri.find('?');
    path_template_ = std::string(uri.substr(0, question));
    if (question != std::string_view::npos) StaticQuery(uri.substr(question + 1));
    bool json_protocol = model_.protocol() == Protocol::kRestJson;

    std::vector<std::pair<const ShapeRef*, const ordered_json*>> query_maps;
    bool has_body_members = false;
    bool body_member_set = false;
    if (op_.input) {
      for (const ShapeRef& member : op_.input->members) {
        if (member.location == Location::kBody) has_body_members = true;
      }
      auto status = ForEachMember(*op_.input, params, op_.name, options_.check_required,
                                  [&](const ShapeRef& member, const ordered_json& value,
                                      const std::string& path) -> Status {
                                    switch (member.location) {
                                      case Location::kUri:
                                        return Label(member, value, path);
                                      case Location::kQueryString:
                                        if (member.shape->type == ShapeType::kMap) {
                                          query_maps.emplace_back(&member, &value);
                                          return {};
                                        }
                                        return Query(member, value, path);
                                      case Location::kHeader:
                                        return Header(member, value, path);
                                      case Location::kHeaders:
                                        return PrefixHeaders(member, value, path);
                                      case Location::kStatusCode:
                                        return {};
                                      case Location::kBody:
                                        body_member_set = true;
                                        return {};
                                    }
                                    return {};
                                  });
      if (!status) return status;
    }
    // Named query members win over a map of free-form query parameters.
    for (auto [member, value] : query_maps) {
      if (auto status = QueryMap(*member, *value, op_.name + "." + member->name); !status) {
        return status;
      }
    }
    if (path_template_.find('{') != std::string::npos) {
      return Fail(
          Error::Invalid(op_.name + ": missing URI label parameter(s) in " + path_template_));
    }
    out_.path = path_template_;

    if (op_.input && !op_.input->payload.empty()) {
      if (auto status = Payload(params); !status) return status;
    } else if (has_body_members && (json_protocol || body_member_set)) {
      if (json_protocol) {
        ShapeRef root;
        root.name = op_.name;
        root.shape = op_.input;
        auto body = JsonValue(root, params, op_.name, options_.check_required);
        if (!body) return Fail(body.error());
        out_.body = body->dump();
        SetContentType("application/json");
      } else {
        std::string root_name = !op_.input->location_name.empty()      ? op_.input->location_name
                                : !op_.input_ref.location_name.empty() ? op_.input_ref.location_name
                                                                       : op_.input->name;
        auto body = XmlDocument(op_.input_ref, root_name, params, op_.name, false);
        if (!body) return Fail(body.error());
        out_.body = std::move(*body);
        SetContentType("application/xml");
      }
    }
    if (op_.http_checksum_required && !HasHeader(out_.headers, "Content-MD5")) {
      out_.headers.emplace_back("Content-MD5", Md5Base64(out_.body));
    }
    return {};
  }

 private:
  void StaticQuery(std::string_view query) {
    for (const std::string& part : strings::Split(query, '&')) {
      if (part.empty()) continue;
      size_t eq = part.find('=');
      if (eq == std::string::npos) {
        out_.query.push_back({part, std::nullopt});
      } else {
        out_.query.push_back({part.substr(0, eq), part.substr(eq + 1)});
      }
    }
  }

  Status Label(const ShapeRef& member, const ordered_json& value, const std::string& path) {
    auto text = ScalarText(member, value, "iso8601", path);
    if (!text) return Fail(text.error());
    if (text->empty()) return Fail(Error::Invalid("parameter " + path + " must not be empty"));
    const std::string& name = member.WireName();
    for (bool greedy : {false, true}) {
      std::string placeholder = "{" + name + (greedy ? "+}" : "}");
      size_t at = path_template_.find(placeholder);
      if (at == std::string::npos) continue;
      // A greedy label spans path segments, so its slashes stay.
      path_template_.replace(at, placeholder.size(), strings::PercentEncode(*text, greedy));
      return {};
    }
    return {};
  }

  bool QueryHas(const std::string& name) const {
    for (const QueryParam& param : out_.query) {
      if (param.name == name) return true;
    }
    return false;
  }

  Status Query(const ShapeRef& member, const ordered_json& value, const std::string& path) {
    if (member.shape->type == ShapeType::kList) {
      if (!value.is_array()) return Fail(WrongType(path, "a list", value));
      for (const ordered_json& item : value) {
        auto text = ScalarText(member.shape->member, item, "iso8601", path);
        if (!text) return Fail(text.error());
        out_.query.push_back({member.WireName(), std::move(*text)});
      }
      return {};
    }
    auto text = ScalarText(member, value, "iso8601", path);
    if (!text) return Fail(text.error());
    out_.query.push_back({member.WireName(), std::move(*text)});
    return {};
  }

  Status QueryMap(const ShapeRef& member, const ordered_json& value, const std::string& path) {
    if (!value.is_object()) return Fail(WrongType(path, "a map (object)", value));
    const ShapeRef& value_ref = member.shape->value;
    for (const auto& [key, item] : value.items()) {
      if (QueryHas(key)) continue;
      if (value_ref.shape->type == ShapeType::kList) {
        if (!item.is_array()) return Fail(WrongType(path + "." + key, "a list", item));
        for (const ordered_json& element : item) {
          auto text = ScalarText(value_ref.shape->member, element, "iso8601", path + "." + key);
          if (!text) return Fail(text.error());
          out_.query.push_back({key, std::move(*text)});
        }
      } else {
        auto text = ScalarText(value_ref, item, "iso8601", path + "." + key);
        if (!text) return Fail(text.error());
        out_.query.push_back({key, std::move(*text)});
      }
    }
    return {};
  }

  Status Header(const ShapeRef& member, const ordered_json& value, const std::string& path) {
    std::string text;
    if (member.shape->type == ShapeType::kList) {
      if (!value.is_array()) return Fail(WrongType(path, "a list", value));
      const ShapeRef& item_ref = member.shape->member;
      for (const ordered_json& item : value) {
        auto item_text = ScalarText(item_ref, item, "rfc822", path);
        if (!item_text) return Fail(item_text.error());
        if (!text.empty()) text += ", ";
        // HTTP dates contain commas but are never quoted.
        text +=
            item_ref.shape->type == ShapeType::kTimestamp ? *item_text : HeaderListItem(*item_text);
      }
    } else if (member.jsonvalue && !value.is_string()) {
      text = strings::Base64Encode(value.dump());
    } else {
      auto scalar = ScalarText(member, value, "rfc822", path);
      if (!scalar) return Fail(scalar.error());
      text = std::move(*scalar);
    }
    out_.headers.emplace_back(member.WireName(), std::move(text));
    return {};
  }

  Status PrefixHeaders(const ShapeRef& member, const ordered_json& value, const std::string& path) {
    if (!value.is_object()) return Fail(WrongType(path, "a map (object)", value));
    for (const auto& [key, item] : value.items()) {
      auto text = ScalarText(member.shape->value, item, "rfc822", path + "." + key);
      if (!text) return Fail(text.error());
      out_.headers.emplace_back(member.WireName() + key, std::move(*text));
    }
    return {};
  }

  Status Payload(const ordered_json& params) {
    const ShapeRef* member = op_.input->FindMember(op_.input->payload);
    if (!member) return Fail(Error::Internal(op_.name + ": payload member is not in the input"));
    auto it = params.find(member->name);
    if (it == params.end() || it->is_null()) {
      // rest-json sends an unset structure payload as {} (a union: nothing).
      if (model_.protocol() == Protocol::kRestJson &&
          member->shape->type == ShapeType::kStructure && !member->shape->union_) {
        out_.body = "{}";
        SetContentType("application/json");
      }
      return {};
    }
    std::string path = op_.name + "." + member->name;
    switch (member->shape->type) {
      case ShapeType::kBlob: {
        auto bytes = BlobBytes(*it, path);
        if (!bytes) return Fail(bytes.error());
        out_.body = std::move(*bytes);
        SetContentType("application/octet-stream");
        return {};
      }
      case ShapeType::kString:
        if (!it->is_string()) return Fail(WrongType(path, "a string", *it));
        out_.body = it->get<std::string>();
        SetContentType("text/plain");
        return {};
      case ShapeType::kStructure:
      case ShapeType::kDocument:
        if (model_.protocol() == Protocol::kRestJson) {
          auto body = JsonValue(*member, *it, path, options_.check_required);
          if (!body) return Fail(body.error());
          out_.body = body->dump();
          SetContentType("application/json");
        } else {
          const std::string& root =
              member->location_name.empty() ? member->shape->name : member->location_name;
          auto body = XmlDocument(*member, root, *it, path, options_.check_required);
          if (!body) return Fail(body.error());
          out_.body = std::move(*body);
          SetContentType("application/xml");
        }
        return {};
      default:
        return Fail(Error::Internal(path + ": unsupported payload type"));
    }
  }

  void SetContentType(const char* type) {
    if (!HasHeader(out_.headers, "Content-Type")) out_.headers.emplace_back("Content-Type", type);
  }

  const ServiceModel& model_;
  const Operation& op_;
  const SerializeOptions& options_;
  SerializedRequest& out_;
  std::string path_template_;
};

}  // namespace

Status SerializeRest(const ServiceModel& model, const Operation& op, const ordered_json& params,
                     const SerializeOptions& options, SerializedRequest& out) {
  out.method = op.http_method;
  return RestWriter(model, op, options, out).Write(params);
}

}  // namespace raycloud::aws::internal
