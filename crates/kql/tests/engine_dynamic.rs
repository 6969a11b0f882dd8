//! Dynamic values: parse_json, property access, mv-expand, bag_unpack, array and bag functions.

mod engine_common;
use engine_common::*;

fn p(expr: &str) -> String {
    scalar(&format!("print {expr}"))
}

#[test]
fn property_access() {
    assert_eq!(p("parse_json('{\"a\":{\"b\":[10,20]}}').a.b[1]"), "20");
    assert_eq!(
        p("parse_json('{\"a\":{\"b\":[10,20]}}')['a']['b'][-1]"),
        "20"
    );
    assert_eq!(p("isnull(parse_json('{\"a\":1}').missing)"), "true");
    assert_eq!(p("todynamic('[1,2,3]')[0] + 1"), "2");
    assert_eq!(p("tostring(dynamic({'x':'y'}).x)"), "y");
    assert_eq!(p("dynamic({'x':'y'}).x == 'y'"), "true");
    assert_eq!(
        rows("SigninLogs | where LocationDetails.countryOrRegion == 'NG' | project City = tostring(LocationDetails.city)"),
        vec!["Lagos", "Lagos"]
    );
    assert_eq!(
        schema("SigninLogs | extend City = LocationDetails.city | project City"),
        vec!["City:dynamic"]
    );
}

#[test]
fn array_and_bag_functions() {
    assert_eq!(p("array_length(dynamic([1, 2, 3]))"), "3");
    assert_eq!(p("array_length('x')"), "null");
    assert_eq!(p("pack('a', 1, 'b', 'x')"), r#"{"a":1,"b":"x"}"#);
    assert_eq!(p("bag_pack('a', 1)"), r#"{"a":1}"#);
    assert_eq!(p("pack_array(1, 'a')"), r#"[1,"a"]"#);
    assert_eq!(p("array_concat(dynamic([1]), dynamic([2, 3]))"), "[1,2,3]");
    assert_eq!(p("set_union(dynamic([1, 2]), dynamic([2, 3]))"), "[1,2,3]");
    assert_eq!(p("set_intersect(dynamic([1, 2]), dynamic([2, 3]))"), "[2]");
    assert_eq!(p("set_difference(dynamic([1, 2]), dynamic([2, 3]))"), "[1]");
    assert_eq!(p("bag_keys(dynamic({'a':1,'b':2}))"), r#"["a","b"]"#);
    assert_eq!(p("array_slice(dynamic([1,2,3,4]), 1, 2)"), "[2,3]");
    assert_eq!(p("array_sort_asc(dynamic([3,1,2]))"), "[1,2,3]");
    assert_eq!(p("strcat_array(dynamic(['a','b']), '-')"), "a-b");
    assert_eq!(p("array_index_of(dynamic(['a','b']), 'b')"), "1");
    assert_eq!(p("set_has_element(dynamic(['a','b']), 'b')"), "true");
    assert_eq!(p("bag_has_key(dynamic({'a':1}), 'a')"), "true");
}

#[test]
fn mv_expand_arrays() {
    let q = "datatable(id:long, tags:dynamic)[1, dynamic(['a','b']), 2, dynamic([]), 3, dynamic(['c'])] | mv-expand tags";
    assert_eq!(rows(q), vec!["1|a", "1|b", "2|null", "3|c"]);
    assert_eq!(schema(q), vec!["id:long", "tags:dynamic"]);
    let q = "datatable(id:long, tags:dynamic)[1, dynamic(['a','b'])] | mv-expand with_itemindex=i tags to typeof(string)";
    assert_eq!(rows(q), vec!["1|a|0", "1|b|1"]);
    assert_eq!(schema(q), vec!["id:long", "tags:string", "i:long"]);
    let q =
        "datatable(a:dynamic, b:dynamic)[dynamic([1,2,3]), dynamic(['x','y'])] | mv-expand a, b";
    assert_eq!(rows(q), vec!["1|x", "2|y", "3|null"]);
    let q = "datatable(a:dynamic)[dynamic([1,2,3])] | mv-expand a limit 2";
    assert_eq!(rows(q), vec!["1", "2"]);
}

#[test]
fn mv_expand_bags() {
    let q = "datatable(b:dynamic)[dynamic({'k1':1,'k2':2})] | mv-expand b";
    assert_eq!(rows(q), vec![r#"{"k1":1}"#, r#"{"k2":2}"#]);
    let q = "datatable(b:dynamic)[dynamic({'k1':1})] | mv-expand bagexpansion=array b";
    assert_eq!(rows(q), vec![r#"["k1",1]"#]);
}

#[test]
fn bag_unpack_plugin() {
    let q = "datatable(id:long, d:dynamic)[1, dynamic({'a':1,'b':'x'}), 2, dynamic({'a':2})] | evaluate bag_unpack(d)";
    assert_eq!(schema(q), vec!["id:long", "a:long", "b:string"]);
    assert_eq!(rows(q), vec!["1|1|x", "2|2|null"]);
}

#[test]
fn parse_operator() {
    let q = "datatable(msg:string)['user=bob ip=1.2.3.4 port=443', 'garbage'] | parse msg with 'user=' User ' ip=' IP ' port=' Port:long";
    assert_eq!(
        rows(q),
        vec![
            "user=bob ip=1.2.3.4 port=443|bob|1.2.3.4|443",
            "garbage|||null"
        ]
    );
    assert_eq!(
        schema(q),
        vec!["msg:string", "User:string", "IP:string", "Port:long"]
    );
    let q = "datatable(msg:string)['xx user=bob; rest', 'nothing'] | parse-where msg with * 'user=' User ';' * | project User";
    assert_eq!(rows(q), vec!["bob"]);
    let q = r#"datatable(msg:string)['id 42 done'] | parse kind=regex msg with @'id\s' Id:long @'\s' Rest | project Id, Rest"#;
    assert_eq!(rows(q), vec!["42|done"]);
}

#[test]
fn make_set_over_dynamic_and_dcount() {
    let q = "datatable(u:string, ip:string)['a', '1', 'a', '2', 'a', '1', 'b', '3'] | summarize ips = make_set(ip), n = dcount(ip) by u";
    assert_eq!(rows(q), vec![r#"a|["1","2"]|2"#, r#"b|["3"]|1"#]);
}
