#!/usr/bin/env python3
"""Checks what a schema cannot, on rendered kustomize output (one overlay per file):

- KEDA ScaledObjects: maxReplicaCount equals KAFKA_PARTITIONS (a consumer group cannot use
  more members than partitions), the Kafka trigger reads the brokers, consumer group and
  topic the target Deployment really uses (topic names from libs/contracts/src/topics.ts).
- Every workload container has liveness and readiness probes, CPU/memory requests and a
  memory limit above its Node heap (NODE_OPTIONS --max-old-space-size), and a PDB.
- A recorder without CLICKHOUSE_URL (embedded chDB) is a single-replica StatefulSet whose
  DATA_DIR is on a persistent volume.

usage: check_k8s.py RENDERED.yaml...
"""
import re
import sys

import yaml

TOPICS_TS = "libs/contracts/src/topics.ts"
# The consumer groups of each scaled service — (suffix of its group id, topology topic it consumes) —
# as apps/*/src/main.ts and libs/*-stage name them. The enricher runs three stages.
STAGE_INPUTS = {
    "enricher": [("", "loginEvents"), ("-ips", "enrichByIp"), ("-tenants", "enrichByTenant")],
    "scorer": [("", "enriched")],
}
GROUP_ENV = {"enricher": "ENRICHER_GROUP_ID", "scorer": "SCORER_GROUP_ID"}


def topic_suffixes():
    text = open(TOPICS_TS).read()
    return dict(re.findall(r"(\w+): `\$\{prefix\}\.([\w.-]+)`", text))


def quantity_bytes(q):
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "k": 10**3, "M": 10**6, "G": 10**9}
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([A-Za-z]*)", str(q))
    return float(m.group(1)) * units.get(m.group(2), 1)


def env_of(container):
    return {e["name"]: e.get("value") for e in container.get("env", []) if "value" in e}


def check(path, suffixes):
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    errors = []
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    config = next((c["data"] for n, c in by_kind.get("ConfigMap", {}).items() if n.startswith("authwatch-config")), None)
    if config is None:
        return [f"{path}: no authwatch-config ConfigMap"]
    partitions = int(config["KAFKA_PARTITIONS"])
    prefix = config.get("KAFKA_TOPIC_PREFIX", "authwatch")
    workloads = {**by_kind.get("Deployment", {}), **by_kind.get("StatefulSet", {})}

    for name, so in by_kind.get("ScaledObject", {}).items():
        spec = so["spec"]
        target = spec["scaleTargetRef"]["name"]
        if spec.get("maxReplicaCount") != partitions:
            errors.append(f"ScaledObject {name}: maxReplicaCount {spec.get('maxReplicaCount')} != KAFKA_PARTITIONS {partitions}")
        if target not in by_kind.get("Deployment", {}):
            errors.append(f"ScaledObject {name}: target Deployment {target} not found")
            continue
        container = by_kind["Deployment"][target]["spec"]["template"]["spec"]["containers"][0]
        env = env_of(container)
        group = env.get(GROUP_ENV.get(target, ""))
        expected = [(f"{group}{suffix}", f"{prefix}.{suffixes[topic]}") for suffix, topic in STAGE_INPUTS.get(target, [])]
        seen = set()
        for trigger in spec["triggers"]:
            if trigger["type"] != "kafka":
                continue
            meta = trigger["metadata"]
            missing = {"bootstrapServers", "consumerGroup", "topic", "lagThreshold"} - set(meta)
            if missing:
                errors.append(f"ScaledObject {name}: kafka trigger lacks {sorted(missing)}")
                continue
            if meta["bootstrapServers"] != config["KAFKA_BROKERS"]:
                errors.append(f"ScaledObject {name}: bootstrapServers {meta['bootstrapServers']} != KAFKA_BROKERS {config['KAFKA_BROKERS']}")
            if expected:
                if (meta["consumerGroup"], meta["topic"]) not in expected:
                    errors.append(f"ScaledObject {name}: consumerGroup/topic {meta['consumerGroup']} / {meta['topic']} is none of what {target} consumes: {sorted(expected)}")
                seen.add((meta["consumerGroup"], meta["topic"]))
            if meta.get("allowIdleConsumers") == "true":
                errors.append(f"ScaledObject {name}: allowIdleConsumers would scale past the partitions")
        for consumer_group, topic in expected:
            if (consumer_group, topic) not in seen:
                errors.append(f"ScaledObject {name}: no kafka trigger on the lag of {consumer_group} / {topic}")

    pdb_selectors = [p["spec"]["selector"]["matchLabels"] for p in by_kind.get("PodDisruptionBudget", {}).values()]
    for name, w in workloads.items():
        labels = w["spec"]["template"]["metadata"]["labels"]
        if not any(all(labels.get(k) == v for k, v in sel.items()) for sel in pdb_selectors):
            errors.append(f"{w['kind']} {name}: no PodDisruptionBudget selects it")
        for c in w["spec"]["template"]["spec"]["containers"]:
            for probe in ("livenessProbe", "readinessProbe"):
                if probe not in c:
                    errors.append(f"{w['kind']} {name}/{c['name']}: no {probe}")
            res = c.get("resources", {})
            if not {"cpu", "memory"} <= set(res.get("requests", {})) or "memory" not in res.get("limits", {}):
                errors.append(f"{w['kind']} {name}/{c['name']}: needs cpu/memory requests and a memory limit")
                continue
            heap = re.search(r"--max-old-space-size=(\d+)", env_of(c).get("NODE_OPTIONS") or "")
            if heap and int(heap.group(1)) * 2**20 >= quantity_bytes(res["limits"]["memory"]):
                errors.append(f"{w['kind']} {name}/{c['name']}: Node heap {heap.group(1)}Mi does not fit the memory limit {res['limits']['memory']}")

    recorder = workloads.get("recorder")
    if recorder is None:
        errors.append("no recorder workload")
    else:
        c = recorder["spec"]["template"]["spec"]["containers"][0]
        env = env_of(c)
        names = {e["name"] for e in c.get("env", [])}
        if "CLICKHOUSE_URL" not in names:
            data_dir = env.get("DATA_DIR", "./data")
            claims = {t["metadata"]["name"] for t in recorder["spec"].get("volumeClaimTemplates", [])}
            mounted = {m["name"] for m in c.get("volumeMounts", []) if m["mountPath"] == data_dir}
            if recorder["kind"] != "StatefulSet" or recorder["spec"].get("replicas") != 1:
                errors.append("recorder on chDB (no CLICKHOUSE_URL) must be a StatefulSet with replicas: 1")
            if not (claims & mounted):
                errors.append(f"recorder on chDB: DATA_DIR {data_dir} is not on a volumeClaimTemplate")
            if any(so["spec"]["scaleTargetRef"]["name"] == "recorder" for so in by_kind.get("ScaledObject", {}).values()):
                errors.append("recorder on chDB must not be autoscaled")
    return [f"{path}: {e}" for e in errors]


def main():
    suffixes = topic_suffixes()
    errors = [e for path in sys.argv[1:] for e in check(path, suffixes)]
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        sys.exit(1)
    print(f"check_k8s: {len(sys.argv) - 1} rendered overlays consistent")


if __name__ == "__main__":
    main()
