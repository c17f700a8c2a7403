// XML bodies of the ec2, query and rest-xml protocols, read with pugixml. Element names are
// matched without their namespace prefix (as botocore does); lists and maps may be
// flattened into repeated elements.
#include <charconv>
#include <cmath>
#include <pugixml.hpp>

#include "aws/protocol/parser_internal.h"
#include "aws/protocol/wire_format.h"

namespace raycloud::aws::internal {
namespace {

std::string_view LocalName(const char* name) {
  std::string_view view(name);
  size_t colon = view.find(':');
  return colon == std::string_view::npos ? view : view.substr(colon + 1);
}

pugi::xml_node FirstChild(pugi::xml_node node, std::string_view local_name) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element && LocalName(child.name()) == local_name) return child;
  }
  return {};
}

std::string_view Text(pugi::xml_node node) { return node.text().get(); }

bool HasElementChild(pugi::xml_node node) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element) return true;
  }
  return false;
}

class XmlReader {
 public:
  Result<json> Value(const ShapeRef& ref, pugi::xml_node node) {
    switch (ref.shape->type) {
      case ShapeType::kStructure:
        return Structure(*ref.shape, node);
      case ShapeType::kList: {
        json array = json::array();
        for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
          if (child.type() != pugi::node_element) continue;
          auto item = Value(ref.shape->member, child);
          if (!item) return item;
          array.push_back(std::move(*item));
        }
        return array;
      }
      case ShapeType::kMap: {
        json object = json::object();
        for (pugi::xml_node entry = node.first_child(); entry; entry = entry.next_sibling()) {
          if (entry.type() != pugi::node_element) continue;
          if (auto status = MapEntry(*ref.shape, entry, object); !status) {
            return Fail(status.error());
          }
        }
        return object;
      }
      default:
        return ScalarFromText(ref, Text(node));
    }
  }

  Result<json> Structure(const Shape& shape, pugi::xml_node node) {
    json object = json::object();
    for (const ShapeRef& member : shape.members) {
      if (!member.xml_attribute) continue;
      pugi::xml_attribute attribute = node.attribute(member.WireName().c_str());
      if (!attribute) continue;
      auto value = ScalarFromText(member, attribute.value());
      if (!value) return value;
      object[member.name] = std::move(*value);
    }
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      const ShapeRef* member = shape.FindXmlMember(LocalName(child.name()));
      if (!member || member->xml_attribute || IsHttpBound(*member)) continue;
      if (member->flattened && member->shape->type == ShapeType::kList) {
        auto item = Value(member->shape->member, child);
        if (!item) return item;
        json& array = object[member->name];
        if (!array.is_array()) array = json::array();
        array.push_back(std::move(*item));
      } else if (member->flattened && member->shape->type == ShapeType::kMap) {
        json& map = object[member->name];
        if (!map.is_object()) map = json::object();
        if (auto status = MapEntry(*member->shape, child, map); !status) {
          return Fail(status.error());
        }
      } else {
        auto value = Value(*member, child);
        if (!value) return value;
        object[member->name] = std::move(*value);
      }
    }
    return object;
  }

 private:
  Status MapEntry(const Shape& map, pugi::xml_node entry, json& out) {
    const std::string& key_name = map.key.location_name.empty() ? "key" : map.key.location_name;
    const std::string& value_name =
        map.value.location_name.empty() ? "value" : map.value.location_name;
    pugi::xml_node key = FirstChild(entry, key_name);
    if (!key)
      return Fail(MalformedResponse("map entry <" + std::string(entry.name()) + "> has no <" +
                                    key_name + ">"));
    pugi::xml_node value = FirstChild(entry, value_name);
    std::string key_text(Text(key));
    if (!value) {
      out[key_text] = nullptr;
      return {};
    }
    auto parsed = Value(map.value, value);
    if (!parsed) return Fail(parsed.error());
    out[key_text] = std::move(*parsed);
    return {};
  }
};

Result<pugi::xml_node> LoadDocument(pugi::xml_document& doc, std::string_view body) {
  pugi::xml_parse_result result =
      // Whitespace-only text is data when it is an element's only content.
      doc.load_buffer(body.data(), body.size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
                      pugi::encoding_utf8);
  if (!result) {
    return Fail(MalformedResponse(std::string("XML does not parse: ") + result.description() +
                                  " at offset " + std::to_string(result.offset)));
  }
  pugi::xml_node root = doc.document_element();
  if (!root) return Fail(MalformedResponse("XML has no document element"));
  return root;
}

bool IsBlank(std::string_view body) {
  return body.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

Error MalformedResponse(const std::string& what) {
  return Error{ErrorKind::kAws, ErrorClass::kTerminal, "malformed AWS response: " + what, {}};
}

Result<json> ScalarFromText(const ShapeRef& ref, std::string_view text) {
  switch (ref.shape->type) {
    case ShapeType::kInteger:
    case ShapeType::kLong: {
      int64_t value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || end != text.data() + text.size()) {
        return Fail(MalformedResponse("'" + std::string(text.substr(0, 40)) +
                                      "' is not an integer (" + ref.name + ")"));
      }
      return json(value);
    }
    case ShapeType::kBoolean:
      if (text == "true") return json(true);
      if (text == "false") return json(false);
      return Fail(MalformedResponse("'" + std::string(text.substr(0, 40)) + "' is not a boolean (" +
                                    ref.name + ")"));
    case ShapeType::kFloat:
    case ShapeType::kDouble: {
      if (text == "NaN" || text == "Infinity" || text == "-Infinity") return json(text);
      double value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
        return Fail(MalformedResponse("'" + std::string(text.substr(0, 40)) +
                                      "' is not a number (" + ref.name + ")"));
      }
      return json(value);
    }
    case ShapeType::kTimestamp: {
      auto epoch = ParseTimestamp(text);
      if (!epoch) {
        return Fail(MalformedResponse("'" + std::string(text.substr(0, 40)) +
                                      "' is not a timestamp (" + ref.name + ")"));
      }
      return json(FormatIso8601(*epoch));
    }
    case ShapeType::kBlob: {
      std::string clean;
      clean.reserve(text.size());
      for (char c : text) {
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') clean.push_back(c);
      }
      return json(std::move(clean));
    }
    case ShapeType::kDocument: {
      json parsed = json::parse(text.begin(), text.end(), nullptr, false);
      if (parsed.is_discarded()) return Fail(MalformedResponse("document is not JSON"));
      return parsed;
    }
    default:
      return json(std::string(text));
  }
}

Result<json> ParseXmlBody(const Shape& shape, std::string_view body, XmlLayout layout,
                          const std::string& result_wrapper) {
  if (IsBlank(body)) return json::object();
  pugi::xml_document doc;
  auto root = LoadDocument(doc, body);
  if (!root) return Fail(root.error());
  pugi::xml_node node = *root;
  if (layout == XmlLayout::kResultWrapper && !result_wrapper.empty()) {
    node = FirstChild(node, result_wrapper);
    if (!node) return json::object();
  }
  if (layout == XmlLayout::kRoot) {
    // S3 GetBucketLocation answers <LocationConstraint>eu-west-1</LocationConstraint>: the
    // document element is the member itself (botocore special-cases it too).
    const ShapeRef* member = shape.FindXmlMember(LocalName(node.name()));
    if (member && member->shape->type != ShapeType::kStructure &&
        member->shape->type != ShapeType::kList && member->shape->type != ShapeType::kMap &&
        !HasElementChild(node)) {
      auto value = ScalarFromText(*member, Text(node));
      if (!value) return value;
      return json{{member->name, std::move(*value)}};
    }
  }
  return XmlReader().Structure(shape, node);
}

XmlErrorInfo ParseXmlError(const ServiceModel& model, std::string_view body) {
  XmlErrorInfo info;
  if (IsBlank(body)) return info;
  pugi::xml_document doc;
  auto root = LoadDocument(doc, body);
  if (!root) return info;
  std::string_view root_name = LocalName(root->name());
  pugi::xml_node error;
  if (root_name == "Response") {
    error = FirstChild(FirstChild(*root, "Errors"), "Error");
  } else if (root_name == "ErrorResponse") {
    error = FirstChild(*root, "Error");
  } else if (root_name == "Error") {
    error = *root;
  }
  if (!error) return info;
  info.parsed = true;
  info.code = std::string(Text(FirstChild(error, "Code")));
  info.message = std::string(Text(FirstChild(error, "Message")));
  for (pugi::xml_node holder : {*root, error}) {
    for (const char* name : {"RequestId", "RequestID"}) {
      if (pugi::xml_node id = FirstChild(holder, name); id && info.request_id.empty()) {
        info.request_id = std::string(Text(id));
      }
    }
  }
  if (const Shape* shape = model.FindErrorShape(info.code)) {
    if (auto fields = XmlReader().Structure(*shape, error)) info.fields = std::move(*fields);
  }
  return info;
}

}  // namespace raycloud::aws::internal
