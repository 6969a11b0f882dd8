//! The logic behind the result views, as plain functions tested natively: which rows of a long
//! result are on screen, typed sorting, the CSV/JSON/Markdown writers and chart geometry. The
//! components in `crate::components` only call these.

pub mod chart;
pub mod export;
pub mod sort;
pub mod window;
