"""Python-specific behaviour of watchstander.incident: datetimes in events, aware datetimes out,
the exception hierarchy, rendered payloads as plain dicts, schemas. The semantics themselves
are covered by tests/conformance/incident/ (run by test_conformance.py)."""

import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import jsonschema
import pytest

import watchstander
from watchstander import incident
from conftest import ROOT

LONDON = ZoneInfo("Europe/London")
SAMPLE = json.loads((ROOT / "examples" / "org" / "incidents.json").read_text(encoding="utf-8"))
EVENTS = SAMPLE["incidents"][0]["events"]
AS_OF = datetime(2026, 11, 26, 11, 40, tzinfo=timezone.utc)


def schema(name):
    return json.loads((ROOT / "docs" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))


def event(id, when, kind, actor="bob", **fields):
    return {"id": id, "incident": "I", "kind": kind, "occurred_at": when, "recorded_at": when, "actor": actor, **fields}


def test_events_may_carry_aware_datetimes_and_results_are_aware_utc():
    t0 = datetime(2026, 7, 1, 10, 0, tzinfo=LONDON)  # 09:00 UTC (BST)
    events = [
        event("1", t0, "detected", "alertmanager", title="Payments latency", severity="SEV-2"),
        event("2", t0 + timedelta(minutes=4), "acknowledged"),
    ]
    out = incident.replay(events=events, now=t0 + timedelta(minutes=10))
    assert out["incident"]["detected_at"] == datetime(2026, 7, 1, 9, 0, tzinfo=timezone.utc)
    assert out["incident"]["detected_at"].tzinfo is timezone.utc
    assert out["facts"]["time_to_acknowledge_seconds"] == 240
    assert out["sla"]["response"]["stopped_at"] == datetime(2026, 7, 1, 9, 4, tzinfo=timezone.utc)
    assert out["war_room"] == "inc-2026-07-01-payments-latency"


def test_a_naive_datetime_inside_an_event_names_its_path():
    events = [event("1", datetime(2026, 7, 1, 9, 0), "detected", title="t", severity="SEV-2")]
    with pytest.raises(watchstander.NaiveDatetimeError) as info:
        incident.replay(events=events)
    assert info.value.path == "events[0].occurred_at"


def test_follow_up_due_dates_may_be_dates():
    t0 = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)
    events = [
        event("1", t0, "detected", title="t", severity="SEV-2"),
        event("2", t0, "follow_up_created", title="Add an alert", owner="chen", due=date(2026, 12, 4)),
    ]
    assert incident.replay(events=events)["incident"]["follow_ups"][0]["due"] == "2026-12-04"


def test_errors_are_incident_errors_with_codes_and_event_ids_in_the_message():
    t0 = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)
    events = [
        event("1", t0, "detected", title="t", severity="SEV-2"),
        event("2", t0 + timedelta(minutes=5), "status_changed", to="resolved"),
        event("3", t0 + timedelta(minutes=9), "status_changed", to="investigating"),
    ]
    with pytest.raises(watchstander.IncidentError) as info:
        incident.replay(events=events)
    err = info.value
    assert isinstance(err, watchstander.Error) and isinstance(err, ValueError)
    assert err.code == "invalid_transition"
    assert err.module == "incident"
    assert '"3"' in err.message and "reopened" in err.message


def test_unknown_event_kinds_are_typed():
    t0 = "2026-11-26T10:00:00Z"
    with pytest.raises(watchstander.IncidentError) as info:
        incident.replay(events=[event("1", t0, "snoozed")])
    assert info.value.code == "unknown_event_kind"


def test_apply_reports_each_event_and_a_rejected_one_changes_nothing():
    history = [
        event("1", "2026-11-26T10:00:00Z", "detected", title="t", severity="SEV-2"),
        event("2", "2026-11-26T10:40:00Z", "status_changed", to="resolved"),
    ]
    late_ok = {**event("3", "2026-11-26T10:10:00Z", "status_changed", to="identified"), "recorded_at": "2026-11-26T10:45:00Z"}
    late_bad = {**event("4", "2026-11-26T10:20:00Z", "status_changed", to="declined"), "recorded_at": "2026-11-26T10:46:00Z"}
    out = incident.apply(events=history, apply=[late_ok, late_bad, history[0]])
    assert [r["outcome"] for r in out["results"]] == ["inserted", "rejected", "duplicate"]
    assert out["results"][1]["error"]["code"] == "invalid_transition"
    assert [p["status"] for p in out["incident"]["status_history"]] == ["triage", "identified", "resolved"]


def test_slack_and_teams_payloads_are_plain_dicts_ready_to_post():
    slack = incident.status_update(events=EVENTS, now=AS_OF, audience="external", format="slack", message="Fixed soon.")
    assert isinstance(slack["rendered"], dict)
    assert slack["rendered"]["blocks"][0]["type"] == "header"
    json.dumps(slack["rendered"])  # serialisable as is
    teams = incident.status_update(events=EVENTS, now=AS_OF, audience="internal", format="teams", zone="Europe/London")
    assert teams["rendered"]["type"] == "AdaptiveCard"


def test_external_updates_never_show_internal_notes():
    for fmt in ["markdown", "text", "slack", "teams"]:
        out = incident.status_update(events=EVENTS, now=AS_OF, audience="external", format=fmt)
        text = json.dumps(out["rendered"])
        assert "payments-db-2" not in text and "Rolling payments-api back" not in text
    with pytest.raises(watchstander.IncidentError) as info:
        incident.status_update(events=EVENTS, now=AS_OF, audience="external", template={"title": "{latest_note}"})
    assert info.value.code == "internal_placeholder"


def test_fields_accept_any_mapping():
    from types import MappingProxyType

    out = incident.status_update(
        events=EVENTS,
        now=AS_OF,
        audience="external",
        format="text",
        template={"title": "{title} ({affected} customers)"},
        fields=MappingProxyType({"affected": "1 200"}),
    )
    assert out["title"] == "Payments latency (1 200 customers)"


def test_transitions_takes_from_with_a_trailing_underscore():
    out = incident.transitions(from_="resolved")
    assert out["statuses"][0]["next"] == ["post_incident", "closed"]


def test_next_update_and_plan_on_the_sample():
    due = incident.next_update(events=EVENTS, now=AS_OF)
    assert due["overdue"] == ["internal"]
    assert due["next_due_at"] == datetime(2026, 11, 26, 11, 15, tzinfo=timezone.utc)
    plan = incident.plan(events=EVENTS, now=AS_OF, config=SAMPLE["config"])
    overdue = [(i["stakeholder"], i["notice"]) for i in plan["items"] if i["state"] == "overdue"]
    assert overdue == [("responders", "update"), ("support", "update")]


def test_sample_documents_match_the_committed_schemas():
    jsonschema.validate(EVENTS, schema("incident-events"))
    jsonschema.validate(SAMPLE["config"], schema("incident-config"))
    out = incident.replay(events=EVENTS, now=AS_OF)
    as_json = json.loads(json.dumps(out, default=lambda d: d.isoformat().replace("+00:00", "Z")))
    jsonschema.validate(as_json["incident"], schema("incident"))
    jsonschema.validate(as_json["facts"], schema("incident-facts"))
    jsonschema.validate(as_json["sla"], schema("incident-sla"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**EVENTS[0], "kind": "snoozed"}], schema("incident-events"))
