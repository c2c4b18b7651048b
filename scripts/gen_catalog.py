#!/usr/bin/env python3
"""Generate analyzer/data/iam-catalog.txt from the iam-data package.

Usage: scripts/gen_catalog.py [IAM_DATA_DIR] [--out FILE]

IAM_DATA_DIR defaults to /work/shared/reference/iam-data (the directory that
holds LICENSE.txt, SOURCE.txt and data/). The output is deterministic: the
same input always gives the same bytes. It keeps only what the analyzer needs
(no descriptions) and checks the input on the way, so that a malformed or
changed upstream format fails here, loudly, instead of in the analyzer.

Alongside the catalog, the script writes analyzer/data/rcp-services.txt
(the service prefixes that resource control policies support, from
iam-data's rcpSupportedServices.json, one per line) and copies LICENSE.txt
and SOURCE.txt to analyzer/data/LICENSE-iam-data.txt and
analyzer/data/SOURCE-iam-data.txt: iam-data is MIT-licensed and its notice
travels with the data.

Output format (documented again in the file header, parsed by
analyzer/src/catalog/parse.rs): one record per line, fields separated by a
TAB, list items separated by ','. Lines starting with '#' are comments.

  S <prefix> <service name>
      Starts a service; the K, R and A records that follow belong to it.
  K <condition key> <type>
      A condition key the service documents, with its iam-data type.
  R <resource type> <ARN formats> <condition keys>
  A <action> <access level> <resource types> <condition keys> [<resource type>=<condition keys>]...
      The access level is one letter per level iam-data lists (L List,
      R Read, W Write, P Permissions management, T Tagging; `Tagging, Write`
      is TW). Resource types carry a trailing '*' when required. The
      optional trailing fields list the condition keys that apply only when
      the action acts on that resource type.

In R and A records, a condition key of the service's own prefix is written
without it (`s3:prefix` is `:prefix` under service s3); K records always
carry the full name.

Within a service, records are grouped K, R, A and each group is sorted by
its lower-cased name; services are sorted by prefix.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

DEFAULT_SOURCE = Path("/work/shared/reference/iam-data")
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "analyzer" / "data" / "iam-catalog.txt"

KEY_TYPES = {
    "String",
    "ArrayOfString",
    "ARN",
    "ArrayOfARN",
    "Bool",
    "ArrayOfBool",
    "Numeric",
    "ArrayOfNumeric",
    "Date",
    "ArrayOfDate",
    "IPAddress",
    "ArrayOfIPAddress",
}
# Access levels as iam-data spells them, and their one-letter codes.
ACCESS_LEVELS = {"List": "L", "Read": "R", "Write": "W", "Permissions management": "P", "Tagging": "T"}
FORBIDDEN_CHARS = set("\t\n\r,")


class DataError(Exception):
    """The iam-data input does not have the shape this script expects."""


def check_atom(value: object, where: str) -> str:
    """A non-empty string that the line format can carry unescaped."""
    if not isinstance(value, str) or not value:
        raise DataError(f"{where}: expected a non-empty string, got {value!r}")
    if FORBIDDEN_CHARS & set(value) or value != value.strip():
        raise DataError(f"{where}: {value!r} contains a tab, newline, comma or edge space")
    # ASCII only, so that Python's sort by str.lower is the byte order of the
    # ASCII-lower-cased names that the Rust loader checks.
    if not value.isascii():
        raise DataError(f"{where}: {value!r} is not ASCII")
    return value


def check_list(values: object, where: str) -> list[str]:
    if not isinstance(values, list):
        raise DataError(f"{where}: expected a list, got {values!r}")
    return [check_atom(v, f"{where}[{i}]") for i, v in enumerate(values)]


def load_json(path: Path) -> object:
    try:
        with path.open(encoding="utf-8") as f:
            return json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise DataError(f"{path}: {e}") from e


def load_object(path: Path) -> dict:
    data = load_json(path)
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a JSON object")
    return data


def sorted_by_lower(records: dict, where: str) -> list[tuple[str, dict]]:
    """Records sorted by lower-cased name; case-insensitive duplicates are errors."""
    seen: dict[str, str] = {}
    for name in records:
        lower = name.lower()
        if lower in seen:
            raise DataError(f"{where}: {name!r} and {seen[lower]!r} differ only in case")
        seen[lower] = name
    return sorted(records.items(), key=lambda item: item[0].lower())


def condition_keys(service: str, data_dir: Path) -> tuple[list[str], set[str]]:
    """The K lines of a service and the lower-cased names they define."""
    path = data_dir / "conditionKeys" / f"{service}.json"
    raw = load_object(path)
    by_name = {}
    for json_key, record in raw.items():
        where = f"{path}:{json_key}"
        name = check_atom(record.get("key"), f"{where}.key")
        if name.lower() != json_key.lower():
            raise DataError(f"{where}: key {name!r} does not match its JSON key")
        key_type = record.get("type")
        if key_type not in KEY_TYPES:
            raise DataError(f"{where}: unknown condition key type {key_type!r}")
        by_name[name] = key_type
    lines = [f"K\t{name}\t{key_type}" for name, key_type in sorted_by_lower(by_name, str(path))]
    return lines, {name.lower() for name in by_name}


def check_keys_known(keys: list[str], known: set[str], where: str) -> list[str]:
    for key in keys:
        if key.lower() not in known:
            raise DataError(f"{where}: condition key {key!r} is not defined by the service")
    return sorted(keys, key=str.lower)


def resource_types(service: str, data_dir: Path, known_keys: set[str]) -> tuple[list[str], set[str]]:
    """The R lines of a service and the lower-cased resource type names."""
    path = data_dir / "resourceTypes" / f"{service}.json"
    raw = load_object(path)
    by_name = {}
    for json_key, record in raw.items():
        where = f"{path}:{json_key}"
        name = check_atom(record.get("key"), f"{where}.key")
        if name.lower() != json_key.lower() or name.endswith("*") or "=" in name:
            raise DataError(f"{where}: bad resource type name {name!r}")
        arn = record.get("arn")
        if not isinstance(arn, str):
            raise DataError(f"{where}.arn: expected a string")
        # iam-data joins several ARN formats of one resource type with ", ".
        arns = check_list([a.strip() for a in arn.split(",")], f"{where}.arn")
        for a in arns:
            if not a.startswith("arn:"):
                raise DataError(f"{where}.arn: {a!r} is not an ARN format")
        keys = check_keys_known(
            check_list(record.get("conditionKeys", []), f"{where}.conditionKeys"), known_keys, where
        )
        by_name[name] = (arns, keys)
    lines = [
        f"R\t{name}\t{','.join(arns)}\t{','.join(key_ref(service, k) for k in keys)}"
        for name, (arns, keys) in sorted_by_lower(by_name, str(path))
    ]
    return lines, {name.lower() for name in by_name}


def access_level(value: object, where: str) -> str:
    """The code of an access level: `Tagging, Write` becomes `TW`."""
    if not isinstance(value, str) or not value:
        raise DataError(f"{where}: expected an access level, got {value!r}")
    parts = value.split(", ")
    if any(p not in ACCESS_LEVELS for p in parts) or len(set(parts)) != len(parts):
        raise DataError(f"{where}: unknown access level {value!r}")
    return "".join(ACCESS_LEVELS[p] for p in parts)


def key_ref(service: str, key: str) -> str:
    """How an R or A record names a key: without the service's own prefix."""
    own = service + ":"
    return key[len(own) - 1 :] if key.lower().startswith(own) else key


def action_line(
    service: str, name: str, record: dict, where: str, known_keys: set[str], known_types: set[str]
) -> str:
    level = access_level(record.get("accessLevel"), f"{where}.accessLevel")
    keys = check_keys_known(check_list(record.get("conditionKeys"), f"{where}.conditionKeys"), known_keys, where)
    resources = record.get("resourceTypes")
    if not isinstance(resources, list):
        raise DataError(f"{where}.resourceTypes: expected a list")
    if record.get("dependentActions"):
        raise DataError(f"{where}: dependentActions are not carried by the catalog format yet")
    # name -> (required, scoped condition keys). AWS lists a resource type
    # twice when an action touches two resources of that type (e.g. the source
    # and target connection of directconnect:AssociateHostedConnection); one
    # entry is kept, required if either is, with the union of their keys.
    merged: dict[str, tuple[bool, set[str]]] = {}
    for i, resource in enumerate(resources):
        rwhere = f"{where}.resourceTypes[{i}]"
        rname = check_atom(resource.get("name"), f"{rwhere}.name")
        if rname.lower() not in known_types:
            raise DataError(f"{rwhere}: resource type {rname!r} is not defined by the service")
        required = resource.get("required")
        if not isinstance(required, bool):
            raise DataError(f"{rwhere}.required: expected a Boolean")
        if resource.get("dependentActions"):
            raise DataError(f"{rwhere}: dependentActions are not carried by the catalog format yet")
        rkeys = check_keys_known(
            check_list(resource.get("conditionKeys"), f"{rwhere}.conditionKeys"), known_keys, rwhere
        )
        was_required, was_keys = merged.get(rname, (False, set()))
        merged[rname] = (was_required or required, was_keys | set(rkeys))
    entries = sorted(merged.items(), key=lambda e: e[0].lower())
    fields = [
        "A",
        name,
        level,
        ",".join(rname + ("*" if required else "") for rname, (required, _) in entries),
        ",".join(key_ref(service, k) for k in keys),
    ]
    fields += [
        f"{rname}={','.join(key_ref(service, k) for k in sorted(rkeys, key=str.lower))}"
        for rname, (_, rkeys) in entries
        if rkeys
    ]
    return "\t".join(fields)


def actions(service: str, data_dir: Path, known_keys: set[str], known_types: set[str]) -> list[str]:
    path = data_dir / "actions" / f"{service}.json"
    raw = load_object(path)
    by_name = {}
    for json_key, record in raw.items():
        where = f"{path}:{json_key}"
        name = check_atom(record.get("name"), f"{where}.name")
        if name.lower() != json_key.lower() or any(c in name for c in "*?:="):
            raise DataError(f"{where}: bad action name {name!r}")
        by_name[name] = record
    return [
        action_line(service, name, record, f"{path}:{name}", known_keys, known_types)
        for name, record in sorted_by_lower(by_name, str(path))
    ]


def service_lines(service: str, name: str, data_dir: Path) -> list[str]:
    key_lines, known_keys = condition_keys(service, data_dir)
    type_lines, known_types = resource_types(service, data_dir, known_keys)
    return [f"S\t{service}\t{name}", *key_lines, *type_lines, *actions(service, data_dir, known_keys, known_types)]


def services(data_dir: Path) -> list[tuple[str, str]]:
    listed = load_json(data_dir / "services.json")
    names = load_object(data_dir / "serviceNames.json")
    if not isinstance(listed, list):
        raise DataError("services.json: expected a list")
    result = []
    for prefix in listed:
        check_atom(prefix, "services.json")
        if prefix != prefix.lower() or ":" in prefix:
            raise DataError(f"services.json: service prefix {prefix!r} is not lower case")
        result.append((prefix, check_atom(names.get(prefix), f"serviceNames.json:{prefix}")))
    on_disk = {p.stem for p in (data_dir / "actions").glob("*.json")}
    if on_disk != {p for p, _ in result}:
        raise DataError(f"services.json and actions/ disagree: {sorted(on_disk ^ {p for p, _ in result})}")
    if len(on_disk) != len(result):
        raise DataError("services.json lists a service twice")
    return sorted(result)


def header(source_note: str) -> list[str]:
    return [
        "# zoneproof IAM catalog: actions, resource types and condition keys per AWS service.",
        "# GENERATED by scripts/gen_catalog.py; do not edit by hand, rerun the script.",
        f"# Source: iam-data by Cloud Copilot, {source_note}",
        "# Licence: MIT, see LICENSE-iam-data.txt and SOURCE-iam-data.txt beside this file.",
        "# Format: one record per line, fields separated by TAB, list items by ','.",
        "#   S <prefix> <service name>            starts a service",
        "#   K <condition key> <type>             a condition key of the service",
        "#   R <resource type> <ARN formats> <condition keys>",
        "#   A <action> <access level> <resource types> <condition keys> [<resource type>=<condition keys>]...",
        "#     access level: one letter per level, L List, R Read, W Write, P Permissions",
        "#     management, T Tagging (iam-data's `Tagging, Write` is TW);",
        "#     a resource type ending in '*' is required; the trailing fields list keys that",
        "#     apply only when the action acts on that resource type;",
        "#     in R and A records a key starting with ':' has the service prefix left out.",
    ]


def generate(source: Path) -> str:
    data_dir = source / "data"
    source_note = (source / "SOURCE.txt").read_text(encoding="utf-8").strip()
    if "\n" in source_note:
        source_note = " ".join(source_note.split())
    source_note = source_note.removeprefix("source: ")
    lines = header(source_note)
    for prefix, name in services(data_dir):
        lines += service_lines(prefix, name, data_dir)
    return "\n".join(lines) + "\n"


def rcp_services(source: Path, known: set[str]) -> str:
    """The prefixes of the services that support RCPs, one per line."""
    listed = load_json(source / "data" / "rcpSupportedServices.json")
    if not isinstance(listed, list):
        raise DataError("rcpSupportedServices.json: expected a list")
    prefixes = sorted({check_atom(p, "rcpSupportedServices.json") for p in listed})
    unknown = [p for p in prefixes if p not in known]
    if unknown:
        raise DataError(f"rcpSupportedServices.json names unknown services: {unknown}")
    header = [
        "# Services whose actions resource control policies (RCPs) can restrict.",
        "# GENERATED by scripts/gen_catalog.py from iam-data (MIT, see LICENSE-iam-data.txt).",
    ]
    return "\n".join(header + prefixes) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="iam-data directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="catalog file to write")
    args = parser.parse_args(argv)
    try:
        text = generate(args.source)
        known = {prefix for prefix, _ in services(args.source / "data")}
        rcp_text = rcp_services(args.source, known)
    except (DataError, OSError) as e:
        print(f"gen_catalog: {e}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8", newline="\n")
    (args.out.parent / "rcp-services.txt").write_text(rcp_text, encoding="utf-8", newline="\n")
    shutil.copyfile(args.source / "LICENSE.txt", args.out.parent / "LICENSE-iam-data.txt")
    shutil.copyfile(args.source / "SOURCE.txt", args.out.parent / "SOURCE-iam-data.txt")
    print(f"gen_catalog: wrote {args.out} ({len(text.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
