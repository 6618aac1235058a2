//! The office pages' rules over real HTTP, on both databases: sign-in and its cookie, CSRF on
//! every form, roles, signed-out redirects, sign-out everywhere, rate limiting, the language.

use crate::harness::{on_both, Backend, Server, KEL_A, PASSWORD};

/// A browser without JavaScript: a cookie jar and no redirect following.
pub struct Browser<'a> {
    server: &'a Server,
    agent: ureq::Agent,
    cookies: Vec<(String, String)>,
}

/// An answer as a browser sees it.
pub struct Page {
    /// HTTP status.
    pub status: u16,
    /// The `Location` header of a redirect.
    pub location: String,
    set_cookies: Vec<String>,
    /// The body as text.
    pub html: String,
    /// The body's bytes.
    pub bytes: Vec<u8>,
}

impl<'a> Browser<'a> {
    /// A browser with no cookies yet.
    pub fn new(server: &'a Server) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Self {
            server,
            agent,
            cookies: Vec::new(),
        }
    }

    /// POST a `multipart/form-data` body of text `fields` and one file field `file` (name, bytes).
    pub fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
    ) -> Page {
        let boundary = "pandu-test-boundary-7d1e";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes());
        }
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"ppls.csv\"\r\nContent-Type: text/csv\r\n\r\n", file.0).bytes());
        body.extend(file.1);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        self.send(
            "POST",
            path,
            Some((&format!("multipart/form-data; boundary={boundary}"), body)),
        )
    }

    fn request(&mut self, method: &str, path: &str, form: Option<&[(&str, &str)]>) -> Page {
        let body = form.map(|f| {
            let text = serde_urlencoded::to_string(f).expect("form");
            ("application/x-www-form-urlencoded", text.into_bytes())
        });
        self.send(method, path, body.as_ref().map(|(t, b)| (*t, b.clone())))
    }

    fn send(&mut self, method: &str, path: &str, body: Option<(&str, Vec<u8>)>) -> Page {
        let jar: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let builder = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.server.url()))
            .header("cookie", jar.join("; "));
        let mut response = match body {
            Some((content_type, body)) => self.agent.run(
                builder
                    .header("content-type", content_type)
                    .body(body)
                    .expect("request"),
            ),
            None => self.agent.run(builder.body(()).expect("request")),
        }
        .expect("HTTP exchange");
        let headers = response.headers().clone();
        let bytes = response.body_mut().read_to_vec().unwrap_or_default();
        let page = Page {
            status: response.status().as_u16(),
            location: header(&headers, "location").into_iter().collect(),
            set_cookies: headers
                .get_all("set-cookie")
                .iter()
                .filter_map(|v| v.to_str().ok().map(str::to_owned))
                .collect(),
            html: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        };
        self.keep(&page.set_cookies);
        page
    }

    fn keep(&mut self, set_cookies: &[String]) {
        for line in set_cookies {
            let pair = line.split(';').next().unwrap_or_default();
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            self.cookies.retain(|(k, _)| k != name);
            if !line.contains("Max-Age=0") {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    /// GET `path`.
    pub fn get(&mut self, path: &str) -> Page {
        self.request("GET", path, None)
    }

    /// POST the form fields `form` to `path`.
    pub fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        self.request("POST", path, Some(form))
    }

    /// Sign in as `username` with `password`; the answer to the form.
    fn sign_in_with(&mut self, username: &str, password: &str) -> Page {
        let form = self.get("/office/sign-in");
        let csrf = csrf_in(&form.html);
        self.post(
            "/office/sign-in",
            &[
                ("username", username),
                ("password", password),
                ("csrf", &csrf),
            ],
        )
    }

    /// Sign in as `username`; the home page's CSRF token.
    pub fn sign_in(&mut self, username: &str) -> String {
        let done = self.sign_in_with(username, PASSWORD);
        assert_eq!(done.status, 303, "{}", done.html);
        csrf_in(&self.get("/office").html)
    }
}

fn header(headers: &ureq::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The statuses, in ascending order, of `n` browsers each signed in as `who` and posting
/// `fields` (with their CSRF token) to `path` at the same time.
pub fn race(server: &Server, who: &str, n: usize, path: &str, fields: &[(&str, &str)]) -> Vec<u16> {
    let mut browsers: Vec<(Browser, String)> = (0..n)
        .map(|_| {
            let mut b = Browser::new(server);
            let csrf = b.sign_in(who);
            (b, csrf)
        })
        .collect();
    let mut statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = browsers
            .iter_mut()
            .map(|(b, csrf)| {
                let mut form = vec![("csrf", csrf.as_str())];
                form.extend_from_slice(fields);
                s.spawn(move || b.post(path, &form).status)
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    statuses.sort_unstable();
    statuses
}

/// The value of the first hidden `csrf` field of a page.
pub fn csrf_in(html: &str) -> String {
    let start = html.find(r#"name="csrf" value=""#).expect("a CSRF field") + 19;
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn started(backend: Backend) -> Server {
    let server = Server::start(backend);
    server.user("sri", "supervisor", KEL_A);
    server.user("budi", "peksos", KEL_A);
    server.user("rt", "volunteer", KEL_A);
    server
}

fn sign_in_sets_a_strict_session_cookie_kept_only_hashed(backend: Backend) {
    let server = started(backend);
    let mut browser = Browser::new(&server);
    let done = browser.sign_in_with("sri", PASSWORD);
    assert_eq!((done.status, done.location.as_str()), (303, "/office"));
    let session = done
        .set_cookies
        .iter()
        .find(|c| c.starts_with("pandu_session="))
        .expect("a session cookie");
    assert!(session.contains("; Path=/;") && session.contains("; HttpOnly; SameSite=Strict"));
    assert!(
        !session.contains("Secure"),
        "Secure only with --secure-cookies"
    );
    let token = session["pandu_session=".len()..].split(';').next().unwrap();
    let kept = server.query("SELECT token_hash FROM web_session");
    assert_eq!(kept.len(), 1);
    assert_ne!(kept[0][0], token, "the token itself is never stored");
    let home = browser.get("/office");
    assert_eq!(home.status, 200);
    assert!(home.html.contains("sri") && home.html.contains("lang=\"id\""));
    let audited = server.query("SELECT action FROM audit_log WHERE action = 'web.sign_in'");
    assert_eq!(audited.len(), 1);
}

fn signed_out_visitors_are_sent_to_sign_in_and_back(backend: Backend) {
    let server = started(backend);
    let mut browser = Browser::new(&server);
    let page = browser.get("/office/audit");
    assert_eq!(page.status, 303);
    assert_eq!(page.location, "/office/sign-in?next=%2Foffice%2Faudit");
    let form = browser.get(&page.location);
    let csrf = csrf_in(&form.html);
    let done = browser.post(
        "/office/sign-in",
        &[
            ("username", "sri"),
            ("password", PASSWORD),
            ("csrf", &csrf),
            ("next", "/office/audit"),
        ],
    );
    assert_eq!(
        (done.status, done.location.as_str()),
        (303, "/office/audit")
    );
    let forged = browser.get("/office/sign-in?next=https://evil.example/");
    let csrf = csrf_in(&forged.html);
    let done = browser.post(
        "/office/sign-in",
        &[
            ("username", "sri"),
            ("password", PASSWORD),
            ("csrf", &csrf),
            ("next", "https://evil.example/"),
        ],
    );
    assert_eq!(done.location, "/office", "no redirect off the site");
}

fn forms_without_the_right_csrf_token_are_refused(backend: Backend) {
    let server = started(backend);
    let mut browser = Browser::new(&server);
    let csrf = browser.sign_in("sri");
    assert_eq!(browser.post("/office/sign-out", &[]).status, 403);
    assert_eq!(
        browser.post("/office/sign-out", &[("csrf", "0")]).status,
        403
    );
    assert_eq!(browser.get("/office").status, 200, "still signed in");
    let out = browser.post("/office/sign-out", &[("csrf", &csrf)]);
    assert_eq!(
        (out.status, out.location.as_str()),
        (303, "/office/sign-in")
    );
    assert_eq!(browser.get("/office").status, 303, "signed out");
    let mut stranger = Browser::new(&server);
    let refused = stranger.post(
        "/office/sign-in",
        &[
            ("username", "sri"),
            ("password", PASSWORD),
            ("csrf", "forged"),
        ],
    );
    assert_eq!(refused.status, 403, "a sign-in form needs its own token");
}

fn each_role_sees_only_its_pages(backend: Backend) {
    let server = started(backend);
    let mut supervisor = Browser::new(&server);
    supervisor.sign_in("sri");
    assert_eq!(supervisor.get("/office/audit").status, 200);
    let mut peksos = Browser::new(&server);
    peksos.sign_in("budi");
    assert_eq!(peksos.get("/office").status, 200);
    let refused = peksos.get("/office/audit");
    assert_eq!(refused.status, 403);
    assert!(refused.html.contains("Tidak diizinkan"));
    let mut volunteer = Browser::new(&server);
    let done = volunteer.sign_in_with("rt", PASSWORD);
    assert_eq!(done.status, 303);
    assert_eq!(volunteer.get("/office").status, 403);
}

fn sign_out_everywhere_ends_every_session_of_the_user(backend: Backend) {
    let server = started(backend);
    let mut office_pc = Browser::new(&server);
    let csrf = office_pc.sign_in("sri");
    let mut home_pc = Browser::new(&server);
    home_pc.sign_in("sri");
    let mut other_user = Browser::new(&server);
    other_user.sign_in("budi");
    let out = office_pc.post("/office/sign-out-everywhere", &[("csrf", &csrf)]);
    assert_eq!(out.status, 303);
    assert_eq!(
        home_pc.get("/office").status,
        303,
        "the other computer is signed out"
    );
    assert_eq!(office_pc.get("/office").status, 303);
    assert_eq!(other_user.get("/office").status, 200, "other users stay");
}

fn wrong_passwords_are_told_and_then_rate_limited(backend: Backend) {
    let server = started(backend);
    let mut browser = Browser::new(&server);
    for _ in 0..5 {
        let page = browser.sign_in_with("sri", "salah-sekali");
        assert_eq!(page.status, 401);
        assert!(page.html.contains("kata sandi salah"));
    }
    assert_eq!(browser.sign_in_with("sri", PASSWORD).status, 429);
}

fn the_language_switch_is_remembered(backend: Backend) {
    let server = started(backend);
    let mut browser = Browser::new(&server);
    let english = browser.get("/office/sign-in?lang=en");
    assert!(english.html.contains("lang=\"en\"") && english.html.contains("Sign in"));
    assert!(english
        .set_cookies
        .iter()
        .any(|c| c.starts_with("lang=en;")));
    let again = browser.get("/office/sign-in");
    assert!(again.html.contains("User name"), "the cookie keeps English");
}

on_both!(
    sign_in_sets_a_strict_session_cookie_kept_only_hashed,
    signed_out_visitors_are_sent_to_sign_in_and_back,
    forms_without_the_right_csrf_token_are_refused,
    each_role_sees_only_its_pages,
    sign_out_everywhere_ends_every_session_of_the_user,
    wrong_passwords_are_told_and_then_rate_limited,
    the_language_switch_is_remembered,
);
