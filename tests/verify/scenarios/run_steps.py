#!/usr/bin/env python3
"""Builds a scenario's AWS state with boto3 (an independent client) against the emulator.

Input (a JSON file, first argument):
  {"endpoint": "http://127.0.0.1:PORT", "region": "us-west-2",
   "steps": [{"call": "ec2:CreateVpc", "params": {...}, "save": {"vpc_id": "Vpc.VpcId"}}, ...]}
A step may name its own "region" (a bucket or VPC elsewhere). Strings in params may hold
${name} for a value saved by an earlier step. A `save` path is
a JMESPath expression on the response; a list result keeps its first element.
Output (stdout): the saved values as one JSON object. Exit 1 with the failing step on error.
"""
import json
import re
import sys

import boto3
import jmespath
from botocore.config import Config
from botocore import xform_name

VARIABLE = re.compile(r"\$\{([a-z0-9_]+)\}")


def substitute(value, saved):
    if isinstance(value, str):
        whole = VARIABLE.fullmatch(value)
        if whole and isinstance(saved.get(whole.group(1)), (list, dict)):
            return saved[whole.group(1)]
        return VARIABLE.sub(lambda m: str(saved[m.group(1)]), value)
    if isinstance(value, list):
        return [substitute(item, saved) for item in value]
    if isinstance(value, dict):
        return {key: substitute(item, saved) for key, item in value.items()}
    return value


def main():
    with open(sys.argv[1]) as handle:
        spec = json.load(handle)
    clients = {}
    saved = {}
    for index, step in enumerate(spec["steps"]):
        service, operation = step["call"].split(":", 1)
        region = step.get("region", spec["region"])
        if (service, region) not in clients:
            clients[(service, region)] = boto3.client(
                service, endpoint_url=spec["endpoint"], region_name=region,
                aws_access_key_id="AKIASCENARIOS0000000", aws_secret_access_key="scenarios",
                config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}))
        try:
            params = substitute(step.get("params", {}), saved)
            response = getattr(clients[(service, region)], xform_name(operation))(**params)
        except Exception as error:  # report which step broke, then stop
            print(f"step {index} ({step['call']}) failed: {error}", file=sys.stderr)
            return 1
        for name, path in step.get("save", {}).items():
            value = jmespath.search(path, response)
            if isinstance(value, list):
                value = value[0] if value else None
            saved[name] = value
    json.dump(saved, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
