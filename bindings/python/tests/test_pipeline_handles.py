"""The stateful engines as handles: ``alert.Pipeline`` fed a small storm alert by alert, and
``escalation.LiveEscalation`` asked what to send as time passes. Expected values are counted by
hand from Alertmanager's grouping rules (group_wait, group_interval) and the policy's delays."""

import pickle
from datetime import datetime, timezone

import pytest

import watchstander
from watchstander import alert, escalation

UTC = timezone.utc
CONFIG = {
    "route": {"receiver": "team", "group_by": ["alertname", "cluster"], "group_wait": "30s",
              "group_interval": "5m", "service": "checkout"},
    "inhibit_rules": [{"name": "down-mutes-latency", "source_matchers": ["alertname=CheckoutDown"],
                       "target_matchers": ["alertname=HighLatency"], "equal": ["cluster"]}],
}


def at(s: int) -> datetime:
    return datetime(2026, 11, 26, 10, 0, s, tzinfo=UTC)


def latency(pod: int, actionable=None):
    a = {"labels": {"alertname": "HighLatency", "cluster": "eu", "pod": f"p{pod}"}}
    if actionable is not None:
        a["actionable"] = actionable
    return a


def test_a_storm_of_ten_alerts_is_one_page_after_group_wait():
    p = alert.Pipeline(CONFIG)
    actions = []
    for i in range(10):
        actions += p.ingest(latency(i), at(i))
    # The first opens the group; the other nine join it, each told when it will flush.
    grouped = [a for a in actions if a["kind"] == "suppress"]
    assert len(grouped) == 9
    assert all(a["reason"]["reason"] == "grouped" for a in grouped)
    assert p.next_timer() == at(30)
    # A repeat is folded, with its count.
    dup = p.ingest(latency(3), at(12))
    assert dup[0]["reason"] == {"reason": "dedup", "count": 2}
    flushed = p.tick(at(30))
    notes = [a for a in flushed if a["kind"] == "notify"]
    assert len(notes) == 1 and len(notes[0]["alerts"]) == 10
    assert notes[0]["service"] == "checkout"
    assert [a["kind"] for a in flushed].count("open_incident") == 1
    assert p.counts()["open_groups"] == 1


def test_ingest_many_equals_one_by_one_and_reports_refusals():
    one = alert.Pipeline(CONFIG)
    singles = []
    for i in range(6):
        singles += one.ingest(latency(i), at(i))
    singles += one.tick(at(40))
    many = alert.Pipeline(CONFIG)
    batch = [{"alert": latency(i), "now": at(i)} for i in range(6)]
    batch.append({"alert": latency(9), "now": at(1)})  # goes back in time: refused
    out = many.ingest_many(batch)
    assert [e["index"] for e in out["errors"]] == [6]
    assert out["errors"][0]["code"] == "alert_clock_regression"
    assert out["actions"] + many.tick(at(40)) == singles


def test_inhibition_and_silences_are_explained():
    p = alert.Pipeline(CONFIG)
    p.ingest(latency(0), at(0))
    p.ingest({"labels": {"alertname": "CheckoutDown", "cluster": "eu"}}, at(1))
    p.add_silence({"id": "quiet", "matchers": ["alertname=CheckoutDown"],
                   "starts_at": "2026-11-26T10:00:00Z", "ends_at": "2026-11-26T11:00:00Z"}, at(2))
    out = p.tick(at(31))
    reasons = {a["name"]: a["reason"] for a in out if a["kind"] == "suppress"}
    assert reasons["HighLatency"]["reason"] == "inhibited"
    assert reasons["HighLatency"]["rule"] == "down-mutes-latency"
    assert reasons["CheckoutDown"] == {"reason": "silenced", "silences": ["quiet"]}
    assert not [a for a in out if a["kind"] == "notify"]
    assert p.stats()["by_inhibit_rule"] == {"down-mutes-latency": 1}
    assert p.silences() == [{"id": "quiet", "state": "active"}]
    p.expire_silence("quiet", at(40))
    assert p.silences()[0]["state"] == "expired"


def test_quality_per_rule_and_marks():
    p = alert.Pipeline(CONFIG)
    for i in range(4):
        p.ingest(latency(i, actionable=(i == 0)), at(i))
    notes = [a for a in p.tick(at(30)) if a["kind"] == "notify"]
    q = p.quality()
    assert q["total"]["alerts"] == 4
    assert q["total"]["true_positive_rate"] == 0.25
    assert q["noisiest"][0]["name"] == "HighLatency" and q["noisiest"][0]["noise"] == 3
    fp = next(a["fingerprint"] for a in notes[0]["alerts"] if a["labels"]["pod"] == "p1")
    assert p.mark(fp, True) is True
    service = p.quality()["by_service"][0]
    assert (service["name"], service["actionable"], service["alerts"]) == ("checkout", 2, 4)
    with pytest.raises(watchstander.AlertError) as e:
        p.mark("00000000000000ff", True)
    assert e.value.code == "unknown_alert"


def test_the_pipeline_pickles_mid_storm():
    p = alert.Pipeline(CONFIG)
    for i in range(5):
        p.ingest(latency(i), at(i))
    q = pickle.loads(pickle.dumps(p))
    assert q.tick(at(30)) == p.tick(at(30))
    assert q.stats() == p.stats()


POLICY = {"id": "payments", "ack_timeout": "PT30M", "levels": [
    {"targets": [{"person": "alice"}], "delay": "PT10M"},
    {"targets": [{"person": "bob"}], "delay": "PT10M"}]}
PEOPLE = [{"id": "alice"}, {"id": "bob"}]
T0 = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)


def live():
    return escalation.LiveEscalation([POLICY], people=PEOPLE,
                                     incident={"id": "INC-7", "created": T0})


def test_live_escalation_pages_level_one_then_level_two_after_the_delay():
    h = live()
    first = h.due(T0)
    assert [n["person"] for n in first] == ["alice"]
    assert h.next_due() == datetime(2026, 3, 9, 10, 10, tzinfo=UTC)
    ahead = h.plan(until="2026-03-09T10:10:00Z")["notifications"]
    assert [(n["person"], n["level"]) for n in ahead] == [("bob", 2)]
    assert h.due(datetime(2026, 3, 9, 10, 9, tzinfo=UTC)) == []
    second = h.due(datetime(2026, 3, 9, 10, 10, tzinfo=UTC))
    assert [(n["person"], n["level"]) for n in second] == [("bob", 2)]


def test_live_escalation_stops_on_ack_and_pickles():
    h = live()
    h.due(T0)
    applied = h.apply({"kind": "acknowledged", "at": "2026-03-09T10:05:00Z", "by": "alice"})
    assert applied["state"]["status"] == "acknowledged"
    # Acknowledged: nothing until the 30-minute acknowledgement timeout re-triggers level 1.
    assert h.due(datetime(2026, 3, 9, 10, 34, tzinfo=UTC)) == []
    restored = pickle.loads(pickle.dumps(h))
    again = restored.due(datetime(2026, 3, 9, 10, 35, tzinfo=UTC))
    assert [(n["person"], n["cause"]) for n in again] == [("alice", "ack_timeout")]
