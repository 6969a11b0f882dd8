//! Programs named by their bare name ("powershell", "rundll32 loaded", "sudo activity") and
//! command-line switches ("-enc", "/c"): the process's file name or the command line.

use std::sync::OnceLock;

use super::super::semantic_catalog::{HashMap, TableSense};
use super::super::text::{is_switch, joined_raw, Shape, Token};
use super::comparisons::is_negation;
use super::literals::string_literal;
use super::Filter;

/// Windows programs analysts name without ".exe": system binaries attackers live off, shells,
/// remote-access tools, browsers and Office.
const WINDOWS_PROGRAMS: &[&str] = &[
    "powershell",
    "pwsh",
    "cmd",
    "rundll32",
    "regsvr32",
    "mshta",
    "wscript",
    "cscript",
    "certutil",
    "bitsadmin",
    "wmic",
    "schtasks",
    "psexec",
    "psexesvc",
    "mimikatz",
    "procdump",
    "vssadmin",
    "bcdedit",
    "wevtutil",
    "whoami",
    "netsh",
    "msiexec",
    "msbuild",
    "installutil",
    "cmstp",
    "forfiles",
    "nltest",
    "ntdsutil",
    "lsass",
    "svchost",
    "winlogon",
    "explorer",
    "winword",
    "excel",
    "outlook",
    "powerpnt",
    "msedge",
    "chrome",
    "firefox",
    "iexplore",
    "anydesk",
    "teamviewer",
    "ngrok",
    "rclone",
    "w3wp",
    "sqlservr",
];

/// Linux programs as syslog names them (no extension).
const LINUX_PROGRAMS: &[&str] = &[
    "sudo", "sshd", "cron", "crond", "systemd", "su", "useradd", "usermod", "passwd",
];

/// For a word of [`WINDOWS_PROGRAMS`] or [`LINUX_PROGRAMS`], whether it is a Linux one (none
/// when it is neither), looked up in one map rather than read through both lists.
fn program_os(w: &str) -> Option<bool> {
    static PROGRAMS: OnceLock<HashMap<&'static str, bool>> = OnceLock::new();
    PROGRAMS
        .get_or_init(|| {
            let mut m: HashMap<&'static str, bool> = HashMap::default();
            for p in WINDOWS_PROGRAMS {
                m.insert(p, false);
            }
            for p in LINUX_PROGRAMS {
                m.insert(p, true);
            }
            m
        })
        .get(w)
        .copied()
}

/// Words before a program that make it the one that started something: "launched by
/// rundll32", "spawned from winword".
fn initiating_cue(tokens: &[Token], i: usize) -> bool {
    let lw = |k: usize| tokens.get(k).map(|t| t.lower.as_str()).unwrap_or("");
    i > 0 && matches!(lw(i - 1), "by" | "from" | "parent")
        // "w3wp spawning cmd": the one that spawns.
        || matches!(
            lw(i + 1),
            "spawning" | "spawns" | "spawn" | "launching" | "launches" | "starting" | "executing"
        )
        || i > 1 && lw(i - 2) == "parent"
        // "DLLs that rundll32 loaded", "files that chrome downloaded": the program did it.
        || matches!(
            lw(i + 1),
            "loaded"
                | "loads"
                | "downloaded"
                | "wrote"
                | "created"
                | "dropped"
                | "launched"
                | "spawned"
                | "started"
                | "opened"
                | "made"
                | "connected"
        ) && i > 0
            && matches!(lw(i - 1), "that" | "which" | "did" | "does")
}

/// Binds programs named by their bare name and command-line switches.
pub(super) fn named(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let lw = |k: usize| tokens.get(k).map(|t| t.lower.as_str()).unwrap_or("");
    let column = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| table.column(n).filter(|(_, c)| c.is_text()))
            .map(|(ci, _)| ci)
    };
    // The records' own process, and the one that started what they record.
    let own = if table.name_words.iter().any(|(w, _)| w == "process") {
        column(&["FileName", "ExecutableName", "ProcessName", "Process"])
    } else {
        column(&["ExecutableName", "ProcessName"])
    };
    let initiating = column(&["InitiatingProcessFileName"]);
    let command_line = column(&["ProcessCommandLine", "CommandLine"])
        .or_else(|| column(&["InitiatingProcessCommandLine"]));
    for i in 0..tokens.len() {
        let t = &tokens[i];
        if used[i] || !matches!(t.shape, Shape::Word | Shape::Identifier) {
            continue;
        }
        // "an encoded command", "base64-encoded commands", "encoded powershell commands":
        // PowerShell's -enc switch.
        let command_at = [i + 1, i + 2].into_iter().find(|&k| {
            matches!(lw(k), "command" | "commands")
                && (k == i + 1 || matches!(lw(i + 1), "powershell" | "pwsh"))
        });
        if let Some(end) = command_at.filter(|_| t.lower == "encoded") {
            if let Some(ci) =
                command_line.filter(|&ci| !filters.iter().any(|f| f.column == Some(ci)))
            {
                for u in &mut used[i..=end] {
                    *u = true;
                }
                filters.push(Filter::one(
                    ci,
                    &table.columns[ci],
                    "contains",
                    string_literal("-enc"),
                    joined_raw(tokens, i, end + 1),
                    "PowerShell's switch for an encoded command",
                ));
            }
            continue;
        }
        // Not the value of a comparison said before it ("a value ending with -thecatman").
        let compared = i > 0
            && (matches!(
                lw(i - 1),
                "endswith" | "startswith" | "equals" | "is" | "named" | "like" | "="
            ) || lw(i - 1) == "with"
                && i > 1
                && matches!(
                    lw(i - 2),
                    "ending" | "ends" | "starting" | "starts" | "begins" | "beginning"
                ));
        if is_switch(&t.raw) && !compared {
            let Some(ci) = command_line else { continue };
            let negated = i > 0 && is_negation(lw(i - 1));
            used[i] = true;
            filters.push(Filter {
                negated,
                ..Filter::one(
                    ci,
                    &table.columns[ci],
                    "contains",
                    string_literal(&t.raw),
                    t.raw.to_string(),
                    "a command-line switch",
                )
            });
            continue;
        }
        // "powershell commands" are PowerShell's own events (DeviceEvents' PowerShellCommand).
        if t.lower == "powershell"
            && matches!(lw(i + 1), "command" | "commands" | "script" | "scripts")
        {
            continue;
        }
        // One of a list ("lsass and winlogon", "has rundll32, mimikatz and green") or what a
        // column is said to hold: the lists and the column's own reading take those.
        let punctuated =
            |a: usize, b: usize| tokens.get(b).is_some_and(|n| n.start > tokens[a].end + 1);
        let program = |k: usize| program_os(lw(k)).is_some();
        let listed = matches!(lw(i + 1), "and" | "or" | "nor")
            || i > 0 && matches!(lw(i - 1), "and" | "or" | "nor")
            || punctuated(i, i + 1) && program(i + 1)
            || i > 0 && punctuated(i - 1, i) && program(i - 1)
            || i > 0
                && matches!(
                    lw(i - 1),
                    "has" | "contains" | "containing" | "include" | "includes" | "including"
                );
        if listed {
            continue;
        }
        let Some(linux) = program_os(&t.lower) else {
            continue;
        };
        // A linux program is a bare process name (syslog's ProcessName); a Windows one an
        // executable, in tables that record them.
        let (ci, value) = if linux {
            let Some(ci) = column(&["ProcessName"]).filter(|_| initiating.is_none()) else {
                continue;
            };
            (ci, t.lower.to_string())
        } else {
            let by = initiating_cue(tokens, i);
            let ci = match (by, own, initiating) {
                (true, _, Some(c)) => c,
                (_, Some(c), _) => c,
                (_, None, Some(c)) => c,
                _ => continue,
            };
            // A process name column (Service Map's, syslog's) holds names without extension.
            let bare = table.columns[ci].name == "ProcessName";
            (
                ci,
                if bare {
                    t.lower.to_string()
                } else {
                    format!("{}.exe", t.lower)
                },
            )
        };
        if filters.iter().any(|f| f.column == Some(ci)) {
            continue;
        }
        let negated = i > 0 && is_negation(lw(i - 1));
        used[i] = true;
        filters.push(Filter {
            negated,
            ..Filter::one(
                ci,
                &table.columns[ci],
                if linux { "==" } else { "=~" },
                string_literal(&value),
                t.raw.to_string(),
                "a program named by its name",
            )
        });
    }
}
