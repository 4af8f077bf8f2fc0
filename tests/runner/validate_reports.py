#!/usr/bin/python3
"""Validates labrun's JSON reports against docs/report.schema.json and
docs/index.schema.json.

usage: validate_reports.py SCHEMA_DIR REPORT_DIR...

Every *.json under each REPORT_DIR is checked: index.json against the index
schema (and every report it names must exist), the rest against the scenario
report schema. Fails if a directory holds no report at all.
"""
import json
import pathlib
import sys

import jsonschema


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    schemas = pathlib.Path(argv[1])
    report_schema = json.loads((schemas / "report.schema.json").read_text())
    index_schema = json.loads((schemas / "index.schema.json").read_text())
    checked = failures = 0
    for report_dir in map(pathlib.Path, argv[2:]):
        files = sorted(report_dir.rglob("*.json"))
        if not files:
            print(f"{report_dir}: no reports", file=sys.stderr)
            return 1
        for path in files:
            doc = json.loads(path.read_text())
            schema = index_schema if path.name == "index.json" else report_schema
            try:
                jsonschema.validate(doc, schema)
            except jsonschema.ValidationError as e:
                failures += 1
                where = "/".join(str(p) for p in e.absolute_path)
                print(f"{path}: {where}: {e.message}", file=sys.stderr)
            if path.name == "index.json":
                for entry in doc.get("scenarios", []):
                    if not (path.parent / entry["report"]).is_file():
                        failures += 1
                        print(f"{path}: names missing report {entry['report']}", file=sys.stderr)
            checked += 1
    print(f"{checked} reports checked, {failures} invalid")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
