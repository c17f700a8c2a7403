// The query and ec2 protocols: form-encoded `Action=...&Version=...&Name.1.Sub=value` bodies.
// https://smithy.io/2.0/aws/protocols/aws-query-protocol.html and aws-ec2-query-protocol.html
#include <cctype>

#include "aws/protocol/serializer_internal.h"
#include "aws/protocol/wire_format.h"
#include "common/strings.h"

namespace raycloud::aws::internal {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded as botocore writes it (urlencode): RFC 3986 escapes with
// a space as '+'. AWS accepts %20 too, but moto's --auth hashes its own re-encoding of the
// parsed form, so only botocore's bytes let moto check our signatures (issue #2).
std::string FormEncode(std::string_view text) {
  std::string out;
  size_t start = 0;
  for (size_t space = text.find(' '); space != std::string_view::npos;
       space = text.find(' ', start)) {
    out += strings::PercentEncode(text.substr(start, space - start));
    out.push_back('+');
    start = space + 1;
  }
  out += strings::PercentEncode(text.substr(start));
  return out;
}

class QueryWriter {
 public:
  QueryWriter(bool ec2, bool check_required) : ec2_(ec2), check_required_(check_required) {}

  Status Write(const ShapeRef& ref, const ordered_json& value, const std::string& prefix,
               const std::string& path) {
    switch (ref.shape->type) {
      case ShapeType::kStructure:
        return WriteStructure(*ref.shape, value, prefix, path);
      case ShapeType::kList:
        return WriteList(ref, value, prefix, path);
      case ShapeType::kMap:
        return WriteMap(ref, value, prefix, path);
      default: {
        auto text = ScalarText(ref, value, "iso8601", path);
        if (!text) return Fail(text.error());
        pairs_.emplace_back(prefix, std::move(*text));
        return {};
      }
    }
  }

  Status WriteStructure(const Shape& shape, const ordered_json& value, const std::string& prefix,
                        const std::string& path) {
    return ForEachMember(shape, value, path, check_required_,
                         [&](const ShapeRef& member, const ordered_json& v, const std::string& p) {
                           std::string name = MemberName(member);
                           return Write(member, v, prefix.empty() ? name : prefix + "." + name, p);
                         });
  }

  Pairs& pairs() { return pairs_; }

 private:
  // ec2: queryName, else the capitalised locationName or member name.
  std::string MemberName(const ShapeRef& member) const {
    if (!ec2_) return member.WireName();
    if (!member.query_name.empty()) return member.query_name;
    std::string name = member.WireName();
    if (!name.empty())
      name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name;
  }

  Status WriteList(const ShapeRef& ref, const ordered_json& value, const std::string& prefix,
                   const std::string& path) {
    if (!value.is_array()) return Fail(WrongType(path, "a list", value));
    const ShapeRef& member = ref.shape->member;
    if (value.empty()) {
      // The query protocol sends an empty list as "Name="; ec2 sends nothing.
      if (!ec2_) pairs_.emplace_back(prefix, "");
      return {};
    }
    std::string list_prefix;
    if (ec2_) {
      list_prefix = prefix;
    } else if (ref.flattened) {
      // Named by the structure member only (Smithy); the list member's name is unused.
      list_prefix = prefix;
    } else {
      list_prefix = prefix + "." + (member.location_name.empty() ? "member" : member.location_name);
    }
    for (size_t i = 0; i < value.size(); ++i) {
      std::string index = std::to_string(i + 1);
      if (auto status =
              Write(member, value[i], list_prefix + "." + index, path + "[" + index + "]");
          !status) {
        return status;
      }
    }
    return {};
  }

  Status WriteMap(const ShapeRef& ref, const ordered_json& value, const std::string& prefix,
                  const std::string& path) {
    if (!value.is_object()) return Fail(WrongType(path, "a map (object)", value));
    const Shape& shape = *ref.shape;
    std::string full_prefix = ref.flattened ? prefix : prefix + ".entry";
    std::string key_name = shape.key.location_name.empty() ? "key" : shape.key.location_name;
    std::string value_name =
        shape.value.location_name.empty() ? "value" : shape.value.location_name;
    size_t i = 0;
    for (const auto& [key, item] : value.items()) {
      std::string entry = full_prefix + "." + std::to_string(++i) + ".";
      pairs_.emplace_back(entry + key_name, key);
      if (auto status = Write(shape.value, item, entry + value_name, path + "." + key); !status) {
        return status;
      }
    }
    return {};
  }

  bool ec2_;
  bool check_required_;
  Pairs pairs_;
};

}  // namespace

Status SerializeQuery(const ServiceModel& model, const Operation& op, const ordered_json& params,
                      const SerializeOptions& options, SerializedRequest& out) {
  QueryWriter writer(model.protocol() == Protocol::kEc2, options.check_required);
  writer.pairs().emplace_back("Action", op.name);
  writer.pairs().emplace_back("Version", model.metadata().api_version);
  if (op.input) {
    if (auto status = writer.WriteStructure(*op.input, params, "", op.name); !status) {
      return status;
    }
  }
  out.method = "POST";
  out.path = "/";
  for (const auto& [key, value] : writer.pairs()) {
    if (!out.body.empty()) out.body.push_back('&');
    out.body += FormEncode(key);
    out.body.push_back('=');
    out.body += FormEncode(value);
  }
  out.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  return {};
}

}  // namespace raycloud::aws::internal
