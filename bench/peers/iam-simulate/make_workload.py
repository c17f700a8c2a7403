#!/usr/bin/env python3
"""Writes the IAM benchmark workload (workload.json): a role with 10 identity policies of 50
statements each (wildcards, conditions, Deny) plus a permissions boundary, and the requests
both engines evaluate. Seeded, so the committed file can be regenerated exactly:
    make_workload.py > workload.json
"""
import json
import random

ACCOUNT = "111122223333"
ROLE = "arn:aws:sts::%s:assumed-role/raycloud-cp/bench" % ACCOUNT

ACTIONS = [
    ("ec2:RunInstances", "arn:aws:ec2:us-east-1:%s:instance/i-%04d"),
    ("ec2:TerminateInstances", "arn:aws:ec2:us-east-1:%s:instance/i-%04d"),
    ("ec2:StartInstances", "arn:aws:ec2:us-east-1:%s:instance/i-%04d"),
    ("ec2:StopInstances", "arn:aws:ec2:us-east-1:%s:instance/i-%04d"),
    ("ec2:CreateTags", "arn:aws:ec2:us-east-1:%s:instance/i-%04d"),
    ("ec2:DescribeInstances", None),
    ("ec2:DescribeSubnets", None),
    ("s3:GetObject", "arn:aws:s3:::raycloud-data-%s/key-%04d"),
    ("s3:PutObject", "arn:aws:s3:::raycloud-data-%s/key-%04d"),
    ("s3:DeleteObject", "arn:aws:s3:::raycloud-data-%s/key-%04d"),
    ("s3:ListBucket", "arn:aws:s3:::raycloud-data-%s%.0d"),
    ("iam:PassRole", "arn:aws:iam::%s:role/raycloud-node-%04d"),
    ("iam:GetRole", "arn:aws:iam::%s:role/raycloud-node-%04d"),
    ("sqs:SendMessage", "arn:aws:sqs:us-east-1:%s:queue-%04d"),
    ("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:%s:table/t%04d"),
    ("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:%s:table/t%04d"),
    ("logs:PutLogEvents", "arn:aws:logs:us-east-1:%s:log-group:g%04d"),
    ("sns:Publish", "arn:aws:sns:us-east-1:%s:topic-%04d"),
    ("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:%s:function:f%04d"),
    ("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:%s:secret:s%04d-AbCdEf"),
]


def resource(template, n):
    if template is None:
        return "*"
    if "s3:::" in template:
        return template % (ACCOUNT, n) if "%04d" in template else "arn:aws:s3:::raycloud-data-%s" % ACCOUNT
    return template % (ACCOUNT, n)


def action_pattern(rng, action):
    service, name = action.split(":")
    r = rng.random()
    if r < 0.5:
        return action
    if r < 0.7:
        return "%s:%s*" % (service, name[:3])
    if r < 0.8:
        return "%s:*" % service
    return "%s:%s?%s" % (service, name[:2], name[3:])


def resource_pattern(rng, template):
    if template is None or rng.random() < 0.3:
        return "*"
    full = resource(template, rng.randrange(40))
    if rng.random() < 0.5:
        return full[: len(full) - rng.randint(1, 4)] + "*"
    return full


def condition(rng):
    r = rng.randrange(5)
    if r == 0:
        return {"StringEquals": {"aws:PrincipalTag/team": rng.choice(["ray", "infra"])}}
    if r == 1:
        return {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}
    if r == 2:
        return {"Bool": {"aws:SecureTransport": "true"}}
    if r == 3:
        return {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}
    return {"ForAnyValue:StringLike": {"aws:TagKeys": ["raycloud-*", "env"]}}


def statement(rng, index):
    picks = rng.sample(ACTIONS, rng.randint(1, 4))
    deny = rng.random() < 0.08
    st = {"Sid": "S%d" % index,
          "Effect": "Deny" if deny else "Allow",
          "Action": [action_pattern(rng, a) for a, _ in picks],
          "Resource": [resource_pattern(rng, t) for _, t in picks]}
    if deny:
        # Guard-rail denies, as real roles have them: only off the expected path.
        st["Condition"] = {"StringNotEquals": {"aws:PrincipalTag/team": ["ray", "infra"]}}
    elif rng.random() < 0.4:
        st["Condition"] = condition(rng)
    return st


def main():
    rng = random.Random(7)
    identity = [{"Version": "2012-10-17",
                 "Statement": [statement(rng, p * 50 + i + 1) for i in range(50)]}
                for p in range(10)]
    boundary = {"Version": "2012-10-17", "Statement": [
        {"Sid": "Cap", "Effect": "Allow", "Action": ["ec2:*", "s3:*", "iam:GetRole", "iam:PassRole",
                                                      "sqs:*", "dynamodb:*", "logs:*", "sns:*",
                                                      "lambda:InvokeFunction", "secretsmanager:GetSecretValue"],
         "Resource": "*"},
        {"Sid": "NoIamWrites", "Effect": "Deny", "Action": ["iam:Create*", "iam:Delete*", "iam:Put*"], "Resource": "*"},
        {"Sid": "TlsOnly", "Effect": "Deny", "Action": "s3:*", "Resource": "*",
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
    requests = []
    for i in range(200):
        action, template = rng.choice(ACTIONS)
        context = {"aws:PrincipalArn": "arn:aws:iam::%s:role/raycloud-cp" % ACCOUNT,
                   "aws:PrincipalAccount": ACCOUNT, "aws:PrincipalType": "AssumedRole",
                   "aws:PrincipalTag/team": rng.choice(["ray", "infra", "web"]),
                   "aws:SourceIp": rng.choice(["10.1.2.3", "203.0.113.5", "2001:db8::9"]),
                   "aws:SecureTransport": rng.choice(["true", "true", "false"]),
                   "aws:CurrentTime": "2025-06-01T12:00:00Z",
                   "aws:TagKeys": rng.sample(["raycloud-cloud", "env", "owner"], rng.randint(0, 2))}
        requests.append({"principal": ROLE, "action": action, "resource": resource(template, rng.randrange(40)),
                         "resource_account": ACCOUNT, "context": context})
    json.dump({"identity_policies": identity, "boundary": boundary, "requests": requests},
              __import__("sys").stdout, separators=(",", ":"))
    print()


if __name__ == "__main__":
    main()
