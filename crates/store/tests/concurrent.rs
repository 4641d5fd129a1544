//! Dozens of editors changing one task of the ledger at once, each with its own
//! connection, on every backend (see `common/mod.rs`): no update is lost.
//!
//! Half the editors check the version they read (`TaskChange::expected_version`) and
//! retry on `Error::Conflict`, as the web form does; the other half write blindly, as
//! an operator script might. Either way, every change that reports success must be in
//! the task's version and, in order, in the audit log.

use duban_store::*;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Barrier;

mod common;
use common::{each_backend, two_years};

const EDITORS: usize = 32;
const EDITS_PER_EDITOR: usize = 6;

#[test]
fn concurrent_editors_lose_no_update() {
    each_backend(|db| {
        let mut store = db.open();
        let (r2015, _) = two_years();
        store.add_report(&r2015, "2015.txt").unwrap();
        let task = store.tasks(&Filter::default()).unwrap().remove(0);
        assert_eq!(task.version, 1);
        let applied = AtomicUsize::new(0);
        let conflicts = AtomicUsize::new(0);
        let start = Barrier::new(EDITORS);
        let started = std::time::Instant::now();
        std::thread::scope(|scope| {
            for editor in 0..EDITORS {
                let (applied, conflicts, start) = (&applied, &conflicts, &start);
                scope.spawn(move || {
                    let mut store = db.open();
                    let actor = Actor {
                        user: None,
                        name: format!("editor{editor}"),
                    };
                    let checks_version = editor % 2 == 0;
                    start.wait();
                    for edit in 0..EDITS_PER_EDITOR {
                        loop {
                            let seen = store.task(task.id).unwrap();
                            let change = TaskChange {
                                expected_version: checks_version.then_some(seen.version),
                                lead_unit: Some(format!("editor {editor} edit {edit}")),
                                ..TaskChange::default()
                            };
                            match store.update_task(task.id, &change, &actor) {
                                Ok(version) => {
                                    assert!(version > seen.version || !checks_version);
                                    applied.fetch_add(1, Ordering::Relaxed);
                                    break;
                                }
                                Err(Error::Conflict { .. }) if checks_version => {
                                    conflicts.fetch_add(1, Ordering::Relaxed);
                                }
                                Err(other) => panic!("editor {editor}: {other}"),
                            }
                        }
                    }
                });
            }
        });
        let applied = applied.into_inner();
        eprintln!(
            "{}: {EDITORS} editors, {applied} changes applied, {} conflicts retried, {:.2} s",
            db.backend,
            conflicts.into_inner(),
            started.elapsed().as_secs_f64()
        );
        assert_eq!(applied, EDITORS * EDITS_PER_EDITOR);
        let after = store.task(task.id).unwrap();
        assert_eq!(after.version - task.version, applied as i64);
        let log = store.audit("tasks", task.id.0).unwrap();
        assert_eq!(log.len(), applied);
        // Every change is there once, and each one starts from the value the one before
        // left: an edit that overwrote another without seeing it would break the chain.
        let values: BTreeSet<&str> = log.iter().filter_map(|e| e.new.as_deref()).collect();
        assert_eq!(values.len(), applied);
        assert_eq!(log[0].old, None);
        for pair in log.windows(2) {
            assert_eq!(pair[1].old, pair[0].new, "{pair:?}");
        }
        assert_eq!(after.lead_unit, log.last().unwrap().new);
    });
}
