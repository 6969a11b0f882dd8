//! The KQL syntax tree, shaped like the grammar: one type per construct.
//!
//! Every node that can be the subject of an error carries a byte [`Span`] into the source it was
//! parsed from. Trees built by hand (or by the formatter's round trip) may use [`Span::default`].
//! Parentheses are not kept: the tree holds the structure they imply, and the formatter puts back
//! the ones precedence requires.

use crate::value::DataType;

/// A byte range `start..end` into the query source.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The range `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Debug for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "@{}..{}", self.start, self.end)
    }
}

/// A whole query: statements separated by `;`. The last one is usually the tabular expression
/// whose result is the query's result.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Query {
    pub statements: Vec<Statement>,
    pub span: Span,
}

/// One `;`-separated statement.
#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    /// `let name = ...;`
    Let(LetStatement),
    /// `set name [= value];` (a client request property).
    Set(SetStatement),
    /// `declare query_parameters(name:type [= default], ...);`
    DeclareQueryParameters { params: Vec<Param>, span: Span },
    /// An expression statement: normally a tabular expression such as `T | where X > 1`, which
    /// arrives as [`Expr::Tabular`] (or a bare [`Expr::Name`] for just `T`).
    Expression(Expr),
}

impl Statement {
    /// The statement's span in the source.
    pub fn span(&self) -> Span {
        match self {
            Statement::Let(l) => l.span,
            Statement::Set(s) => s.span,
            Statement::DeclareQueryParameters { span, .. } => *span,
            Statement::Expression(e) => e.span(),
        }
    }
}

/// `let name = value;`
#[derive(Clone, Debug, PartialEq)]
pub struct LetStatement {
    pub name: Ident,
    pub value: LetValue,
    pub span: Span,
}

/// What a `let` binds.
#[derive(Clone, Debug, PartialEq)]
pub enum LetValue {
    /// A scalar or tabular expression: `let x = 5;`, `let T = Events | where ...;`.
    Expr(Expr),
    /// A user-defined function (lambda): `let f = (a:int, b:string = "x") { ... };`.
    Function(FunctionDef),
    /// A view: `let v = view () { ... };` (takes part in `union *`).
    View(FunctionDef),
}

/// Parameters and body of a user-defined function or view.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    pub params: Vec<Param>,
    /// The body's statements; the last one is the function's value (an [`Statement::Expression`]).
    pub body: Vec<Statement>,
    pub span: Span,
}

/// A function or query parameter: `name: type [= default]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: Ident,
    pub ty: ParamType,
    pub default: Option<Expr>,
    pub span: Span,
}

/// The declared type of a parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamType {
    /// A scalar type such as `string`.
    Scalar(DataType),
    /// A tabular parameter `(col:type, ...)`; `(*)` (any schema) has `columns` empty and
    /// `open` true; `(col:type, *)` also sets `open`.
    Tabular {
        columns: Vec<ColumnDecl>,
        open: bool,
    },
}

/// A column declaration `name: type` (datatable, externaldata, tabular parameters).
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnDecl {
    pub name: Ident,
    pub ty: DataType,
    pub span: Span,
}

/// `set name [= value];`
#[derive(Clone, Debug, PartialEq)]
pub struct SetStatement {
    /// The option name, dots included (`query_datascope`, `truncationmaxsize`...).
    pub name: Ident,
    pub value: Option<Expr>,
    pub span: Span,
}

/// A name: a column, table, function, variable or option. Bracketed/quoted names
/// (`['Days Since']`) hold their unquoted text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

impl Ident {
    /// A name with the given text and span.
    pub fn new(name: impl Into<String>, span: Span) -> Ident {
        Ident {
            name: name.into(),
            span,
        }
    }
}

/// A name that may contain `*` wildcards, as in `project-away Foo*` or `union Security*`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NamePattern {
    pub pattern: String,
    pub span: Span,
}

impl NamePattern {
    /// Whether the pattern contains a `*` wildcard.
    pub fn is_wildcard(&self) -> bool {
        self.pattern.contains('*')
    }
}

/// A possibly named expression: `Name = expr`, `(A, B) = expr` or plain `expr`
/// (as in `project`, `extend`, `summarize` aggregates and `by` items).
#[derive(Clone, Debug, PartialEq)]
pub struct NamedExpr {
    /// Empty when unnamed; one name normally; several for a tuple `(A, B) = arg_max(...)`.
    pub names: Vec<Ident>,
    pub expr: Expr,
    pub span: Span,
}

impl NamedExpr {
    /// The single given name, if there is exactly one.
    pub fn name(&self) -> Option<&Ident> {
        match self.names.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// A tabular expression: a source followed by a pipe of operators, `source | op | op`.
#[derive(Clone, Debug, PartialEq)]
pub struct TabularExpr {
    pub source: Source,
    pub operators: Vec<Operator>,
    pub span: Span,
}

/// Where rows come from at the head of a pipe.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A table, variable, function call or parenthesized expression: `SigninLogs`,
    /// `MyFunc(1)`, `materialize(T)`, `(T | take 5)`, `database("x").T`.
    Expr(Expr),
    /// An operator that produces rows by itself: `print`, `range`, `datatable`, `union`,
    /// `search`, `find`, `evaluate`, `externaldata`.
    Operator(Box<Operator>),
}

/// One tabular operator, the unit after `|`.
#[derive(Clone, Debug, PartialEq)]
pub enum Operator {
    /// `where predicate` (also spelled `filter`).
    Where { predicate: Expr, span: Span },
    /// `project Name = expr, Col, ...`
    Project { columns: Vec<NamedExpr>, span: Span },
    /// `project-away Col, Prefix*`
    ProjectAway {
        columns: Vec<NamePattern>,
        span: Span,
    },
    /// `project-keep Col, Prefix*`
    ProjectKeep {
        columns: Vec<NamePattern>,
        span: Span,
    },
    /// `project-rename New = Old, ...`
    ProjectRename { renames: Vec<Rename>, span: Span },
    /// `project-reorder Col [asc|desc|granny-asc|granny-desc], Prefix*, ...`
    ProjectReorder {
        columns: Vec<ReorderColumn>,
        span: Span,
    },
    /// `extend Name = expr, ...`
    Extend { columns: Vec<NamedExpr>, span: Span },
    /// `summarize [hints] aggregates [by keys]`
    Summarize {
        params: Vec<OperatorParam>,
        aggregates: Vec<NamedExpr>,
        by: Vec<NamedExpr>,
        span: Span,
    },
    /// `count [as Name]`
    Count { name: Option<Ident>, span: Span },
    /// `distinct Col, ...` or `distinct *` (an [`Expr::Star`] item).
    Distinct {
        params: Vec<OperatorParam>,
        columns: Vec<NamedExpr>,
        span: Span,
    },
    /// `take n` (also spelled `limit`).
    Take { count: Expr, span: Span },
    /// `top n by expr [asc|desc] [nulls first|last]`
    Top {
        count: Expr,
        by: SortKey,
        span: Span,
    },
    /// `top-nested [n] of Col [with others = v] by Agg [asc|desc], ...`
    TopNested {
        levels: Vec<TopNestedLevel>,
        span: Span,
    },
    /// `sort by key, ...` (also spelled `order by`).
    Sort {
        params: Vec<OperatorParam>,
        keys: Vec<SortKey>,
        span: Span,
    },
    /// `join [kind=...] [hint.x=...] (right) on conditions`
    Join {
        kind: Option<JoinKind>,
        /// Other parameters, e.g. `hint.strategy=broadcast`, `hint.remote=auto`.
        params: Vec<OperatorParam>,
        right: Expr,
        /// `on A, $left.B == $right.C`: each item is a column name or an equality.
        on: Vec<Expr>,
        span: Span,
    },
    /// `lookup [kind=leftouter|inner] (right) on conditions`
    Lookup {
        kind: Option<JoinKind>,
        params: Vec<OperatorParam>,
        right: Expr,
        on: Vec<Expr>,
        span: Span,
    },
    /// `union [kind=inner|outer] [withsource=Col] [isfuzzy=true] T1, (T2 | ...), Pattern*`
    /// (also as a source at the head of a pipe). Wildcard table names arrive as
    /// [`Expr::Wildcard`].
    Union {
        params: Vec<OperatorParam>,
        tables: Vec<Expr>,
        span: Span,
    },
    /// `mv-expand [bagexpansion=...] [with_itemindex=I] Col [to typeof(t)], ... [limit n]`
    MvExpand {
        params: Vec<OperatorParam>,
        columns: Vec<MvExpandColumn>,
        limit: Option<Expr>,
        span: Span,
    },
    /// `mv-apply [params] Col [to typeof(t)], ... [limit n] [id=...] on (subquery)`
    MvApply {
        params: Vec<OperatorParam>,
        columns: Vec<MvExpandColumn>,
        limit: Option<Expr>,
        /// The subquery's operators, applied to each row's expanded sub-table.
        on: Vec<Operator>,
        span: Span,
    },
    /// `parse [kind=simple|regex|relaxed [flags=...]] expr with pattern`
    Parse {
        kind: ParseKind,
        params: Vec<OperatorParam>,
        source: Expr,
        pattern: Vec<ParsePart>,
        span: Span,
    },
    /// `parse-where [kind=...] expr with pattern`: like parse, keeping only matching rows.
    ParseWhere {
        kind: ParseKind,
        params: Vec<OperatorParam>,
        source: Expr,
        pattern: Vec<ParsePart>,
        span: Span,
    },
    /// `make-series [kind=nonempty] Agg [default=v], ... on Time [from a] [to b] step s [by ...]`
    /// or `... on Time in range(a, b, s) by ...`.
    MakeSeries {
        params: Vec<OperatorParam>,
        aggregates: Vec<MakeSeriesAggregate>,
        on: Expr,
        from: Option<Expr>,
        to: Option<Expr>,
        step: Expr,
        by: Vec<NamedExpr>,
        span: Span,
    },
    /// `render chart [with (prop = value, ...)]`
    Render {
        chart: Ident,
        properties: Vec<OperatorParam>,
        span: Span,
    },
    /// `evaluate [hints] plugin(args)`: bag_unpack, pivot, autocluster, ...
    Evaluate {
        params: Vec<OperatorParam>,
        /// The plugin call, an [`Expr::Call`].
        plugin: Expr,
        span: Span,
    },
    /// `as [hint.materialized=true] Name`
    As {
        params: Vec<OperatorParam>,
        name: Ident,
        span: Span,
    },
    /// `invoke fn(args)`: calls a tabular function with the pipe's input as first argument.
    Invoke { function: Expr, span: Span },
    /// `serialize [Name = expr, ...]`
    Serialize { columns: Vec<NamedExpr>, span: Span },
    /// `range Col from start to stop step step`
    Range {
        column: Ident,
        from: Expr,
        to: Expr,
        step: Expr,
        span: Span,
    },
    /// `datatable(col:type, ...) [v1, v2, ...]` (values row-major).
    Datatable {
        columns: Vec<ColumnDecl>,
        values: Vec<Expr>,
        span: Span,
    },
    /// `print [Name =] expr, ...`
    Print { columns: Vec<NamedExpr>, span: Span },
    /// `search [kind=case_sensitive] [in (T1, T2)] predicate`
    Search {
        params: Vec<OperatorParam>,
        tables: Vec<Expr>,
        predicate: Expr,
        span: Span,
    },
    /// `find [params] [in (T1, ...)] where predicate [project-smart | project Col, ...]`
    Find {
        params: Vec<OperatorParam>,
        tables: Vec<Expr>,
        predicate: Expr,
        project: Option<FindProject>,
        span: Span,
    },
    /// `getschema`
    GetSchema { span: Span },
    /// `sample n`
    Sample { count: Expr, span: Span },
    /// `sample-distinct n of Col`
    SampleDistinct { count: Expr, of: Expr, span: Span },
    /// `facet by Col, ... [with (operators)]`
    Facet {
        columns: Vec<Ident>,
        with: Vec<Operator>,
        span: Span,
    },
    /// `externaldata (col:type, ...) [uri, ...] [with (prop = value, ...)]`
    ExternalData {
        columns: Vec<ColumnDecl>,
        uris: Vec<Expr>,
        properties: Vec<OperatorParam>,
        span: Span,
    },
    /// `reduce by Col [with threshold = ..., characters = ...]`
    Reduce {
        by: Expr,
        properties: Vec<OperatorParam>,
        span: Span,
    },
    /// `consume`
    Consume { span: Span },
    /// `fork (ops) (ops) ...` / `fork name = (ops) ...`
    Fork {
        branches: Vec<ForkBranch>,
        span: Span,
    },
    /// `partition [hints] by Col (subquery)` or `{ subquery }`
    Partition {
        params: Vec<OperatorParam>,
        by: Ident,
        subquery: Box<Expr>,
        span: Span,
    },
}

impl Operator {
    /// The operator's span in the source.
    pub fn span(&self) -> Span {
        use Operator::*;
        match self {
            Where { span, .. }
            | Project { span, .. }
            | ProjectAway { span, .. }
            | ProjectKeep { span, .. }
            | ProjectRename { span, .. }
            | ProjectReorder { span, .. }
            | Extend { span, .. }
            | Summarize { span, .. }
            | Count { span, .. }
            | Distinct { span, .. }
            | Take { span, .. }
            | Top { span, .. }
            | TopNested { span, .. }
            | Sort { span, .. }
            | Join { span, .. }
            | Lookup { span, .. }
            | Union { span, .. }
            | MvExpand { span, .. }
            | MvApply { span, .. }
            | Parse { span, .. }
            | ParseWhere { span, .. }
            | MakeSeries { span, .. }
            | Render { span, .. }
            | Evaluate { span, .. }
            | As { span, .. }
            | Invoke { span, .. }
            | Serialize { span, .. }
            | Range { span, .. }
            | Datatable { span, .. }
            | Print { span, .. }
            | Search { span, .. }
            | Find { span, .. }
            | GetSchema { span }
            | Sample { span, .. }
            | SampleDistinct { span, .. }
            | Facet { span, .. }
            | ExternalData { span, .. }
            | Reduce { span, .. }
            | Consume { span }
            | Fork { span, .. }
            | Partition { span, .. } => *span,
        }
    }
}

/// An operator parameter `name = value`: `kind=inner`, `hint.strategy=shuffle`,
/// `withsource=SourceTable`, `isfuzzy=true`, render's `title="x"`.
#[derive(Clone, Debug, PartialEq)]
pub struct OperatorParam {
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

/// `New = Old` in `project-rename`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rename {
    pub new: Ident,
    pub old: Ident,
    pub span: Span,
}

/// One column of `project-reorder` with its optional order.
#[derive(Clone, Debug, PartialEq)]
pub struct ReorderColumn {
    pub column: NamePattern,
    pub order: Option<ReorderOrder>,
    pub span: Span,
}

/// Ordering keywords of `project-reorder`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReorderOrder {
    Asc,
    Desc,
    GrannyAsc,
    GrannyDesc,
}

/// A sort key: `expr [asc|desc] [nulls first|last]`.
#[derive(Clone, Debug, PartialEq)]
pub struct SortKey {
    pub expr: Expr,
    /// `None` when not written (sort and top default to descending).
    pub direction: Option<SortDirection>,
    /// `None` when not written.
    pub nulls: Option<NullsOrder>,
    pub span: Span,
}

/// `asc` or `desc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortDirection {
    Asc,
    Desc,
}

/// `nulls first` or `nulls last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NullsOrder {
    First,
    Last,
}

/// One level of `top-nested`: `[n] of Col [with others = v] by Agg [asc|desc]`.
#[derive(Clone, Debug, PartialEq)]
pub struct TopNestedLevel {
    pub count: Option<Expr>,
    pub of: NamedExpr,
    pub with_others: Option<Expr>,
    pub by: NamedExpr,
    pub direction: Option<SortDirection>,
    pub span: Span,
}

/// Join (and lookup) kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinKind {
    /// `innerunique` (the default when no kind is given).
    InnerUnique,
    Inner,
    LeftOuter,
    RightOuter,
    FullOuter,
    LeftAnti,
    RightAnti,
    LeftSemi,
    RightSemi,
    /// `leftantisemi`, an alias of `leftanti`.
    LeftAntiSemi,
    /// `rightantisemi`, an alias of `rightanti`.
    RightAntiSemi,
}

impl JoinKind {
    /// The keyword as written after `kind=`.
    pub fn keyword(self) -> &'static str {
        match self {
            JoinKind::InnerUnique => "innerunique",
            JoinKind::Inner => "inner",
            JoinKind::LeftOuter => "leftouter",
            JoinKind::RightOuter => "rightouter",
            JoinKind::FullOuter => "fullouter",
            JoinKind::LeftAnti => "leftanti",
            JoinKind::RightAnti => "rightanti",
            JoinKind::LeftSemi => "leftsemi",
            JoinKind::RightSemi => "rightsemi",
            JoinKind::LeftAntiSemi => "leftantisemi",
            JoinKind::RightAntiSemi => "rightantisemi",
        }
    }

    /// Parses a `kind=` keyword (case-insensitive, as Kusto accepts it).
    pub fn from_keyword(s: &str) -> Option<JoinKind> {
        let all = [
            JoinKind::InnerUnique,
            JoinKind::Inner,
            JoinKind::LeftOuter,
            JoinKind::RightOuter,
            JoinKind::FullOuter,
            JoinKind::LeftAnti,
            JoinKind::RightAnti,
            JoinKind::LeftSemi,
            JoinKind::RightSemi,
            JoinKind::LeftAntiSemi,
            JoinKind::RightAntiSemi,
        ];
        all.into_iter()
            .find(|k| k.keyword().eq_ignore_ascii_case(s))
    }
}

/// A column of `mv-expand`/`mv-apply`: `[Name =] expr [to typeof(type)]`.
#[derive(Clone, Debug, PartialEq)]
pub struct MvExpandColumn {
    pub column: NamedExpr,
    pub to_type: Option<DataType>,
    pub span: Span,
}

/// How `parse` matches its pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ParseKind {
    #[default]
    Simple,
    Regex,
    Relaxed,
}

/// One piece of a `parse` pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum ParsePart {
    /// A string literal that must appear in the text (a regex fragment for `kind=regex`).
    Literal { text: String, span: Span },
    /// A column to extract: `Name` or `Name:type`.
    Column {
        name: Ident,
        ty: Option<DataType>,
        span: Span,
    },
    /// `*`: skip any text.
    Wildcard { span: Span },
}

/// An aggregate of `make-series`: `[Name =] agg(...) [default = value]`.
#[derive(Clone, Debug, PartialEq)]
pub struct MakeSeriesAggregate {
    pub aggregate: NamedExpr,
    pub default: Option<Expr>,
    pub span: Span,
}

/// The `project` clause of `find`.
#[derive(Clone, Debug, PartialEq)]
pub enum FindProject {
    /// `project-smart`
    Smart,
    /// `project Col, ...`
    Columns(Vec<Ident>),
}

/// One branch of `fork`.
#[derive(Clone, Debug, PartialEq)]
pub struct ForkBranch {
    pub name: Option<Ident>,
    pub operators: Vec<Operator>,
    pub span: Span,
}

/// A scalar (or, in argument positions, tabular) expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A literal value.
    Literal { value: Literal, span: Span },
    /// A column, table, variable or `$left`/`$right`.
    Name(Ident),
    /// `left op right`.
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
        span: Span,
    },
    /// `-x`, `+x`.
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
        span: Span,
    },
    /// A function call `name(args)`, or a method-style call `target.name(args)`
    /// (`T.fn()`, `cluster("c").database("d")`).
    Call {
        target: Option<Box<Expr>>,
        name: Ident,
        args: Vec<Expr>,
        span: Span,
    },
    /// `target.name` (dynamic property, `$left.Col`, `database("d").Table`).
    Member {
        target: Box<Expr>,
        name: Ident,
        span: Span,
    },
    /// `target[index]`
    Index {
        target: Box<Expr>,
        index: Box<Expr>,
        span: Span,
    },
    /// `expr [!]between (low .. high)`
    Between {
        expr: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
        negated: bool,
        span: Span,
    },
    /// `expr in (a, b)`, `!in`, `in~`, `!in~`, `has_any`, `has_all`. The list may be a single
    /// tabular expression (`in (T | project X)`) or a dynamic array.
    In {
        expr: Box<Expr>,
        op: InOp,
        list: Vec<Expr>,
        span: Span,
    },
    /// A tabular expression in expression position: a let value, a function argument, the
    /// right side of a join, or a whole query statement.
    Tabular(Box<TabularExpr>),
    /// `*` as an argument (`arg_max(T, *)`, `count(*)`-style calls) or a term search (`* has "x"`).
    Star { span: Span },
    /// A wildcard name, e.g. `Security*` in `union`.
    Wildcard(NamePattern),
}

impl Expr {
    /// The expression's span in the source.
    pub fn span(&self) -> Span {
        match self {
            Expr::Literal { span, .. }
            | Expr::Binary { span, .. }
            | Expr::Unary { span, .. }
            | Expr::Call { span, .. }
            | Expr::Member { span, .. }
            | Expr::Index { span, .. }
            | Expr::Between { span, .. }
            | Expr::In { span, .. }
            | Expr::Star { span } => *span,
            Expr::Name(i) => i.span,
            Expr::Tabular(t) => t.span,
            Expr::Wildcard(p) => p.span,
        }
    }
}

/// Binary operators, scalar and string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Or,
    And,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Lt,
    Le,
    Gt,
    Ge,
    /// `==`
    Eq,
    /// `!=` (also `<>`)
    NotEq,
    /// `=~` (case-insensitive equality)
    EqCi,
    /// `!~`
    NotEqCi,
    /// String operators: `has`, `!has`, `contains`, `startswith`, `matches regex`, ...
    Str(StringOp),
}

/// The string predicates, each with its negated and case-sensitive forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StringOp {
    pub kind: StringOpKind,
    /// `!has`, `!contains`, ...
    pub negated: bool,
    /// `has_cs`, `contains_cs`, ...
    pub case_sensitive: bool,
}

/// The family of a string predicate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StringOpKind {
    Has,
    HasPrefix,
    HasSuffix,
    Contains,
    StartsWith,
    EndsWith,
    /// `matches regex` (always case-sensitive, never negated).
    MatchesRegex,
}

impl StringOp {
    /// The operator as written in KQL, e.g. `!has_cs`, `matches regex`.
    pub fn keyword(self) -> String {
        let base = match self.kind {
            StringOpKind::Has => "has",
            StringOpKind::HasPrefix => "hasprefix",
            StringOpKind::HasSuffix => "hassuffix",
            StringOpKind::Contains => "contains",
            StringOpKind::StartsWith => "startswith",
            StringOpKind::EndsWith => "endswith",
            StringOpKind::MatchesRegex => return "matches regex".to_string(),
        };
        let mut s = String::new();
        if self.negated {
            s.push('!');
        }
        s.push_str(base);
        if self.case_sensitive {
            s.push_str("_cs");
        }
        s
    }
}

impl BinaryOp {
    /// The operator as written in KQL.
    pub fn symbol(self) -> String {
        match self {
            BinaryOp::Or => "or".into(),
            BinaryOp::And => "and".into(),
            BinaryOp::Add => "+".into(),
            BinaryOp::Sub => "-".into(),
            BinaryOp::Mul => "*".into(),
            BinaryOp::Div => "/".into(),
            BinaryOp::Mod => "%".into(),
            BinaryOp::Lt => "<".into(),
            BinaryOp::Le => "<=".into(),
            BinaryOp::Gt => ">".into(),
            BinaryOp::Ge => ">=".into(),
            BinaryOp::Eq => "==".into(),
            BinaryOp::NotEq => "!=".into(),
            BinaryOp::EqCi => "=~".into(),
            BinaryOp::NotEqCi => "!~".into(),
            BinaryOp::Str(s) => s.keyword(),
        }
    }
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Neg,
    Plus,
}

/// Set-membership operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InOp {
    /// `in` (case-sensitive)
    In,
    /// `!in`
    NotIn,
    /// `in~`
    InCi,
    /// `!in~`
    NotInCi,
    /// `has_any`
    HasAny,
    /// `has_all`
    HasAll,
}

impl InOp {
    /// The operator as written in KQL.
    pub fn keyword(self) -> &'static str {
        match self {
            InOp::In => "in",
            InOp::NotIn => "!in",
            InOp::InCi => "in~",
            InOp::NotInCi => "!in~",
            InOp::HasAny => "has_any",
            InOp::HasAll => "has_all",
        }
    }
}

/// A literal value as written in the query.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// Any string form (`'x'`, `"x"`, `@'x'`, `h'x'`, ```` ```x``` ````), unescaped, with
    /// adjacent literals concatenated.
    String(String),
    /// A plain integer such as `42`, or `long(42)`.
    Long(i64),
    /// `int(42)`.
    Int(i32),
    /// `1.5`, `1e3`, `real(nan)`, `real(+inf)`.
    Real(f64),
    /// `decimal(1.5)`, kept as written.
    Decimal(String),
    /// `true`/`false`, `bool(true)`.
    Bool(bool),
    /// `datetime(2024-01-01T00:00:00Z)`: 100-ns ticks since the Unix epoch (as [`crate::Value`]).
    DateTime(i64),
    /// `1d`, `30m`, `2.5h`, `10ms`, `1tick`, `time(1.02:00)`, `timespan(...)`: 100-ns ticks.
    TimeSpan(i64),
    /// `guid(...)`.
    Guid(u128),
    /// `dynamic([...])`, `dynamic({...})`, `dynamic(null)`, `dynamic(5)`.
    Dynamic(serde_json::Value),
    /// A typed null: `long(null)`, `datetime(null)`, `string(null)` is not valid KQL but
    /// `dynamic(null)` is [`Literal::Dynamic`] with JSON null.
    Null(DataType),
}
