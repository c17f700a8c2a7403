#!/usr/bin/env python3
"""Embeds the AWS operations raycloud calls from botocore's service models.

Reads `src/aws/models/operations.txt` (`service: Op Op ...` per line), loads each
service's newest `service-2.json.gz`, `paginators-1.json` and `waiters-2.json` from the
installed botocore package, keeps only the listed operations and the shapes they reach,
drops documentation and validation-only traits, and writes into the output directory:

  <service>_model.cc   one minified JSON document as raw string chunks
  embedded_models.cc   FindEmbeddedModel(name) over all services

The runtime (src/aws/protocol/service_model.cc) parses the JSON once per service. Only
the standard library is used so the build depends on nothing but python3 and botocore.
"""

import argparse
import gzip
import json
import os
import sys

# Shape and member traits the serialisers and parsers read; everything else (docs, enum,
# min/max/pattern, deprecation, box, sensitive) is dropped to keep the embedded text small.
SHAPE_KEYS = {
    "type", "members", "required", "member", "key", "value", "exception", "error", "fault",
    "union", "payload", "timestampFormat", "wrapper", "event", "eventstream", "document",
    "flattened", "streaming", "locationName", "xmlNamespace", "requiresLength", "sparse",
}
MEMBER_KEYS = {
    "shape", "location", "locationName", "queryName", "flattened", "xmlNamespace",
    "xmlAttribute", "timestampFormat", "jsonvalue", "hostLabel", "idempotencyToken",
    "streaming", "eventpayload", "contextParam",
}
OPERATION_KEYS = {
    "name", "http", "input", "output", "errors", "endpoint", "httpChecksumRequired",
    "httpChecksum", "staticContextParams", "operationContextParams", "authtype", "auth",
    "unsignedPayload", "requestcompression",
}
METADATA_KEYS = {
    "protocol", "protocols", "apiVersion", "endpointPrefix", "signingName", "targetPrefix",
    "jsonVersion", "globalEndpoint", "serviceId", "signatureVersion", "xmlNamespace", "uid",
    "auth",
}
# Raw string delimiter; the generator checks that the JSON never contains it.
DELIMITER = "rcjson"
CHUNK = 16000


def botocore_data_dir(explicit):
    if explicit:
        return explicit
    import botocore  # noqa: PLC0415 - only needed when no directory is given

    return os.path.join(os.path.dirname(botocore.__file__), "data")


def read_operations(path):
    services = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            service, sep, ops = line.partition(":")
            if not sep or not ops.split():
                sys.exit(f"{path}:{number}: expected 'service: Operation ...'")
            services.setdefault(service.strip(), []).extend(ops.split())
    return services


def newest_version_dir(data_dir, service):
    root = os.path.join(data_dir, service)
    versions = sorted(
        v for v in os.listdir(root)
        if os.path.isfile(os.path.join(root, v, "service-2.json.gz")))
    if not versions:
        sys.exit(f"botocore has no service-2.json.gz for {service} under {root}")
    return os.path.join(root, versions[-1])


def load_json(path, default=None):
    if not os.path.exists(path):
        return default
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def reachable_shapes(shapes, roots):
    seen = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        refs = [m["shape"] for m in shape.get("members", {}).values()]
        refs += [shape[k]["shape"] for k in ("member", "key", "value") if k in shape]
        stack.extend(r for r in refs if r not in seen)
    return seen


def strip_ref(ref):
    return {k: v for k, v in ref.items() if k in MEMBER_KEYS}


def strip_shape(shape):
    out = {k: v for k, v in shape.items() if k in SHAPE_KEYS}
    if "members" in out:
        out["members"] = {n: strip_ref(m) for n, m in out["members"].items()}
    for k in ("member", "key", "value"):
        if k in out:
            out[k] = strip_ref(out[k])
    return out


def build_service(data_dir, service, wanted):
    version_dir = newest_version_dir(data_dir, service)
    model = load_json(os.path.join(version_dir, "service-2.json.gz"))
    missing = [op for op in wanted if op not in model["operations"]]
    if missing:
        sys.exit(f"{service}: botocore has no operation(s) {', '.join(missing)}")

    operations = {}
    roots = []
    for name in wanted:
        op = {k: v for k, v in model["operations"][name].items() if k in OPERATION_KEYS}
        operations[name] = op
        for key in ("input", "output"):
            if key in op:
                roots.append(op[key]["shape"])
        roots += [e["shape"] for e in op.get("errors", [])]
    shapes = {n: strip_shape(model["shapes"][n])
              for n in sorted(reachable_shapes(model["shapes"], roots))}

    paginators = load_json(os.path.join(version_dir, "paginators-1.json"), {})
    paginators = {n: p for n, p in paginators.get("pagination", {}).items() if n in operations}
    waiters = load_json(os.path.join(version_dir, "waiters-2.json"), {})
    waiters = {n: w for n, w in waiters.get("waiters", {}).items()
               if w.get("operation") in operations}
    for waiter in waiters.values():
        waiter.pop("description", None)

    metadata = {k: v for k, v in model["metadata"].items() if k in METADATA_KEYS}
    return {
        "metadata": metadata,
        "operations": operations,
        "shapes": shapes,
        "paginators": paginators,
        "waiters": waiters,
    }


def identifier(service):
    return service.replace("-", "_")


def write_if_changed(path, text):
    # Unchanged outputs keep their timestamps so ninja does not recompile them.
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def service_source(service, document):
    text = json.dumps(document, separators=(",", ":"), sort_keys=False, ensure_ascii=True)
    if f"){DELIMITER}\"" in text:
        sys.exit(f"{service}: model text contains the raw string delimiter")
    chunks = [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)]
    body = "\n".join(f'    R"{DELIMITER}({c}){DELIMITER}"' for c in chunks)
    ident = identifier(service)
    return (
        "// Generated by scripts/gen_aws_models.py from botocore's service model. Do not edit.\n"
        '#include "aws/models/embedded_models.h"\n\n'
        "namespace raycloud::aws::models {\n\n"
        f"extern const ServiceModelData k{ident}_model;\n"
        f"constexpr char k{ident}_json[] =\n{body};\n"
        f"const ServiceModelData k{ident}_model{{\"{service}\", "
        f"{{k{ident}_json, sizeof(k{ident}_json) - 1}}}};\n\n"
        "}  // namespace raycloud::aws::models\n"
    )


def registry_source(services):
    externs = "\n".join(
        f"extern const ServiceModelData k{identifier(s)}_model;" for s in services)
    entries = "\n".join(f"    &k{identifier(s)}_model," for s in services)
    return (
        "// Generated by scripts/gen_aws_models.py. Do not edit.\n"
        '#include "aws/models/embedded_models.h"\n\n'
        "#include <array>\n\n"
        "namespace raycloud::aws::models {\n\n"
        f"{externs}\n\n"
        "namespace {\n"
        f"const std::array<const ServiceModelData*, {len(services)}> kAll{{{{\n"
        f"{entries}\n}}}};\n"
        "}  // namespace\n\n"
        "}  // namespace raycloud::aws::models\n\n"
        "namespace raycloud::aws {\n\n"
        "const ServiceModelData* FindEmbeddedModel(std::string_view service) {\n"
        "  for (const ServiceModelData* model : models::kAll) {\n"
        "    if (model->service == service) return model;\n"
        "  }\n"
        "  return nullptr;\n"
        "}\n\n"
        "std::vector<std::string_view> EmbeddedServiceNames() {\n"
        "  std::vector<std::string_view> names;\n"
        "  for (const ServiceModelData* model : models::kAll) names.push_back(model->service);\n"
        "  return names;\n"
        "}\n\n"
        "}  // namespace raycloud::aws\n"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", required=True, help="path of operations.txt")
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--botocore-data", help="botocore/data (default: the installed one)")
    parser.add_argument("--list-services", action="store_true",
                        help="print the service names and exit")
    args = parser.parse_args()

    services = read_operations(args.operations)
    if args.list_services:
        print(";".join(services))
        return
    data_dir = botocore_data_dir(args.botocore_data)
    os.makedirs(args.out_dir, exist_ok=True)
    for service, wanted in services.items():
        document = build_service(data_dir, service, wanted)
        write_if_changed(os.path.join(args.out_dir, f"{identifier(service)}_model.cc"),
                         service_source(service, document))
    write_if_changed(os.path.join(args.out_dir, "embedded_models.cc"),
                     registry_source(list(services)))


if __name__ == "__main__":
    main()
