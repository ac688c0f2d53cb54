//! "No spawned task looks up context" (ARCHITECTURE.md, Invariants), read from the sources: a
//! Leptos context is found only through the reactive owner, and a task (`spawn_local`, an
//! `async` block) or a browser callback (`Closure`) runs without one, so a lookup there panics
//! once nothing else happened to fill a cache first (issue 24: Bestand openen after a reload).
//! So a context lookup (`expect_context`, `use_context`, a context type's `get()`) may stand
//! only in a component's body or a context type's own `get`, and never inside a task or a
//! callback, not even one a component starts: whatever those need is taken before they start.
//!
//! Shown to fail: with `Drafts::framework_for` calling `Catalog::get()` (the bug) this test
//! names `src/ui/drafts.rs`, fn `framework_for`.

use std::fs;
use std::path::{Path, PathBuf};

fn sources() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                // Comments may name a lookup; only code counts.
                let code = fs::read_to_string(&path)
                    .unwrap()
                    .lines()
                    .map(|l| {
                        if l.trim_start().starts_with("//") {
                            ""
                        } else {
                            l
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                out.push((path, code));
            }
        }
    }
    out
}

/// The types whose `get()` is a context lookup: `fn get() -> T { expect_context() }`.
fn context_types(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut types = Vec::new();
    for (_, code) in files {
        let mut rest = code.as_str();
        while let Some(at) = rest.find("fn get() -> ") {
            rest = &rest[at + "fn get() -> ".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let body = rest.split('}').next().unwrap_or_default();
            if body.contains("expect_context") || body.contains("use_context") {
                types.push(name);
            }
        }
    }
    types
}

/// Byte offsets of every context lookup in `code`.
fn lookups(code: &str, types: &[String]) -> Vec<usize> {
    let mut needles: Vec<String> = types.iter().map(|t| format!("{t}::get()")).collect();
    needles.push("expect_context".into());
    needles.push("use_context".into());
    let mut found: Vec<usize> = needles
        .iter()
        .flat_map(|n| code.match_indices(n.as_str()).map(|(i, _)| i))
        .collect();
    found.sort_unstable();
    found
}

/// The spans of every task and callback: from `spawn_local(`, `async move`, `async {` or
/// `Closure::` to the end of the bracket that opens right after.
fn task_spans(code: &str) -> Vec<(usize, usize)> {
    let bytes = code.as_bytes();
    let mut spans = Vec::new();
    for start in ["spawn_local(", "async move", "async {", "Closure::"] {
        for (at, _) in code.match_indices(start) {
            let Some(open) = code[at..].find(['(', '{']).map(|o| at + o) else {
                continue;
            };
            let mut depth = 0i32;
            let mut end = code.len();
            for (i, &b) in bytes.iter().enumerate().skip(open) {
                match b {
                    b'(' | b'{' | b'[' => depth += 1,
                    b')' | b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            spans.push((at, end));
        }
    }
    spans
}

/// The function a position is in (the nearest `fn` before it) and whether it is a component.
fn enclosing_fn(code: &str, at: usize) -> (String, bool) {
    let before = &code[..at];
    let Some(fn_at) = before.rfind("fn ") else {
        return (String::new(), false);
    };
    let name: String = before[fn_at + 3..]
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let head = &before[..fn_at];
    let attributes = head.rsplit_once(['}', ';']).map_or(head, |(_, a)| a);
    (name, attributes.contains("#[component]"))
}

#[test]
fn no_task_or_callback_looks_up_context() {
    let files = sources();
    let types = context_types(&files);
    assert!(
        types.iter().any(|t| t == "Catalog") && types.iter().any(|t| t == "Drafts"),
        "context types found: {types:?}"
    );
    let mut problems = Vec::new();
    for (path, code) in &files {
        let spans = task_spans(code);
        for at in lookups(code, &types) {
            let line = code[..at].lines().count();
            let place = format!("{}:{line}", path.display());
            if spans.iter().any(|&(s, e)| s < at && at < e) {
                problems.push(format!(
                    "{place}: a context lookup inside a task or callback"
                ));
                continue;
            }
            let (name, component) = enclosing_fn(code, at);
            if !component && name != "get" {
                problems.push(format!(
                    "{place}: a context lookup in fn `{name}`, which is no component: take it as an argument"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
