"""The Pricing API (json, target AWSPriceListService.*), which moto lacks entirely.

GetProducts answers from `pricing_table.json`, a small table of published on-demand
prices, in the real PriceList format: each entry is a JSON *string* holding product,
serviceCode, terms.OnDemand (offer term JRTCKXETXF, rate code 6YS6EN2CT7) and version.
DescribeServices and GetAttributeValues answer from the same table.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pathlib
from typing import Any

from ..aws_request import AwsRequest
from ..protocols import Response, error, json_ok
from . import ServedState
from .paging import page

_ON_DEMAND_TERM = "JRTCKXETXF"  # AWS's offer term code for on-demand
_HOURLY_RATE = "6YS6EN2CT7"  # AWS's rate code for the on-demand price dimension


@functools.cache
def _table() -> dict[str, Any]:
    return json.loads((pathlib.Path(__file__).parent / "pricing_table.json").read_text())


def _sku(*parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest().upper()
    return "".join(c for c in digest if c.isalnum())[:16]


@functools.cache
def _products() -> list[dict[str, Any]]:
    """Every (product, region) as a price-list document, expanded once."""
    table = _table()
    documents = []
    for product in table["products"]:
        for region, price in product["prices"].items():
            where = table["regions"][region]
            usagetype = where["usagePrefix"] + product["usagetype"]
            sku = _sku(product["serviceCode"], region, usagetype, json.dumps(product["attributes"]))
            attributes = {
                **product["attributes"],
                "servicecode": product["serviceCode"],
                "servicename": table["serviceNames"][product["serviceCode"]],
                "location": where["location"],
                "locationType": "AWS Region",
                "regionCode": region,
                "usagetype": usagetype,
                "operation": product["operation"],
            }
            rate = f"{sku}.{_ON_DEMAND_TERM}.{_HOURLY_RATE}"
            documents.append(
                {
                    "product": {
                        "productFamily": product["productFamily"],
                        "attributes": attributes,
                        "sku": sku,
                    },
                    "serviceCode": product["serviceCode"],
                    "terms": {
                        "OnDemand": {
                            f"{sku}.{_ON_DEMAND_TERM}": {
                                "priceDimensions": {
                                    rate: {
                                        "unit": product["unit"],
                                        "endRange": "Inf",
                                        "description": product["description"],
                                        "appliesTo": [],
                                        "rateCode": rate,
                                        "beginRange": "0",
                                        "pricePerUnit": {"USD": f"{float(price):.10f}"},
                                    }
                                },
                                "sku": sku,
                                "effectiveDate": table["publicationDate"],
                                "offerTermCode": _ON_DEMAND_TERM,
                                "termAttributes": {},
                            }
                        }
                    },
                    "version": table["version"],
                    "publicationDate": table["publicationDate"],
                }
            )
    return documents


def _field(document: dict[str, Any], name: str) -> str | None:
    product = document["product"]
    lowered = name.lower()
    if lowered == "productfamily":
        return product["productFamily"]
    if lowered == "sku":
        return product["sku"]
    for key, value in product["attributes"].items():
        if key.lower() == lowered:
            return value
    return None


def _matches(document: dict[str, Any], spec: dict[str, Any]) -> bool:
    kind = str(spec.get("Type", "TERM_MATCH")).upper()
    value = _field(document, str(spec.get("Field", "")))
    if value is None:
        return kind == "NONE_OF"
    wanted = str(spec.get("Value", "")).lower()
    have = value.lower()
    if kind in ("TERM_MATCH", "EQUALS"):
        return have == wanted
    if kind == "CONTAINS":
        return wanted in have
    if kind == "ANY_OF":
        return have in [w.strip() for w in wanted.split(",")]
    if kind == "NONE_OF":
        return have not in [w.strip() for w in wanted.split(",")]
    return False


def _get_products(request: AwsRequest, state: ServedState) -> Response:
    service = request.params.get("ServiceCode")
    if not service:
        return error(request, "InvalidParameterException", "ServiceCode is required.")
    filters = request.params.get("Filters") or []
    selected = [
        json.dumps(document)
        for document in _products()
        if document["serviceCode"] == service and all(_matches(document, f) for f in filters)
    ]
    items, token = page(request, selected)
    payload: dict[str, Any] = {"FormatVersion": "aws_v1", "PriceList": items}
    if token:
        payload["NextToken"] = token
    return json_ok(request, payload)


def _describe_services(request: AwsRequest, state: ServedState) -> Response:
    wanted = request.params.get("ServiceCode")
    services = []
    for code in sorted({d["serviceCode"] for d in _products()}):
        if wanted and code != wanted:
            continue
        names = sorted({k for d in _products() if d["serviceCode"] == code
                        for k in d["product"]["attributes"]})
        services.append({"ServiceCode": code, "AttributeNames": names})
    items, token = page(request, services)
    payload: dict[str, Any] = {"Services": items, "FormatVersion": "aws_v1"}
    if token:
        payload["NextToken"] = token
    return json_ok(request, payload)


def _attribute_values(request: AwsRequest, state: ServedState) -> Response:
    service = request.params.get("ServiceCode")
    name = str(request.params.get("AttributeName", ""))
    values = sorted(
        {
            value
            for d in _products()
            if d["serviceCode"] == service
            for value in [_field(d, name)]
            if value is not None
        }
    )
    items, token = page(request, [{"Value": v} for v in values])
    payload: dict[str, Any] = {"AttributeValues": items}
    if token:
        payload["NextToken"] = token
    return json_ok(request, payload)


HANDLERS = {
    "pricing:GetProducts": _get_products,
    "pricing:DescribeServices": _describe_services,
    "pricing:GetAttributeValues": _attribute_values,
}
