#!/usr/bin/env python3
"""Writes src/MilvusPS.Protocol/Protos/*.proto from our wire fact tables.

The tables (tests/fixtures/wire/*.tsv) are the source of truth for the Milvus
wire protocol (v2.6.22). This script is run by hand when the tables change; the
.proto files it writes are committed, and WireDefinitionTests checks the
compiled result against the same tables, so a hand edit that breaks the wire
is caught.

Usage: python3 tools/generate-protos.py
"""
import csv
import os
import re
from collections import OrderedDict, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "wire")
OUT = os.path.join(ROOT, "src", "MilvusPS.Protocol", "Protos")

# The C# namespace does not reach the wire. The msg package reuses names that
# the milvus package also has, so it gets a namespace of its own.
CSHARP_NAMESPACE = {
    "milvus.proto.msg": "MilvusPS.Protocol.Msg",
    "milvus.proto.tokenizer": "MilvusPS.Protocol.Tokenizer",
}
DEFAULT_NAMESPACE = "MilvusPS.Protocol"


def read(name):
    with open(os.path.join(FIXTURES, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def default_json_name(field):
    parts = field.split("_")
    out = parts[0]
    for p in parts[1:]:
        out += p[:1].upper() + p[1:]
    return out


def main():
    messages = read("messages.tsv")
    index = read("message-index.tsv")
    enums = read("enums.tsv")
    rpcs = read("rpcs.tsv")

    file_of = {}          # fully qualified type -> file
    package_of_file = {}
    files = OrderedDict()
    for row in index:
        file_of[row["message"]] = row["file"]
        package_of_file[row["file"]] = row["package"]
        files.setdefault(row["file"], None)
    for row in enums:
        file_of[row["enum"]] = row["file"]
        package_of_file[row["file"]] = row["package"]
        files.setdefault(row["file"], None)

    fields_of = defaultdict(list)
    for row in messages:
        fields_of[row["message"]].append(row)
    values_of = OrderedDict()
    for row in enums:
        values_of.setdefault(row["enum"], []).append(row)

    nested_children = defaultdict(list)
    for row in index:
        if row["nested_in"]:
            nested_children[row["nested_in"]].append(row["message"])
    nested_enums = defaultdict(list)
    for name in values_of:
        parent = name.rsplit(".", 1)[0]
        if parent in file_of and parent not in package_of_file.values():
            nested_enums[parent].append(name)

    services = defaultdict(list)
    for row in rpcs:
        services[(row["package"], row["service"])].append(row)

    def type_ref(t):
        if re.fullmatch(r"[a-z0-9]+", t):
            return t
        return "." + t  # fully qualified: no scoping surprises

    def imports_for(file):
        needed = set()
        for m, fields in fields_of.items():
            if file_of.get(m) != file:
                continue
            for f in fields:
                for t in [f["type"]] + re.findall(r"[A-Za-z0-9_.]+", f["label"]):
                    other = file_of.get(t)
                    if other and other != file:
                        needed.add(other)
        for (pkg, _svc), rows in services.items():
            if package_of_file.get(file) != pkg:
                continue
            for r in rows:
                for t in (r["request_type"], r["response_type"]):
                    other = file_of.get(t)
                    if other and other != file:
                        needed.add(other)
        return sorted(needed)

    def emit_enum(lines, name, indent):
        pad = "  " * indent
        lines.append(f"{pad}enum {name.rsplit('.', 1)[1]} {{")
        for v in values_of[name]:
            opt = " [deprecated = true]" if v["deprecated"] == "yes" else ""
            lines.append(f"{pad}  {v['value']} = {v['number']}{opt};")
        lines.append(f"{pad}}}")

    def field_line(f):
        label = f["label"]
        opts = []
        if f["deprecated"] == "yes":
            opts.append("deprecated = true")
        if f["json_name"] and f["json_name"] != default_json_name(f["field"]):
            opts.append(f'json_name = "{f["json_name"]}"')
        opt = f" [{', '.join(opts)}]" if opts else ""
        if label.startswith("map<"):
            k, v = label[4:-1].split(",", 1)
            decl = f"map<{type_ref(k)}, {type_ref(v)}>"
        elif label == "repeated":
            decl = f"repeated {type_ref(f['type'])}"
        elif f["proto3_optional"] == "yes":
            decl = f"optional {type_ref(f['type'])}"
        else:
            decl = type_ref(f["type"])
        return f"{decl} {f['field']} = {f['number']}{opt};"

    def emit_message(lines, name, indent):
        pad = "  " * indent
        meta = next(r for r in index if r["message"] == name)
        lines.append(f"{pad}message {name.rsplit('.', 1)[1]} {{")
        if meta["deprecated"] == "yes":
            lines.append(f"{pad}  option deprecated = true;")
        for child in nested_children[name]:
            emit_message(lines, child, indent + 1)
        for e in nested_enums[name]:
            emit_enum(lines, e, indent + 1)
        open_oneof = None
        for f in fields_of[name]:
            if f["oneof"] != open_oneof:
                if open_oneof:
                    lines.append(f"{pad}  }}")
                if f["oneof"]:
                    lines.append(f"{pad}  oneof {f['oneof']} {{")
                open_oneof = f["oneof"] or None
            inner = "    " if open_oneof else "  "
            lines.append(f"{pad}{inner}{field_line(f)}")
        if open_oneof:
            lines.append(f"{pad}  }}")
        lines.append(f"{pad}}}")

    os.makedirs(OUT, exist_ok=True)
    for file in files:
        pkg = package_of_file[file]
        lines = [
            "// Generated by tools/generate-protos.py from tests/fixtures/wire/*.tsv.",
            "// Wire-compatible with Milvus v2.6.22; do not edit by hand.",
            'syntax = "proto3";',
            "",
            f"package {pkg};",
            "",
            f'option csharp_namespace = "{CSHARP_NAMESPACE.get(pkg, DEFAULT_NAMESPACE)}";',
            "",
        ]
        for imp in imports_for(file):
            lines.append(f'import "{imp}";')
        lines.append("")
        for name in values_of:
            if file_of[name] == file and name.rsplit(".", 1)[0] == pkg:
                emit_enum(lines, name, 0)
                lines.append("")
        for row in index:
            if row["file"] == file and not row["nested_in"]:
                emit_message(lines, row["message"], 0)
                lines.append("")
        for (spkg, svc), rows in services.items():
            if spkg != pkg:
                continue
            lines.append(f"service {svc} {{")
            for r in rows:
                req = type_ref(r["request_type"])
                resp = type_ref(r["response_type"])
                kind = r["streaming_kind"]
                req_s = "stream " if kind == "bidi" else ""
                resp_s = "stream " if kind in ("bidi", "server") else ""
                body = " { option deprecated = true; }" if r["deprecated"] == "yes" else " {}"
                lines.append(f"  rpc {r['rpc']}({req_s}{req}) returns ({resp_s}{resp}){body}")
            lines.append("}")
            lines.append("")
        with open(os.path.join(OUT, file), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines).rstrip() + "\n")
        print("wrote", file)


if __name__ == "__main__":
    main()
