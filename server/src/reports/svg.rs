//! A report's chart drawn by the server as inline SVG — no JavaScript, nothing loaded, so it
//! keeps to the pages' `img-src 'self' data:` policy and prints as it shows. Bars run across
//! (there can be 47 kelurahan, whose names read better down the side); lines run along months.
//! Every chart has a `<title>` and `<desc>`, both axes labelled, and every value written as
//! text beside its mark, so it is readable without colour and by a screen reader.

use maud::{html, Markup};

use super::{Chart, ChartKind};
use crate::rupiah;
use crate::web::Lang;

/// The drawing's width.
const WIDTH: i64 = 900;
/// Room for the category names left of the bars.
const LEFT: i64 = 190;
/// Room for the values right of the longest bar.
const RIGHT: i64 = 250;
/// Room above the plot for the legend.
const TOP: i64 = 44;
/// Room below the plot for the value axis.
const BOTTOM: i64 = 44;
/// Height of one bar.
const BAR: i64 = 14;
/// Series colours, told apart also in grey print by their lightness.
const COLOURS: [&str; 6] = [
    "#1f4e79", "#e08a1e", "#2e7d32", "#9c4dcc", "#b71c1c", "#607d8b",
];

/// The chart as an inline `<svg>` element, its texts in `lang`; `title` names it.
pub fn draw(chart: &Chart, title: &str, lang: Lang) -> Markup {
    match chart.kind {
        ChartKind::Line => line(chart, title, lang),
        ChartKind::Grouped | ChartKind::Stacked => bars(chart, title, lang),
    }
}

/// A value as chart text.
fn label(chart: &Chart, value: i64, lang: Lang) -> String {
    if chart.rupiah {
        rupiah::format(value, lang)
    } else {
        value.to_string()
    }
}

/// The colour of series `i`.
fn colour(i: usize) -> &'static str {
    COLOURS[i % COLOURS.len()]
}

/// The chart's description for screen readers: what runs along which axis.
fn description(chart: &Chart, lang: Lang) -> String {
    let names: Vec<&str> = chart
        .series
        .iter()
        .map(|s| lang.pick(&s.name.id, &s.name.en))
        .collect();
    format!(
        "{}: {}. {}: {}.",
        chart.category_axis.in_(lang),
        chart.categories.len(),
        chart.value_axis.in_(lang),
        names.join(", ")
    )
}

/// The `<svg>` element of `height` around `marks`: the chart's title, description and legend.
fn frame(chart: &Chart, title: &str, lang: Lang, height: i64, marks: Markup) -> Markup {
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" role="img" width=(WIDTH) height=(height)
            viewBox={ "0 0 " (WIDTH) " " (height) } aria-labelledby="chart-title chart-desc" {
            title #chart-title { (title) }
            desc #chart-desc { (description(chart, lang)) }
            (legend(chart, lang))
            (marks)
        }
    }
}

/// The legend: a swatch and a name per series, along the top.
fn legend(chart: &Chart, lang: Lang) -> Markup {
    html! {
        g.legend {
            @for (i, s) in chart.series.iter().enumerate() {
                @let x = 4 + 175 * i as i64;
                rect x=(x) y="8" width="12" height="12" fill=(colour(i)) {}
                text x=(x + 18) y="18" font-size="12" { (lang.pick(&s.name.id, &s.name.en)) }
            }
        }
    }
}

/// The label at the end of each line — its series' name and last value — placed at the line's
/// height, moved down where it would overlap the one above: (series, height, text).
fn end_labels(chart: &Chart, y: &dyn Fn(i64) -> i64, lang: Lang) -> Vec<(usize, i64, String)> {
    let mut labels: Vec<(usize, i64, String)> = chart
        .series
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let last = *s.values.last()?;
            let name = lang.pick(&s.name.id, &s.name.en);
            Some((
                i,
                y(last) + 4,
                format!("{name}: {}", label(chart, last, lang)),
            ))
        })
        .collect();
    labels.sort_by_key(|l| l.1);
    for k in 1..labels.len() {
        labels[k].1 = labels[k].1.max(labels[k - 1].1 + 12);
    }
    labels
}

/// The largest value a bar reaches: one series value, or a stack's sum.
fn bar_max(chart: &Chart) -> i64 {
    (0..chart.categories.len())
        .map(|c| {
            let values = chart
                .series
                .iter()
                .map(|s| s.values.get(c).copied().unwrap_or(0).max(0));
            match chart.kind {
                ChartKind::Stacked => values.sum(),
                _ => values.max().unwrap_or(0),
            }
        })
        .max()
        .unwrap_or(0)
        .max(1)
}

/// A round step for four ticks covering `0..=max`: the smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6
/// or 8 times a power of ten that is at least a quarter of `max`, so tick labels never repeat.
fn tick_step(max: i64) -> i64 {
    let quarter = (max.max(1) + 3) / 4;
    let mut power = 1;
    while power <= quarter / 10 {
        power *= 10;
    }
    [10, 15, 20, 25, 30, 40, 50, 60, 80, 100]
        .into_iter()
        .map(|m| (m * power / 10).max(1))
        .find(|step| *step >= quarter)
        .unwrap_or(10 * power)
}

/// The height of one category's band.
fn band(chart: &Chart) -> i64 {
    match chart.kind {
        ChartKind::Stacked => BAR + 10,
        _ => BAR * chart.series.len().max(1) as i64 + 10,
    }
}

/// Horizontal bars, grouped or stacked.
fn bars(chart: &Chart, title: &str, lang: Lang) -> Markup {
    let plot = WIDTH - LEFT - RIGHT;
    let max = 4 * tick_step(bar_max(chart));
    let band = band(chart);
    let height = TOP + band * chart.categories.len().max(1) as i64 + BOTTOM;
    let length = |v: i64| v.max(0) * plot / max;
    let marks = html! {
            text.axis x="4" y=(TOP - 6) font-size="12" font-weight="bold" { (chart.category_axis.in_(lang)) }
            @for (c, name) in chart.categories.iter().enumerate() {
                @let y = TOP + band * c as i64;
                text x=(LEFT - 6) y=(y + band / 2 + 4) font-size="11" text-anchor="end" { (name) }
                (category_bars(chart, c, y, &length, lang))
            }
            (value_axis(chart, plot, max, height - BOTTOM, lang))
    };
    frame(chart, title, lang, height, marks)
}

/// The bars of category `c`, starting at height `y`.
fn category_bars(
    chart: &Chart,
    c: usize,
    y: i64,
    length: &dyn Fn(i64) -> i64,
    lang: Lang,
) -> Markup {
    let values: Vec<i64> = chart
        .series
        .iter()
        .map(|s| s.values.get(c).copied().unwrap_or(0))
        .collect();
    if chart.kind == ChartKind::Stacked {
        let starts: Vec<i64> = values
            .iter()
            .scan(0, |sum, v| {
                let s = *sum;
                *sum += length(*v);
                Some(s)
            })
            .collect();
        let end = starts.last().copied().unwrap_or(0) + values.last().map_or(0, |v| length(*v));
        let parts: Vec<String> = values.iter().map(|v| label(chart, *v, lang)).collect();
        let total: i64 = values.iter().sum();
        return html! {
            @for (i, v) in values.iter().enumerate() {
                rect x=(LEFT + starts[i]) y=(y + 5) width=(length(*v)) height=(BAR) fill=(colour(i)) {}
            }
            text x=(LEFT + end + 4) y=(y + 5 + BAR - 3) font-size="11" {
                (parts.join(" + ")) " = " (label(chart, total, lang))
            }
        };
    }
    html! {
        @for (i, v) in values.iter().enumerate() {
            @let top = y + 5 + BAR * i as i64;
            rect x=(LEFT) y=(top) width=(length(*v)) height=(BAR - 2) fill=(colour(i)) {}
            text x=(LEFT + length(*v) + 4) y=(top + BAR - 4) font-size="11" { (label(chart, *v, lang)) }
        }
    }
}

/// The value axis under the bars: a base line, four ticks and its label.
fn value_axis(chart: &Chart, plot: i64, max: i64, y: i64, lang: Lang) -> Markup {
    html! {
        line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(y) stroke="#333" {}
        line x1=(LEFT) y1=(y) x2=(LEFT + plot) y2=(y) stroke="#333" {}
        @for q in 0..=4i64 {
            @let x = LEFT + plot * q / 4;
            line x1=(x) y1=(y) x2=(x) y2=(y + 4) stroke="#333" {}
            text x=(x) y=(y + 16) font-size="10" text-anchor="middle" { (label(chart, max * q / 4, lang)) }
        }
        text.axis x=(LEFT + plot / 2) y=(y + 34) font-size="12" font-weight="bold" text-anchor="middle" {
            (chart.value_axis.in_(lang))
        }
    }
}

/// Lines across the categories (months), one per series, each point labelled with its value.
fn line(chart: &Chart, title: &str, lang: Lang) -> Markup {
    let height = 340;
    let (bottom, plot_h, plot_w) = (height - BOTTOM, height - TOP - BOTTOM, WIDTH - LEFT - RIGHT);
    let values = chart.series.iter().flat_map(|s| s.values.iter().copied());
    let (low, high) = values.fold((0, 1), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let step = tick_step(high - low);
    let low = low.div_euclid(step) * step;
    let span = 4 * step;
    let steps = chart.categories.len().saturating_sub(1).max(1) as i64;
    let x = |c: usize| LEFT + plot_w * c as i64 / steps;
    let y = |v: i64| bottom - (v - low) * plot_h / span;
    let marks = html! {
            line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(bottom) stroke="#333" {}
            line x1=(LEFT) y1=(y(0)) x2=(LEFT + plot_w) y2=(y(0)) stroke="#333" {}
            @for q in 0..=4i64 {
                @let v = low + span * q / 4;
                text x=(LEFT - 6) y=(y(v) + 4) font-size="10" text-anchor="end" { (label(chart, v, lang)) }
            }
            text.axis x="4" y=(TOP - 6) font-size="12" font-weight="bold" { (chart.value_axis.in_(lang)) }
            @for (c, name) in chart.categories.iter().enumerate() {
                text x=(x(c)) y=(bottom + 16) font-size="10" text-anchor="middle" { (name) }
            }
            text.axis x=(LEFT + plot_w / 2) y=(bottom + 34) font-size="12" font-weight="bold" text-anchor="middle" {
                (chart.category_axis.in_(lang))
            }
            @for (i, s) in chart.series.iter().enumerate() {
                @let points: Vec<String> = s.values.iter().enumerate().map(|(c, v)| format!("{},{}", x(c), y(*v))).collect();
                polyline points=(points.join(" ")) fill="none" stroke=(colour(i)) stroke-width="2"
                    stroke-dasharray=(if i % 2 == 1 { "6 3" } else { "none" }) {}
                @for (c, v) in s.values.iter().enumerate() {
                    circle cx=(x(c)) cy=(y(*v)) r="3" fill=(colour(i)) {
                        title { (chart.categories.get(c).map_or("", String::as_str)) ": " (label(chart, *v, lang)) }
                    }
                }
            }
            @for (i, at, text) in end_labels(chart, &y, lang) {
                text x=(LEFT + plot_w + 8) y=(at) font-size="10" fill=(colour(i)) { (text) }
            }
    };
    frame(chart, title, lang, height, marks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::series;
    use crate::web::Bi;

    fn chart(kind: ChartKind) -> Chart {
        Chart {
            kind,
            categories: vec!["Mei".into(), "Juni <&>".into()],
            category_axis: Bi("Bulan", "Month"),
            value_axis: Bi("Rupiah", "Rupiah"),
            rupiah: true,
            series: vec![
                series("Masuk", "In", vec![1_000_000, 250_000]),
                series("Keluar", "Out", vec![0, 5]),
            ],
        }
    }

    #[test]
    fn every_chart_is_titled_labelled_and_escaped() {
        for kind in [ChartKind::Grouped, ChartKind::Stacked, ChartKind::Line] {
            let svg = draw(&chart(kind), "Uang <masuk>", Lang::Id).into_string();
            assert!(
                svg.starts_with("<svg") && svg.contains("role=\"img\""),
                "{svg}"
            );
            assert!(svg.contains("<title id=\"chart-title\">Uang &lt;masuk&gt;</title>"));
            assert!(
                svg.contains("Juni &lt;&amp;&gt;")
                    && svg.contains("Bulan")
                    && svg.contains("Rupiah")
            );
            assert!(svg.contains("Rp 1.000.000") && !svg.contains("<script"));
        }
    }

    #[test]
    fn ticks_are_round_and_never_repeat() {
        assert_eq!(tick_step(3), 1);
        assert_eq!(tick_step(10), 3);
        assert_eq!(tick_step(438), 150);
        assert_eq!(tick_step(202_615_628), 60_000_000);
        assert_eq!(tick_step(0), 1);
    }

    #[test]
    fn a_stack_writes_its_parts_and_total() {
        let svg = draw(&chart(ChartKind::Stacked), "t", Lang::En).into_string();
        assert!(svg.contains("Rp 250,000 + Rp 5 = Rp 250,005"), "{svg}");
    }
}
