pub fn render_html(_r: &super::MetricsReport) -> String { String::new() }
