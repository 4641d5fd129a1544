//! The OpenAPI 3.1 document of the JSON API, written by hand (the API is small and
//! its shapes are the store's row types, documented in `duban-store`).

use serde_json::{json, Value};

fn error_responses(codes: &[&str]) -> Value {
    let mut map = serde_json::Map::new();
    for code in codes {
        let what = match *code {
            "400" => "unreadable request (malformed JSON, form, id or upload)",
            "401" => "not signed in",
            "403" => "role may not do this, or the CSRF token is missing or wrong",
            "404" => "no such id",
            "409" => "version conflict: someone else changed the task; `current` holds it",
            "413" => "body too large",
            "422" => "invalid value (date, status, year, undecodable file)",
            "429" => "too many failed sign-ins",
            _ => "error",
        };
        map.insert(
            code.to_string(),
            json!({ "description": what, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }),
        );
    }
    Value::Object(map)
}

fn with_errors(ok: Value, codes: &[&str]) -> Value {
    let mut responses = error_responses(codes);
    if let (Value::Object(map), Value::Object(ok)) = (&mut responses, ok) {
        map.extend(ok);
    }
    responses
}

fn query(name: &str, what: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "schema": { "type": "string" }, "description": what })
}

fn id_param() -> Value {
    json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1 } })
}

fn ok(description: &str) -> Value {
    json!({ "200": { "description": description, "content": { "application/json": { "schema": { "type": "object" } } } } })
}

/// The document served at `/api/openapi.json`.
pub fn document() -> Value {
    let csrf = json!({ "name": "X-CSRF-Token", "in": "header", "required": true, "schema": { "type": "string" },
                       "description": "the csrf value returned by POST /api/login or GET /api/me" });
    let region = query("region", "region: full name or its end (海拉尔区)");
    let year = query("year", "report year");
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "duban API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Reports, targets vs outcomes and the task ledger (台账). Reading is open unless the server runs --private; changes need a signed-in editor or admin (session cookie from POST /api/login) and the X-CSRF-Token header."
        },
        "components": {
            "securitySchemes": { "session": { "type": "apiKey", "in": "cookie", "name": "duban_session" } },
            "schemas": {
                "Error": { "type": "object", "required": ["error", "message"], "properties": {
                    "error": { "type": "string" }, "message": { "type": "string" }, "current": { "type": "object" } } },
                "TaskPatch": { "type": "object", "required": ["version"], "additionalProperties": false, "properties": {
                    "version": { "type": "integer", "description": "the version you read" },
                    "lead_unit": { "type": "string", "maxLength": 200 },
                    "supporting_units": { "type": "string", "maxLength": 200 },
                    "due_date": { "type": "string", "description": "YYYY-MM-DD" },
                    "status": { "type": "string", "enum": ["open", "in_progress", "done", "not_done", "dropped"] } } },
                "Note": { "type": "object", "required": ["noted_on", "note"], "additionalProperties": false, "properties": {
                    "noted_on": { "type": "string", "description": "YYYY-MM-DD" }, "note": { "type": "string", "maxLength": 4000 } } },
                "Login": { "type": "object", "required": ["name", "password"], "properties": {
                    "name": { "type": "string" }, "password": { "type": "string" } } }
            }
        },
        "paths": {
            "/api/login": { "post": {
                "summary": "Sign in; sets the session cookie and returns the CSRF token",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Login" } } } },
                "responses": with_errors(ok("{user, csrf}"), &["400", "401", "429"]) } },
            "/api/logout": { "post": {
                "summary": "Sign out", "parameters": [csrf.clone()], "security": [{ "session": [] }],
                "responses": with_errors(json!({ "204": { "description": "signed out" } }), &["401", "403"]) } },
            "/api/me": { "get": { "summary": "The signed-in user and CSRF token, or user null", "responses": ok("{user, csrf}") } },
            "/api/reports": {
                "get": { "summary": "Stored reports with counts", "parameters": [region.clone(), year.clone()],
                         "responses": with_errors(ok("{reports: [ReportSummary]}"), &["401", "422"]) },
                "post": { "summary": "Upload a report file (.txt, .html, .pdf, .docx)", "parameters": [csrf.clone()],
                          "security": [{ "session": [] }],
                          "requestBody": { "required": true, "content": { "multipart/form-data": { "schema": { "type": "object", "required": ["file"],
                              "properties": { "file": { "type": "string", "format": "binary" }, "region": { "type": "string" }, "year": { "type": "integer" } } } } } },
                          "responses": with_errors(json!({ "201": { "description": "{stored: [id], unchanged: [id]}" } }), &["400", "401", "403", "413", "422"]) } },
            "/api/reports/{id}": { "get": {
                "summary": "One report: summary, text, outline (sections) and facts (indicators and targets with byte spans into text)",
                "parameters": [id_param()], "responses": with_errors(ok("ReportDetail"), &["400", "401", "404"]) } },
            "/api/targets": { "get": {
                "summary": "Targets with their outcome and verdict (met, exceeded, missed, no_data, not_comparable)",
                "parameters": [region.clone(), query("metric", "metric id (gdp, cpi, …)"), year.clone()],
                "responses": with_errors(ok("{targets: [TrackRow]}"), &["401", "422"]) } },
            "/api/tasks": { "get": {
                "summary": "The task ledger (台账)",
                "parameters": [region.clone(), year.clone(), query("area", "part of the area heading"),
                               query("unit", "part of the lead or supporting units"),
                               query("status", "open, in_progress, done, not_done, dropped"),
                               query("overdue", "1: only tasks past their due date and not done")],
                "responses": with_errors(ok("{tasks: [TaskRow]}"), &["401", "422"]) } },
            "/api/tasks.xlsx": { "get": {
                "summary": "The filtered ledger as an Excel workbook (same filters as /api/tasks)",
                "parameters": [region, year, query("area", ""), query("unit", ""), query("status", ""), query("overdue", "")],
                "responses": with_errors(json!({ "200": { "description": "XLSX", "content": { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {} } } }), &["401", "422"]) } },
            "/api/tasks/{id}": {
                "get": { "summary": "One task with notes, evidence and the history of every change",
                         "parameters": [id_param()], "responses": with_errors(ok("{task, history}"), &["400", "401", "404"]) },
                "patch": { "summary": "Change ledger fields; version must be the one you read",
                           "parameters": [id_param(), csrf.clone()], "security": [{ "session": [] }],
                           "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/TaskPatch" } } } },
                           "responses": with_errors(ok("TaskRow"), &["400", "401", "403", "404", "409", "422"]) } },
            "/api/tasks/{id}/notes": { "post": {
                "summary": "Add a dated progress note (进展情况)",
                "parameters": [id_param(), csrf], "security": [{ "session": [] }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Note" } } } },
                "responses": with_errors(json!({ "201": { "description": "TaskRow" } }), &["400", "401", "403", "404", "422"]) } },
            "/api/openapi.json": { "get": { "summary": "This document", "responses": ok("OpenAPI 3.1") } }
        }
    })
}
