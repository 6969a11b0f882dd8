//! Names bound by `let` statements and function parameters, and the execution environment.

use std::rc::Rc;
use std::sync::Arc;

use crate::ast::{Expr, FunctionDef};
use crate::table::Table;
use crate::value::Value;

use super::{Database, ExecOptions};

/// What a name is bound to.
pub enum Binding {
    /// A scalar value (`let threshold = 5;`, `toscalar(...)`).
    Scalar(Value),
    /// A tabular value, already evaluated (`let T = ...;`, `materialize(...)`).
    Table(Arc<Table>),
    /// A user-defined function and the scope it was defined in.
    Function(Rc<FunctionDef>, Scope),
    /// A function parameter bound to the caller's argument, compiled where it is used.
    Expr(Rc<Expr>, Scope),
}

struct Node {
    name: String,
    binding: Rc<Binding>,
    parent: Scope,
}

/// An immutable chain of bindings; inner bindings shadow outer ones.
#[derive(Clone, Default)]
pub struct Scope(Option<Rc<Node>>);

impl Scope {
    /// This scope with one more binding.
    pub fn with(&self, name: impl Into<String>, binding: Binding) -> Scope {
        Scope(Some(Rc::new(Node {
            name: name.into(),
            binding: Rc::new(binding),
            parent: self.clone(),
        })))
    }

    /// The innermost binding of `name`.
    pub fn get(&self, name: &str) -> Option<Rc<Binding>> {
        let mut cur = &self.0;
        while let Some(node) = cur {
            if node.name == name {
                return Some(node.binding.clone());
            }
            cur = &node.parent.0;
        }
        None
    }
}

/// The execution environment shared by every operator of one query.
pub struct Env<'a> {
    pub db: &'a Database,
    pub opts: &'a ExecOptions,
    /// Nesting depth of function calls and subqueries, to stop runaway recursion.
    pub depth: std::cell::Cell<usize>,
    /// The chart the last `render` asked for.
    pub chart: std::cell::RefCell<Option<super::Chart>>,
}

/// The deepest nesting of function calls and subqueries the engine follows.
pub const MAX_DEPTH: usize = 64;
