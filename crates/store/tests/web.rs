//! The web app's store functions (`src/web.rs`) on every backend (see
//! `common/mod.rs`): users, sign-in sessions and their expiry, one report with its
//! outline and facts, and a task's full history.

use duban_store::*;

mod common;
use common::{each_backend, two_years};

#[test]
fn users_and_sessions() {
    each_backend(|db| {
        let mut store = db.open();
        let wang = store
            .add_user("wang", "王督查", "editor", Some("$argon2id$fake"))
            .unwrap();
        store.add_user("li", "李科长", "viewer", None).unwrap();
        let found = store.user_by_name("wang").unwrap().unwrap();
        assert_eq!(found.id, wang);
        assert_eq!(found.display_name, "王督查");
        assert_eq!(found.password_hash.as_deref(), Some("$argon2id$fake"));
        assert!(!found.disabled);
        assert_eq!(store.user_by_name("zhao").unwrap(), None);
        let names: Vec<String> = store.users().unwrap().into_iter().map(|u| u.name).collect();
        assert_eq!(names, ["li", "wang"]);
        // A taken name is refused by the database on both backends.
        assert!(store.add_user("wang", "又一个", "viewer", None).is_err());

        store
            .create_session("hash-a", wang, "csrf-a", 1_000, 2_000)
            .unwrap();
        let live = store.session("hash-a", 1_500).unwrap().unwrap();
        assert_eq!((live.user.id, live.csrf.as_str()), (wang, "csrf-a"));
        assert_eq!(store.session("hash-a", 2_001).unwrap(), None);
        assert_eq!(store.session("hash-b", 1_500).unwrap(), None);
        // A later sign-in drops sessions that expired before it.
        store
            .create_session("hash-b", wang, "csrf-b", 3_000, 4_000)
            .unwrap();
        assert_eq!(store.session("hash-a", 1_500).unwrap(), None);
        store.delete_session("hash-b").unwrap();
        assert_eq!(store.session("hash-b", 3_500).unwrap(), None);
    });
}

#[test]
fn report_detail_has_outline_facts_and_spans() {
    each_backend(|db| {
        let mut store = db.open();
        let (r2015, _) = two_years();
        let id = store.add_report(&r2015, "2015.txt").unwrap().id();
        let detail = store.report_detail(id).unwrap();
        assert_eq!(detail.text, r2015.text);
        assert_eq!(detail.summary.n_targets, 3);
        assert_eq!(
            detail.facts.len() as i64,
            detail.summary.n_indicators + detail.summary.n_targets
        );
        for fact in &detail.facts {
            let quoted = &detail.text[fact.span_start as usize..fact.span_end as usize];
            assert_eq!(quoted, fact.sentence, "{fact:?}");
            assert_eq!(fact.hardness.is_some(), fact.kind == "target");
        }
        assert_eq!(detail.sections.len(), r2015.outline.sections.len());
        assert!(matches!(
            store.report_detail(ReportId(id.0 + 100)).unwrap_err(),
            Error::NotFound { what: "report", .. }
        ));
    });
}

#[test]
fn task_history_has_changes_and_notes() {
    each_backend(|db| {
        let mut store = db.open();
        let (r2015, _) = two_years();
        store.add_report(&r2015, "2015.txt").unwrap();
        let task = store.tasks(&Filter::default()).unwrap().remove(0);
        let actor = Actor {
            user: None,
            name: "wang".to_string(),
        };
        let change = TaskChange {
            status: Some(Status::Done),
            ..TaskChange::default()
        };
        store.update_task(task.id, &change, &actor).unwrap();
        store
            .add_note(task.id, "2015-12-20", "全部建成", &actor)
            .unwrap();
        let history = store.task_history(task.id).unwrap();
        let fields: Vec<(&str, &str)> = history
            .iter()
            .map(|e| (e.table.as_str(), e.field.as_str()))
            .collect();
        assert_eq!(fields, [("tasks", "status"), ("task_notes", "note")]);
        assert_eq!(history[1].new.as_deref(), Some("2015-12-20 全部建成"));
        assert!(history.iter().all(|e| e.at.len() >= 19), "{history:?}");
    });
}
