"""What the real Google Health API v4 accepts and answers, taken from its discovery document.

``derive(discovery)`` reduces Google's discovery document (``health.v4.json``, published in the
``google-api-python-client`` package) to what the fake needs to behave like the real service:

* every method: HTTP method, path template, parameters (location, type, pattern, enum);
* the grammar of ``dataPoints.list``'s ``filter``, read from the parameter's description: which
  field patterns exist (``{session_data_type}.interval.civil_start_time``, ...), their operators,
  literal formats and logical operators, and the kind of each data type (``exercise`` is a
  *session* type, ``steps`` an *interval* type), read from ``DataPoint``'s field descriptions;
* the schemas the fake reads or writes (its requests' bodies and its answers), with their
  property types, enums, formats, and which properties are ``Required.`` or output only.

The result is kept in ``google_health_contract.json`` beside this file, so the demo runs from
a checkout alone; ``tests/unit/fitbit/test_google_contract.py`` derives it again from the
discovery document in ``shared/corpus/google`` and shows what changed in a new revision.
Regenerate with ``python -m service.demo.fakes.google_health_contract <health.v4.json>``.

The ``Contract`` class checks requests (``check_query``, ``parse_filter``, ``check_body``) and
answers (``check_body`` on the response schema) against it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

CONTRACT_FILE = Path(__file__).with_name("google_health_contract.json")

#: The methods loadwatch calls (and the fake implements): their schemas are kept in full.
METHODS_USED = (
    "health.users.getIdentity",
    "health.users.dataTypes.dataPoints.list",
    "health.projects.subscribers.create",
    "health.projects.subscribers.list",
    "health.projects.subscribers.patch",
    "health.projects.subscribers.delete",
)
#: ``DataPoint`` is a union of every data type; the fake answers ``exercise`` points only.
DATA_POINT_FIELDS = ("name", "dataSource", "exercise")
_PLACEHOLDER_KINDS = {
    "{interval_data_type}": "interval",
    "{sample_data_type}": "sample",
    "{daily_summary_data_type}": "daily",
    "{session_data_type}": "session",
}
_ALIASES = {"ecg": "electrocardiogram"}
_DATA_TYPE_KIND = re.compile(r"`([a-z0-9-]+)` (interval|sample|daily|session) data type")
_CLAUSE = re.compile(r'^\s*([a-z0-9_.]+)\s*(>=|<=|!=|=|>|<)\s*"([^"]*)"\s*$')
_CIVIL = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^-?\d+$")
_DURATION = re.compile(r"^-?\d+(\.\d{1,9})?s$")


class ContractError(ValueError):
    """A request the real API refuses: ``status`` is Google's, e.g. ``INVALID_ARGUMENT``."""

    def __init__(self, message: str, status: str = "INVALID_ARGUMENT", http: int = 400) -> None:
        super().__init__(message)
        self.status = status
        self.http = http


# -- deriving the contract from the discovery document -----------------------------------------


def derive(discovery: Mapping[str, Any]) -> dict[str, Any]:
    """The contract (plain JSON) of one discovery document."""
    methods = dict(_methods(discovery["resources"]))
    list_method = methods["health.users.dataTypes.dataPoints.list"]
    filter_text = list_method["parameters"]["filter"].pop("description")
    schemas = discovery["schemas"]
    kept: dict[str, Any] = {}
    roots = [methods[m].get(k) for m in METHODS_USED for k in ("request", "response")]
    _keep_schemas([r for r in roots if r], schemas, kept)
    for method in methods.values():
        for parameter in method["parameters"].values():
            parameter.pop("description", None)
    return {
        "revision": discovery["revision"],
        "rootUrl": discovery["rootUrl"],
        "globalParameters": {
            name: _strip(value) for name, value in sorted(discovery["parameters"].items())
        },
        "methods": dict(sorted(methods.items())),
        "filter": {
            "rules": filter_rules(filter_text),
            "dataTypeKinds": data_type_kinds(schemas["DataPoint"]),
            "order": _order(filter_text),
        },
        "schemas": dict(sorted(kept.items())),
    }


def _methods(resources: Mapping[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    for resource in resources.values():
        for method in resource.get("methods", {}).values():
            yield (
                method["id"],
                {
                    "httpMethod": method["httpMethod"],
                    "flatPath": method["flatPath"],
                    "parameters": {
                        name: {k: v for k, v in parameter.items() if k != "enumDescriptions"}
                        for name, parameter in sorted(method.get("parameters", {}).items())
                    },
                    **{k: method[k]["$ref"] for k in ("request", "response") if k in method},
                    "scopes": sorted(method.get("scopes", [])),
                },
            )
        yield from _methods(resource.get("resources", {}))


def _keep_schemas(names: list[str], schemas: Mapping[str, Any], kept: dict[str, Any]) -> None:
    for name in names:
        if name in kept:
            continue
        schema = schemas[name]
        properties = schema.get("properties", {})
        if name == "DataPoint":
            properties = {k: v for k, v in properties.items() if k in DATA_POINT_FIELDS}
        kept[name] = {
            "type": schema.get("type", "object"),
            "properties": {k: _property(v) for k, v in sorted(properties.items())},
        }
        _keep_schemas(sorted(set(_refs(properties))), schemas, kept)


def _property(spec: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = _strip(spec)
    description = str(spec.get("description", ""))
    if description.startswith("Required."):
        out["required"] = True
    if description.startswith(("Output only.", "Required. Output only")) or spec.get("readOnly"):
        out["readOnly"] = True
    if "Input only." in description:
        out["inputOnly"] = True
    return out


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _strip(v)
            for k, v in value.items()
            if k not in ("description", "enumDescriptions", "enumDeprecated")
        }
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _refs(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        if "$ref" in value:
            yield value["$ref"]
        for item in value.values():
            yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


def filter_rules(description: str) -> list[dict[str, Any]]:
    """The filter fields the description allows, one rule per ``Pattern:`` it lists."""
    rules = []
    chunks = description.split("- Pattern: `")
    for title_chunk, chunk in pairwise(chunks):
        title = title_chunk.rsplit(" - ", 1)[-1]
        pattern, _, rest = chunk.partition("`")
        rest = rest.split(" - Example", 1)[0]
        operators = _ticked(rest, "comparison operators:")
        logical = _ticked(rest, "logical operators:")
        if "RFC-3339" in rest:
            literal = "timestamp"
        elif "Date literal" in rest:
            literal = "date"
        else:
            literal = "civil"
        excluded = re.search(r"\*\*Excluding ([^*]+)\*\*", title)
        rules.append(
            {
                "pattern": pattern,
                "operators": operators,
                "literal": literal,
                "logical": logical,
                "excluding": (
                    sorted(
                        _ALIASES.get(word.lower(), word.lower())
                        for word in re.split(r",|\band\b", excluded.group(1))
                        if word.strip()
                        for word in [word.strip()]
                    )
                    if excluded
                    else []
                ),
            }
        )
    return rules


def _ticked(text: str, label: str) -> list[str]:
    """The quoted items after ``label`` up to the next list item: "`>=`, `<`" → [">=", "<"]."""
    if label not in text:
        return []
    return re.findall(r"`([^`]+)`", text.split(label, 1)[1].split(" - ", 1)[0])


def data_type_kinds(data_point: Mapping[str, Any]) -> dict[str, str]:
    kinds = {}
    for spec in data_point.get("properties", {}).values():
        match = _DATA_TYPE_KIND.search(str(spec.get("description", "")))
        if match:
            kinds[match.group(1)] = match.group(2)
    return dict(sorted(kinds.items()))


def _order(description: str) -> str:
    return "descending" if "in descending order" in description else "ascending"


def changes(kept: Mapping[str, Any], fresh: Mapping[str, Any]) -> list[str]:
    """What differs between two contracts, one line per method, parameter, schema field, enum
    value or filter rule: what a new revision of the discovery document changed."""
    lines: list[str] = []
    if kept.get("revision") != fresh.get("revision"):
        lines.append(f"revision {kept.get('revision')} -> {fresh.get('revision')}")
    _compare("method", kept.get("methods", {}), fresh.get("methods", {}), lines)
    _compare("schema", kept.get("schemas", {}), fresh.get("schemas", {}), lines)
    _compare("global parameter", kept["globalParameters"], fresh["globalParameters"], lines)
    old_filter, new_filter = kept.get("filter", {}), fresh.get("filter", {})
    for key in sorted(set(old_filter) | set(new_filter)):
        if old_filter.get(key) != new_filter.get(key):
            lines.append(f"filter {key}: {old_filter.get(key)} -> {new_filter.get(key)}")
    return lines


def _compare(what: str, old: Mapping[str, Any], new: Mapping[str, Any], lines: list[str]) -> None:
    for name in sorted(set(old) | set(new)):
        if name not in new:
            lines.append(f"{what} {name}: removed")
        elif name not in old:
            lines.append(f"{what} {name}: added")
        elif old[name] != new[name]:
            lines.extend(f"{what} {name}: {line}" for line in _differences(old[name], new[name]))


def _differences(old: Any, new: Any, where: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                found.extend(_differences(old.get(key), new.get(key), f"{where}.{key}"))
        return found
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and all(isinstance(v, str) for v in old + new)
    ):
        added = [v for v in new if v not in old]
        removed = [v for v in old if v not in new]
        return [f"{where} added {added} removed {removed}"]
    return [f"{where}: {old!r} -> {new!r}"]


# -- checking requests and answers against it ----------------------------------------------------


@dataclass(frozen=True)
class Clause:
    field: str
    operator: str
    value: datetime | date
    literal: str


@dataclass(frozen=True)
class Route:
    method_id: str
    path_values: dict[str, str]


class Contract:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.methods: Mapping[str, Any] = data["methods"]
        self.schemas: Mapping[str, Any] = data["schemas"]
        self._routes = [
            (method_id, method["httpMethod"], _path_regex(method["flatPath"]))
            for method_id, method in self.methods.items()
        ]

    @property
    def revision(self) -> str:
        return str(self.data["revision"])

    def enum(self, schema: str, field: str) -> list[str]:
        return list(self.schemas[schema]["properties"][field]["enum"])

    def route(self, http_method: str, path: str) -> Route:
        """The method a request names; ``ContractError`` (404) when the API has none."""
        for method_id, verb, regex in self._routes:
            match = regex.match(path)
            if match and verb == http_method:
                return Route(method_id, match.groupdict())
        raise ContractError(
            f"The requested URL {path} was not found on this server.", "NOT_FOUND", 404
        )

    def check_query(self, method_id: str, query: Mapping[str, list[str]]) -> None:
        parameters = self.methods[method_id]["parameters"]
        for name, values in query.items():
            spec = parameters.get(name) or self.data["globalParameters"].get(name)
            if spec is None or spec.get("location") != "query":
                raise ContractError(
                    f'Invalid JSON payload received. Unknown name "{name}": '
                    "Cannot bind query parameter. Field '" + name + "' could not be found in "
                    "request message."
                )
            if not spec.get("repeated") and len(values) > 1:
                raise ContractError(f"Parameter {name} was given more than once.")
            for value in values:
                _check_scalar(name, spec, value)

    def parse_filter(self, data_type: str, text: str) -> list[Clause]:
        """The clauses of a ``filter`` on ``data_type`` (kebab-case), as Google parses them."""
        kind = self.data["filter"]["dataTypeKinds"].get(data_type)
        prefix = data_type.replace("-", "_")
        rules = {
            rule["pattern"].replace(_placeholder(rule["pattern"]), prefix): rule
            for rule in self.data["filter"]["rules"]
            if _applies(rule, kind, data_type)
        }
        if not text.strip():
            return []
        joiners = re.findall(r"\s(AND|OR)\s", text)
        clauses = []
        for part in re.split(r"\s(?:AND|OR)\s", text):
            match = _CLAUSE.match(part)
            if match is None:
                raise ContractError(f"Invalid filter: cannot parse {part.strip()!r}")
            field, operator, literal = match.groups()
            rule = rules.get(field)
            if rule is None:
                raise ContractError(f"Member '{field}' is not supported for filtering")
            if operator not in rule["operators"]:
                raise ContractError(f"Operator '{operator}' is not supported for '{field}'")
            clauses.append(Clause(field, operator, _literal(rule["literal"], literal), literal))
        for joiner in joiners:
            if any(joiner not in rules[c.field]["logical"] for c in clauses):
                raise ContractError(f"Logical operator '{joiner}' is not supported here")
        return clauses

    def check_body(self, schema: str, value: Any, *, request: bool = False) -> list[str]:
        """Every way ``value`` differs from the schema; empty when it fits."""
        problems: list[str] = []
        self._check_object(schema, value, schema, problems, request)
        return problems

    def _check_object(
        self, schema: str, value: Any, where: str, problems: list[str], request: bool
    ) -> None:
        if not isinstance(value, dict):
            problems.append(f"{where}: expected an object ({schema})")
            return
        properties = self.schemas[schema]["properties"]
        for name, item in value.items():
            spec = properties.get(name)
            if spec is None:
                problems.append(f'{where}: unknown name "{name}" in {schema}')
                continue
            self._check_value(spec, item, f"{where}.{name}", problems, request)
        for name, spec in properties.items():
            skipped = spec.get("readOnly") if request else spec.get("inputOnly")
            if spec.get("required") and name not in value and not skipped:
                problems.append(f"{where}: required field {name!r} is missing")
            if name in value and spec.get("inputOnly" if not request else "readOnly"):
                problems.append(f"{where}: {name!r} is {'output' if request else 'input'} only")

    def _check_value(
        self, spec: Mapping[str, Any], value: Any, where: str, problems: list[str], request: bool
    ) -> None:
        if "$ref" in spec:
            if self.schemas.get(spec["$ref"], {}).get("properties") is not None:
                self._check_object(spec["$ref"], value, where, problems, request)
            return
        kind = spec.get("type")
        if kind == "array":
            if not isinstance(value, list):
                problems.append(f"{where}: expected a list")
                return
            for index, item in enumerate(value):
                self._check_value(spec["items"], item, f"{where}[{index}]", problems, request)
            return
        if kind == "object":
            if not isinstance(value, dict):
                problems.append(f"{where}: expected an object")
            return
        try:
            _check_json_scalar(spec, value)
        except ContractError as exc:
            problems.append(f"{where}: {exc}")


def _check_scalar(name: str, spec: Mapping[str, Any], value: str) -> None:
    kind = spec.get("type")
    if kind == "integer" and not _INT.match(value):
        raise ContractError(f"Invalid value at '{name}' (TYPE_INT32), \"{value}\"")
    if kind == "boolean" and value not in ("true", "false"):
        raise ContractError(f"Invalid value at '{name}' (TYPE_BOOL), \"{value}\"")
    if "enum" in spec and value not in spec["enum"]:
        raise ContractError(f"Invalid value at '{name}', \"{value}\"")
    pattern = spec.get("pattern")
    if pattern and spec.get("location") == "query" and not re.match(pattern, value):
        raise ContractError(f"Invalid value at '{name}': does not match {pattern}")


def _check_json_scalar(spec: Mapping[str, Any], value: Any) -> None:
    kind, fmt = spec.get("type"), spec.get("format")
    if kind == "string":
        if not isinstance(value, str):
            raise ContractError(f"expected a string, got {value!r}")
        if fmt in ("int64", "uint64") and not _INT.match(value):
            raise ContractError(f"expected an int64 as a decimal string, got {value!r}")
        if fmt == "google-duration" and not _DURATION.match(value):
            raise ContractError(f"expected a duration like '60s', got {value!r}")
        if fmt == "google-datetime":
            try:
                moment = datetime.fromisoformat(value)
            except ValueError as exc:
                raise ContractError(f"expected an RFC 3339 timestamp, got {value!r}") from exc
            if moment.tzinfo is None:
                raise ContractError(f"an RFC 3339 timestamp needs an offset: {value!r}")
        if "enum" in spec and value not in spec["enum"]:
            raise ContractError(f"{value!r} is not one of the enum's values")
    elif kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ContractError(f"expected an integer, got {value!r}")
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ContractError(f"expected a number, got {value!r}")
    elif kind == "boolean" and not isinstance(value, bool):
        raise ContractError(f"expected true or false, got {value!r}")


def _path_regex(flat_path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[A-Za-z]+\})", flat_path)
    body = "".join(f"(?P<{p[1:-1]}>[^/:]+)" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^/{body}$")


def _placeholder(pattern: str) -> str:
    return next((p for p in _PLACEHOLDER_KINDS if p in pattern), "\0")


def _applies(rule: Mapping[str, Any], kind: str | None, data_type: str) -> bool:
    placeholder = _placeholder(rule["pattern"])
    if placeholder == "\0":
        return bool(rule["pattern"].startswith(data_type.replace("-", "_") + "."))
    return _PLACEHOLDER_KINDS[placeholder] == kind and data_type not in rule["excluding"]


def _literal(kind: str, text: str) -> datetime | date:
    if kind == "timestamp":
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise ContractError(f"Invalid filter: {text!r} is not an RFC-3339 timestamp")
        return moment
    if kind == "date":
        if not _DATE.match(text):
            raise ContractError(f"Invalid filter: {text!r} is not a YYYY-MM-DD date")
        return date.fromisoformat(text)
    if not _CIVIL.match(text):
        raise ContractError(f"Invalid filter: {text!r} is not YYYY-MM-DD[THH:mm:ss]")
    return datetime.fromisoformat(text if "T" in text else f"{text}T00:00:00")


@cache
def contract() -> Contract:
    """The contract kept beside this file (what the fake checks against)."""
    return Contract(json.loads(CONTRACT_FILE.read_text(encoding="utf-8")))


def render(data: Mapping[str, Any]) -> str:
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        raise SystemExit(
            "usage: python -m service.demo.fakes.google_health_contract health.v4.json"
        )
    discovery = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    CONTRACT_FILE.write_text(render(derive(discovery)), encoding="utf-8")
    print(f"wrote {CONTRACT_FILE} (revision {discovery['revision']})")


if __name__ == "__main__":
    main()
