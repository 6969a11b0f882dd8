//! Where a query runs: on the workspace, or in the browser when it reads dropped files.

use kql::lexer::{tokenize, Tok};

/// Where to run a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The query reads no dropped file: the workspace runs it.
    Workspace,
    /// The query reads dropped files (`local`), and perhaps workspace tables (`workspace`), which
    /// must then be brought into the browser to join.
    Local {
        local: Vec<String>,
        workspace: Vec<String>,
    },
}

/// Decides where `query` runs from the table names it mentions: any name of a dropped file sends
/// it to the browser, together with the workspace tables (`is_workspace_table`) it also names.
pub fn route(
    query: &str,
    local_tables: &[String],
    is_workspace_table: impl Fn(&str) -> bool,
) -> Route {
    if local_tables.is_empty() {
        return Route::Workspace;
    }
    let (tokens, _) = tokenize(query);
    let mut local: Vec<String> = Vec::new();
    let mut workspace: Vec<String> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let name = match &t.tok {
            Tok::Ident => &query[t.span.start..t.span.end],
            // `['My table']` and `["My table"]`.
            Tok::String(s)
                if i > 0
                    && tokens[i - 1].tok == Tok::Punct("[")
                    && tokens.get(i + 1).map(|n| &n.tok) == Some(&Tok::Punct("]")) =>
            {
                s.as_str()
            }
            _ => continue,
        };
        // A column (`T.Name`, `$left.Name`) is not a table.
        if i > 0 && tokens[i - 1].tok == Tok::Punct(".") {
            continue;
        }
        if local_tables.iter().any(|l| l == name) {
            if !local.iter().any(|l| l == name) {
                local.push(name.to_string());
            }
        } else if is_workspace_table(name) && !workspace.iter().any(|w| w == name) {
            workspace.push(name.to_string());
        }
    }
    if local.is_empty() {
        Route::Workspace
    } else {
        Route::Local { local, workspace }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(name: &str) -> bool {
        ["SigninLogs", "DeviceEvents"].contains(&name)
    }

    #[test]
    fn queries_without_dropped_tables_go_to_the_workspace() {
        let local = vec!["Hunt".to_string()];
        assert_eq!(route("SigninLogs | take 5", &local, ws), Route::Workspace);
        assert_eq!(route("print 'Hunt'", &local, ws), Route::Workspace);
        assert_eq!(
            route("SigninLogs | where x.Hunt == 1", &local, ws),
            Route::Workspace
        );
        assert_eq!(route("Hunt | take 5", &[], ws), Route::Workspace);
    }

    #[test]
    fn dropped_tables_run_locally_with_the_workspace_tables_they_join() {
        let local = vec!["Hunt".to_string(), "My table".to_string()];
        assert_eq!(
            route("Hunt | take 5", &local, ws),
            Route::Local {
                local: vec!["Hunt".into()],
                workspace: vec![]
            }
        );
        assert_eq!(
            route(
                "Hunt | join kind=inner (SigninLogs | take 10) on UserPrincipalName | union ['My table'], Hunt",
                &local,
                ws
            ),
            Route::Local {
                local: vec!["Hunt".into(), "My table".into()],
                workspace: vec!["SigninLogs".into()]
            }
        );
    }
}
