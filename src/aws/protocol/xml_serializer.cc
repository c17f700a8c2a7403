// rest-xml request bodies, written directly as text (no DOM): the shapes decide element
// names, flattening, attributes and namespaces.
#include "aws/protocol/serializer_internal.h"
#include "common/strings.h"

namespace raycloud::aws::internal {
namespace {

class XmlWriter {
 public:
  explicit XmlWriter(bool check_required) : check_required_(check_required) {}

  Status Element(const ShapeRef& ref, const std::string& name, const ordered_json& value,
                 const std::string& path) {
    const Shape& shape = *ref.shape;
    switch (shape.type) {
      case ShapeType::kStructure:
        return Structure(ref, name, value, path);
      case ShapeType::kList:
        return List(ref, name, value, path);
      case ShapeType::kMap:
        return Map(ref, name, value, path);
      default: {
        auto text = ScalarText(ref, value, "iso8601", path);
        if (!text) return Fail(text.error());
        Open(ref, name);
        out_.push_back('>');
        out_ += strings::XmlEscape(*text);
        Close(name);
        return {};
      }
    }
  }

  std::string Take() { return std::move(out_); }

 private:
  // Writes "<name" and the namespace declaration; the caller closes the start tag.
  void Open(const ShapeRef& ref, const std::string& name) {
    out_.push_back('<');
    out_ += name;
    if (!ref.xml_namespace_uri.empty()) {
      out_ += ref.xml_namespace_prefix.empty() ? " xmlns" : " xmlns:" + ref.xml_namespace_prefix;
      out_ += "=\"";
      out_ += strings::XmlEscape(ref.xml_namespace_uri);
      out_.push_back('"');
    }
  }

  void Close(const std::string& name) {
    out_ += "</";
    out_ += name;
    out_.push_back('>');
  }

  Status Structure(const ShapeRef& ref, const std::string& name, const ordered_json& value,
                   const std::string& path) {
    Open(ref, name);
    // Attributes first: they belong in the start tag.
    auto status =
        ForEachMember(*ref.shape, value, path, check_required_,
                      [&](const ShapeRef& member, const ordered_json& v, const std::string& p) {
                        if (!member.xml_attribute || member.location != Location::kBody) {
                          return Status();
                        }
                        auto text = ScalarText(member, v, "iso8601", p);
                        if (!text) return Status(Fail(text.error()));
                        out_.push_back(' ');
                        out_ += member.WireName();
                        out_ += "=\"";
                        out_ += strings::XmlEscape(*text);
                        out_.push_back('"');
                        return Status();
                      });
    if (!status) return status;
    out_.push_back('>');
    status =
        ForEachMember(*ref.shape, value, path, false,
                      [&](const ShapeRef& member, const ordered_json& v, const std::string& p) {
                        // Headers, labels and query members of a REST input are not body.
                        if (member.xml_attribute || member.location != Location::kBody) {
                          return Status();
                        }
                        return Element(member, member.WireName(), v, p);
                      });
    if (!status) return status;
    Close(name);
    return {};
  }

  Status List(const ShapeRef& ref, const std::string& name, const ordered_json& value,
              const std::string& path) {
    if (!value.is_array()) return Fail(WrongType(path, "a list", value));
    const ShapeRef& member = ref.shape->member;
    if (ref.flattened) {
      for (size_t i = 0; i < value.size(); ++i) {
        if (auto status = Element(member, name, value[i], path + "[" + std::to_string(i) + "]");
            !status) {
          return status;
        }
      }
      return {};
    }
    Open(ref, name);
    out_.push_back('>');
    std::string item_name = member.location_name.empty() ? "member" : member.location_name;
    for (size_t i = 0; i < value.size(); ++i) {
      if (auto status = Element(member, item_name, value[i], path + "[" + std::to_string(i) + "]");
          !status) {
        return status;
      }
    }
    Close(name);
    return {};
  }

  Status Map(const ShapeRef& ref, const std::string& name, const ordered_json& value,
             const std::string& path) {
    if (!value.is_object()) return Fail(WrongType(path, "a map (object)", value));
    const Shape& shape = *ref.shape;
    std::string key_name = shape.key.location_name.empty() ? "key" : shape.key.location_name;
    std::string value_name =
        shape.value.location_name.empty() ? "value" : shape.value.location_name;
    if (!ref.flattened) {
      Open(ref, name);
      out_.push_back('>');
    }
    for (const auto& [key, item] : value.items()) {
      if (ref.flattened) {
        Open(ref, name);
        out_.push_back('>');
      } else {
        out_ += "<entry>";
      }
      if (auto status = Element(shape.key, key_name, ordered_json(key), path + "." + key);
          !status) {
        return status;
      }
      if (auto status = Element(shape.value, value_name, item, path + "." + key); !status) {
        return status;
      }
      if (ref.flattened) {
        Close(name);
      } else {
        out_ += "</entry>";
      }
    }
    if (!ref.flattened) Close(name);
    return {};
  }

  bool check_required_;
  std::string out_;
};

}  // namespace

Result<std::string> XmlDocument(const ShapeRef& ref, const std::string& root_name,
                                const ordered_json& value, const std::string& path,
                                bool check_required) {
  XmlWriter writer(check_required);
  if (auto status = writer.Element(ref, root_name, value, path); !status) {
    return Fail(status.error());
  }
  return writer.Take();
}

}  // namespace raycloud::aws::internal
