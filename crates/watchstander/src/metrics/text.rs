pub fn render_text(_r: &super::MetricsReport) -> String { String::new() }
