//! The change feed: forms for everyone, households of the caller's area only (never for
//! volunteers), paged by cursor.

use serde_json::Value;

use crate::fixtures::household;
use crate::harness::{on_both, Backend, Device, Server, KEL_A, KEL_B};

/// Every entry of the feed for `device`, following `next` with pages of `limit`.
fn all_changes(server: &Server, device: &Device, limit: usize) -> (Vec<Value>, usize) {
    let (mut since, mut entries, mut pages) = ("0".to_owned(), Vec::new(), 0);
    loop {
        let path = format!("/api/v1/changes?since={since}&limit={limit}");
        let reply = server.send("GET", &path, Some(&device.token), None);
        assert_eq!(reply.status, 200, "{}", reply.json);
        let page = reply.json["changes"].as_array().unwrap().clone();
        assert!(page.len() <= limit);
        entries.extend(page);
        pages += 1;
        since = reply.json["next"].as_str().unwrap().to_owned();
        if reply.json["more"] == false {
            return (entries, pages);
        }
    }
}

fn kinds<'a>(entries: &'a [Value], kind: &str) -> Vec<&'a Value> {
    entries.iter().filter(|e| e["kind"] == kind).collect()
}

fn the_feed_is_paged_and_scoped(backend: Backend) {
    let server = Server::start(backend);
    let admin = server.account("admin", "admin", "all");
    for (id, kel) in [("h-a1", KEL_A), ("h-a2", KEL_A), ("h-b1", KEL_B)] {
        let path = format!("/api/v1/households/{id}");
        let reply = server.send("PUT", &path, Some(&admin.token), Some(household(id, kel)));
        assert_eq!(reply.status, 204, "{}", reply.json);
    }
    let peksos = server.account("peksos", "peksos", KEL_A);
    let (entries, pages) = all_changes(&server, &peksos, 1);
    assert!(pages >= 4, "one entry per page");
    assert_eq!(kinds(&entries, "form").len(), 2, "both built-in forms");
    let households: Vec<&str> = kinds(&entries, "household")
        .iter()
        .map(|e| e["data"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(households, ["h-a1", "h-a2"]);
    let volunteer = server.account("relawan", "volunteer", KEL_A);
    let (entries, _) = all_changes(&server, &volunteer, 100);
    assert!(
        kinds(&entries, "household").is_empty(),
        "volunteers read no registry"
    );
    let supervisor = server.account("sup", "supervisor", KEL_B);
    let (entries, _) = all_changes(&server, &supervisor, 100);
    assert_eq!(kinds(&entries, "household").len(), 1);
}

fn an_empty_page_keeps_the_cursor_and_bad_cursors_are_refused(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("peksos", "peksos", KEL_A);
    let reply = server.send(
        "GET",
        "/api/v1/changes?since=1000",
        Some(&device.token),
        None,
    );
    assert_eq!(
        (reply.json["next"].as_str(), reply.json["more"].as_bool()),
        (Some("1000"), Some(false))
    );
    for query in ["since=abc", "since=-1", "limit=0", "limit=5000"] {
        let reply = server.send(
            "GET",
            &format!("/api/v1/changes?{query}"),
            Some(&device.token),
            None,
        );
        assert_eq!(
            (reply.status, reply.code()),
            (400, "changes.bad_query"),
            "{query}"
        );
    }
}

on_both!(
    the_feed_is_paged_and_scoped,
    an_empty_page_keeps_the_cursor_and_bad_cursors_are_refused,
);
