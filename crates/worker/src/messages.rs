//! The worker's side of the messages with the page.
//!
//! The page sends `{id, kind, ...}` objects: `kind` is `"demo"` (`now`), `"demo-logs"`, `"call"`
//! (`json`), `"add-file"` (`panel`, `table`, `fileName`, `bytes`: an `ArrayBuffer`),
//! `"forget-file"` (`panel`, `table`) or `"local"` (`panel`, `query`, `now`, `workspaceTables`:
//! names). Each gets
//! `{id, json, tables?}` back, with `tables` an `ArrayBuffer` that is transferred, not copied. When
//! it is listening, the worker says `{kind: "ready"}`.

#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use std::rc::Rc;

use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use sentinel::remote::Reply;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::requests::{Request, WorkerState};

/// Starts answering the page's messages, one at a time and in order.
pub fn listen() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let state = Rc::new(WorkerState::default());
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let state = Rc::clone(&state);
        wasm_bindgen_futures::spawn_local(async move {
            let data = event.data();
            let id = get(&data, "id");
            let reply = match read_request(&data) {
                Ok(request) => state.handle(request, js_sys::Date::now).await,
                Err(message) => Reply {
                    json: serde_json::json!({ "err": { "BadRequest": { "message": message } } })
                        .to_string(),
                    tables: None,
                },
            };
            post(&id, reply);
        });
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    let ready = Object::new();
    let _ = Reflect::set(&ready, &"kind".into(), &"ready".into());
    let _ = scope.post_message(&ready);
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(object: &JsValue, key: &str) -> Result<String, String> {
    get(object, key)
        .as_string()
        .ok_or_else(|| format!("the request has no text field '{key}'"))
}

fn number(object: &JsValue, key: &str) -> Result<f64, String> {
    get(object, key)
        .as_f64()
        .ok_or_else(|| format!("the request has no number field '{key}'"))
}

fn read_request(data: &JsValue) -> Result<Request, String> {
    match text(data, "kind")?.as_str() {
        "demo" => Ok(Request::StartDemo {
            now: number(data, "now")? as i64,
        }),
        "demo-logs" => Ok(Request::DemoLogs),
        "call" => Ok(Request::Call {
            json: text(data, "json")?,
        }),
        "add-file" => Ok(Request::AddFile {
            panel: number(data, "panel")? as u32,
            table: text(data, "table")?,
            file_name: text(data, "fileName")?,
            bytes: get(data, "bytes")
                .dyn_into::<ArrayBuffer>()
                .map(|b| Uint8Array::new(&b).to_vec())
                .map_err(|_| "the request has no file bytes".to_string())?,
        }),
        "forget-file" => Ok(Request::ForgetFile {
            panel: number(data, "panel")? as u32,
            table: text(data, "table")?,
        }),
        "local" => Ok(Request::RunLocal {
            panel: number(data, "panel")? as u32,
            query: text(data, "query")?,
            now: number(data, "now")? as i64,
            workspace_tables: Array::from(&get(data, "workspaceTables"))
                .iter()
                .filter_map(|v| v.as_string())
                .collect(),
        }),
        other => Err(format!("unknown request kind '{other}'")),
    }
}

fn post(id: &JsValue, reply: Reply) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let message = Object::new();
    let _ = Reflect::set(&message, &"id".into(), id);
    let _ = Reflect::set(&message, &"json".into(), &reply.json.into());
    let transfer = Array::new();
    if let Some(bytes) = reply.tables {
        let buffer = Uint8Array::from(bytes.as_slice()).buffer();
        let _ = Reflect::set(&message, &"tables".into(), &buffer);
        transfer.push(&buffer);
    }
    let _ = scope.post_message_with_transfer(&message, &transfer);
}
