#!/usr/bin/env python3
"""Seeded generator of random but valid IAM simulation requests (raycloud's batch format,
cli.md `iam simulate --requests`), for the differential test against the peer simulator.

Every case uses real actions, resource ARNs of the right type and global condition keys,
so that the peer's own validation accepts it. Features covered: identity policies,
permissions boundaries, resource-based policies with every principal form, SCP and RCP
levels, session policies, Action/NotAction, Resource/NotResource with `*`, `?` and policy
variables, every condition operator family with IfExists and ForAllValues/ForAnyValue,
same- and cross-account requests.

Usage: generate.py --seed N --cases N > cases.jsonl
"""
import argparse
import json
import random

HOME = "111122223333"
OTHER = "444455556666"

# (principal, account, type, extra context) the requests are made by.
PRINCIPALS = [
    ("arn:aws:iam::%s:user/alice" % HOME, HOME, "User", {"aws:username": "alice"}),
    ("arn:aws:iam::%s:user/dev/carol" % HOME, HOME, "User", {"aws:username": "carol"}),
    ("arn:aws:sts::%s:assumed-role/app/session-1" % HOME, HOME, "AssumedRole", {}),
    ("arn:aws:iam::%s:user/bob" % OTHER, OTHER, "User", {"aws:username": "bob"}),
    ("arn:aws:sts::%s:assumed-role/partner/s2" % OTHER, OTHER, "AssumedRole", {}),
]


def role_of(principal):
    # aws:PrincipalArn of a role session is the role's ARN.
    if ":assumed-role/" in principal:
        account = principal.split(":")[4]
        role = principal.split("/")[1]
        return "arn:aws:iam::%s:role/%s" % (account, role)
    return principal


BUCKETS = ["data-bucket", "logs-bucket"]
KEYS = ["home/alice/a.txt", "home/bob/b.txt", "home/carol/c.csv", "public/index.html", "x"]

# Each action with the kind of resource it takes; None means wildcard-only ("*").
ACTIONS = [
    ("s3:GetObject", "object"), ("s3:PutObject", "object"), ("s3:DeleteObject", "object"),
    ("s3:ListBucket", "bucket"), ("s3:GetBucketTagging", "bucket"),
    ("sqs:SendMessage", "queue"), ("sqs:ReceiveMessage", "queue"),
    ("sns:Publish", "topic"),
    ("dynamodb:GetItem", "table"), ("dynamodb:PutItem", "table"),
    ("ec2:StartInstances", "instance"), ("ec2:TerminateInstances", "instance"),
    ("ec2:DescribeInstances", None),
    ("iam:GetRole", "role"), ("iam:PassRole", "role"),
    ("lambda:InvokeFunction", "function"),
    ("secretsmanager:GetSecretValue", "secret"),
]
# Services whose resources take a resource-based policy (iam's roles take trust policies,
# which follow different rules and are covered by the hand-written cases).
RESOURCE_POLICY_SERVICES = {"s3", "sqs", "sns", "lambda", "secretsmanager", "dynamodb"}


def resource_arn(rng, kind, account):
    if kind == "object":
        return "arn:aws:s3:::%s/%s" % (rng.choice(BUCKETS), rng.choice(KEYS))
    if kind == "bucket":
        return "arn:aws:s3:::%s" % rng.choice(BUCKETS)
    if kind == "queue":
        return "arn:aws:sqs:us-east-1:%s:%s" % (account, rng.choice(["jobs", "events"]))
    if kind == "topic":
        return "arn:aws:sns:us-east-1:%s:%s" % (account, rng.choice(["alerts", "audit"]))
    if kind == "table":
        return "arn:aws:dynamodb:us-east-1:%s:table/%s" % (account, rng.choice(["users", "runs"]))
    if kind == "instance":
        return "arn:aws:ec2:us-east-1:%s:instance/%s" % (account, rng.choice(["i-0abc", "i-0def"]))
    if kind == "role":
        return "arn:aws:iam::%s:role/%s" % (account, rng.choice(["raycloud-node", "admin"]))
    if kind == "function":
        return "arn:aws:lambda:us-east-1:%s:function:%s" % (account, rng.choice(["hook", "etl"]))
    if kind == "secret":
        return "arn:aws:secretsmanager:us-east-1:%s:secret:%s-AbCdEf" % (account, rng.choice(["db", "api"]))
    return "*"


def action_pattern(rng, action):
    service, name = action.split(":")
    choice = rng.random()
    if choice < 0.3:
        # Exact, in a random case: actions compare case-insensitively.
        text = "".join(c.upper() if rng.random() < 0.3 else c for c in action)
        return text
    if choice < 0.45:
        return service + ":*"
    if choice < 0.6:
        return "%s:%s*" % (service, name[: rng.randint(1, max(1, len(name) - 1))])
    if choice < 0.7:
        i = rng.randrange(len(name))
        return "%s:%s?%s" % (service, name[:i], name[i + 1:])
    if choice < 0.75:
        return "*"
    if choice < 0.85:
        return "%s:*%s" % (service, name[-3:])
    other = rng.choice(ACTIONS)[0]
    return other


def literal_prefix(resource):
    """Where wildcards may start in a generated pattern: after the resource type ("table/",
    "secret:") and never on a colon. The peer requires the resource type to be literal
    (see intended_differences.json), so random patterns keep it so."""
    parts = resource.split(":", 5)
    head = len(":".join(parts[:5])) + 1
    rest = parts[5]
    if parts[2] == "s3":
        return head
    cuts = [i for i in (rest.find("/"), rest.find(":")) if i != -1]
    return head + (min(cuts) + 1 if cuts else 0)


def resource_pattern(rng, resource, rcp=False):
    choice = rng.random()
    if resource == "*" or choice < 0.2:
        return "*"
    if choice < 0.45:
        return resource
    start = literal_prefix(resource)
    if choice < 0.6:
        # The peer rejects short ARNs in RCPs (its own rule), so RCPs cut only after the
        # resource type.
        cut = rng.randint(start if rcp else len("arn:aws:"), len(resource))
        return resource[:cut] + "*"
    if choice < 0.68:
        positions = [i for i in range(start, len(resource)) if resource[i] != ":"]
        if not positions:
            return resource
        i = rng.choice(positions)
        return resource[:i] + "?" + resource[i + 1:]
    if choice < 0.8:
        return "arn:aws:s3:::%s/home/${aws:username}/*" % rng.choice(BUCKETS)
    if choice < 0.85:
        return "arn:aws:s3:::%s/${aws:PrincipalTag/team, 'public'}/*" % rng.choice(BUCKETS)
    kind = rng.choice(ACTIONS)[1]
    return resource_arn(rng, kind, rng.choice([HOME, OTHER]))


TEAMS = ["red", "blue", "green"]
REGIONS = ["us-east-1", "eu-west-1", "ap-south-1"]
TAG_KEYS = ["env", "team", "cost", "owner"]
IPS_V4 = ["10.1.2.3", "192.0.2.77", "203.0.113.9"]
IPS_V6 = ["2001:db8::5", "2001:db8:1:2::99", "fd00::1"]
TIMES = ["2024-01-15T10:00:00Z", "2024-06-30T23:59:59Z", "2025-03-01T00:00:00Z"]


def maybe_if_exists(rng, op):
    return op + "IfExists" if rng.random() < 0.2 else op


def condition(rng, principal):
    family = rng.randrange(11)
    if family == 0:
        op = rng.choice(["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
                         "StringNotEqualsIgnoreCase"])
        values = rng.sample(TEAMS, rng.randint(1, 2))
        if "IgnoreCase" in op:
            values = [v.upper() if rng.random() < 0.5 else v for v in values]
        return maybe_if_exists(rng, op), "aws:PrincipalTag/team", values
    if family == 1:
        op = rng.choice(["StringLike", "StringNotLike"])
        return maybe_if_exists(rng, op), "aws:RequestedRegion", rng.sample(["us-*", "eu-?est-1", "*-south-*", "ap-south-1"], rng.randint(1, 2))
    if family == 2:
        op = rng.choice(["NumericEquals", "NumericNotEquals", "NumericLessThan",
                         "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"])
        return maybe_if_exists(rng, op), "aws:MultiFactorAuthAge", [str(rng.choice([0, 300, 3600, 7200]))]
    if family == 3:
        op = rng.choice(["DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
                         "DateGreaterThan", "DateGreaterThanEquals"])
        return maybe_if_exists(rng, op), "aws:CurrentTime", [rng.choice(TIMES + ["2024-06-01T00:00:00Z"])]
    if family == 4:
        key = rng.choice(["aws:SecureTransport", "aws:MultiFactorAuthPresent"])
        return maybe_if_exists(rng, "Bool"), key, [rng.choice(["true", "false"])]
    if family == 5:
        op = rng.choice(["IpAddress", "NotIpAddress"])
        nets = rng.sample(["10.0.0.0/8", "192.0.2.0/24", "203.0.113.9/32", "2001:db8::/32",
                           "2001:db8:1::/48", "fd00::/8"], rng.randint(1, 3))
        return maybe_if_exists(rng, op), "aws:SourceIp", nets
    if family == 6:
        op = rng.choice(["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"])
        values = rng.sample(["arn:aws:iam::%s:user/*" % HOME, "arn:aws:iam::*:role/app",
                             "arn:aws:iam::%s:*" % OTHER, role_of(principal),
                             "arn:aws:sns:*:%s:alerts" % HOME], rng.randint(1, 2))
        key = rng.choice(["aws:PrincipalArn", "aws:SourceArn"])
        return maybe_if_exists(rng, op), key, values
    if family == 7:
        key = rng.choice(["aws:PrincipalTag/team", "aws:SourceIp", "aws:TagKeys", "aws:SourceArn"])
        return "Null", key, [rng.choice(["true", "false"])]
    if family == 8:
        qualifier = rng.choice(["ForAllValues:", "ForAnyValue:"])
        op = rng.choice(["StringEquals", "StringLike", "StringNotEquals", "StringNotLike"])
        values = rng.sample(TAG_KEYS + ["e*", "t?am"], rng.randint(1, 3))
        # ForAnyValue with IfExists on a missing key: AWS's IfExists rule makes it true, the
        # peer false (see intended_differences.json); only ForAllValues takes IfExists here.
        if qualifier == "ForAllValues:":
            op = maybe_if_exists(rng, op)
        return qualifier + op, "aws:TagKeys", values
    if family == 9:
        # A policy variable in a condition value.
        op = rng.choice(["StringEquals", "StringLike", "StringNotEquals"])
        value = rng.choice(["${aws:PrincipalTag/team}", "arn:aws:iam::*:user/${aws:username}",
                            "${aws:PrincipalTag/dept, 'red'}"])
        key = "aws:PrincipalArn" if "arn:" in value else "aws:RequestTag/team"
        return op, key, [value]
    op = rng.choice(["StringEquals", "StringNotEquals"])
    return maybe_if_exists(rng, op), "aws:PrincipalOrgID", [rng.choice(["o-mine", "o-other"])]


def conditions(rng, principal):
    block = {}
    for _ in range(rng.randint(1, 2)):
        op, key, values = condition(rng, principal)
        block.setdefault(op, {})[key] = values if len(values) > 1 or rng.random() < 0.5 else values[0]
    return block


def statement(rng, index, action, resource, principal, with_principal=None, allow_bias=0.75,
              rcp=False):
    st = {}
    if rng.random() < 0.6:
        st["Sid"] = "S%d" % index
    st["Effect"] = "Allow" if rng.random() < allow_bias else "Deny"
    if with_principal is not None:
        key, value = with_principal
        st[key] = value
    actions = [action_pattern(rng, action) for _ in range(rng.randint(1, 3))]
    st["NotAction" if rng.random() < 0.1 else "Action"] = actions if len(actions) > 1 else actions[0]
    resources = [resource_pattern(rng, resource, rcp) for _ in range(rng.randint(1, 2))]
    key = "NotResource" if rng.random() < 0.1 else "Resource"
    if key == "NotResource":
        # A variable without a value under NotResource: the peer calls it unknown only when
        # the pattern's resource type matches, and treats S3's unsegmented ARNs differently;
        # raycloud's rule is unit-tested instead.
        resources = [r for r in resources if "${" not in r] or [resource]
    st[key] = resources if len(resources) > 1 else resources[0]
    if rng.random() < 0.45:
        st["Condition"] = conditions(rng, principal)
    return st


def policy(rng, count, action, resource, principal, **kwargs):
    return {"Version": "2012-10-17",
            "Statement": [statement(rng, i + 1, action, resource, principal, **kwargs)
                          for i in range(count)]}


def resource_principal(rng, principal, session_policy):
    choice = rng.random()
    session_account = principal.split(":")[4]
    if choice < 0.12 and not session_policy:
        return ("Principal", "*")
    options = [HOME, OTHER, "arn:aws:iam::%s:root" % HOME, "arn:aws:iam::%s:root" % OTHER,
               principal, role_of(principal), "arn:aws:iam::%s:user/alice" % HOME,
               "arn:aws:iam::%s:role/app" % HOME, "arn:aws:iam::%s:role/partner" % session_account]
    if session_policy:
        # The peer lets a session policy limit a grant to the session ARN itself, which AWS
        # documents it does not (see intended_differences.json).
        options.remove(principal)
    picked = rng.sample(options, rng.randint(1, 3))
    value = {"AWS": picked if len(picked) > 1 else picked[0]}
    if rng.random() < 0.15:
        value["Service"] = "sns.amazonaws.com"
    # NotPrincipal is left to the hand-written cases: the peer excludes a caller when any
    # listed entry names it, AWS only when every identity of the request is listed (see
    # intended_differences.json).
    return ("Principal", value)


def context(rng, principal, account, ptype, extra):
    ctx = {"aws:PrincipalArn": role_of(principal), "aws:PrincipalAccount": account,
           "aws:PrincipalType": ptype}
    ctx.update(extra)
    if rng.random() < 0.7:
        ctx["aws:PrincipalTag/team"] = rng.choice(TEAMS)
    if rng.random() < 0.3:
        ctx["aws:PrincipalTag/dept"] = rng.choice(TEAMS)
    if rng.random() < 0.7:
        ctx["aws:RequestedRegion"] = rng.choice(REGIONS)
    if rng.random() < 0.6:
        ctx["aws:MultiFactorAuthAge"] = str(rng.choice([0, 100, 3600, 5000, 9000]))
    if rng.random() < 0.7:
        ctx["aws:CurrentTime"] = rng.choice(TIMES)
    if rng.random() < 0.7:
        ctx["aws:SecureTransport"] = rng.choice(["true", "false"])
    if rng.random() < 0.5:
        ctx["aws:MultiFactorAuthPresent"] = rng.choice(["true", "false"])
    if rng.random() < 0.7:
        ctx["aws:SourceIp"] = rng.choice(IPS_V4 + IPS_V6)
    if rng.random() < 0.6:
        ctx["aws:TagKeys"] = rng.sample(TAG_KEYS, rng.randint(0, 3))
    if rng.random() < 0.3:
        ctx["aws:SourceArn"] = rng.choice(["arn:aws:sns:us-east-1:%s:alerts" % HOME,
                                           "arn:aws:sns:eu-west-1:%s:other" % OTHER])
    if rng.random() < 0.4:
        ctx["aws:RequestTag/team"] = rng.choice(TEAMS)
    if rng.random() < 0.5:
        ctx["aws:PrincipalOrgID"] = rng.choice(["o-mine", "o-other"])
    return ctx


def case(rng):
    principal, account, ptype, extra = rng.choice(PRINCIPALS)
    action, kind = rng.choice(ACTIONS)
    service = action.split(":")[0]
    # The resource lives in the home account, or (for cross-account cases) the other one.
    resource_account = HOME if rng.random() < 0.75 else OTHER
    resource = resource_arn(rng, kind, resource_account)
    line = {"principal": principal, "action": action, "resource": resource,
            "resource_account": resource_account,
            "context": context(rng, principal, account, ptype, extra)}
    line["identity_policies"] = [policy(rng, rng.randint(1, 4), action, resource, principal)
                                 for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.3:
        line["boundary"] = policy(rng, rng.randint(1, 3), action, resource, principal, allow_bias=0.85)
    session_policy = ptype == "AssumedRole" and rng.random() < 0.25
    if service in RESOURCE_POLICY_SERVICES and resource != "*" and rng.random() < 0.5:
        statements = []
        for i in range(rng.randint(1, 3)):
            statements.append(statement(rng, i + 1, action, resource, principal,
                                        with_principal=resource_principal(rng, principal, session_policy)))
        line["resource_policy"] = {"Version": "2012-10-17", "Statement": statements}
    if rng.random() < 0.25:
        levels = []
        for _ in range(rng.randint(1, 3)):
            level = []
            for _ in range(rng.randint(1, 2)):
                if rng.random() < 0.6:
                    level.append({"Version": "2012-10-17", "Statement": [
                        {"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*"}]})
                else:
                    level.append(policy(rng, rng.randint(1, 2), action, resource, principal, allow_bias=0.7))
            levels.append(level)
        line["scps"] = levels
    if rng.random() < 0.15:
        statements = []
        for i in range(rng.randint(1, 2)):
            # Customer RCPs only deny, and never with NotAction or Action "*" (AWS RCP syntax).
            st = statement(rng, i + 1, action, resource, principal, with_principal=("Principal", "*"),
                           allow_bias=0.0, rcp=True)
            if "NotAction" in st:
                st["Action"] = st.pop("NotAction")
            listed = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
            listed = [a for a in listed if a != "*"] or [action]
            st["Action"] = listed if len(listed) > 1 else listed[0]
            statements.append(st)
        line["rcps"] = [[{"Version": "2012-10-17", "Statement": statements}]]
    if session_policy:
        line["session_policy"] = policy(rng, rng.randint(1, 2), action, resource, principal, allow_bias=0.85)
    return line


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cases", type=int, default=3000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for _ in range(args.cases):
        print(json.dumps(case(rng), separators=(",", ":")))


if __name__ == "__main__":
    main()
