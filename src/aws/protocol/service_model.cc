#include "aws/protocol/service_model.h"

#include <algorithm>
#include <mutex>
#include <utility>

#include "aws/models/embedded_models.h"

namespace raycloud::aws {
namespace {

using nlohmann::ordered_json;

std::string StringOr(const ordered_json& object, const char* key, std::string fallback = "") {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::move(fallback);
}

bool BoolOr(const ordered_json& object, const char* key, bool fallback = false) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

int IntOr(const ordered_json& object, const char* key, int fallback) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

// The object at `key`, or an empty object; a reference, so loops over items() are safe.
const ordered_json& Member(const ordered_json& object, const char* key) {
  static const ordered_json kEmpty = ordered_json::object();
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

// xmlNamespace is {"uri", "prefix"?} in botocore models, a bare URI in a few test models.
void ReadXmlNamespace(const ordered_json& object, std::string& uri, std::string& prefix) {
  auto it = object.find("xmlNamespace");
  if (it == object.end()) return;
  if (it->is_string()) {
    uri = it->get<std::string>();
  } else if (it->is_object()) {
    uri = StringOr(*it, "uri");
    prefix = StringOr(*it, "prefix");
  }
}

// Paginator fields are a string or a list of strings.
std::vector<std::string> StringList(const ordered_json& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end()) return out;
  if (it->is_string()) out.push_back(it->get<std::string>());
  if (it->is_array()) {
    for (const auto& item : *it) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  }
  return out;
}

Result<ShapeType> ShapeTypeFromName(const std::string& name) {
  static const std::unordered_map<std::string, ShapeType> kTypes = {
      {"structure", ShapeType::kStructure},
      {"list", ShapeType::kList},
      {"map", ShapeType::kMap},
      {"string", ShapeType::kString},
      {"character", ShapeType::kString},
      {"integer", ShapeType::kInteger},
      {"byte", ShapeType::kInteger},
      {"short", ShapeType::kInteger},
      {"long", ShapeType::kLong},
      {"bigInteger", ShapeType::kLong},
      {"boolean", ShapeType::kBoolean},
      {"float", ShapeType::kFloat},
      {"double", ShapeType::kDouble},
      {"bigDecimal", ShapeType::kDouble},
      {"timestamp", ShapeType::kTimestamp},
      {"blob", ShapeType::kBlob},
      {"document", ShapeType::kDocument},
  };
  auto it = kTypes.find(name);
  if (it == kTypes.end()) return Fail(Error::Internal("unknown shape type '" + name + "'"));
  return it->second;
}

Location LocationFromName(const std::string& name) {
  if (name == "header") return Location::kHeader;
  if (name == "headers") return Location::kHeaders;
  if (name == "uri") return Location::kUri;
  if (name == "querystring") return Location::kQueryString;
  if (name == "statusCode") return Location::kStatusCode;
  return Location::kBody;
}

}  // namespace

Result<Protocol> ProtocolFromName(std::string_view name) {
  if (name == "ec2") return Protocol::kEc2;
  if (name == "query") return Protocol::kQuery;
  if (name == "rest-xml") return Protocol::kRestXml;
  if (name == "rest-json") return Protocol::kRestJson;
  if (name == "json") return Protocol::kJson;
  return Fail(Error::Internal("unsupported AWS protocol '" + std::string(name) + "'"));
}

void Shape::IndexMembers() {
  by_name_.clear();
  by_wire_name_.clear();
  for (size_t i = 0; i < members.size(); ++i) {
    by_name_.emplace(members[i].name, i);
    by_wire_name_.emplace(members[i].WireName(), i);
  }
}

const ShapeRef* Shape::FindMember(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &members[it->second];
}

const ShapeRef* Shape::FindWireMember(std::string_view wire_name) const {
  auto it = by_wire_name_.find(wire_name);
  return it == by_wire_name_.end() ? nullptr : &members[it->second];
}

const ShapeRef* Shape::FindXmlMember(std::string_view element) const {
  return FindWireMember(element);
}

Result<ShapeRef> ServiceModel::MakeRef(const std::string& name, const ordered_json& ref) {
  ShapeRef out;
  out.name = name;
  std::string target = StringOr(ref, "shape");
  auto it = shapes_.find(target);
  if (it == shapes_.end()) {
    return Fail(Error::Internal("model references unknown shape '" + target + "'"));
  }
  const Shape& shape = *it->second;
  out.shape = &shape;
  // botocore overlays member traits on the target shape's serialisation traits, except the
  // shape's locationName: it names a document root, never a member element (Smithy's rule,
  // which the conformance cases check).
  out.has_location_name = ref.contains("locationName");
  out.location_name = StringOr(ref, "locationName");
  out.location = LocationFromName(StringOr(ref, "location"));
  out.query_name = StringOr(ref, "queryName");
  out.flattened = BoolOr(ref, "flattened", shape.flattened);
  out.xml_namespace_uri = shape.xml_namespace_uri;
  out.xml_namespace_prefix = shape.xml_namespace_prefix;
  ReadXmlNamespace(ref, out.xml_namespace_uri, out.xml_namespace_prefix);
  out.xml_attribute = BoolOr(ref, "xmlAttribute");
  out.timestamp_format = StringOr(ref, "timestampFormat", shape.timestamp_format);
  out.jsonvalue = BoolOr(ref, "jsonvalue");
  out.host_label = BoolOr(ref, "hostLabel");
  out.idempotency_token = BoolOr(ref, "idempotencyToken");
  out.streaming = BoolOr(ref, "streaming", shape.streaming);
  out.event_payload = BoolOr(ref, "eventpayload");
  return out;
}

Status ServiceModel::LoadShapes(const ordered_json& shapes) {
  if (!shapes.is_object()) return Fail(Error::Internal("model has no shapes object"));
  // Two passes: create every shape with its own traits, then resolve references (shapes
  // may be recursive).
  for (const auto& [name, def] : shapes.items()) {
    if (!def.is_object()) return Fail(Error::Internal("shape '" + name + "' is not an object"));
    auto shape = std::make_unique<Shape>();
    shape->name = name;
    auto type = ShapeTypeFromName(StringOr(def, "type"));
    if (!type) return Fail(type.error());
    // Document shapes are structures marked "document": free-form JSON.
    shape->type = BoolOr(def, "document") ? ShapeType::kDocument : *type;
    shape->location_name = StringOr(def, "locationName");
    ReadXmlNamespace(def, shape->xml_namespace_uri, shape->xml_namespace_prefix);
    shape->flattened = BoolOr(def, "flattened");
    shape->timestamp_format = StringOr(def, "timestampFormat");
    shape->payload = StringOr(def, "payload");
    shape->streaming = BoolOr(def, "streaming");
    shape->exception = BoolOr(def, "exception");
    shape->fault = BoolOr(def, "fault");
    shape->union_ = BoolOr(def, "union");
    shape->event_stream = BoolOr(def, "eventstream");
    shape->wrapper = BoolOr(def, "wrapper");
    shape->sparse = BoolOr(def, "sparse");
    if (auto error = def.find("error"); error != def.end() && error->is_object()) {
      shape->error_code = StringOr(*error, "code");
      shape->error_http_status = IntOr(*error, "httpStatusCode", 0);
    }
    shapes_.emplace(name, std::move(shape));
  }
  for (const auto& [name, def] : shapes.items()) {
    Shape& shape = *shapes_.at(name);
    if (auto members = def.find("members"); members != def.end() && members->is_object()) {
      std::vector<std::string> required = StringList(def, "required");
      for (const auto& [member_name, ref] : members->items()) {
        auto member = MakeRef(member_name, ref);
        if (!member) return Fail(member.error());
        member->required =
            std::find(required.begin(), required.end(), member_name) != required.end();
        shape.members.push_back(std::move(*member));
      }
    }
    for (auto [key, slot] : {std::pair{"member", &shape.member}, std::pair{"key", &shape.key},
                             std::pair{"value", &shape.value}}) {
      if (auto ref = def.find(key); ref != def.end() && ref->is_object()) {
        auto resolved = MakeRef(key, *ref);
        if (!resolved) return Fail(resolved.error());
        *slot = std::move(*resolved);
      }
    }
    if ((shape.type == ShapeType::kList && !shape.member.shape) ||
        (shape.type == ShapeType::kMap && (!shape.key.shape || !shape.value.shape))) {
      return Fail(Error::Internal("shape '" + name + "' lacks its member/key/value"));
    }
  }
  // Indexed here, before the model is shared, so readers never write.
  for (auto& [name, shape] : shapes_) shape->IndexMembers();
  return {};
}

Status ServiceModel::Load(const ordered_json& document) {
  if (!document.is_object()) return Fail(Error::Internal("model is not a JSON object"));
  const ordered_json& metadata = document.value("metadata", ordered_json::object());
  metadata_.protocol_name = StringOr(metadata, "protocol");
  auto protocol = ProtocolFromName(metadata_.protocol_name);
  if (!protocol) return Fail(protocol.error());
  metadata_.protocol = *protocol;
  metadata_.api_version = StringOr(metadata, "apiVersion");
  metadata_.endpoint_prefix = StringOr(metadata, "endpointPrefix");
  metadata_.signing_name = StringOr(metadata, "signingName", metadata_.endpoint_prefix);
  metadata_.target_prefix = StringOr(metadata, "targetPrefix");
  metadata_.json_version = StringOr(metadata, "jsonVersion");
  metadata_.global_endpoint = StringOr(metadata, "globalEndpoint");
  metadata_.service_id = StringOr(metadata, "serviceId");
  metadata_.signature_version = StringOr(metadata, "signatureVersion");
  metadata_.xml_namespace = StringOr(metadata, "xmlNamespace");

  if (auto status = LoadShapes(document.value("shapes", ordered_json::object())); !status) {
    return status;
  }
  auto shape_of = [&](const ordered_json& ref) -> Result<const Shape*> {
    std::string name = StringOr(ref, "shape");
    const Shape* shape = FindShape(name);
    if (!shape) return Fail(Error::Internal("operation references unknown shape '" + name + "'"));
    return shape;
  };
  for (const auto& [name, def] : Member(document, "operations").items()) {
    Operation op;
    op.name = name;
    const ordered_json& http = def.value("http", ordered_json::object());
    op.http_method = StringOr(http, "method", "POST");
    op.request_uri = StringOr(http, "requestUri", "/");
    op.response_code = IntOr(http, "responseCode", 200);
    if (auto input = def.find("input"); input != def.end() && input->is_object()) {
      auto ref = MakeRef("input", *input);
      if (!ref) return Fail(ref.error());
      op.input = ref->shape;
      op.input_ref = std::move(*ref);
    }
    if (auto output = def.find("output"); output != def.end() && output->is_object()) {
      auto shape = shape_of(*output);
      if (!shape) return Fail(shape.error());
      op.output = *shape;
      op.result_wrapper = StringOr(*output, "resultWrapper");
    }
    for (const auto& error : def.value("errors", ordered_json::array())) {
      auto shape = shape_of(error);
      if (!shape) return Fail(shape.error());
      op.errors.push_back(*shape);
      error_shapes_.emplace((*shape)->error_code.empty() ? (*shape)->name : (*shape)->error_code,
                            *shape);
    }
    op.host_prefix = StringOr(def.value("endpoint", ordered_json::object()), "hostPrefix");
    op.http_checksum_required =
        BoolOr(def, "httpChecksumRequired") ||
        BoolOr(def.value("httpChecksum", ordered_json::object()), "requestChecksumRequired");
    std::string auth_type = StringOr(def, "authtype");
    op.unsigned_payload = auth_type == "v4-unsigned-body" || BoolOr(def, "unsignedPayload");
    op.anonymous = auth_type == "none";
    operations_.emplace(name, std::move(op));
  }
  // Exceptions not listed on any operation still name their code (query protocols).
  for (const auto& [name, shape] : shapes_) {
    if (shape->exception) {
      error_shapes_.emplace(shape->error_code.empty() ? name : shape->error_code, shape.get());
    }
  }
  for (const auto& [name, def] : Member(document, "paginators").items()) {
    Paginator paginator;
    paginator.input_tokens = StringList(def, "input_token");
    paginator.output_tokens = StringList(def, "output_token");
    paginator.limit_key = StringOr(def, "limit_key");
    paginator.result_keys = StringList(def, "result_key");
    paginator.more_results = StringOr(def, "more_results");
    paginators_.emplace(name, std::move(paginator));
  }
  for (const auto& [name, def] : Member(document, "waiters").items()) {
    Waiter waiter;
    waiter.name = name;
    waiter.operation = StringOr(def, "operation");
    waiter.delay_seconds = IntOr(def, "delay", 15);
    waiter.max_attempts = IntOr(def, "maxAttempts", 40);
    waiter.acceptors = nlohmann::json(def.value("acceptors", ordered_json::array()));
    waiters_.emplace(name, std::move(waiter));
  }
  return {};
}

Result<std::shared_ptr<const ServiceModel>> ServiceModel::Create(const ordered_json& document) {
  std::shared_ptr<ServiceModel> model(new ServiceModel());
  try {
    if (auto status = model->Load(document); !status) return Fail(status.error());
  } catch (const ordered_json::exception& e) {
    return Fail(Error::Internal(std::string("malformed service model: ") + e.what()));
  }
  return model;
}

Result<std::shared_ptr<const ServiceModel>> ServiceModel::Embedded(std::string_view service) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const ServiceModel>, std::less<>> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(service); it != cache.end()) return it->second;
  const ServiceModelData* data = FindEmbeddedModel(service);
  if (!data) {
    return Fail(
        Error::NotFound("raycloud embeds no AWS model for service '" + std::string(service) + "'"));
  }
  auto document = ordered_json::parse(data->json.begin(), data->json.end(), nullptr, false);
  if (document.is_discarded()) {
    return Fail(Error::Internal("embedded model of " + std::string(service) + " is not JSON"));
  }
  auto model = Create(document);
  if (!model) return Fail(model.error());
  cache.emplace(std::string(service), *model);
  return *model;
}

const Operation* ServiceModel::FindOperation(std::string_view name) const {
  auto it = operations_.find(name);
  return it == operations_.end() ? nullptr : &it->second;
}

const Shape* ServiceModel::FindShape(std::string_view name) const {
  auto it = shapes_.find(std::string(name));
  return it == shapes_.end() ? nullptr : it->second.get();
}

const Shape* ServiceModel::FindErrorShape(std::string_view code) const {
  auto it = error_shapes_.find(std::string(code));
  return it == error_shapes_.end() ? nullptr : it->second;
}

const Paginator* ServiceModel::FindPaginator(std::string_view operation) const {
  auto it = paginators_.find(operation);
  return it == paginators_.end() ? nullptr : &it->second;
}

const Waiter* ServiceModel::FindWaiter(std::string_view name) const {
  auto it = waiters_.find(name);
  return it == waiters_.end() ? nullptr : &it->second;
}

}  // namespace raycloud::aws
