"""Secrets never leak (issue #7): recognisable secrets are planted in every place raycloud
reads credentials from (environment with a session token, a static profile, a
credential_process profile), then the whole life of a cloud runs with --verbose, in text
and JSON (and JUnit for verify), including runs that fail on injected faults. Everything
they print, and every file under the state dir and home, is searched for the planted
values and for signatures, Authorization headers and security tokens. The cloud's external
id may appear only in the outputs that exist to show it (setup, describe, register's
answer, policies), never on stderr and never in verify, update, delete or list output.
"""

from __future__ import annotations

import json
import pathlib
import re
import stat
import uuid

import pytest

from harness import Emulator, environment, raycloud, register_flags

MARK = uuid.uuid4().hex[:12]
PLANTED = {
    "env secret key": f"EnvSecretKey{MARK}Planted0123456789abcd",
    "env session token": f"EnvSessionToken{MARK}PlantedFwoGZXIvYXdzE",
    "profile secret key": f"ProfileSecretKey{MARK}Planted0123456789",
    "profile session token": f"ProfileSessionToken{MARK}PlantedIQoJb3",
    "process secret key": f"ProcessSecretKey{MARK}Planted0123456789",
    "process session token": f"ProcessSessionToken{MARK}PlantedAgoJ",
}
# A header or query value that carries a signature or token: the name followed by anything
# but a redaction marker.
WIRE = re.compile(r"(Signature=|X-Amz-Security-Token[=:]\s*|Authorization:\s*|"
                  r"AWS4-HMAC-SHA256 Credential=)(?!<redacted>|\[redacted\])\S", re.IGNORECASE)
SETUP_FLAGS = ["--shared-storage", "nfs", "--enable-head-node-fault-tolerance",
               "--availability-zones", "us-west-2a,us-west-2b"]


@pytest.fixture(scope="module")
def emulator():
    started = Emulator()
    yield started
    started.stop()


def write_profiles(home: pathlib.Path) -> None:
    aws = home / ".aws"
    aws.mkdir(parents=True, exist_ok=True)
    (aws / "credentials").write_text(
        "[planted]\naws_access_key_id = AKIAPLANTEDPROFILE00\n"
        f"aws_secret_access_key = {PLANTED['profile secret key']}\n"
        f"aws_session_token = {PLANTED['profile session token']}\n")
    process = home / "credential-process.sh"
    process.write_text(
        "#!/bin/sh\n"
        "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIAPLANTEDPROCESS00\", "
        f"\"SecretAccessKey\": \"{PLANTED['process secret key']}\", "
        f"\"SessionToken\": \"{PLANTED['process session token']}\"}}'\n")
    process.chmod(process.stat().st_mode | stat.S_IXUSR)
    (aws / "config").write_text(
        "[profile planted]\nregion = us-west-2\n"
        f"[profile process]\nregion = us-west-2\ncredential_process = {process}\n")


class Recorder:
    """Runs raycloud and keeps every output with a label."""

    def __init__(self, env: dict) -> None:
        self.env = env
        self.outputs: list[tuple[str, str, str]] = []  # (label, stream, text)

    def run(self, *args: str, output: str = "json", env: dict | None = None, expect=(0,)):
        result = raycloud(env or self.env, "--output", output, "-v", *args, json_output=False)
        label = f"{' '.join(args[:2])} ({output})"
        self.outputs += [(label, "stdout", result.stdout), (label, "stderr", result.stderr)]
        assert result.returncode in expect, f"{label}: exit {result.returncode}\n{result.stdout}"
        return result


def outside_trust_documents(text: str, external_id: str, label: str) -> bool:
    """True when the external id shows outside what exists to show it: a trust-policy
    condition a fix asks the user to apply (verify's remediation), and the `external_id`
    field of update's JSON document, which cli.md defines as setup's."""
    text = re.sub(r'sts:ExternalId\\?"\s*:\s*\\?"' + re.escape(external_id), "", text)
    if label.startswith("cloud update"):
        text = text.replace(f'"external_id": "{external_id}"', "")
    return external_id in text


def leaks_in(text: str) -> list[str]:
    found = [name for name, value in PLANTED.items() if value in text]
    found += [f"wire: {m.group(0)}" for m in WIRE.finditer(text)]
    return found


def test_no_secret_in_any_output_log_or_file(emulator, tmp_path):
    client = emulator.client
    client.reset()
    home = tmp_path / "home"
    write_profiles(home)
    env = environment(emulator.endpoint, home / "state", HOME=str(home),
                      AWS_SECRET_ACCESS_KEY=PLANTED["env secret key"],
                      AWS_SESSION_TOKEN=PLANTED["env session token"])
    rec = Recorder(env)

    rec.run("auth", "whoami")
    rec.run("auth", "whoami", output="text")
    for profile in ("planted", "process"):
        by_profile = {k: v for k, v in env.items() if not k.startswith("AWS_SE")}
        by_profile.pop("AWS_ACCESS_KEY_ID")
        by_profile["AWS_PROFILE"] = profile
        who = json.loads(rec.run("auth", "whoami", env=by_profile).stdout)
        assert who["credential_source"] in (f"profile:{profile}", "process"), who
        rec.run("cloud", "list", env=by_profile)
        rec.run("cloud", "setup", "--name", "plan", "--dry-run", env=by_profile)

    # A setup that fails (terminal error) and rolls back, one that fails on exhausted
    # retries, then one that completes.
    client.inject_fault("ec2", "CreateSubnet", "error", code="UnauthorizedOperation",
                        status=403, message="You are not authorized")
    rec.run("cloud", "setup", "--name", "secret", *SETUP_FLAGS, expect=(1,))
    client.clear_faults()
    client.inject_fault("iam", "CreateRole", "http_error", status=503)
    rec.run("cloud", "setup", "--name", "secret", *SETUP_FLAGS, output="text", expect=(1,))
    client.clear_faults()
    setup = rec.run("cloud", "setup", "--name", "secret", *SETUP_FLAGS)
    cloud = rec.run("cloud", "describe", "--name", "secret").stdout
    rec.run("cloud", "describe", "--name", "secret", output="text")
    described = json.loads(cloud)["cloud"]
    external_id = described["external_id"]
    assert external_id and external_id in setup.stdout

    ext_free_from = len(rec.outputs)  # outputs after here must not show the external id
    for output in ("json", "text", "junit"):
        rec.run("cloud", "verify", "--name", "secret", output=output)
    client.inject_fault("sts", "AssumeRole", "error", code="AccessDenied", status=403,
                        message="not authorized to perform sts:AssumeRole")
    rec.run("cloud", "verify", "--name", "secret", expect=(1,))
    rec.run("cloud", "verify", "--name", "secret", output="text", expect=(1,))
    client.clear_faults()
    client.inject_fault("ec2", "DescribeVpcs", "connection_reset")
    rec.run("cloud", "verify", "--name", "secret", expect=(1,))
    client.clear_faults()
    rec.run("cloud", "update", "--name", "secret", "--yes", "--tag", "team=ml")
    rec.run("cloud", "update", "--name", "secret", "--yes", "--tag", "team=ai", output="text")
    client.inject_fault("ec2", "CreateTags", "error", code="UnauthorizedOperation", status=403)
    rec.run("cloud", "update", "--name", "secret", "--yes", "--tag", "team=x", expect=(1,))
    client.clear_faults()
    rec.run("cloud", "list")
    rec.run("cloud", "list", output="text")
    ext_free_until = len(rec.outputs)

    # Register the same resources in a second store (its answer may show the external id:
    # the user passed it).
    register_env = dict(env, RAYCLOUD_HOME=str(home / "register-state"))
    register = register_flags(described, "mine")
    rec.run(*register, env=register_env, expect=(1,))  # hands out an external id
    rec.run(*register, "--external-id", external_id, "--cloud-id", described["id"],
            env=register_env)
    rec.run("cloud", "delete", "--name", "mine", "--yes", env=register_env)

    delete_from = len(rec.outputs)
    client.inject_fault("ec2", "DeleteVpc", "error", code="UnauthorizedOperation", status=403)
    rec.run("cloud", "delete", "--name", "secret", "--yes", "--delete-bucket", expect=(1,))
    client.clear_faults()
    rec.run("cloud", "delete", "--name", "secret", "--yes", "--delete-bucket", output="text")

    leaks: list[str] = []
    for label, stream, text in rec.outputs:
        leaks += [f"{label} {stream}: {leak}" for leak in leaks_in(text)]
    ext_leaks = [f"{label} {stream}" for i, (label, stream, text) in enumerate(rec.outputs)
                 if outside_trust_documents(text, external_id, label)
                 and (stream == "stderr" or ext_free_from <= i < ext_free_until or i >= delete_from)]
    files = [p for p in home.rglob("*") if p.is_file() and p.parent.name != ".aws"
             and p.name != "credential-process.sh"]
    for path in files:
        data = path.read_bytes().decode("utf-8", "replace")
        leaks += [f"{path.relative_to(home)}: {leak}" for leak in leaks_in(data)]
    print(f"\nsecrets: {len(rec.outputs)} outputs and {len(files)} files searched for "
          f"{len(PLANTED)} planted secrets and signatures; secrets leaked: {len(leaks)}; "
          f"external id outside setup/describe/register: {len(ext_leaks)}")
    assert not leaks, "\n".join(leaks)
    assert not ext_leaks, ext_leaks


def test_the_search_finds_what_it_looks_for():
    """The grep itself: a planted value and each wire form are found, redactions are not."""
    assert leaks_in(f"x {PLANTED['env session token']} y") == ["env session token"]
    for text in ("Authorization: AWS4-HMAC-SHA256 Credential=AKIA/2026", "&X-Amz-Signature=ab12",
                 "X-Amz-Security-Token: FwoG"):
        assert leaks_in(text), text
    assert not leaks_in("Authorization: <redacted> X-Amz-Security-Token=<redacted>")
    assert outside_trust_documents("id abc", "abc", "cloud verify")
    assert not outside_trust_documents('{\\"sts:ExternalId\\":\\"abc\\"}', "abc", "cloud verify")
