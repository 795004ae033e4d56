#!/usr/bin/env python3
"""Builds an offline kubeconform schema directory (layout {kind}{-group}-{version}.json).

Kubernetes kinds: from the strict JSON schemas bundled in the PyPI package
`kubernetes-validate` (generated from the Kubernetes OpenAPI spec); each kind's schema is
made standalone by copying the definitions it references into its own `$defs`.

CRDs: each version's `openAPIV3Schema` converted to JSON schema the way kubeconform's
openapi2jsonschema does (nullable, int-or-string, strict additionalProperties).

usage: k8s_schemas.py --k8s DIR --out DIR [--crd FILE.yaml ...]
"""
import argparse
import copy
import json
import os
import re
import sys

import yaml

DEF_REF = re.compile(r"^(?:/api/_definitions\.json)?#/\$defs/(.+)$")


def refs_of(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            m = DEF_REF.match(ref)
            if m:
                found.add(m.group(1))
        for value in node.values():
            refs_of(value, found)
    elif isinstance(node, list):
        for value in node:
            refs_of(value, found)


def rewrite_refs(node):
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and DEF_REF.match(value):
                out[key] = "#/$defs/" + DEF_REF.match(value).group(1)
            else:
                out[key] = rewrite_refs(value)
        return out
    if isinstance(node, list):
        return [rewrite_refs(v) for v in node]
    return node


def standalone_kinds(k8s_dir, out_dir):
    with open(os.path.join(k8s_dir, "_definitions.json")) as f:
        definitions = json.load(f)["$defs"]
    count = 0
    for name in sorted(os.listdir(k8s_dir)):
        if not name.endswith(".json") or name.startswith("_") or name == "all.json":
            continue
        with open(os.path.join(k8s_dir, name)) as f:
            schema = json.load(f)
        needed, queue = set(), set()
        refs_of(schema, queue)
        while queue:
            ref = queue.pop()
            if ref in needed or ref not in definitions:
                continue
            needed.add(ref)
            refs_of(definitions[ref], queue)
        schema = rewrite_refs(schema)
        schema.pop("$id", None)
        schema["$defs"] = {ref: rewrite_refs(definitions[ref]) for ref in sorted(needed)}
        with open(os.path.join(out_dir, name), "w") as f:
            json.dump(schema, f)
        count += 1
    return count


def crd_node(node):
    """openAPIV3Schema (structural) -> JSON schema, strict."""
    if isinstance(node, list):
        return [crd_node(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: crd_node(v) for k, v in node.items()}
    if node.pop("x-kubernetes-int-or-string", False):
        node.pop("type", None)
        node["oneOf"] = [{"type": "string"}, {"type": "integer"}]
    if node.pop("nullable", False) and isinstance(node.get("type"), str):
        node["type"] = [node["type"], "null"]
    preserve = node.pop("x-kubernetes-preserve-unknown-fields", False)
    if "properties" in node and "additionalProperties" not in node and not preserve:
        node["additionalProperties"] = False
    return node


def crd_schemas(path, out_dir):
    count = 0
    with open(path) as f:
        for doc in yaml.safe_load_all(f):
            if not doc or doc.get("kind") != "CustomResourceDefinition":
                continue
            spec = doc["spec"]
            kind = spec["names"]["kind"].lower()
            group = spec["group"].split(".")[0]
            for version in spec["versions"]:
                schema = copy.deepcopy(version["schema"]["openAPIV3Schema"])
                schema = crd_node(schema)
                props = schema.setdefault("properties", {})
                # apiVersion/kind/metadata are validated by the API server, not listed in CRD schemas.
                props.setdefault("apiVersion", {"type": "string"})
                props.setdefault("kind", {"type": "string"})
                props.setdefault("metadata", {"type": "object"})
                schema["$schema"] = "http://json-schema.org/draft-07/schema#"
                name = f"{kind}-{group}-{version['name']}.json"
                with open(os.path.join(out_dir, name), "w") as f:
                    json.dump(schema, f)
                count += 1
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k8s", required=True, help="a vX.Y.Z-local-strict directory of kubernetes-validate")
    parser.add_argument("--crd", action="append", default=[], help="a CustomResourceDefinition YAML file")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    kinds = standalone_kinds(args.k8s, args.out)
    crds = sum(crd_schemas(path, args.out) for path in args.crd)
    print(f"k8s_schemas: {kinds} Kubernetes schemas, {crds} CRD schemas in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
