//! Virtual scrolling: which rows of a long result to put in the page, and column widths.

use std::ops::Range;

/// Height of one grid row in CSS pixels; fixed, so the visible rows follow from the scroll offset.
pub const ROW_HEIGHT: f64 = 24.0;

/// Rows rendered above and below the visible ones, so fast scrolling does not show blank space.
pub const OVERSCAN: usize = 10;

/// The narrowest and widest a column may be resized to, in CSS pixels.
pub const MIN_COLUMN_WIDTH: f64 = 48.0;
pub const MAX_COLUMN_WIDTH: f64 = 1200.0;

/// The rows to render for a viewport `viewport` pixels high scrolled to `scroll_top`, with
/// `overscan` extra rows on each side; always within `0..total`.
pub fn visible_rows(
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
    total: usize,
    overscan: usize,
) -> Range<usize> {
    if total == 0 || row_height <= 0.0 {
        return 0..0;
    }
    let top = if scroll_top.is_finite() {
        scroll_top.max(0.0)
    } else {
        0.0
    };
    let viewport = if viewport.is_finite() {
        viewport.max(0.0)
    } else {
        0.0
    };
    let first = ((top / row_height).floor() as usize).min(total - 1);
    let shown = (viewport / row_height).ceil() as usize + 1;
    let start = first.saturating_sub(overscan);
    let end = (first + shown + overscan).min(total);
    start..end
}

/// The "showing N–M of T" text for the rows actually visible (1-based, inclusive).
pub fn showing_text(scroll_top: f64, viewport: f64, row_height: f64, total: usize) -> String {
    let visible = visible_rows(scroll_top, viewport, row_height, total, 0);
    if visible.is_empty() {
        return format!("{} rows", group_digits(total));
    }
    // The last partly visible row counts as shown.
    let last = visible.end.min(
        ((scroll_top.max(0.0) + viewport.max(0.0)) / row_height)
            .ceil()
            .max(1.0) as usize,
    );
    format!(
        "Showing {}–{} of {} row{}",
        group_digits(visible.start + 1),
        group_digits(last.max(visible.start + 1)),
        group_digits(total),
        if total == 1 { "" } else { "s" }
    )
}

/// The height of the scrollable body for `total` rows.
pub fn body_height(total: usize, row_height: f64) -> f64 {
    total as f64 * row_height
}

/// A column width after dragging or pressing an arrow key, kept within the allowed range.
pub fn resized(width: f64, delta: f64) -> f64 {
    let w = width + delta;
    if w.is_finite() {
        w.clamp(MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH)
    } else {
        width
    }
}

/// A starting width for a column from its header and a sample of its cells (about 7 px per
/// character, within the allowed range).
pub fn initial_width<'a>(header: &str, sample: impl Iterator<Item = &'a str>) -> f64 {
    let longest = sample
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .max(header.chars().count() + 2);
    (longest as f64 * 7.0 + 16.0).clamp(MIN_COLUMN_WIDTH * 1.5, 360.0)
}

/// `grid-template-columns` for these widths.
pub fn grid_template(widths: &[f64]) -> String {
    widths
        .iter()
        .map(|w| format!("{}px", w.round()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A count with thousands separators: `100000` → `100,000`.
pub fn group_digits(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_follows_the_scroll_offset() {
        assert_eq!(visible_rows(0.0, 240.0, 24.0, 100_000, 10), 0..21);
        // Scrolled to row 1000: ten rows of overscan above.
        assert_eq!(visible_rows(24_000.0, 240.0, 24.0, 100_000, 10), 990..1021);
        // Half a row scrolled still starts at that row.
        assert_eq!(visible_rows(24_012.0, 240.0, 24.0, 100_000, 0), 1000..1011);
    }

    #[test]
    fn the_window_stays_within_the_rows() {
        assert_eq!(visible_rows(0.0, 240.0, 24.0, 0, 10), 0..0);
        assert_eq!(visible_rows(0.0, 240.0, 24.0, 3, 10), 0..3);
        // Overscrolled (rubber-banding, a shrunk result): the last rows.
        assert_eq!(visible_rows(1e9, 240.0, 24.0, 50, 2), 47..50);
        assert_eq!(visible_rows(-50.0, 240.0, 24.0, 50, 2), 0..13);
        assert_eq!(visible_rows(f64::NAN, f64::NAN, 24.0, 50, 0), 0..1);
        assert_eq!(visible_rows(0.0, 100.0, 0.0, 50, 0), 0..0);
    }

    #[test]
    fn a_long_result_renders_few_rows() {
        let r = visible_rows(1_200_000.0, 600.0, ROW_HEIGHT, 100_000, OVERSCAN);
        assert!(r.len() <= 50, "{r:?}");
        assert_eq!(body_height(100_000, ROW_HEIGHT), 2_400_000.0);
    }

    #[test]
    fn showing_text_counts_from_one() {
        assert_eq!(
            showing_text(0.0, 240.0, 24.0, 100_000),
            "Showing 1–10 of 100,000 rows"
        );
        assert_eq!(
            showing_text(24_000.0, 240.0, 24.0, 100_000),
            "Showing 1,001–1,010 of 100,000 rows"
        );
        assert_eq!(showing_text(0.0, 240.0, 24.0, 3), "Showing 1–3 of 3 rows");
        assert_eq!(showing_text(0.0, 240.0, 24.0, 1), "Showing 1–1 of 1 row");
        assert_eq!(showing_text(0.0, 240.0, 24.0, 0), "0 rows");
    }

    #[test]
    fn widths_are_clamped() {
        assert_eq!(resized(100.0, 16.0), 116.0);
        assert_eq!(resized(60.0, -100.0), MIN_COLUMN_WIDTH);
        assert_eq!(resized(1190.0, 100.0), MAX_COLUMN_WIDTH);
        assert_eq!(resized(100.0, f64::NAN), 100.0);
        assert_eq!(grid_template(&[100.4, 80.0]), "100px 80px");
        let w = initial_width("TimeGenerated", ["2026-11-27T07:11:12.123Z"].into_iter());
        assert!((150.0..=360.0).contains(&w), "{w}");
        assert_eq!(
            initial_width("x", std::iter::empty()),
            MIN_COLUMN_WIDTH * 1.5
        );
    }

    #[test]
    fn digits_are_grouped() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(1_234_567), "1,234,567");
    }
}
