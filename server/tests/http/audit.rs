//! Every read of personal data leaves an audit-log line naming who read what (ids only).

use crate::fixtures::{batch, household, item, report};
use crate::harness::{on_both, Backend, Server, KEL_A};

fn reads_of_households_and_records_are_audited(backend: Backend) {
    let server = Server::start(backend);
    let admin = server.account("admin", "admin", "all");
    let path = "/api/v1/households/h-1";
    assert_eq!(
        server
            .send(
                "PUT",
                path,
                Some(&admin.token),
                Some(household("h-1", KEL_A))
            )
            .status,
        204
    );
    let peksos = server.account("peksos", "peksos", KEL_A);
    let body = report(Some("h-1"));
    let id = body["id"].as_str().unwrap().to_owned();
    server.send(
        "POST",
        "/api/v1/records",
        Some(&peksos.token),
        Some(batch(vec![item(&peksos, &body, &[])])),
    );
    assert_eq!(
        server
            .send("GET", "/api/v1/changes", Some(&peksos.token), None)
            .status,
        200
    );
    assert_eq!(
        server
            .send(
                "GET",
                &format!("/api/v1/records/{id}"),
                Some(&admin.token),
                None
            )
            .status,
        200
    );
    let log = server.audit_log();
    let has = |action: &str, subject: &str| log.iter().any(|(a, s)| a == action && s == subject);
    assert!(has("write.household", "h-1"), "{log:?}");
    assert!(has("read.households", "h-1"), "{log:?}");
    assert!(has("read.record", &id), "{log:?}");
}

on_both!(reads_of_households_and_records_are_audited);
