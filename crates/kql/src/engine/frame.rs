//! The rows flowing between operators: a schema plus rows that are either shared with a stored
//! table (no copy until an operator changes them) or owned.

use std::sync::Arc;

use crate::table::{Column, Table};
use crate::value::{DataType, Value};

use super::values;

/// One row: a value per column.
pub type Row = Vec<Value>;

/// Rows, shared with a stored table or owned by the pipeline.
#[derive(Clone, Debug)]
pub enum Rows {
    Shared(Arc<Table>),
    Owned(Vec<Row>),
}

/// A table in flight: its columns and rows.
#[derive(Clone, Debug)]
pub struct Frame {
    pub columns: Vec<Column>,
    pub rows: Rows,
    /// Whether row order is meaningful (`serialize`, `sort`, `top`...), for `row_number`/`prev`.
    pub serialized: bool,
    /// Positions of the shared rows an earlier `where` kept, not yet copied. Only the operators
    /// that read through it (`where`, `summarize`, `count`, `join`'s left side, `take`) see a
    /// frame with a selection; every other operator gets [`Frame::materialize`]d rows.
    pub selection: Option<Vec<usize>>,
}

impl Frame {
    /// A frame that owns its rows.
    pub fn owned(columns: Vec<Column>, rows: Vec<Row>) -> Frame {
        Frame {
            columns,
            rows: Rows::Owned(rows),
            serialized: false,
            selection: None,
        }
    }

    /// A frame reading a stored table without copying it.
    pub fn shared(table: Arc<Table>) -> Frame {
        Frame {
            columns: table.columns.clone(),
            rows: Rows::Shared(table),
            serialized: false,
            selection: None,
        }
    }

    /// A frame with its selected rows copied out, so that [`Frame::rows`] is every row.
    pub fn materialize(mut self) -> Frame {
        if let Some(sel) = self.selection.take() {
            let all = self.all_rows();
            let rows: Vec<Row> = sel.iter().map(|i| all[*i].clone()).collect();
            self.rows = Rows::Owned(rows);
        }
        self
    }

    /// The stored table these rows are read from, with its column cache, when they are a
    /// database table's rows (possibly under a selection).
    pub fn stored<'a>(
        &'a self,
        env: &'a super::scope::Env,
    ) -> Option<(&'a Table, &'a super::columns::ColumnCache)> {
        match &self.rows {
            Rows::Shared(t) => env.db.cache_for(t).map(|c| (&**t, c)),
            Rows::Owned(_) => None,
        }
    }

    /// The underlying rows, ignoring any selection (index them with [`Frame::indices`]).
    pub fn all_rows(&self) -> &[Row] {
        match &self.rows {
            Rows::Shared(t) => &t.rows,
            Rows::Owned(r) => r,
        }
    }

    /// The positions of the frame's rows in [`Frame::all_rows`].
    pub fn indices(&self) -> Box<dyn Iterator<Item = usize> + '_> {
        match &self.selection {
            Some(sel) => Box::new(sel.iter().copied()),
            None => Box::new(0..self.all_rows().len()),
        }
    }

    /// The rows as a slice (the frame must have no selection: see [`Frame::materialize`]).
    pub fn rows(&self) -> &[Row] {
        assert!(
            self.selection.is_none(),
            "rows() on a frame with a selection; materialize it first"
        );
        match &self.rows {
            Rows::Shared(t) => &t.rows,
            Rows::Owned(r) => r,
        }
    }

    /// The rows, owned (copied if they were shared).
    pub fn into_rows(self) -> Vec<Row> {
        match self.materialize().rows {
            Rows::Shared(t) => match Arc::try_unwrap(t) {
                Ok(t) => t.rows,
                Err(t) => t.rows.clone(),
            },
            Rows::Owned(r) => r,
        }
    }

    /// Mutable access to the rows, copying shared rows first.
    pub fn rows_mut(&mut self) -> &mut Vec<Row> {
        if self.selection.is_some() {
            let taken = std::mem::replace(self, Frame::owned(Vec::new(), Vec::new()));
            *self = taken.materialize();
        }
        if let Rows::Shared(t) = &self.rows {
            self.rows = Rows::Owned(t.rows.clone());
        }
        match &mut self.rows {
            Rows::Owned(r) => r,
            Rows::Shared(_) => unreachable!("rows were just made owned"),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match &self.selection {
            Some(sel) => sel.len(),
            None => self.all_rows().len(),
        }
    }

    /// The index of the column with this name.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The frame as a named table.
    pub fn into_table(self, name: &str) -> Table {
        let columns = self.columns.clone();
        Table {
            name: name.to_string(),
            columns,
            rows: self.into_rows(),
        }
    }
}

/// The column type to report for computed values: the declared type when known, otherwise the
/// type of the first non-null value (string when every value is null).
pub fn infer_type(declared: Option<DataType>, values: impl Iterator<Item = Value>) -> DataType {
    if let Some(t) = declared {
        return t;
    }
    let mut found: Option<DataType> = None;
    for v in values {
        if let Some(t) = values::type_of(&v) {
            match found {
                None => found = Some(t),
                Some(DataType::Int) if t == DataType::Long => found = Some(t),
                Some(DataType::Int | DataType::Long) if t == DataType::Real => found = Some(t),
                Some(f) if f == t => {}
                Some(DataType::Long | DataType::Real)
                    if t == DataType::Int || t == DataType::Long => {}
                Some(_) => return DataType::Dynamic,
            }
        }
    }
    found.unwrap_or(DataType::String)
}

/// Brings a computed value to its column's type (ints widen to long or real, scalars to dynamic).
pub fn conform(v: Value, ty: DataType) -> Value {
    match (&v, ty) {
        (Value::Null, _) => v,
        (Value::Int(i), DataType::Long) => Value::Long(*i as i64),
        (Value::Int(_) | Value::Long(_), DataType::Real) => {
            Value::Real(values::to_f64(&v).unwrap_or(0.0))
        }
        (Value::Dynamic(_), DataType::Dynamic) => v,
        (_, DataType::Dynamic) => Value::dynamic(values::to_json(&v)),
        _ => v,
    }
}
