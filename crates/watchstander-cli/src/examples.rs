//! The EXAMPLES section of every command's `--help`.
//!
//! Each example is a command line run from the root of the watchstander repository (the
//! files it names are in `examples/`); `tests/help_examples.rs` runs every one of them from
//! the help text and expects exit status 0. A line starting with `#` says what the next
//! example does.

/// The examples of the command at `path` (`""` for `watchstander` itself, `"time resolve"`).
pub fn for_command(path: &str) -> &'static str {
    match path {
        "" => "\
# The whole engine on the built-in sample organisation
watchstander demo --now 2026-11-26T15:00Z
# Who is on call for the sample team on Christmas morning
watchstander schedule oncall --at 2026-12-25T09:00Z
# A local time that does not exist (New York springs forward at 02:00)
watchstander time resolve --zone America/New_York 2026-03-08T02:30
# Shell completions
watchstander completions bash",
        "demo" => "\
watchstander demo
watchstander demo --now 2026-11-26T15:00Z
# Everything as one JSON document
watchstander demo --now 2026-11-26T15:00Z --json",
        "time" => "\
watchstander time resolve --zone America/New_York 2026-03-08T02:30
watchstander time add --zone Europe/London 2026-03-28T09:00Z 1 days
watchstander time business --now 2026-11-27T19:00Z --add PT4H",
        "time resolve" => "\
# 02:30 falls in New York's spring-forward gap: moved to 03:30 EDT
watchstander time resolve --zone America/New_York 2026-03-08T02:30
# 01:30 happens twice when clocks fall back: choose the later one
watchstander time resolve --zone America/New_York 2026-11-01T01:30:00 --disambiguation later
watchstander time resolve --zone Europe/London 2026-10-25T01:15 --json",
        "time add" => "\
# One calendar day across London's clock change is 23 real hours
watchstander time add --zone Europe/London 2026-03-28T09:00Z 1 days
watchstander time add --zone America/New_York 2026-11-01T12:00Z -3 hours --json",
        "time business" => "\
# On the sample organisation's calendar
watchstander time business --now 2026-11-27T19:00Z --add PT4H
watchstander time business --calendar examples/time/business-calendar.json --now 2026-12-24T16:00Z --add P2D --json",
        "severity" => "\
watchstander severity list --now 2026-11-26T10:00Z
watchstander severity sla examples/severity/sla-clock.json",
        "severity list" => "\
watchstander severity list --now 2026-11-26T10:00Z
watchstander severity list --policy examples/severity/policy.json --now 2026-11-26T10:00Z --json",
        "severity sla" => "\
# A one-hour response clock paused for 30 minutes while waiting on a vendor
watchstander severity sla examples/severity/sla-clock.json
watchstander severity sla examples/severity/sla-clock.json --json",
        "schedule" => "\
watchstander schedule oncall --at 2026-12-25T09:00Z
watchstander schedule shifts -s examples/schedules/weekly.json --from 2026-12-01T00:00Z --days 14
watchstander schedule validate -s examples/schedules/follow-the-sun.json",
        "schedule oncall" => "\
watchstander schedule oncall --at 2026-12-25T09:00Z
watchstander schedule oncall -s examples/schedules/follow-the-sun.json --at 2026-03-08T12:00Z --json",
        "schedule shifts" => "\
watchstander schedule shifts -s examples/schedules/weekly.json --from 2026-12-01T00:00Z --days 14
watchstander schedule shifts -s examples/schedules/overrides-swaps-holidays.json --from 2026-12-01T00:00Z --to 2027-01-01T00:00Z --person alice
watchstander schedule shifts --id payments-secondary --from 2026-12-01T00:00Z --days 7 --json",
        "schedule handoffs" => "\
watchstander schedule handoffs --from 2026-12-01T00:00Z --days 14
# The next five handoffs of a follow-the-sun rotation
watchstander schedule handoffs -s examples/schedules/follow-the-sun.json --from 2026-12-01T00:00Z --next 5",
        "schedule gaps" => "\
# A business-hours schedule leaves nights and weekends uncovered
watchstander schedule gaps -s examples/schedules/business-hours.json --from 2026-12-07T00:00Z --days 7
watchstander schedule gaps -s examples/schedules/business-hours.json --from 2026-12-07T00:00Z --days 7 --json",
        "schedule dst" => "\
# Shifts around the March clock changes
watchstander schedule dst -s examples/schedules/two-two-three.json --from 2026-03-01T00:00Z --days 31
watchstander schedule dst --from 2026-10-20T00:00Z --days 14 --json",
        "schedule fairness" => "\
watchstander schedule fairness --from 2026-10-01T00:00Z --days 90
watchstander schedule fairness -s examples/schedules/follow-the-sun.json --from 2026-10-01T00:00Z --days 90 --json",
        "schedule diff" => "\
# What the December overrides change for each person
watchstander schedule diff examples/schedules/weekly.json examples/schedules/overrides-swaps-holidays.json --from 2026-12-01T00:00Z --days 31",
        "schedule report" => "\
watchstander schedule report --at 2026-12-07T09:00Z
watchstander schedule report -s examples/schedules/weekly.json --at 2026-12-07T09:00Z --json",
        "schedule ical" => "\
watchstander schedule ical -s examples/schedules/weekly.json --from 2026-12-01T00:00Z --days 30
# Alice's own calendar in her zone, with a reminder 15 minutes before each shift
watchstander schedule ical -s examples/schedules/overrides-swaps-holidays.json --from 2026-12-01T00:00Z --days 31 --person alice --zoned --alarm 15",
        "schedule validate" => "\
watchstander schedule validate -s examples/schedules/two-two-three.json
watchstander schedule validate -s examples/org/schedules.json --id payments-secondary --json",
        "incident" => "\
watchstander incident replay
watchstander incident timeline --audience external --markdown
watchstander incident plan examples/incidents/inc-1042-events.json --config examples/incidents/config.json",
        "incident replay" => "\
# The sample incident INC-1042
watchstander incident replay
watchstander incident replay examples/incidents/inc-1042-events.json --config examples/incidents/config.json --json",
        "incident timeline" => "\
watchstander incident timeline
# What customers may see, as Markdown
watchstander incident timeline --audience external --markdown",
        "incident next-update" => "\
watchstander incident next-update
watchstander incident next-update examples/incidents/inc-1042-events.json --config examples/incidents/config.json --json",
        "incident status-update" => "\
watchstander incident status-update --audience external --message \"We are rolling back the release.\"
# A custom template with a field of the caller's
watchstander incident status-update --audience executive --template examples/incidents/executive-template.json --field affected_customers=\"about 1 200\" --message \"Rollback holding.\"",
        "incident plan" => "\
watchstander incident plan
watchstander incident plan examples/incidents/inc-1042-events.json --config examples/incidents/config.json --json",
        "alerts" => "\
watchstander alerts replay examples/alerts/stream.jsonl --config examples/alerts/alertmanager.yml
watchstander alerts config check examples/alerts/alertmanager.yml
watchstander alerts normalize alertmanager examples/alerts/prometheus-alert.json",
        "alerts replay" => "\
# Alerts through grouping, routing and deduplication, as Alertmanager would
watchstander alerts replay examples/alerts/stream.jsonl --config examples/alerts/alertmanager.yml
# Every action as one JSON line
watchstander alerts replay examples/alerts/stream.jsonl --config examples/alerts/alertmanager.yml --actions",
        "alerts config" => "\
watchstander alerts config check examples/alerts/alertmanager.yml",
        "alerts config check" => "\
watchstander alerts config check examples/alerts/alertmanager.yml
watchstander alerts config check examples/alerts/alertmanager.yml --json",
        "alerts normalize" => "\
# An Alertmanager webhook payload as watchstander alerts
watchstander alerts normalize alertmanager examples/alerts/prometheus-alert.json",
        "escalate" => "\
watchstander escalate plan --zone Europe/London
watchstander escalate simulate",
        "escalate plan" => "\
# Who the sample SEV-2 incident pages, and when, if nobody acknowledges
watchstander escalate plan --zone Europe/London
watchstander escalate plan --horizon PT4H --json",
        "escalate simulate" => "\
watchstander escalate simulate --zone Europe/London
watchstander escalate simulate --json",
        "runbook" => "\
watchstander runbook lint examples/runbooks
watchstander runbook coverage examples/runbooks --rules examples/runbooks/alert-rules.yml",
        "runbook lint" => "\
# Every runbook in a directory
watchstander runbook lint examples/runbooks
watchstander runbook lint examples/runbooks/disk-full.md --now 2026-11-26T00:00Z --json",
        "runbook coverage" => "\
# Which alert rules have no runbook
watchstander runbook coverage examples/runbooks --rules examples/runbooks/alert-rules.yml
watchstander runbook coverage examples/runbooks --rules examples/runbooks/alert-rules.yml --json",
        "runbook render" => "\
watchstander runbook render examples/runbooks/disk-full.md",
        "runbook plan" => "\
watchstander runbook plan examples/runbooks/disk-full.md --dry-run
watchstander runbook plan examples/runbooks/disk-full.md --json",
        "postmortem" => "\
watchstander postmortem draft examples/postmortems/inc-1042-events.json
watchstander postmortem index examples/postmortems",
        "postmortem draft" => "\
# A first draft from the incident's events
watchstander postmortem draft examples/postmortems/inc-1042-events.json --owner alice
watchstander postmortem draft examples/postmortems/inc-1042-events.json --json",
        "postmortem lint" => "\
watchstander postmortem lint examples/postmortems/inc-1042-payments-latency.md
watchstander postmortem lint examples/postmortems/inc-1042-payments-latency.md --json",
        "postmortem render" => "\
watchstander postmortem render examples/postmortems/inc-1042-payments-latency.md",
        "postmortem index" => "\
watchstander postmortem index examples/postmortems
watchstander postmortem index examples/postmortems --json",
        "metrics" => "\
watchstander metrics response
watchstander metrics health --json",
        "metrics report" => "\
# Everything for the sample team, as tables
watchstander metrics report
watchstander metrics report examples/org/metrics.json --json",
        "metrics response" => "\
# Time to acknowledge and resolve, per severity
watchstander metrics response
watchstander metrics response --json",
        "metrics health" => "\
watchstander metrics health
watchstander metrics health --json",
        "metrics process" => "\
watchstander metrics process
watchstander metrics process --json",
        "metrics compensation" => "\
watchstander metrics compensation
watchstander metrics compensation --json",
        "call" => "\
watchstander call time.resolve_local examples/time/resolve-local.json
# The SLA clock of `severity sla`, as the operation's raw JSON
watchstander call severity.sla_status examples/severity/sla-clock.json",
        "ops" => "\
watchstander ops
watchstander ops --json",
        "completions" => "\
# Load completions in the current bash session: source <(watchstander completions bash)
watchstander completions bash
watchstander completions zsh
watchstander completions fish",
        _ => "",
    }
}
