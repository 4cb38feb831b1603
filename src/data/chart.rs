//! Horizontal bar charts drawn as inline SVG, so the data page needs no script.

/// One bar: its label and value.
pub struct Bar {
    pub label: String,
    pub value: f64,
}

const WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 230.0;
const VALUE_WIDTH: f64 = 60.0;
const ROW_HEIGHT: f64 = 26.0;
const BAR_HEIGHT: f64 = 18.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Draws `bars` as an SVG image whose accessible name is `title` and description `description`.
///
/// `id` must be unique on the page; it ties the title and description to the image. Colours
/// are presentation attributes rather than `style`, so a strict Content-Security-Policy holds.
pub fn bar_chart(id: &str, title: &str, description: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(|bar| bar.value).fold(0.0_f64, f64::max).max(1.0);
    let height = ROW_HEIGHT * bars.len() as f64 + 8.0;
    let plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH;

    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
    for (index, bar) in bars.iter().enumerate() {
        let top = 4.0 + ROW_HEIGHT * index as f64;
        let length = (bar.value / max * plot_width).max(1.0);
        let middle = top + BAR_HEIGHT / 2.0 + 4.0;
        svg.push_str(&format!(
            "<text x=\"{:.0}\" y=\"{middle:.1}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1d2430\">{}</text>\
             <rect x=\"{LABEL_WIDTH}\" y=\"{top:.1}\" width=\"{length:.1}\" height=\"{BAR_HEIGHT}\" fill=\"#0b5cab\"></rect>\
             <text x=\"{:.1}\" y=\"{middle:.1}\" font-size=\"13\" fill=\"#1d2430\">{}</text>",
            LABEL_WIDTH - 8.0,
            escape(&bar.label),
            LABEL_WIDTH + length + 6.0,
            super::group_thousands(bar.value.round() as u64),
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_has_accessible_name_and_bars() {
        let svg = bar_chart("c1", "US IMGs <matched>", "Two bars", &[
            Bar { label: "A & B".to_owned(), value: 100.0 },
            Bar { label: "C".to_owned(), value: 1150.0 },
        ]);
        assert!(svg.contains("aria-labelledby=\"c1-title c1-desc\""));
        assert!(svg.contains("<title id=\"c1-title\">US IMGs &lt;matched&gt;</title>"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains(">A &amp; B</text>"));
        assert!(svg.contains(">1,150</text>"));
        assert!(!svg.contains("style="), "no inline style under a strict CSP");
    }
}
