"""Runs Ray's autoscaler scheduler on a raycloud autoscaler input (autoscaler.md) and prints
one JSON line: {"ok", "ms", "launch": {type: count}, "unfulfilled": n} or {"ok": false,
"timeout": true} / {"ok": false, "error": "..."}.

Usage (inside bench/.venv-ray): python driver.py INPUT.json --limit SECONDS [--scheduler v1|v2]

v1 is ResourceDemandScheduler.get_nodes_to_launch (the autoscaler Ray runs by default); v2
is ray.autoscaler.v2.scheduler.ResourceDemandScheduler.schedule. Both get exactly the
cluster, demand and limits the raycloud engine gets: node types with min/max counts, the
nodes with their available and total resources (launching nodes as pending), the demand as
Ray's scheduler receives it (one dict per task), placement groups, the floor
(request_resources), max nodes and upscaling speed (v1 only: v2's scheduler has no such
input; Ray applies it when launching). Ray applies max_concurrent_launches outside the
scheduler too (in the node launcher), so the driver caps both plans the same way. Only the
scheduler call is timed, not the conversion of the input.
"""

import argparse
import json
import logging
import signal
import sys
import time

HEAD_TYPE = "__bench_head__"


class TimeLimit(Exception):
    pass


def on_alarm(signum, frame):
    raise TimeLimit()


def expand(entries):
    out = []
    for entry in entries:
        out.extend(dict(entry["resources"]) for _ in range(int(entry.get("count", 1))))
    return out


def defaults(doc):
    limits = doc.get("limits", {})
    max_nodes = int(limits.get("max_nodes", 1000))
    for t in doc["node_types"]:
        t.setdefault("min_count", 0)
        t.setdefault("max_count", max_nodes)
    for n in doc.get("nodes", []):
        t = next(t for t in doc["node_types"] if t["name"] == n["node_type"])
        n.setdefault("total", dict(t["resources"]))
        n.setdefault("available", dict(n["total"]))
    return limits, max_nodes


def cap_launches(launch, budget):
    """Ray's launcher starts at most max_concurrent_launches nodes at once."""
    out = {}
    for node_type, count in launch.items():
        take = max(0, min(count, budget))
        if take:
            out[node_type] = take
        budget -= take
    return out


def run_v1(doc, limit_s):
    from ray.autoscaler._private.node_provider_availability_tracker import (
        NodeAvailabilitySummary,
    )
    from ray.autoscaler._private.resource_demand_scheduler import ResourceDemandScheduler
    from ray.autoscaler.node_provider import NodeProvider
    from ray.autoscaler.tags import (
        NODE_KIND_HEAD,
        NODE_KIND_WORKER,
        TAG_RAY_NODE_KIND,
        TAG_RAY_USER_NODE_TYPE,
    )
    from ray._private.gcs_utils import PlacementGroupTableData
    from ray.core.generated.common_pb2 import PlacementStrategy

    limits, max_nodes = defaults(doc)

    class BenchProvider(NodeProvider):
        """Only what the scheduler reads: each node's tags and address key."""

        def __init__(self, tags):
            self._tags = tags

        def node_tags(self, node_id):
            return self._tags[node_id]

        def internal_ip(self, node_id):
            return "addr-" + node_id

    node_types = {
        HEAD_TYPE: {"resources": {}, "min_workers": 0, "max_workers": 0, "node_config": {}}
    }
    for t in doc["node_types"]:
        node_types[t["name"]] = {
            "resources": dict(t["resources"]),
            "min_workers": int(t["min_count"]),
            "max_workers": int(t["max_count"]),
            "node_config": {},
        }
    # Ray counts its head node against max_workers + 1; the synthetic head holds nothing.
    tags = {"head": {TAG_RAY_NODE_KIND: NODE_KIND_HEAD, TAG_RAY_USER_NODE_TYPE: HEAD_TYPE}}
    nodes = ["head"]
    unused = {"addr-head": {}}
    totals = {"addr-head": {}}
    launching = 0
    for n in doc.get("nodes", []):
        tags[n["id"]] = {TAG_RAY_NODE_KIND: NODE_KIND_WORKER, TAG_RAY_USER_NODE_TYPE: n["node_type"]}
        nodes.append(n["id"])
        if n["status"] == "running":
            unused["addr-" + n["id"]] = dict(n["available"])
            totals["addr-" + n["id"]] = dict(n["total"])
        else:
            launching += 1  # in the provider, not yet connected: Ray counts it as pending
    strategies = {
        "PACK": PlacementStrategy.PACK,
        "SPREAD": PlacementStrategy.SPREAD,
        "STRICT_PACK": PlacementStrategy.STRICT_PACK,
        "STRICT_SPREAD": PlacementStrategy.STRICT_SPREAD,
    }
    groups = []
    for g in doc.get("placement_groups", []):
        pg = PlacementGroupTableData()
        pg.strategy = strategies[g["strategy"]]
        for bundle in g["bundles"]:
            b = pg.bundles.add()
            for k, v in bundle.items():
                b.unit_resources[k] = v
        groups.append(pg)
    demands = expand(doc.get("demands", []))
    floor = expand(doc.get("resource_floor", []))

    scheduler = ResourceDemandScheduler(
        BenchProvider(tags),
        node_types,
        max_nodes,
        HEAD_TYPE,
        float(limits.get("upscaling_speed", 1.0)),
    )
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, limit_s)
    start = time.perf_counter()
    launch, unfulfilled = scheduler.get_nodes_to_launch(
        nodes,
        {},
        demands,
        unused,
        groups,
        totals,
        floor,
        NodeAvailabilitySummary(node_availabilities={}),
    )
    elapsed = time.perf_counter() - start
    signal.setitimer(signal.ITIMER_REAL, 0)
    budget = int(limits.get("max_concurrent_launches", 100)) - launching
    return elapsed, cap_launches(dict(launch), budget), len(unfulfilled)


def run_v2(doc, limit_s):
    from ray.autoscaler.v2.instance_manager.config import NodeTypeConfig
    from ray.autoscaler.v2.scheduler import ResourceDemandScheduler, SchedulingRequest
    from ray.autoscaler.v2.schema import AutoscalerInstance
    from ray.core.generated.autoscaler_pb2 import (
        ClusterResourceConstraint,
        GangResourceRequest,
        NodeState,
        NodeStatus,
        PlacementConstraint,
        AntiAffinityConstraint,
        AffinityConstraint,
        ResourceRequest,
        ResourceRequestByCount,
    )
    from ray.core.generated.instance_manager_pb2 import Instance, NodeKind

    limits, max_nodes = defaults(doc)
    configs = {}
    for t in doc["node_types"]:
        configs[t["name"]] = NodeTypeConfig(
            name=t["name"],
            min_worker_nodes=int(t["min_count"]),
            max_worker_nodes=int(t["max_count"]),
            resources=dict(t["resources"]),
        )

    def request(resources, constraints=()):
        r = ResourceRequest(resources_bundle=dict(resources))
        r.placement_constraints.extend(constraints)
        return r

    by_count = [
        ResourceRequestByCount(request=request(d["resources"]), count=int(d.get("count", 1)))
        for d in doc.get("demands", [])
    ]
    gangs = []
    for i, g in enumerate(doc.get("placement_groups", [])):
        label = "_PG_bench_%d" % i
        constraints = []
        if g["strategy"] == "STRICT_SPREAD":
            constraints = [
                PlacementConstraint(anti_affinity=AntiAffinityConstraint(label_name=label, label_value=""))
            ]
        elif g["strategy"] == "STRICT_PACK":
            constraints = [
                PlacementConstraint(affinity=AffinityConstraint(label_name=label, label_value=""))
            ]
        gangs.append(GangResourceRequest(requests=[request(b, constraints) for b in g["bundles"]]))
    constraints = []
    if doc.get("resource_floor"):
        constraints.append(
            ClusterResourceConstraint(
                resource_requests=[
                    ResourceRequestByCount(request=request(f["resources"]), count=int(f.get("count", 1)))
                    for f in doc["resource_floor"]
                ]
            )
        )
    instances = []
    launching = 0
    for n in doc.get("nodes", []):
        im = Instance(
            instance_id=n["id"],
            instance_type=n["node_type"],
            node_kind=NodeKind.WORKER,
            status=Instance.RAY_RUNNING if n["status"] == "running" else Instance.REQUESTED,
            cloud_instance_id=n["id"],
        )
        if n["status"] == "running":
            ray_node = NodeState(
                node_id=n["id"].encode(),
                instance_id=n["id"],
                ray_node_type_name=n["node_type"],
                available_resources=dict(n["available"]),
                total_resources=dict(n["total"]),
                status=NodeStatus.RUNNING if n["available"] != n["total"] else NodeStatus.IDLE,
                idle_duration_ms=int(n.get("idle_seconds", 0) * 1000),
            )
            instances.append(AutoscalerInstance(cloud_instance_id=n["id"], ray_node=ray_node, im_instance=im))
        else:
            launching += 1
            instances.append(AutoscalerInstance(im_instance=im))
    req = SchedulingRequest(
        disable_launch_config_check=True,
        node_type_configs=configs,
        max_num_nodes=max_nodes,
        idle_timeout_s=float(limits.get("idle_timeout_seconds", 300)),
        resource_requests=by_count,
        gang_resource_requests=gangs,
        cluster_resource_constraints=constraints,
        current_instances=instances,
    )
    scheduler = ResourceDemandScheduler()
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, limit_s)
    start = time.perf_counter()
    reply = scheduler.schedule(req)
    elapsed = time.perf_counter() - start
    signal.setitimer(signal.ITIMER_REAL, 0)
    launch = {}
    for lr in reply.to_launch:
        launch[lr.instance_type] = launch.get(lr.instance_type, 0) + lr.count
    unfulfilled = len(reply.infeasible_resource_requests)
    unfulfilled += sum(len(g.requests) for g in reply.infeasible_gang_resource_requests)
    budget = int(limits.get("max_concurrent_launches", 100)) - launching
    return elapsed, cap_launches(launch, budget), unfulfilled


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("--limit", type=float, default=60.0)
    parser.add_argument("--scheduler", choices=["v1", "v2"], default="v1")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # Ray warns per infeasible demand
    with open(args.input) as f:
        doc = json.load(f)
    try:
        run = run_v1 if args.scheduler == "v1" else run_v2
        elapsed, launch, unfulfilled = run(doc, args.limit)
    except TimeLimit:
        print(json.dumps({"ok": False, "timeout": True, "limit_s": args.limit}))
        return
    except Exception as exc:  # report, never crash the suite
        print(json.dumps({"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)}))
        return
    print(json.dumps({"ok": True, "ms": elapsed * 1000.0, "launch": launch, "unfulfilled": unfulfilled}))


if __name__ == "__main__":
    sys.exit(main())
