//! What the checker knows about names: the row schema flowing through a pipe and the `let`
//! bindings in scope.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::ast;
use crate::value::DataType;

/// A column type, `None` when it cannot be known statically.
pub(super) type Ty = Option<DataType>;

/// A column of the rows flowing through a pipe.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Col<'a> {
    /// Borrowed from the catalog or the query where it can be (no copy a column).
    pub name: Cow<'a, str>,
    pub ty: Ty,
    /// Values the catalog says the column takes (`Status`: New, Active, Closed), if known.
    pub known: Option<&'a [String]>,
}

impl<'a> Col<'a> {
    pub fn new(name: impl Into<Cow<'a, str>>, ty: Ty) -> Col<'a> {
        Col {
            name: name.into(),
            ty,
            known: None,
        }
    }
}

/// The shape of a tabular expression's rows.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Schema<'a> {
    pub columns: Vec<Col<'a>>,
    /// More columns may exist than are listed (after `bag_unpack`, `search`, a wildcard union...):
    /// unknown names are then not errors.
    pub open: bool,
    /// Where the rows come from, for messages: `SecurityIncident`, `the output of summarize`.
    pub origin: String,
}

impl<'a> Schema<'a> {
    /// A schema whose columns cannot be known.
    pub fn open(origin: impl Into<String>) -> Schema<'a> {
        Schema {
            columns: Vec::new(),
            open: true,
            origin: origin.into(),
        }
    }

    /// A closed schema with these columns.
    pub fn closed(origin: impl Into<String>, columns: Vec<Col<'a>>) -> Schema<'a> {
        Schema {
            columns,
            open: false,
            origin: origin.into(),
        }
    }

    /// The column with this exact name.
    pub fn get(&self, name: &str) -> Option<&Col<'a>> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Adds a column, replacing one of the same name in place.
    pub fn set(&mut self, name: &str, ty: Ty) {
        match self.columns.iter_mut().find(|c| c.name == name) {
            Some(c) => c.ty = ty,
            None => self.columns.push(Col::new(name.to_string(), ty)),
        }
    }

    /// Adds a column, renaming it `Name1`, `Name2`... if the name is taken.
    pub fn push_unique(&mut self, name: impl Into<Cow<'a, str>>, ty: Ty) {
        let name = name.into();
        let unique = if self.get(&name).is_some() {
            unique_name(&name, |n| self.get(n).is_some()).into()
        } else {
            name
        };
        self.columns.push(Col::new(unique, ty));
    }
}

/// `name`, or `name1`, `name2`... the first that `taken` says is free.
pub(super) fn unique_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(name) {
        return name.to_string();
    }
    (1..)
        .map(|i| format!("{name}{i}"))
        .find(|n| !taken(n))
        .unwrap_or_default()
}

/// What a `let` (or a parameter, or `as`) binds a name to.
#[derive(Clone, Debug)]
pub(super) enum Value<'a> {
    Scalar(Ty),
    Table(Schema<'a>),
    Function(&'a ast::FunctionDef),
}

/// Nested `let` scopes (the query, then each function body being checked).
#[derive(Default)]
pub(super) struct Scope<'a> {
    frames: Vec<HashMap<String, Value<'a>>>,
}

impl<'a> Scope<'a> {
    pub fn push(&mut self) {
        self.frames.push(HashMap::new());
    }

    pub fn pop(&mut self) {
        self.frames.pop();
    }

    pub fn bind(&mut self, name: &str, value: Value<'a>) {
        if self.frames.is_empty() {
            self.push();
        }
        if let Some(frame) = self.frames.last_mut() {
            frame.insert(name.to_string(), value);
        }
    }

    /// Whether the innermost scope already binds `name`.
    pub fn bound_here(&self, name: &str) -> bool {
        self.frames.last().is_some_and(|f| f.contains_key(name))
    }

    pub fn get(&self, name: &str) -> Option<&Value<'a>> {
        self.frames.iter().rev().find_map(|f| f.get(name))
    }

    /// Every bound name (for suggestions).
    pub fn names(&self) -> impl Iterator<Item = (&str, &Value<'a>)> {
        self.frames
            .iter()
            .flat_map(|f| f.iter().map(|(k, v)| (k.as_str(), v)))
    }
}

/// What a declared parameter binds its name to.
pub(super) fn param_value<'a>(p: &ast::Param) -> Value<'a> {
    match &p.ty {
        ast::ParamType::Scalar(t) => Value::Scalar(Some(*t)),
        ast::ParamType::Tabular { columns, open } => Value::Table(Schema {
            columns: columns
                .iter()
                .map(|c| Col::new(c.name.name.clone(), Some(c.ty)))
                .collect(),
            // `(*)` and `(col:type, *)` accept any further columns.
            open: *open || columns.is_empty(),
            origin: format!("parameter `{}`", p.name.name),
        }),
    }
}
