//! The figures: one JSON object per line (`{"metric", "value", "unit"}`, the metric named
//! `DATABASE.SCENARIO.FIGURE`) or a table with SQLite and PostgreSQL side by side and the issue's
//! targets checked. Over several rounds each figure is the median.

use std::collections::BTreeMap;

use serde::Serialize;

/// One measured figure.
#[derive(Clone, Debug)]
pub struct Metric {
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    /// `SCENARIO.FIGURE`.
    pub name: String,
    /// The value.
    pub value: f64,
    /// Its unit.
    pub unit: &'static str,
}

/// Collects the figures of one scenario on one database.
pub struct Sink {
    database: &'static str,
    scenario: &'static str,
    /// What was added.
    pub metrics: Vec<Metric>,
}

impl Sink {
    /// Figures of `scenario` on `database`.
    pub fn new(database: &'static str, scenario: &'static str) -> Self {
        Self {
            database,
            scenario,
            metrics: Vec::new(),
        }
    }

    /// Add a figure.
    pub fn add(&mut self, figure: &str, value: f64, unit: &'static str) {
        self.metrics.push(Metric {
            database: self.database,
            name: format!("{}.{figure}", self.scenario),
            value,
            unit,
        });
    }
}

/// A target of the issue: the figure, the bound, and whether lower is better.
struct Target {
    name: &'static str,
    bound: f64,
    at_most: bool,
}

const TARGETS: &[Target] = &[
    Target {
        name: "one_device.records_lane_s",
        bound: 2.0,
        at_most: true,
    },
    Target {
        name: "ingest.records_per_s",
        bound: 5000.0,
        at_most: false,
    },
    Target {
        name: "one_device.records_lane_bytes_per_visit",
        bound: 2048.0,
        at_most: true,
    },
];

/// The median of each figure over `rounds`, in the order of the first round.
pub fn medians(rounds: &[Vec<Metric>]) -> Vec<Metric> {
    let mut values: BTreeMap<(&str, &str), Vec<f64>> = BTreeMap::new();
    for metric in rounds.iter().flatten() {
        values
            .entry((metric.database, &metric.name))
            .or_default()
            .push(metric.value);
    }
    let first = rounds.first().map(Vec::as_slice).unwrap_or_default();
    first
        .iter()
        .map(|m| {
            let mut v = values[&(m.database, m.name.as_str())].clone();
            v.sort_by(f64::total_cmp);
            Metric {
                value: v[v.len() / 2],
                ..m.clone()
            }
        })
        .collect()
}

/// One line of `--json` output, its keys in this order.
#[derive(Serialize)]
struct Line<'a> {
    metric: String,
    value: f64,
    unit: &'a str,
}

/// One JSON object per line.
pub fn print_json(metrics: &[Metric]) {
    for m in metrics {
        let line = Line {
            metric: format!("{}.{}", m.database, m.name),
            value: rounded(m.value),
            unit: m.unit,
        };
        println!(
            "{}",
            serde_json::to_string(&line).expect("a metric as JSON")
        );
    }
}

/// A table: one row per figure, one column per database, the target and whether it is met.
pub fn print_table(metrics: &[Metric]) {
    let databases: Vec<&str> = dedup(metrics.iter().map(|m| m.database));
    let names: Vec<&str> = dedup(metrics.iter().map(|m| m.name.as_str()));
    let width = names.iter().map(|n| n.len()).max().unwrap_or(0) + 2;
    print!("{:<width$}", "figure");
    databases.iter().for_each(|d| print!("{d:>12}"));
    println!("  {:<10} target", "unit");
    for name in names {
        let row: Vec<&Metric> = metrics.iter().filter(|m| m.name == name).collect();
        print!("{name:<width$}");
        for database in &databases {
            match row.iter().find(|m| m.database == *database) {
                Some(m) => print!("{:>12}", rounded(m.value)),
                None => print!("{:>12}", "-"),
            }
        }
        println!("  {:<10} {}", row[0].unit, verdict(name, &row));
    }
}

fn verdict(name: &str, row: &[&Metric]) -> String {
    let Some(target) = TARGETS.iter().find(|t| t.name == name) else {
        return String::new();
    };
    let met = row.iter().all(|m| match target.at_most {
        true => m.value <= target.bound,
        false => m.value >= target.bound,
    });
    let sign = if target.at_most { "≤" } else { "≥" };
    format!(
        "{sign} {}: {}",
        target.bound,
        if met { "met" } else { "MISSED" }
    )
}

/// Three decimals below 100, whole numbers from 100 up.
fn rounded(value: f64) -> f64 {
    let places = if value.abs() >= 100.0 { 0 } else { 3 };
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

fn dedup<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}
