//! String operators and functions: case rules, terms, regexes.

mod engine_common;
use engine_common::*;

fn p(expr: &str) -> String {
    scalar(&format!("print {expr}"))
}

#[test]
fn equality_is_case_sensitive_and_tilde_is_not() {
    assert_eq!(p("'Admin' == 'admin'"), "false");
    assert_eq!(p("'Admin' =~ 'admin'"), "true");
    assert_eq!(p("'Admin' != 'admin'"), "true");
    assert_eq!(p("'Admin' !~ 'admin'"), "false");
}

#[test]
fn has_matches_whole_terms_case_insensitively() {
    assert_eq!(p("'Failed logon attempt' has 'LOGON'"), "true");
    assert_eq!(p("'Failed logons' has 'logon'"), "false");
    assert_eq!(p("'Failed logon' has_cs 'LOGON'"), "false");
    assert_eq!(p("'Failed logon' !has 'logon'"), "false");
    assert_eq!(p("'cmd.exe /c whoami' has 'whoami'"), "true");
    assert_eq!(p("'C:\\\\Windows\\\\System32' has 'system32'"), "true");
    assert_eq!(p("'logonevent' hasprefix 'logon'"), "true");
    assert_eq!(p("'eventlogon' hassuffix 'logon'"), "true");
    assert_eq!(p("'eventlogon' hasprefix 'logon'"), "false");
}

#[test]
fn contains_matches_substrings() {
    assert_eq!(p("'Failed logons' contains 'LOGON'"), "true");
    assert_eq!(p("'Failed logons' contains_cs 'LOGON'"), "false");
    assert_eq!(p("'Failed logons' !contains 'x'"), "true");
    assert_eq!(p("'Failed logons' !contains_cs 'Failed'"), "false");
}

#[test]
fn startswith_endswith() {
    assert_eq!(p("'Administrator' startswith 'ADMIN'"), "true");
    assert_eq!(p("'Administrator' startswith_cs 'ADMIN'"), "false");
    assert_eq!(p("'powershell.EXE' endswith '.exe'"), "true");
    assert_eq!(p("'powershell.EXE' !endswith '.exe'"), "false");
    assert_eq!(p("'powershell.EXE' endswith_cs '.exe'"), "false");
}

#[test]
fn in_family() {
    assert_eq!(p("'a' in ('a', 'b')"), "true");
    assert_eq!(p("'A' in ('a', 'b')"), "false");
    assert_eq!(p("'A' in~ ('a', 'b')"), "true");
    assert_eq!(p("'A' !in~ ('a', 'b')"), "false");
    assert_eq!(p("'c' !in ('a', 'b')"), "true");
    assert_eq!(p("2 in (dynamic([1, 2, 3]))"), "true");
    assert_eq!(
        p("'Run mimikatz now' has_any ('mimikatz', 'procdump')"),
        "true"
    );
    assert_eq!(
        p("'Run mimikatz now' has_all ('mimikatz', 'procdump')"),
        "false"
    );
    assert_eq!(p("'Run mimikatz now' has_all ('MIMIKATZ', 'run')"), "true");
}

#[test]
fn between_and_regex() {
    assert_eq!(p("5 between (1 .. 5)"), "true");
    assert_eq!(p("6 !between (1 .. 5)"), "true");
    assert_eq!(p("'user42' matches regex @'^user\\d+$'"), "true");
    assert_eq!(p("'User42' matches regex @'^user\\d+$'"), "false");
}

#[test]
fn string_functions() {
    assert_eq!(p("strlen('héllo')"), "5");
    assert_eq!(p("substring('abcdef', 2, 3)"), "cde");
    assert_eq!(p("substring('abcdef', 4)"), "ef");
    assert_eq!(p("indexof('abcabc', 'c')"), "2");
    assert_eq!(p("indexof('abcabc', 'c', 3)"), "5");
    assert_eq!(p("indexof('abc', 'z')"), "-1");
    assert_eq!(p("tolower('AbC')"), "abc");
    assert_eq!(p("toupper('AbC')"), "ABC");
    assert_eq!(p("strcat('a', 1, 'b')"), "a1b");
    assert_eq!(p("strcat_delim('-', 'a', 'b')"), "a-b");
    assert_eq!(p("split('a,b,c', ',')"), r#"["a","b","c"]"#);
    assert_eq!(p("split('a,b,c', ',', 1)"), r#"["b"]"#);
    assert_eq!(p("replace_string('a.b.c', '.', '/')"), "a/b/c");
    assert_eq!(p("trim(' ', '  x  ')"), "x");
    assert_eq!(p("trim_start('a', 'aaxa')"), "xa");
    assert_eq!(p("trim_end(@'\\d+', 'abc123')"), "abc");
    assert_eq!(p("reverse('abc')"), "cba");
    assert_eq!(p("countof('aaa', 'a')"), "3");
    assert_eq!(p("strrep('ab', 3, '.')"), "ab.ab.ab");
}

#[test]
fn regex_functions() {
    assert_eq!(p("extract(@'user=(\\w+)', 1, 'id=5 user=bob x')"), "bob");
    assert_eq!(p("extract(@'n=(\\d+)', 1, 'n=42', typeof(long)) + 1"), "43");
    assert_eq!(
        p("isnull(extract(@'n=(\\d+)', 1, 'nothing', typeof(long)))"),
        "true"
    );
    assert_eq!(
        p("extract_all(@'(\\d+)', '1 a 22 b 333')"),
        r#"["1","22","333"]"#
    );
    assert_eq!(
        p("extract_all(@'(\\w)=(\\d)', 'a=1 b=2')"),
        r#"[["a","1"],["b","2"]]"#
    );
    assert_eq!(p("replace_regex('a1b22', @'\\d+', '#')"), "a#b#");
    assert_eq!(
        p("replace_regex('john smith', @'(\\w+) (\\w+)', @'\\2, \\1')"),
        "smith, john"
    );
}

#[test]
fn emptiness_and_coalesce() {
    assert_eq!(p("isempty('')"), "true");
    assert_eq!(p("isempty(long(null))"), "true");
    assert_eq!(p("isnotempty('x')"), "true");
    assert_eq!(p("isnull('')"), "false");
    assert_eq!(p("coalesce('', 'b')"), "b");
    assert_eq!(p("coalesce(long(null), 7)"), "7");
    assert_eq!(p("iff(1 > 2, 'y', 'n')"), "n");
    assert_eq!(p("iif(true, 1, 2)"), "1");
    assert_eq!(p("case(1 > 2, 'a', 2 > 1, 'b', 'c')"), "b");
    assert_eq!(p("case(false, 'a', 'c')"), "c");
}

#[test]
fn url_and_encoding() {
    assert_eq!(
        p("parse_url('https://user:pw@host.com:8080/p/a?k=v&x=1#frag').Host"),
        "host.com"
    );
    assert_eq!(
        p("parse_url('https://host.com/p?k=v')['Query Parameters'].k"),
        "v"
    );
    assert_eq!(p("base64_encode_tostring('Kusto')"), "S3VzdG8=");
    assert_eq!(p("base64_decode_tostring('S3VzdG8=')"), "Kusto");
    assert_eq!(p("url_decode('a%20b')"), "a b");
}

#[test]
fn conversions() {
    assert_eq!(p("tostring(1.5)"), "1.5");
    assert_eq!(p("tostring(long(null))"), "");
    assert_eq!(p("toint('42')"), "42");
    assert_eq!(p("tolong('x')"), "null");
    assert_eq!(p("todouble('1.25')"), "1.25");
    assert_eq!(p("toreal(3)"), "3");
    assert_eq!(p("tobool('true')"), "true");
    assert_eq!(p("todatetime('2024-01-02')"), "2024-01-02T00:00:00Z");
    assert_eq!(p("totimespan('01:30:00')"), "01:30:00");
    assert_eq!(
        p("toguid('0F8FAD5B-D9CB-469F-A165-70867728950E')"),
        "0f8fad5b-d9cb-469f-a165-70867728950e"
    );
    assert_eq!(p("gettype(dynamic([1]))"), "array");
}

#[test]
fn math_functions() {
    assert_eq!(p("round(2.567, 2)"), "2.57");
    assert_eq!(p("round(2.5)"), "3");
    assert_eq!(p("abs(-3)"), "3");
    assert_eq!(p("pow(2, 10)"), "1024");
    assert_eq!(p("sqrt(16)"), "4");
    assert_eq!(p("log(exp(1))"), "1");
    assert_eq!(p("log10(1000)"), "3");
    assert_eq!(p("floor(7, 5)"), "5");
    assert_eq!(p("bin(7.5, 2.0)"), "6");
    assert_eq!(p("7 / 2"), "3");
    assert_eq!(p("7 / 2.0"), "3.5");
    assert_eq!(p("7 % 3"), "1");
    assert_eq!(p("-7 / 2"), "-3");
    assert_eq!(p("1 / 0"), "null");
    assert_eq!(p("max_of(1, 5, 3)"), "5");
    assert_eq!(p("min_of(4, 2)"), "2");
    assert_eq!(p("hash('abc', 100) >= 0"), "true");
}

#[test]
fn ip_functions() {
    assert_eq!(p("ipv4_is_private('10.1.2.3')"), "true");
    assert_eq!(p("ipv4_is_private('192.168.1.1')"), "true");
    assert_eq!(p("ipv4_is_private('8.8.8.8')"), "false");
    assert_eq!(p("ipv4_is_in_range('10.1.2.3', '10.1.0.0/16')"), "true");
    assert_eq!(p("ipv4_is_in_range('10.2.2.3', '10.1.0.0/16')"), "false");
    assert_eq!(p("ipv4_is_match('10.1.2.3', '10.1.2.0/24')"), "true");
    assert_eq!(p("parse_ipv4('127.0.0.1')"), "2130706433");
    assert_eq!(p("geo_info_from_ip_address('8.8.8.8')"), "{}");
}
