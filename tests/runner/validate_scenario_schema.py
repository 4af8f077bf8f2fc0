#!/usr/bin/env python3
"""Checks docs/scenario.schema.json against the scenario files.

usage: validate_scenario_schema.py DOCS_DIR SOURCE_DIR

Every file in scenarios/ and tests/data/valid/ must be valid against the
schema (editors use it to complete and check keys), and each structurally
invalid file listed below must be rejected by it: a schema that accepts
anything would pass the first half.
"""
import json
import pathlib
import sys

import jsonschema
import yaml

# Structurally invalid files (kinds, keys, types): the schema must reject
# each. (Mistakes only the loader can see -- unknown stream ids, orders that
# never hold -- are not the schema's.)
# (bad_bool.yaml is left out: PyYAML, a YAML 1.1 reader, takes "yes" for true.)
MUST_FAIL = [
    "bad_duration_unit.yaml", "bad_source.yaml", "bad_status.yaml",
    "bare_number_duration.yaml", "cancel_map.yaml", "empty_steps.yaml",
    "expectation_two_kinds.yaml", "fields_not_indented.yaml", "float_count.yaml",
    "missing_id.yaml", "missing_steps.yaml", "negative_count.yaml", "not_a_map.yaml",
    "nth_zero.yaml", "quoted_int.yaml", "step_is_scalar.yaml", "step_two_kinds.yaml",
    "steps_not_list.yaml", "unknown_need.yaml", "log_record_list_value.yaml",
]


# The one tag a scenario may use: !text "/a/" is the text /a/, not a regex
# (an editor with the schema needs the same: yaml.customTags "!text scalar").
yaml.SafeLoader.add_constructor("!text", lambda loader, node: loader.construct_scalar(node))


def load(path):
    # YAML 1.1 would read "yes" and "0x10" as bool and int; the loader is
    # strict about them, and these files avoid them.
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def main(argv):
    docs, src = map(pathlib.Path, argv[1:3])
    schema = json.loads((docs / "scenario.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    bad = 0
    valid_files = sorted((src / "scenarios").glob("*.yaml")) + sorted((src / "tests/data/valid").glob("*.yaml"))
    for f in valid_files:
        errors = list(validator.iter_errors(load(f)))
        for e in errors[:3]:
            print(f"{f}: {'/'.join(map(str, e.absolute_path))}: {e.message}", file=sys.stderr)
        bad += bool(errors)
    for name in MUST_FAIL:
        f = src / "tests/data/invalid" / name
        try:
            doc = load(f)
        except yaml.YAMLError:
            continue  # not YAML at all: rejected before any schema
        if validator.is_valid(doc):
            print(f"{f}: valid against the schema, but it is structurally wrong", file=sys.stderr)
            bad += 1
    print(f"{len(valid_files)} valid files checked, {len(MUST_FAIL)} invalid ones; {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
