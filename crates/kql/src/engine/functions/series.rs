//! Series functions that return several columns: `series_decompose`,
//! `series_decompose_anomalies`, `series_fit_line` and `series_fit_2lines`, as the KQL
//! documentation describes them. They are used in `extend`: `extend (a, b, c) = f(x)` names the
//! outputs in order, `extend a = f(x)` names the first output `a` and the others `a_<output>`,
//! and without a name the outputs are `<function>_<column>_<output>`.

use serde_json::Value as Json;

use crate::value::{DataType, Value};

use super::super::values;
use super::{spec, FnSpec, Ret};

/// The single-column series functions.
pub const FUNCTIONS: &[FnSpec] = &[spec(
    "series_decompose_forecast",
    2,
    5,
    Ret::Fixed(DataType::Dynamic),
    forecast,
)];

/// `series_decompose_forecast(Series, Points [, Seasonality, Trend, Seasonality_threshold])`:
/// decomposes all but the last `Points` points (which the series holds empty, e.g. a
/// `make-series` extended into the future) and returns the baseline over the whole series, so
/// its last `Points` values are the forecast.
fn forecast(args: &[Value]) -> Value {
    let Some(y) = series(&args[0]) else {
        return Value::Null;
    };
    let num = |i: usize, default: f64| match args.get(i) {
        None | Some(Value::Null) => Some(default),
        Some(v) => values::to_f64(&values::unwrap_dynamic(v)),
    };
    let (Some(points), Some(seasonality), Some(threshold)) =
        (num(1, 0.0), num(2, -1.0), num(4, 0.6))
    else {
        return Value::Null;
    };
    let trend = match args.get(3) {
        None | Some(Value::Null) => "linefit".to_string(),
        Some(v) => values::to_text(v),
    };
    match decompose(&y, seasonality, &trend, points.max(0.0) as usize, threshold) {
        Ok(parts) => array(&parts.baseline()),
        Err(_) => Value::Null,
    }
}

/// The outputs of a multi-column function, in order, with their types; `None` for other names.
pub fn outputs(name: &str) -> Option<&'static [(&'static str, DataType)]> {
    use DataType::*;
    Some(match name {
        "series_decompose" => &[
            ("baseline", Dynamic),
            ("seasonal", Dynamic),
            ("trend", Dynamic),
            ("residual", Dynamic),
        ],
        "series_decompose_anomalies" => &[
            ("ad_flag", Dynamic),
            ("ad_score", Dynamic),
            ("baseline", Dynamic),
        ],
        "series_fit_line" => &[
            ("rsquare", Real),
            ("slope", Real),
            ("variance", Real),
            ("rvariance", Real),
            ("interception", Real),
            ("line_fit", Dynamic),
        ],
        "series_fit_2lines" => &[
            ("rsquare", Real),
            ("split_idx", Long),
            ("variance", Real),
            ("rvariance", Real),
            ("line_fit", Dynamic),
            ("right_rsquare", Real),
            ("right_slope", Real),
            ("right_interception", Real),
            ("left_rsquare", Real),
            ("left_slope", Real),
            ("left_interception", Real),
        ],
        _ => return None,
    })
}

/// The (min, max) number of arguments of a multi-column function.
pub fn arity(name: &str) -> (usize, usize) {
    match name {
        "series_decompose" => (1, 5),
        "series_decompose_anomalies" => (1, 7),
        _ => (1, 1),
    }
}

/// Evaluates a multi-column function on its argument values: one value per output, or an error
/// message for a bad argument. A series that is not an array gives nulls.
pub fn call(name: &str, args: &[Value]) -> Result<Vec<Value>, String> {
    let n_out = outputs(name).map_or(0, <[_]>::len);
    let Some(y) = series(&args[0]) else {
        return Ok(vec![Value::Null; n_out]);
    };
    let num = |i: usize, default: f64| -> Result<f64, String> {
        match args.get(i) {
            None | Some(Value::Null) => Ok(default),
            Some(v) => values::to_f64(&values::unwrap_dynamic(v))
                .ok_or_else(|| format!("argument {} of {name} must be a number", i + 1)),
        }
    };
    let text = |i: usize, default: &str| -> String {
        match args.get(i) {
            None | Some(Value::Null) => default.to_string(),
            Some(v) => values::to_text(v),
        }
    };
    match name {
        "series_fit_line" => {
            let x: Vec<f64> = (0..y.len()).map(|i| i as f64).collect();
            let fit = Line::fit(&x, &y);
            let (rsquare, variance, rvariance) = fit_quality(&y, &fit.values(&x));
            Ok(vec![
                Value::Real(rsquare),
                Value::Real(fit.slope),
                Value::Real(variance),
                Value::Real(rvariance),
                Value::Real(fit.intercept),
                array(&fit.values(&x)),
            ])
        }
        "series_fit_2lines" => Ok(fit_2lines(&y)),
        "series_decompose" | "series_decompose_anomalies" => {
            let anomalies = name == "series_decompose_anomalies";
            let off = usize::from(anomalies);
            let threshold = if anomalies { num(1, 1.5)? } else { 0.0 };
            let seasonality = num(1 + off, -1.0)?;
            let trend = text(2 + off, "linefit");
            let test_points = num(3 + off, 0.0)?.max(0.0) as usize;
            let method = if anomalies {
                text(5, "ctukey")
            } else {
                String::new()
            };
            let season_threshold = num(if anomalies { 6 } else { 4 }, 0.6)?;
            let parts = decompose(&y, seasonality, &trend, test_points, season_threshold)?;
            if !anomalies {
                return Ok(vec![
                    array(&parts.baseline()),
                    array(&parts.seasonal),
                    array(&parts.trend),
                    array(&parts.residual()),
                ]);
            }
            let (lo, hi) = match method.as_str() {
                "ctukey" => (10.0, 90.0),
                "tukey" => (25.0, 75.0),
                other => return Err(format!("unknown anomaly detection method '{other}'")),
            };
            let residual = parts.residual();
            let learn = &residual[..residual.len() - test_points.min(residual.len())];
            let scores = tukey_scores(learn, &residual, lo, hi);
            let flags: Vec<Json> = scores
                .iter()
                .map(|s| {
                    Json::from(if *s > threshold {
                        1
                    } else if *s < -threshold {
                        -1
                    } else {
                        0
                    })
                })
                .collect();
            Ok(vec![
                Value::dynamic(Json::Array(flags)),
                array(&scores),
                array(&parts.baseline()),
            ])
        }
        other => Err(format!("{other} is not a multi-column function")),
    }
}

/// The numbers of a dynamic array (non-numeric elements count as 0, as in `make-series`
/// defaults); `None` when the value is not an array.
fn series(v: &Value) -> Option<Vec<f64>> {
    let Value::Dynamic(j) = v else {
        return None;
    };
    let a = j.as_array()?;
    Some(
        a.iter()
            .map(|e| match e {
                Json::Number(n) => n.as_f64().unwrap_or(0.0),
                Json::String(s) => s.parse().unwrap_or(0.0),
                Json::Bool(b) => f64::from(u8::from(*b)),
                _ => 0.0,
            })
            .collect(),
    )
}

fn array(xs: &[f64]) -> Value {
    Value::dynamic(Json::Array(
        xs.iter()
            .map(|x| serde_json::Number::from_f64(*x).map_or(Json::Null, Json::Number))
            .collect(),
    ))
}

/// A least-squares line `y = slope * x + intercept`.
#[derive(Clone, Copy, Debug)]
struct Line {
    slope: f64,
    intercept: f64,
}

impl Line {
    fn fit(x: &[f64], y: &[f64]) -> Line {
        let n = x.len() as f64;
        if x.is_empty() {
            return Line {
                slope: 0.0,
                intercept: 0.0,
            };
        }
        let mx = x.iter().sum::<f64>() / n;
        let my = y.iter().sum::<f64>() / n;
        let sxx: f64 = x.iter().map(|a| (a - mx) * (a - mx)).sum();
        let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
        let slope = if sxx == 0.0 { 0.0 } else { sxy / sxx };
        Line {
            slope,
            intercept: my - slope * mx,
        }
    }

    fn at(&self, x: f64) -> f64 {
        self.slope * x + self.intercept
    }

    fn values(&self, x: &[f64]) -> Vec<f64> {
        x.iter().map(|a| self.at(*a)).collect()
    }
}

/// (R², sample variance of `y`, residual variance) of a fit.
fn fit_quality(y: &[f64], fitted: &[f64]) -> (f64, f64, f64) {
    let n = y.len();
    if n == 0 {
        return (0.0, 0.0, 0.0);
    }
    let my = y.iter().sum::<f64>() / n as f64;
    let ss_tot: f64 = y.iter().map(|v| (v - my) * (v - my)).sum();
    let ss_res: f64 = y.iter().zip(fitted).map(|(a, b)| (a - b) * (a - b)).sum();
    let dof = (n.max(2) - 1) as f64;
    let rsquare = if ss_tot == 0.0 {
        if ss_res == 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        1.0 - ss_res / ss_tot
    };
    (rsquare, ss_tot / dof, ss_res / dof)
}

/// Two-segment linear regression: every split point is tried (each side at least two points)
/// and the one with the highest total R² kept.
fn fit_2lines(y: &[f64]) -> Vec<Value> {
    let n = y.len();
    let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let mut best: Option<(f64, usize, Line, Line)> = None;
    for split in 2..n.saturating_sub(1) {
        let left = Line::fit(&x[..split], &y[..split]);
        let right = Line::fit(&x[split..], &y[split..]);
        let fitted: Vec<f64> = (0..n)
            .map(|i| {
                if i < split {
                    left.at(x[i])
                } else {
                    right.at(x[i])
                }
            })
            .collect();
        let (r2, _, _) = fit_quality(y, &fitted);
        if best.is_none_or(|b| r2 > b.0) {
            best = Some((r2, split, left, right));
        }
    }
    let (split, left, right) = match best {
        Some((_, s, l, r)) => (s, l, r),
        // Too short to split: one line over everything.
        None => {
            let l = Line::fit(&x, y);
            (0, l, l)
        }
    };
    let fitted: Vec<f64> = (0..n)
        .map(|i| {
            if i < split {
                left.at(x[i])
            } else {
                right.at(x[i])
            }
        })
        .collect();
    let (rsquare, variance, rvariance) = fit_quality(y, &fitted);
    let (lr2, _, _) = fit_quality(&y[..split], &fitted[..split]);
    let (rr2, _, _) = fit_quality(&y[split..], &fitted[split..]);
    vec![
        Value::Real(rsquare),
        Value::Long(split as i64),
        Value::Real(variance),
        Value::Real(rvariance),
        array(&fitted),
        Value::Real(rr2),
        Value::Real(right.slope),
        Value::Real(right.intercept),
        Value::Real(lr2),
        Value::Real(left.slope),
        Value::Real(left.intercept),
    ]
}

/// A series split into seasonal and trend components (the residual is what is left).
struct Parts {
    y: Vec<f64>,
    seasonal: Vec<f64>,
    trend: Vec<f64>,
}

impl Parts {
    fn baseline(&self) -> Vec<f64> {
        self.seasonal
            .iter()
            .zip(&self.trend)
            .map(|(s, t)| s + t)
            .collect()
    }

    fn residual(&self) -> Vec<f64> {
        self.y
            .iter()
            .zip(self.baseline())
            .map(|(y, b)| y - b)
            .collect()
    }
}

/// `series_decompose`: the seasonal component is the median of the learning points of the same
/// phase (period given, or detected when -1, none when 0); the trend is fitted on the
/// de-seasoned learning points (`linefit`, `avg` or `none`) and extended over the test points.
fn decompose(
    y: &[f64],
    seasonality: f64,
    trend: &str,
    test_points: usize,
    season_threshold: f64,
) -> Result<Parts, String> {
    let n = y.len();
    let learn_n = n - test_points.min(n);
    let learn = &y[..learn_n];
    let period = if seasonality < 0.0 {
        detect_period(learn, season_threshold)
    } else {
        seasonality as usize
    };
    let mut seasonal = vec![0.0; n];
    if period >= 2 && period < learn_n {
        let mut medians = vec![0.0; period];
        for (phase, m) in medians.iter_mut().enumerate() {
            let mut same: Vec<f64> = learn.iter().skip(phase).step_by(period).copied().collect();
            *m = percentile(&mut same, 50.0);
        }
        for (i, s) in seasonal.iter_mut().enumerate() {
            *s = medians[i % period];
        }
    }
    let deseasoned: Vec<f64> = learn.iter().zip(&seasonal).map(|(a, s)| a - s).collect();
    let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let trend = match trend {
        "linefit" => Line::fit(&x[..learn_n], &deseasoned).values(&x),
        "avg" => {
            let m = if learn_n == 0 {
                0.0
            } else {
                deseasoned.iter().sum::<f64>() / learn_n as f64
            };
            vec![m; n]
        }
        "none" => vec![0.0; n],
        other => return Err(format!("unknown trend '{other}' (linefit, avg or none)")),
    };
    Ok(Parts {
        y: y.to_vec(),
        seasonal,
        trend,
    })
}

/// The period whose autocorrelation (of the de-trended series) is highest, when it reaches
/// `threshold`; 0 when none does. Periods up to a third of the series are tried, so that at
/// least three cycles support a detection.
fn detect_period(y: &[f64], threshold: f64) -> usize {
    let n = y.len();
    if n < 8 {
        return 0;
    }
    let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let line = Line::fit(&x, y);
    let mut d: Vec<f64> = y
        .iter()
        .enumerate()
        .map(|(i, v)| v - line.at(i as f64))
        .collect();
    // Spikes are clipped to the 10th–90th percentile range first, so that one outlier (what
    // anomaly detection looks for) does not hide the period.
    let mut sorted = d.clone();
    let (lo, hi) = (percentile(&mut sorted, 10.0), percentile(&mut sorted, 90.0));
    for v in &mut d {
        *v = v.clamp(lo, hi);
    }
    let mean = d.iter().sum::<f64>() / n as f64;
    for v in &mut d {
        *v -= mean;
    }
    let var: f64 = d.iter().map(|v| v * v).sum();
    if var == 0.0 {
        return 0;
    }
    // The usual (biased) autocorrelation, which favours the shortest of equally good periods.
    let mut best = (0, threshold);
    for p in 2..=n / 3 {
        let c: f64 = (0..n - p).map(|i| d[i] * d[i + p]).sum::<f64>() / var;
        if c >= best.1 && (best.0 == 0 || c > best.1) {
            best = (p, c);
        }
    }
    best.0
}

/// The `p`th percentile of `xs` (linear interpolation between closest ranks); sorts `xs`.
fn percentile(xs: &mut [f64], p: f64) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.sort_by(f64::total_cmp);
    let rank = p / 100.0 * (xs.len() - 1) as f64;
    let lo = rank.floor() as usize;
    let hi = rank.ceil() as usize;
    xs[lo] + (xs[hi] - xs[lo]) * (rank - lo as f64)
}

/// Tukey's fence scores of `values` with the `lo`–`hi` percentile range of `learn`: how many
/// inter-percentile ranges a value lies above the upper percentile (positive) or below the lower
/// one (negative); 0 inside.
fn tukey_scores(learn: &[f64], values: &[f64], lo: f64, hi: f64) -> Vec<f64> {
    let mut sorted = learn.to_vec();
    let q1 = percentile(&mut sorted, lo);
    let q3 = percentile(&mut sorted, hi);
    let range = q3 - q1;
    values
        .iter()
        .map(|v| {
            let out = if *v > q3 {
                v - q3
            } else if *v < q1 {
                v - q1
            } else {
                0.0
            };
            if out == 0.0 {
                0.0
            } else if range > 0.0 {
                out / range
            } else {
                out.signum() * f64::MAX
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_fitted_exactly() {
        let y = [1.0, 3.0, 5.0, 7.0];
        let x = [0.0, 1.0, 2.0, 3.0];
        let l = Line::fit(&x, &y);
        assert!((l.slope - 2.0).abs() < 1e-12 && (l.intercept - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_weekly_period_is_detected() {
        let y: Vec<f64> = (0..70)
            .map(|i| if i % 7 < 5 { 100.0 } else { 10.0 })
            .collect();
        assert_eq!(detect_period(&y, 0.6), 7);
        let flat: Vec<f64> = (0..70).map(|i| i as f64).collect();
        assert_eq!(detect_period(&flat, 0.6), 0);
    }

    #[test]
    fn percentiles_interpolate() {
        assert_eq!(percentile(&mut [4.0, 1.0, 3.0, 2.0], 50.0), 2.5);
        assert_eq!(percentile(&mut [1.0, 2.0, 3.0, 4.0, 5.0], 25.0), 2.0);
    }
}
