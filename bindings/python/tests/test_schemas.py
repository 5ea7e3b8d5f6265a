"""The committed JSON Schemas (docs/schema/) accept what the engine accepts and emits,
checked with an independent validator (the `jsonschema` package)."""

import json

import jsonschema
import pytest

import watchstander
from conftest import CONFORMANCE, ROOT

SCHEMAS = ROOT / "docs" / "schema"


def schema(name):
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def valid_conformance_inputs(op, key):
    for path in sorted(CONFORMANCE.rglob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            if case["op"] == op and "expect" in case and key in case["input"]:
                yield case["input"][key]


def test_every_schema_is_a_valid_draft_2020_12_schema():
    for path in SCHEMAS.glob("*.schema.json"):
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_default_severity_policy_matches_its_schema():
    jsonschema.validate(watchstander.severity.policy(), schema("severity-policy"))


def test_sample_organisation_calendar_matches_its_schema():
    org = json.loads((ROOT / "examples" / "org" / "sample-org.json").read_text(encoding="utf-8"))
    jsonschema.validate(org["business_calendar"], schema("business-calendar"))


@pytest.mark.parametrize("op", ["time.business_add", "time.business_between", "time.is_business_time"])
def test_calendars_accepted_by_the_engine_match_the_schema(op):
    calendars = list(valid_conformance_inputs(op, "calendar"))
    assert calendars, f"no valid {op} cases"
    for cal in calendars:
        jsonschema.validate(cal, schema("business-calendar"))


def test_sla_clocks_accepted_by_the_engine_match_the_schema():
    clocks = list(valid_conformance_inputs("severity.sla_status", "clock"))
    assert clocks
    for clock in clocks:
        jsonschema.validate(clock, schema("sla-clock"))


def test_schema_rejects_what_the_engine_rejects():
    bad = {"zone": "UTC", "hours": {"monday": ["09:00-17:00"]}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema("business-calendar"))
    with pytest.raises(watchstander.InputError):
        watchstander.time.is_business_time(calendar=bad, at="2026-01-01T00:00:00Z")


def test_example_schedules_match_the_schedule_schema():
    examples = sorted((ROOT / "examples" / "schedules").glob("*.json"))
    assert len(examples) >= 7
    for path in examples:
        doc = json.loads(path.read_text(encoding="utf-8"))
        # A file holds one schedule, or {"schedules": [...]} (primary and secondary).
        for spec in doc.get("schedules", [doc]):
            jsonschema.validate(spec, schema("schedule"))
            assert watchstander.schedule.validate(schedule=spec)["valid"] is True


def test_schedules_accepted_by_the_engine_match_the_schedule_schema():
    seen = 0
    for op in ("schedule.compile", "schedule.oncall", "schedule.shifts", "schedule.handoffs"):
        for spec in valid_conformance_inputs(op, "schedule"):
            jsonschema.validate(spec, schema("schedule"))
            seen += 1
    assert seen > 10


def test_schedule_schema_rejects_an_unknown_key():
    path = ROOT / "examples" / "schedules" / "weekly.json"
    spec = dict(json.loads(path.read_text(encoding="utf-8")), layerz=[])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(spec, schema("schedule"))
    with pytest.raises(watchstander.Error):
        watchstander.schedule.validate(schedule=spec)
