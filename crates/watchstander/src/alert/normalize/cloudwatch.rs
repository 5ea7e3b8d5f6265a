//! A CloudWatch alarm state change, delivered by SNS (the envelope's `Message` is the alarm
//! as JSON text) or bare.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{base, put, Fields, Normalized};
use crate::alert::labels::Labels;
use crate::alert::model::{AlertSeverity, AlertStatus};
use crate::alert::AlertError;

const ENVELOPE: &[&str] = &[
    "Type",
    "MessageId",
    "TopicArn",
    "Subject",
    "Message",
    "Timestamp",
    "SignatureVersion",
    "Signature",
    "SigningCertURL",
    "UnsubscribeURL",
];
const ALARM: &[&str] = &[
    "AlarmName",
    "AlarmDescription",
    "AWSAccountId",
    "NewStateValue",
    "NewStateReason",
    "StateChangeTime",
    "Region",
    "AlarmArn",
    "OldStateValue",
    "Trigger",
];

pub(super) fn normalize(v: &Value) -> Result<Normalized, AlertError> {
    let f = Fields::root("cloudwatch", v)?;
    let (parsed, envelope) = if f.get("AlarmName").is_some() {
        (None, None)
    } else {
        match f.str("Type")? {
            "Notification" => {}
            "SubscriptionConfirmation" | "UnsubscribeConfirmation" => {
                return Ok(Normalized::none(
                    "an SNS subscription message: confirm it with SubscribeURL, it is not an alarm",
                ))
            }
            other => return Err(f.err("Type", format!("must be Notification (got {other:?})"))),
        }
        let text = f.str("Message")?;
        let m: Value = serde_json::from_str(text)
            .map_err(|e| f.err("Message", format!("is not the alarm as JSON text: {e}")))?;
        (Some(m), Some(&f))
    };
    let alarm_value = parsed.as_ref().unwrap_or(v);
    let mut am = Fields::root("cloudwatch", alarm_value)?;
    if envelope.is_some() {
        am.prefix = "Message".into();
    }
    let name = am.str("AlarmName")?;
    let state = am.str("NewStateValue")?;
    let status = match state {
        "ALARM" => AlertStatus::Firing,
        "OK" => AlertStatus::Resolved,
        "INSUFFICIENT_DATA" => {
            return Ok(Normalized::none(
                "INSUFFICIENT_DATA: the alarm cannot be evaluated; not an alert",
            ))
        }
        other => {
            return Err(am.err(
                "NewStateValue",
                format!("must be ALARM, OK or INSUFFICIENT_DATA (got {other:?})"),
            ))
        }
    };
    let mut labels = BTreeMap::new();
    put(&mut labels, "alertname", name);
    if let Some(r) = am.opt_str("Region")? {
        put(&mut labels, "region", r);
    }
    if let Some(a) = am.opt_text("AWSAccountId")? {
        put(&mut labels, "account", &a);
    }
    if let Some(t) = am.opt_object("Trigger")? {
        if let Some(n) = t.opt_str("Namespace")? {
            put(&mut labels, "namespace", n);
        }
        if let Some(n) = t.opt_str("MetricName")? {
            put(&mut labels, "metric", n);
        }
        if let Some(Value::Array(dims)) = t.get("Dimensions") {
            for d in dims.iter().take(100) {
                let name = d.get("name").and_then(Value::as_str);
                let value = d.get("value").and_then(Value::as_str);
                if let (Some(n), Some(val)) = (name, value) {
                    put(&mut labels, &format!("dimension_{n}"), val);
                }
            }
        }
    }
    let labels = Labels::from_map(labels).map_err(|e| am.err("Trigger", e.to_string()))?;
    let mut a = base("cloudwatch", labels);
    a.status = Some(status);
    a.severity = Some(AlertSeverity::Error);
    a.starts_at = am.opt_time("StateChangeTime")?;
    if status == AlertStatus::Resolved {
        a.ends_at = a.starts_at;
        a.starts_at = None;
    }
    a.dedup_key = Some(am.opt_str("AlarmArn")?.unwrap_or(name).to_string());
    a.summary = Some(
        match envelope
            .and_then(|e| e.get("Subject"))
            .and_then(Value::as_str)
        {
            Some(s) => s.to_string(),
            None => format!("{state}: {name}"),
        },
    );
    if let Some(d) = am.opt_str("AlarmDescription")? {
        a.annotations.insert("description".into(), d.to_string());
    }
    if let Some(r) = am.opt_str("NewStateReason")? {
        a.annotations.insert("reason".into(), r.to_string());
    }
    let mut extra = am.unknown(ALARM);
    if let Some(t) = am.get("Trigger") {
        extra.insert("Trigger".into(), t.clone());
    }
    if let Some(e) = envelope {
        a.service = e.opt_str("TopicArn")?.map(str::to_string);
        extra.extend(e.unknown(ENVELOPE));
        if let Some(id) = e.opt_str("MessageId")? {
            extra.insert("sns_message_id".into(), Value::String(id.to_string()));
        }
    }
    a.extra = extra;
    Ok(Normalized::one(a))
}
