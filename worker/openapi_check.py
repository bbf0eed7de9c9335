#!/usr/bin/env python3
"""openapi_check.py: check ../openapi.yaml and real API bodies against it.

    python3 worker/openapi_check.py SAMPLES_DIR

SAMPLES_DIR holds bodies that worker/check.mjs saved while checking the
Worker, one per file, named <Schema>.<n>.json (Report.3.json, ErrorBody.7.json,
...). Each is validated against components/schemas/<Schema> in strict mode:
an object may not carry a property the description does not list, so that
the description follows the API as the engine changes.

Needs PyYAML and jsonschema (openapi-spec-validator, if present, checks the
document itself). worker/test.sh runs it when they are installed and says
so when they are not. Exit status 0 when every body conforms, 1 otherwise,
2 when a module is missing.
"""
import json
import os
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    print(f"openapi check skipped: {e.name} is not installed")
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "..", "openapi.yaml")


def strict(node):
    """Forbid unlisted properties wherever the description lists some."""
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for v in node.values():
            strict(v)
    elif isinstance(node, list):
        for v in node:
            strict(v)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    with open(SPEC, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    failures = 0
    try:
        from openapi_spec_validator import validate
    except ImportError:
        print("openapi: openapi-spec-validator not installed: the document itself is not validated")
    else:
        try:
            validate(spec)
            print("openapi: the document is valid OpenAPI 3.1")
        except Exception as e:  # noqa: BLE001
            print(f"openapi: the document is invalid: {e}")
            failures += 1
    strict(spec)
    components = spec["components"]
    names = sorted(os.listdir(sys.argv[1]))
    counts = {}
    for name in names:
        schema_name = name.split(".")[0]
        if schema_name not in components["schemas"]:
            print(f"openapi: {name}: no schema {schema_name}")
            failures += 1
            continue
        with open(os.path.join(sys.argv[1], name), encoding="utf-8") as f:
            body = json.load(f)
        validator = jsonschema.Draft202012Validator(
            {"$ref": "#/components/schemas/" + schema_name, "components": components})
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        for e in errors[:5]:
            path = "/".join(str(p) for p in e.absolute_path)
            print(f"openapi: {name}: at /{path}: {e.message[:300]}")
        if errors:
            failures += 1
        counts[schema_name] = counts.get(schema_name, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    print(f"openapi: {len(names)} bodies checked ({summary}), {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
