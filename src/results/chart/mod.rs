//! Charts for `render`: the data a chart shows ([`ChartData`], from a result table and the render
//! properties) and its geometry in SVG coordinates ([`layout`]), so the component only draws.

pub mod layout;
pub mod ticks;

use std::collections::HashMap;

use kql::{DataType, Table, Value};

pub use layout::{layout, Geometry};

/// The most series drawn; more are left out (and the summary says so).
pub const MAX_SERIES: usize = 12;
/// The most categories a bar, column or pie chart shows.
pub const MAX_CATEGORIES: usize = 50;

/// The charts drawn as SVG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// `timechart`: lines over a datetime axis.
    Time,
    /// `linechart`: lines over a numeric or datetime axis.
    Line,
    /// `areachart`: filled lines.
    Area,
    /// `barchart`: horizontal bars, one per category (and series).
    Bar,
    /// `columnchart`: vertical columns.
    Column,
    /// `piechart`: slices of a whole.
    Pie,
}

impl ChartKind {
    /// The kind for a `render` visualization name; `None` for those not drawn (`table`, `card`...).
    pub fn from_render(name: &str) -> Option<ChartKind> {
        Some(match name.to_ascii_lowercase().as_str() {
            "timechart" => ChartKind::Time,
            "linechart" => ChartKind::Line,
            "areachart" | "stackedareachart" => ChartKind::Area,
            "barchart" => ChartKind::Bar,
            "columnchart" => ChartKind::Column,
            "piechart" => ChartKind::Pie,
            _ => return None,
        })
    }

    /// How the chart is named to a screen reader.
    pub fn label(self) -> &'static str {
        match self {
            ChartKind::Time => "Time chart",
            ChartKind::Line => "Line chart",
            ChartKind::Area => "Area chart",
            ChartKind::Bar => "Bar chart",
            ChartKind::Column => "Column chart",
            ChartKind::Pie => "Pie chart",
        }
    }

    fn has_categories(self) -> bool {
        matches!(self, ChartKind::Bar | ChartKind::Column | ChartKind::Pie)
    }
}

/// One named series: `(x, y)` points, x being ticks for a time axis, a number for a numeric
/// axis, or the category index for bars, columns and pies.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

/// What a chart shows, independent of pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub kind: ChartKind,
    pub title: Option<String>,
    pub x_title: String,
    pub y_title: String,
    /// Whether x values are datetimes (ticks).
    pub x_is_time: bool,
    /// Category names, for bars, columns and pies.
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Series or categories left out to keep the chart readable.
    pub omitted: usize,
}

fn property<'a>(props: &'a [(String, String)], name: &str) -> Option<&'a str> {
    props
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn list(props: &[(String, String)], name: &str) -> Vec<String> {
    property(props, name)
        .map(|v| {
            v.trim_matches(|c| c == '(' || c == ')')
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn is_numeric(t: DataType) -> bool {
    matches!(
        t,
        DataType::Int | DataType::Long | DataType::Real | DataType::Decimal | DataType::TimeSpan
    )
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Long(i) => Some(*i as f64),
        Value::Real(r) if r.is_finite() => Some(*r),
        Value::TimeSpan(t) => Some(*t as f64 / kql::value::TICKS_PER_SECOND as f64),
        Value::DateTime(t) => Some(*t as f64),
        _ => None,
    }
}

/// The chart `render <kind> with (<properties>)` asks for over `table`, following Kusto's rules:
/// x is `xcolumn` or the first column (the first datetime column for a time chart, the first
/// non-numeric one for bars, columns and pies); y are `ycolumns` or the numeric columns; series
/// are split by `series` or the remaining string columns (`by` values of a `summarize`).
pub fn chart_data(
    table: &Table,
    kind: ChartKind,
    props: &[(String, String)],
) -> Result<ChartData, String> {
    let col = |name: &str| {
        table
            .column_index(name)
            .ok_or_else(|| format!("the result has no column `{name}` to chart"))
    };
    let types: Vec<DataType> = table.columns.iter().map(|c| c.data_type).collect();
    let x = match property(props, "xcolumn") {
        Some(name) => col(name)?,
        None => {
            let pick = match kind {
                ChartKind::Time => types.iter().position(|t| *t == DataType::DateTime),
                k if k.has_categories() => types.iter().position(|t| !is_numeric(*t)),
                _ => None,
            };
            match pick {
                Some(i) => i,
                None if !table.columns.is_empty() => 0,
                None => return Err("the result has no columns to chart".into()),
            }
        }
    };
    if kind == ChartKind::Time && types[x] != DataType::DateTime {
        return Err(format!(
            "a time chart needs a datetime x axis, and `{}` is {}",
            table.columns[x].name,
            types[x].name()
        ));
    }
    let series_cols: Vec<usize> = {
        let named = list(props, "series");
        if named.is_empty() {
            (0..types.len())
                .filter(|&i| i != x && !is_numeric(types[i]) && types[i] != DataType::DateTime)
                .filter(|_| kind != ChartKind::Pie)
                .collect()
        } else {
            named.iter().map(|n| col(n)).collect::<Result<_, _>>()?
        }
    };
    let y_cols: Vec<usize> = {
        let named = list(props, "ycolumns");
        if named.is_empty() {
            (0..types.len())
                .filter(|&i| i != x && !series_cols.contains(&i) && is_numeric(types[i]))
                .collect()
        } else {
            named.iter().map(|n| col(n)).collect::<Result<_, _>>()?
        }
    };
    if y_cols.is_empty() {
        return Err("the result has no numeric column to chart".into());
    }
    let x_is_time = types[x] == DataType::DateTime;
    let title = property(props, "title").map(str::to_string);
    let x_title = property(props, "xtitle")
        .map(str::to_string)
        .unwrap_or_else(|| table.columns[x].name.clone());
    let y_title = property(props, "ytitle")
        .map(str::to_string)
        .unwrap_or_else(|| {
            y_cols
                .iter()
                .map(|&i| table.columns[i].name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        });

    let mut categories: Vec<String> = Vec::new();
    let mut category_index: HashMap<String, usize> = HashMap::new();
    let mut series: Vec<Series> = Vec::new();
    let mut series_index: HashMap<String, usize> = HashMap::new();
    let mut omitted_series: Vec<String> = Vec::new();
    let mut omitted_categories = 0;
    for row in &table.rows {
        let xv = if kind.has_categories() {
            let name = crate::results::export::cell_text(&row[x]);
            match category_index.get(&name) {
                Some(&i) => i as f64,
                None if categories.len() < MAX_CATEGORIES => {
                    category_index.insert(name.clone(), categories.len());
                    categories.push(name);
                    (categories.len() - 1) as f64
                }
                None => {
                    omitted_categories += 1;
                    continue;
                }
            }
        } else {
            match number(&row[x]) {
                Some(v) => v,
                None => continue,
            }
        };
        let split: Vec<String> = series_cols
            .iter()
            .map(|&c| crate::results::export::cell_text(&row[c]))
            .collect();
        let split = split.join(", ");
        for &y in &y_cols {
            let Some(yv) = number(&row[y]) else { continue };
            let name = match (split.is_empty(), y_cols.len()) {
                (true, _) => table.columns[y].name.clone(),
                (false, 1) => split.clone(),
                (false, _) => format!("{split}: {}", table.columns[y].name),
            };
            let i = match series_index.get(&name) {
                Some(&i) => i,
                None if series.len() < MAX_SERIES => {
                    series_index.insert(name.clone(), series.len());
                    series.push(Series {
                        name,
                        points: Vec::new(),
                    });
                    series.len() - 1
                }
                None => {
                    if !omitted_series.contains(&name) {
                        omitted_series.push(name);
                    }
                    continue;
                }
            };
            series[i].points.push((xv, yv));
        }
    }
    for s in &mut series {
        if kind.has_categories() {
            // One value per category: repeated rows add up.
            let mut sums: Vec<(f64, f64)> = Vec::new();
            for &(c, v) in &s.points {
                match sums.iter_mut().find(|(k, _)| *k == c) {
                    Some(e) => e.1 += v,
                    None => sums.push((c, v)),
                }
            }
            s.points = sums;
        } else {
            s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
    }
    if kind == ChartKind::Pie {
        series.truncate(1);
    }
    Ok(ChartData {
        kind,
        title,
        x_title,
        y_title,
        x_is_time,
        categories,
        series,
        omitted: omitted_series.len() + omitted_categories,
    })
}

/// The chart a query asks for with a final `render`, read from its text (for answers that carry
/// the query but not the chart): the kind and the properties written as literals or names.
pub fn render_of(query: &str) -> Option<sentinel::workspace::ChartSpec> {
    use kql::ast::{Expr, Literal, Operator, Statement};
    let parsed = kql::parse(query);
    let tabular = parsed.query.statements.iter().rev().find_map(|s| match s {
        Statement::Expression(Expr::Tabular(t)) => Some(t),
        _ => None,
    })?;
    match tabular.operators.last()? {
        Operator::Render {
            chart, properties, ..
        } => Some(sentinel::workspace::ChartSpec {
            kind: chart.name.clone(),
            properties: properties
                .iter()
                .filter_map(|p| {
                    let value = match &p.value {
                        Expr::Name(i) => i.name.clone(),
                        Expr::Literal { value, .. } => match value {
                            Literal::String(s) => s.clone(),
                            Literal::Long(n) => n.to_string(),
                            Literal::Int(n) => n.to_string(),
                            Literal::Real(r) => r.to_string(),
                            _ => return None,
                        },
                        _ => return None,
                    };
                    Some((p.name.name.clone(), value))
                })
                .collect(),
        }),
        _ => None,
    }
}

/// The sentence a screen reader reads for the chart: kind, title, series, the x range and the
/// value range (or, for a pie, the largest slices with their shares).
pub fn summary(data: &ChartData) -> String {
    let mut s = data.kind.label().to_string();
    if let Some(t) = &data.title {
        s.push_str(&format!(" \u{201c}{t}\u{201d}"));
    }
    let values: Vec<f64> = data
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .collect();
    if values.is_empty() {
        s.push_str(": no data.");
        return s;
    }
    if data.kind == ChartKind::Pie {
        let total: f64 = data.series[0].points.iter().map(|p| p.1.max(0.0)).sum();
        let mut slices: Vec<(String, f64)> = data.series[0]
            .points
            .iter()
            .map(|&(c, v)| (data.categories[c as usize].clone(), v))
            .collect();
        slices.sort_by(|a, b| b.1.total_cmp(&a.1));
        let shown: Vec<String> = slices
            .iter()
            .take(5)
            .map(|(n, v)| format!("{n} {}%", percent(*v, total)))
            .collect();
        s.push_str(&format!(
            " of {} by {}, {} slice{}: {}{}.",
            data.y_title,
            data.x_title,
            slices.len(),
            if slices.len() == 1 { "" } else { "s" },
            shown.join(", "),
            if slices.len() > 5 { ", ..." } else { "" }
        ));
        return s;
    }
    let names: Vec<&str> = data.series.iter().map(|s| s.name.as_str()).collect();
    s.push_str(&format!(
        " of {} by {}, {} series ({})",
        data.y_title,
        data.x_title,
        names.len(),
        names.join(", ")
    ));
    if data.omitted > 0 {
        s.push_str(&format!(", {} more not drawn", data.omitted));
    }
    if !data.kind.has_categories() {
        let xs = data
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0));
        let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        });
        let fmt = |v: f64| {
            if data.x_is_time {
                kql::time::format_datetime_pattern(v as i64, "yyyy-MM-dd HH:mm") + " UTC"
            } else {
                ticks::format_number(v)
            }
        };
        s.push_str(&format!(", from {} to {}", fmt(lo), fmt(hi)));
    } else {
        s.push_str(&format!(", {} categories", data.categories.len()));
    }
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    s.push_str(&format!(
        "; values from {} to {}.",
        ticks::format_number(lo),
        ticks::format_number(hi)
    ));
    s
}

/// `v` as a whole percentage of `total`.
pub fn percent(v: f64, total: f64) -> String {
    if total <= 0.0 {
        return "0".into();
    }
    let p = v.max(0.0) / total * 100.0;
    if p > 0.0 && p < 1.0 {
        "<1".into()
    } else {
        format!("{}", p.round() as i64)
    }
}

/// The chart's data as a table (for the "Show data" toggle): the x value, then one column per
/// series.
pub fn data_table(data: &ChartData) -> (Vec<String>, Vec<Vec<String>>) {
    let mut headers = vec![data.x_title.clone()];
    headers.extend(data.series.iter().map(|s| s.name.clone()));
    let label = |x: f64| {
        if data.kind.has_categories() {
            data.categories.get(x as usize).cloned().unwrap_or_default()
        } else if data.x_is_time {
            kql::time::format_datetime_iso(x as i64, false)
        } else {
            ticks::format_number(x)
        }
    };
    let mut xs: Vec<f64> = data
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let rows = xs
        .into_iter()
        .map(|x| {
            let mut row = vec![label(x)];
            for s in &data.series {
                row.push(
                    s.points
                        .iter()
                        .find(|p| p.0 == x)
                        .map(|p| ticks::format_number(p.1))
                        .unwrap_or_default(),
                );
            }
            row
        })
        .collect();
    (headers, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kql::engine::{execute, Database, ExecOptions};

    fn run(query: &str) -> (Table, ChartKind, Vec<(String, String)>) {
        let out = execute(query, &Database::new(), &ExecOptions::default()).unwrap();
        let chart = out.chart.expect("a render");
        (
            out.tables.into_iter().next().unwrap(),
            ChartKind::from_render(&chart.kind).unwrap(),
            chart.properties,
        )
    }

    #[test]
    fn a_timechart_has_a_series_per_by_value() {
        let (t, k, p) = run(
            "range i from 0 to 11 step 1
             | extend TimeGenerated = datetime(2026-11-27) + i * 1h, Host = iff(i % 2 == 0, 'ws-01', 'ws-02')
             | summarize Count = count() by bin(TimeGenerated, 2h), Host
             | render timechart with (title='Sign-ins', ytitle='Events')",
        );
        assert_eq!(k, ChartKind::Time);
        let d = chart_data(&t, k, &p).unwrap();
        assert!(d.x_is_time);
        assert_eq!(d.title.as_deref(), Some("Sign-ins"));
        assert_eq!(d.y_title, "Events");
        assert_eq!(d.x_title, "TimeGenerated");
        let names: Vec<&str> = d.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["ws-01", "ws-02"]);
        assert_eq!(d.series[0].points.len(), 6);
        assert!(d.series[0].points.windows(2).all(|w| w[0].0 < w[1].0));
        let s = summary(&d);
        assert!(
            s.starts_with("Time chart \u{201c}Sign-ins\u{201d} of Events by TimeGenerated, 2 series (ws-01, ws-02), from 2026-11-27 00:00 UTC to 2026-11-27 10:00 UTC"),
            "{s}"
        );
        assert!(s.ends_with("values from 1 to 1."), "{s}");
    }

    #[test]
    fn numeric_columns_are_series_without_a_split() {
        let (t, k, p) = run(
            "datatable(Day:datetime, Success:long, Failure:long)[datetime(2026-11-26), 5, 1, datetime(2026-11-25), 7, 2]
             | render timechart",
        );
        let d = chart_data(&t, k, &p).unwrap();
        let names: Vec<&str> = d.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["Success", "Failure"]);
        // Sorted by time.
        assert_eq!(d.series[0].points[0].1, 7.0);
        assert_eq!(d.y_title, "Success, Failure");
        let (h, rows) = data_table(&d);
        assert_eq!(h, vec!["Day", "Success", "Failure"]);
        assert_eq!(rows[0], vec!["2026-11-25T00:00:00Z", "7", "2"]);
    }

    #[test]
    fn bars_and_pies_use_categories() {
        let (t, k, p) = run(
            "datatable(Country:string, Count:long)['US', 45, 'DE', 30, 'FR', 25, 'US', 5]
             | render piechart",
        );
        let d = chart_data(&t, k, &p).unwrap();
        assert_eq!(d.categories, vec!["US", "DE", "FR"]);
        assert_eq!(d.series.len(), 1);
        assert_eq!(
            d.series[0].points,
            vec![(0.0, 50.0), (1.0, 30.0), (2.0, 25.0)]
        );
        assert_eq!(
            summary(&d),
            "Pie chart of Count by Country, 3 slices: US 48%, DE 29%, FR 24%."
        );
        let (t, _, _) =
            run("datatable(Count:long, App:string)[3, 'Teams', 9, 'Outlook'] | render columnchart");
        let d = chart_data(&t, ChartKind::Column, &[]).unwrap();
        assert_eq!(d.x_title, "App");
        assert_eq!(d.categories, vec!["Teams", "Outlook"]);
        assert_eq!(d.series[0].name, "Count");
    }

    #[test]
    fn properties_pick_columns_and_bad_ones_are_reported() {
        let (t, k, _) =
            run("datatable(A:long, B:long, C:long)[1, 10, 100, 2, 20, 200] | render linechart");
        let p = vec![
            ("xcolumn".to_string(), "B".to_string()),
            ("ycolumns".to_string(), "C".to_string()),
        ];
        let d = chart_data(&t, k, &p).unwrap();
        assert_eq!(d.series.len(), 1);
        assert_eq!(d.series[0].points, vec![(10.0, 100.0), (20.0, 200.0)]);
        let bad = vec![("xcolumn".to_string(), "Nope".to_string())];
        assert!(chart_data(&t, k, &bad).unwrap_err().contains("`Nope`"));
        assert!(chart_data(&t, ChartKind::Time, &[])
            .unwrap_err()
            .contains("datetime"));
        let (t, k, p) = run("datatable(Name:string)['a'] | render barchart");
        assert!(chart_data(&t, k, &p).unwrap_err().contains("numeric"));
        assert_eq!(ChartKind::from_render("table"), None);
        assert_eq!(ChartKind::from_render("BarChart"), Some(ChartKind::Bar));
    }

    #[test]
    fn the_render_of_a_query_text() {
        let spec = render_of(
            "SigninLogs | summarize count() by bin(TimeGenerated, 1h) | render timechart with (title='Sign-ins', ytitle=\"Count\")",
        )
        .unwrap();
        assert_eq!(spec.kind, "timechart");
        assert_eq!(
            spec.properties,
            vec![
                ("title".to_string(), "Sign-ins".to_string()),
                ("ytitle".to_string(), "Count".to_string())
            ]
        );
        assert_eq!(
            render_of("let x = 1; T | render piechart").unwrap().kind,
            "piechart"
        );
        assert_eq!(render_of("SigninLogs | take 5"), None);
        assert_eq!(render_of("T | render barchart | take 5"), None);
    }

    #[test]
    fn too_many_series_are_left_out_and_said_so() {
        let (t, k, p) = run(
            "range i from 0 to 39 step 1 | extend T = datetime(2026-11-27) + i * 1m, S = tostring(i % 20), V = i
             | project T, S, V | render timechart",
        );
        let d = chart_data(&t, k, &p).unwrap();
        assert_eq!(d.series.len(), MAX_SERIES);
        assert_eq!(d.omitted, 8);
        assert!(summary(&d).contains("8 more not drawn"));
        assert_eq!(percent(0.2, 100.0), "<1");
        assert_eq!(percent(1.0, 0.0), "0");
    }
}
