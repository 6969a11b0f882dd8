//! A chart's geometry in SVG user units: the plot area, axis ticks and the marks (line paths,
//! bars, pie slices), ready to be drawn as they are.

use std::f64::consts::PI;

use super::ticks::{format_number, nice_scale, time_ticks};
use super::{ChartData, ChartKind};

/// The SVG viewBox: the chart scales to its container.
pub const WIDTH: f64 = 400.0;
pub const HEIGHT: f64 = 240.0;

/// A rectangle: left, top, width, height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// An axis tick at `pos` (x for the horizontal axis, y for the vertical) with its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub pos: f64,
    pub label: String,
}

/// A series drawn as a line (and, for area charts, a filled area down to the baseline).
#[derive(Clone, Debug, PartialEq)]
pub struct LinePath {
    pub series: usize,
    pub d: String,
    pub area: Option<String>,
}

/// A bar or column, with the text of its tooltip.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub series: usize,
    pub rect: Rect,
    pub title: String,
}

/// A pie slice (colour by category), with its tooltip.
#[derive(Clone, Debug, PartialEq)]
pub struct Slice {
    pub category: usize,
    pub d: String,
    pub title: String,
}

/// Everything drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    pub plot: Rect,
    /// Ticks along the bottom axis (x positions) and the left axis (y positions).
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    pub lines: Vec<LinePath>,
    pub bars: Vec<Bar>,
    pub slices: Vec<Slice>,
}

const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 44.0;

fn fmt(v: f64) -> String {
    format!("{:.1}", v)
}

/// Lays out `data` in a [`WIDTH`] × [`HEIGHT`] box.
pub fn layout(data: &ChartData) -> Geometry {
    match data.kind {
        ChartKind::Pie => pie(data),
        ChartKind::Bar => bars(data, true),
        ChartKind::Column => bars(data, false),
        ChartKind::Time | ChartKind::Line | ChartKind::Area => lines(data),
    }
}

fn plot_rect(left: f64) -> Rect {
    Rect {
        x: left,
        y: TOP,
        w: WIDTH - left - RIGHT,
        h: HEIGHT - TOP - BOTTOM,
    }
}

fn value_range(data: &ChartData, include_zero: bool) -> (f64, f64) {
    let (mut lo, mut hi) = data
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    (lo, hi)
}

fn lines(data: &ChartData) -> Geometry {
    let plot = plot_rect(LEFT);
    let (lo, hi) = value_range(data, true);
    let ys = nice_scale(lo, hi, 5);
    let (x_lo, x_hi) = data
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    let (x_lo, x_hi) = if x_lo.is_finite() {
        (x_lo, x_hi)
    } else {
        (0.0, 1.0)
    };
    let (x_min, x_max, x_ticks) = if data.x_is_time {
        let ticks = time_ticks(x_lo as i64, x_hi as i64, 4);
        let (lo, hi) = if x_hi > x_lo {
            (x_lo, x_hi)
        } else {
            (x_lo - 1.0, x_hi + 1.0)
        };
        (
            lo,
            hi,
            ticks
                .into_iter()
                .map(|t| (t.at as f64, t.label))
                .collect::<Vec<_>>(),
        )
    } else {
        let s = nice_scale(x_lo, x_hi, 5);
        let labels = s.ticks.iter().map(|&t| (t, format_number(t))).collect();
        (s.min, s.max, labels)
    };
    let x_px = |x: f64| plot.x + (x - x_min) / (x_max - x_min) * plot.w;
    let y_px = |y: f64| plot.y + plot.h - (y - ys.min) / (ys.max - ys.min) * plot.h;
    let baseline = y_px(0.0f64.clamp(ys.min, ys.max));
    let lines = data
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.points.is_empty())
        .map(|(i, s)| {
            let mut d = String::new();
            for (n, &(x, y)) in s.points.iter().enumerate() {
                d.push_str(if n == 0 { "M" } else { " L" });
                d.push_str(&format!("{} {}", fmt(x_px(x)), fmt(y_px(y))));
            }
            let area = (data.kind == ChartKind::Area).then(|| {
                let first = x_px(s.points[0].0);
                let last = x_px(s.points[s.points.len() - 1].0);
                format!(
                    "{d} L{} {} L{} {} Z",
                    fmt(last),
                    fmt(baseline),
                    fmt(first),
                    fmt(baseline)
                )
            });
            LinePath { series: i, d, area }
        })
        .collect();
    Geometry {
        plot,
        x_ticks: x_ticks
            .into_iter()
            .map(|(v, label)| Tick {
                pos: x_px(v),
                label,
            })
            .filter(|t| t.pos >= plot.x - 0.5 && t.pos <= plot.x + plot.w + 0.5)
            .collect(),
        y_ticks: ys
            .ticks
            .iter()
            .map(|&v| Tick {
                pos: y_px(v),
                label: format_number(v),
            })
            .collect(),
        lines,
        bars: Vec::new(),
        slices: Vec::new(),
    }
}

/// Shortens a category label for an axis (the full name is in the bar's tooltip).
fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

fn bars(data: &ChartData, horizontal: bool) -> Geometry {
    let plot = plot_rect(if horizontal { 96.0 } else { LEFT });
    let (lo, hi) = value_range(data, true);
    let vs = nice_scale(lo, hi, 5);
    let n_cat = data.categories.len().max(1);
    let n_series = data.series.len().max(1);
    let band = if horizontal { plot.h } else { plot.w } / n_cat as f64;
    let inner = band * 0.8;
    let thickness = inner / n_series as f64;
    let value_px = |v: f64| {
        if horizontal {
            plot.x + (v - vs.min) / (vs.max - vs.min) * plot.w
        } else {
            plot.y + plot.h - (v - vs.min) / (vs.max - vs.min) * plot.h
        }
    };
    let zero = value_px(0.0f64.clamp(vs.min, vs.max));
    let mut out = Vec::new();
    for (si, s) in data.series.iter().enumerate() {
        for &(c, v) in &s.points {
            let start = c * band + band * 0.1 + si as f64 * thickness;
            let end = value_px(v);
            let (a, b) = if end < zero { (end, zero) } else { (zero, end) };
            let rect = if horizontal {
                Rect {
                    x: a,
                    y: plot.y + start,
                    w: b - a,
                    h: thickness,
                }
            } else {
                Rect {
                    x: plot.x + start,
                    y: a,
                    w: thickness,
                    h: b - a,
                }
            };
            let category = data.categories.get(c as usize).cloned().unwrap_or_default();
            let title = if data.series.len() > 1 {
                format!("{category}, {}: {}", s.name, format_number(v))
            } else {
                format!("{category}: {}", format_number(v))
            };
            out.push(Bar {
                series: si,
                rect,
                title,
            });
        }
    }
    let value_ticks: Vec<Tick> = vs
        .ticks
        .iter()
        .map(|&v| Tick {
            pos: value_px(v),
            label: format_number(v),
        })
        .collect();
    // Label every category when they fit, else every k-th.
    let room = if horizontal { 14.0 } else { 40.0 };
    let every = ((room / band).ceil() as usize).max(1);
    let category_ticks: Vec<Tick> = data
        .categories
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, c)| Tick {
            pos: if horizontal { plot.y } else { plot.x } + (i as f64 + 0.5) * band,
            label: short(c, if horizontal { 14 } else { 10 }),
        })
        .collect();
    let (x_ticks, y_ticks) = if horizontal {
        (value_ticks, category_ticks)
    } else {
        (category_ticks, value_ticks)
    };
    Geometry {
        plot,
        x_ticks,
        y_ticks,
        lines: Vec::new(),
        bars: out,
        slices: Vec::new(),
    }
}

fn pie(data: &ChartData) -> Geometry {
    let plot = Rect {
        x: 0.0,
        y: 0.0,
        w: WIDTH,
        h: HEIGHT,
    };
    let (cx, cy, r) = (HEIGHT / 2.0 + 8.0, HEIGHT / 2.0, HEIGHT / 2.0 - 16.0);
    let points: Vec<(f64, f64)> = data
        .series
        .first()
        .map(|s| s.points.iter().filter(|p| p.1 > 0.0).copied().collect())
        .unwrap_or_default();
    let total: f64 = points.iter().map(|p| p.1).sum();
    let mut slices = Vec::new();
    let mut angle = -PI / 2.0;
    for &(c, v) in &points {
        let sweep = v / total * 2.0 * PI;
        let name = data.categories.get(c as usize).cloned().unwrap_or_default();
        let title = format!(
            "{name}: {} ({}%)",
            format_number(v),
            super::percent(v, total)
        );
        let d = if points.len() == 1 {
            // A full circle is two half arcs.
            format!(
                "M{} {} A{r} {r} 0 1 1 {} {} A{r} {r} 0 1 1 {} {} Z",
                fmt(cx),
                fmt(cy - r),
                fmt(cx),
                fmt(cy + r),
                fmt(cx),
                fmt(cy - r)
            )
        } else {
            let (x0, y0) = (cx + r * angle.cos(), cy + r * angle.sin());
            let end = angle + sweep;
            let (x1, y1) = (cx + r * end.cos(), cy + r * end.sin());
            format!(
                "M{} {} L{} {} A{r} {r} 0 {} 1 {} {} Z",
                fmt(cx),
                fmt(cy),
                fmt(x0),
                fmt(y0),
                u8::from(sweep > PI),
                fmt(x1),
                fmt(y1)
            )
        };
        angle += sweep;
        slices.push(Slice {
            category: c as usize,
            d,
            title,
        });
    }
    Geometry {
        plot,
        x_ticks: Vec::new(),
        y_ticks: Vec::new(),
        lines: Vec::new(),
        bars: Vec::new(),
        slices,
    }
}

#[cfg(test)]
mod tests {
    use super::super::Series;
    use super::*;

    fn data(kind: ChartKind, categories: &[&str], series: Vec<Series>) -> ChartData {
        ChartData {
            kind,
            title: None,
            x_title: "x".into(),
            y_title: "y".into(),
            x_is_time: false,
            categories: categories.iter().map(|c| c.to_string()).collect(),
            series,
            omitted: 0,
        }
    }

    fn s(name: &str, points: &[(f64, f64)]) -> Series {
        Series {
            name: name.into(),
            points: points.to_vec(),
        }
    }

    #[test]
    fn lines_span_the_plot() {
        let g = layout(&data(
            ChartKind::Line,
            &[],
            vec![s("a", &[(0.0, 0.0), (5.0, 50.0), (10.0, 100.0)])],
        ));
        let p = g.plot;
        assert_eq!(g.lines.len(), 1);
        // From the bottom left to the top right of the plot.
        assert_eq!(
            g.lines[0].d,
            format!(
                "M{} {} L{} {} L{} {}",
                fmt(p.x),
                fmt(p.y + p.h),
                fmt(p.x + p.w / 2.0),
                fmt(p.y + p.h / 2.0),
                fmt(p.x + p.w),
                fmt(p.y)
            )
        );
        assert_eq!(g.y_ticks.first().unwrap().label, "0");
        assert_eq!(g.y_ticks.last().unwrap().label, "100");
        assert!(g.x_ticks.iter().all(|t| t.pos >= p.x && t.pos <= p.x + p.w));
        assert!(g.lines[0].area.is_none());
        let area = layout(&data(
            ChartKind::Area,
            &[],
            vec![s("a", &[(0.0, 1.0), (1.0, 2.0)])],
        ));
        assert!(area.lines[0].area.as_ref().unwrap().ends_with('Z'));
    }

    #[test]
    fn columns_rise_from_zero_and_bars_extend_right() {
        let d = data(
            ChartKind::Column,
            &["a", "b"],
            vec![s("n", &[(0.0, 10.0), (1.0, 20.0)])],
        );
        let g = layout(&d);
        assert_eq!(g.bars.len(), 2);
        let bottom = g.plot.y + g.plot.h;
        for b in &g.bars {
            assert!((b.rect.y + b.rect.h - bottom).abs() < 1e-6);
        }
        assert!(g.bars[1].rect.h > g.bars[0].rect.h);
        assert_eq!(g.bars[0].title, "a: 10");
        assert_eq!(
            g.x_ticks
                .iter()
                .map(|t| t.label.as_str())
                .collect::<Vec<_>>(),
            vec!["a", "b"]
        );
        let mut d = d;
        d.kind = ChartKind::Bar;
        let g = layout(&d);
        assert!((g.bars[0].rect.x - g.plot.x).abs() < 1e-6);
        assert!(g.bars[1].rect.w > g.bars[0].rect.w);
        assert_eq!(g.y_ticks.len(), 2);
    }

    #[test]
    fn pie_slices_cover_the_circle() {
        let g = layout(&data(
            ChartKind::Pie,
            &["a", "b", "c"],
            vec![s(
                "n",
                &[(0.0, 50.0), (1.0, 25.0), (2.0, 25.0), (3.0, -4.0)],
            )],
        ));
        assert_eq!(g.slices.len(), 3);
        assert!(
            g.slices[0].d.contains(" 0 0 1 "),
            "half is not a large arc: {}",
            g.slices[0].d
        );
        assert_eq!(g.slices[1].title, "b: 25 (25%)");
        let one = layout(&data(ChartKind::Pie, &["a"], vec![s("n", &[(0.0, 3.0)])]));
        assert_eq!(one.slices.len(), 1);
        assert!(one.slices[0].d.matches('A').count() == 2);
        let none = layout(&data(ChartKind::Pie, &[], vec![]));
        assert!(none.slices.is_empty());
        assert_eq!(short("a-very-long-category", 10), "a-very-lo…");
    }
}
