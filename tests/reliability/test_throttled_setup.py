"""Issue #3, "throttling on 20% of calls still completes": a seeded `throttle` fault on
every operation of every service (probability 0.2) during `cloud setup --shared-storage
nfs --enable-head-node-fault-tolerance` and again during `cloud delete --delete-bucket`.
Setup must exit 0 with the cloud `active` (read from raycloud's store), delete must exit 0,
and nothing tagged with the cloud id, nor anything else, may remain (boto3, after the fault
is lifted). Prints how many calls were throttled (the emulator's GET /_emulator/faults).
"""

from __future__ import annotations

import pytest

from harness import Emulator, environment, inventory, raycloud
from test_setup_conformance import delete_and_check_nothing_left, stored

PROBABILITY = 0.2
SETUP_SEED = 20
DELETE_SEED = 21


@pytest.fixture(scope="module")
def emulator():
    started = Emulator()
    yield started
    started.stop()


def test_throttling_on_a_fifth_of_calls_still_completes(emulator, tmp_path):
    state = tmp_path / "state"
    env = environment(emulator.endpoint, state)
    baseline = inventory(emulator.endpoint)
    name = "throttled"
    emulator.client.inject_fault("*", "*", "throttle", probability=PROBABILITY, seed=SETUP_SEED)
    done = raycloud(env, "cloud", "setup", "--name", name, "--shared-storage", "nfs",
                    "--enable-head-node-fault-tolerance", "--availability-zones", "us-west-2a,us-west-2b")
    rules = emulator.client.faults()
    fired, seen = sum(r["fired"] for r in rules), sum(r["seen"] for r in rules)
    print(f"\n  setup under throttling: {fired} of {seen} calls throttled, exit {done.returncode}", flush=True)
    problems: list[str] = []
    if done.returncode != 0:
        problems.append(f"setup exit {done.returncode}: {done.stdout[-2500:]}")
    facts = stored(state, name)
    if facts.status != "active":
        problems.append(f"status {facts.status} after setup under throttling")
    # The same rate for delete, from a fresh generator.
    emulator.client.clear_faults()
    emulator.client.inject_fault("*", "*", "throttle", probability=PROBABILITY, seed=DELETE_SEED)
    delete_and_check_nothing_left(emulator, env, name, facts.cloud_id, baseline, problems, faults=True)
    assert fired > 0, "no call was throttled"
    assert not problems, "\n  ".join(problems)
