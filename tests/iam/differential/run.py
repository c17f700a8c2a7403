#!/usr/bin/env python3
"""Differential test: raycloud's IAM engine against @cloud-copilot/iam-simulate.

Generates seeded random cases (generate.py), evaluates them with
`raycloud iam simulate --requests` and with the peer (../peer/driver.mjs, a separate Node
process), compares decisions and prints the agreement rate. Then checks the intended
differences (intended_differences.json): for each, raycloud must give the decision AWS's
documentation gives, and the peer the decision recorded for it.

Exit 0 only when every generated case both engines evaluated agrees and every intended
difference holds. Usage:
  run.py --raycloud build/src/raycloud [--seed 1] [--cases 3000]
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PEER_DIR = os.path.join(HERE, "..", "peer")


def run_ours(command, path):
    proc = subprocess.run(command + ["iam", "simulate", "--requests", path],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode not in (0, 2):
        sys.exit("raycloud failed (%d): %s" % (proc.returncode, proc.stderr[-2000:]))
    results = []
    for line in proc.stdout.splitlines():
        doc = json.loads(line)
        results.append(doc.get("decision") or "error: " + json.dumps(doc.get("error")))
    return results


def run_peer(path):
    if not os.path.isdir(os.path.join(PEER_DIR, "node_modules")):
        print("skipped: the peer is not installed (scripts/bootstrap runs npm ci in tests/iam/peer)")
        sys.exit(77)
    with open(path) as stdin:
        proc = subprocess.run(["node", os.path.join(PEER_DIR, "driver.mjs")], stdin=stdin,
                              capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        sys.exit("peer driver failed: " + proc.stderr[-2000:])
    results = []
    for line in proc.stdout.splitlines():
        doc = json.loads(line)
        decision = doc["decision"]
        results.append(decision if decision != "error" else "error: " + doc.get("error", ""))
    return results


def write_lines(lines):
    handle = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
    for line in lines:
        handle.write(json.dumps(line, separators=(",", ":")) + "\n")
    handle.close()
    return handle.name


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--raycloud", required=True, help="path to the raycloud binary")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--show", type=int, default=5, help="disagreements to print")
    args = parser.parse_args()
    ours_command = [args.raycloud]
    if not shutil.which("node") or not os.path.isdir(os.path.join(PEER_DIR, "node_modules")):
        print("skipped: the peer is not installed (scripts/bootstrap runs npm ci in tests/iam/peer)")
        return 77

    generated = subprocess.run([sys.executable, os.path.join(HERE, "generate.py"),
                                "--seed", str(args.seed), "--cases", str(args.cases)],
                               capture_output=True, text=True, check=True).stdout
    cases = [json.loads(line) for line in generated.splitlines()]
    path = write_lines(cases)
    try:
        ours = run_ours(ours_command, path)
        peer = run_peer(path)
    finally:
        os.unlink(path)
    if len(ours) != len(cases) or len(peer) != len(cases):
        sys.exit("result counts differ: %d cases, %d ours, %d peer" % (len(cases), len(ours), len(peer)))

    compared = agreed = 0
    peer_rejected = collections.Counter()
    ours_rejected = []
    disagreements = []
    by_decision = collections.Counter()
    for case, mine, theirs in zip(cases, ours, peer):
        if theirs.startswith("error"):
            peer_rejected[theirs[:160]] += 1
            continue
        if mine.startswith("error"):
            ours_rejected.append((case, mine))
            continue
        compared += 1
        by_decision[mine] += 1
        if mine == theirs:
            agreed += 1
        else:
            disagreements.append((case, mine, theirs))

    rate = 100.0 * agreed / compared if compared else 0.0
    print("iam differential: seed %d, %d cases generated, %d evaluated by both" %
          (args.seed, len(cases), compared))
    print("  decisions: " + ", ".join("%s %d" % kv for kv in sorted(by_decision.items())))
    print("  agreement: %d/%d (%.2f%%)" % (agreed, compared, rate))
    if peer_rejected:
        print("  rejected by the peer's validation (not compared): %d" % sum(peer_rejected.values()))
        for reason, count in peer_rejected.most_common(3):
            print("    %d x %s" % (count, reason))
    for case, error in ours_rejected[: args.show]:
        print("  raycloud rejected a valid case: %s\n    %s" % (error, json.dumps(case)[:600]))
    for case, mine, theirs in disagreements[: args.show]:
        print("  DISAGREE raycloud=%s peer=%s\n    %s" % (mine, theirs, json.dumps(case)))

    # Intended differences: raycloud follows AWS's documentation where the peer does not.
    with open(os.path.join(HERE, "intended_differences.json")) as handle:
        intended = json.load(handle)["differences"]
    path = write_lines([item["request"] for item in intended])
    try:
        ours_intended = run_ours(ours_command, path)
        peer_intended = run_peer(path)
    finally:
        os.unlink(path)
    broken = 0
    for item, mine, theirs in zip(intended, ours_intended, peer_intended):
        ok = mine == item["aws"] and theirs == item["peer"]
        broken += not ok
        print("  intended difference %-4s %s: raycloud=%s (AWS: %s) peer=%s -- %s" %
              ("ok" if ok else "FAIL", item["name"], mine, item["aws"], theirs, item["aws_doc"]))

    # The hand-written cases from AWS's documentation (tests/iam/cases, checked against their
    # documented decisions by iam_tests): how the peer fares on them, for information.
    cases_dir = os.path.join(HERE, "..", "cases")
    documented = []
    for name in sorted(os.listdir(cases_dir)):
        if name.endswith(".json"):
            with open(os.path.join(cases_dir, name)) as handle:
                documented += [(name, c) for c in json.load(handle)["cases"]]
    path = write_lines([c["request"] for _, c in documented])
    try:
        peer_documented = run_peer(path)
    finally:
        os.unlink(path)
    matches = [theirs == c["decision"] for (_, c), theirs in zip(documented, peer_documented)]
    print("  peer on the %d hand-written AWS documentation cases: %d give the documented decision"
          % (len(documented), sum(matches)))
    for (name, c), theirs, ok in zip(documented, peer_documented, matches):
        if not ok:
            print("    %s: %s -- documented %s, peer %s" % (name, c["name"], c["decision"], theirs[:80]))

    failed = bool(disagreements) or bool(ours_rejected) or broken or compared < len(cases) // 2
    print("%d passed, %d failed" % (agreed + len(intended) - broken,
                                    len(disagreements) + len(ours_rejected) + broken))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
