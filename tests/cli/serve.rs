//! `bianjing serve` on a loopback port: the API answers with exactly what the command line prints, and
//! Ctrl-C stops the server cleanly.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use super::harness::{bianjing, root};

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bianjing"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bianjing serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, addr }
    }

    /// One HTTP/1.1 exchange; the status and the body.
    fn request(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").expect("headers and body");
        assert!(
            !head
                .to_ascii_lowercase()
                .contains("transfer-encoding: chunked"),
            "{head}"
        );
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, body.to_string())
    }

    /// Ctrl-C (SIGINT); the exit code and what it printed on stderr.
    fn interrupt(mut self) -> (Option<i32>, String) {
        let pid = self.child.id().to_string();
        let killed = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(killed.success());
        let status = self.child.wait().unwrap();
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (status.code(), err)
    }
}

fn without_timing(text: &str) -> Value {
    let mut v: Value = serde_json::from_str(text).unwrap();
    v.as_object_mut().unwrap().remove("timing").expect("timing");
    v
}

#[test]
fn serve_answers_as_the_command_line_prints_and_stops_on_ctrl_c() {
    let server = Server::start();

    for (query, args) in [
        ("", vec![]),
        ("record=sources", vec!["--record", "sources"]),
        (
            "mode=free&seed=7&what_if=no-raid&set=engagement.fortification%3D5",
            vec![
                "--mode",
                "free",
                "--seed",
                "7",
                "--what-if",
                "no-raid",
                "--set",
                "engagement.fortification=5",
            ],
        ),
        (
            "what_if=early-relief%3D7&what_if=keep-li-gang",
            vec!["--what-if", "early-relief=7", "--what-if", "keep-li-gang"],
        ),
    ] {
        let (status, body) = server.request("GET", &format!("/api/chronicle?{query}"), "");
        assert_eq!(status, 200, "{query}: {body}");
        let mut cli = vec!["chronicle", "--json"];
        cli.extend(args);
        assert_eq!(
            body,
            bianjing(&cli).ok(),
            "GET /api/chronicle?{query} differs from {cli:?}"
        );
    }

    let (status, body) = server.request(
        "POST",
        "/api/ensemble",
        r#"{"runs": 2000, "seed": 7, "compare": ["no-raid", "pursue"]}"#,
    );
    assert_eq!(status, 200, "{body}");
    let cli = bianjing(&[
        "ensemble",
        "--json",
        "--runs",
        "2000",
        "--seed",
        "7",
        "--compare",
        "no-raid,pursue",
        "--threads",
        "1",
    ])
    .ok();
    assert_eq!(without_timing(&body), without_timing(&cli));

    let (status, body) = server.request("POST", "/api/ensemble", r#"{"runs": "all"}"#);
    assert_eq!(status, 400);
    assert!(body.contains("runs: invalid type"), "{body}");

    let (code, stderr) = server.interrupt();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("stopped"), "{stderr}");
}

#[test]
fn serve_refuses_an_address_in_use_with_a_message() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = holder.local_addr().unwrap().to_string();
    bianjing(&["serve", "--addr", &addr])
        .fails(2)
        .stderr_has(&format!("cannot listen on {addr}"));
    bianjing(&["serve", "--addr", "localhost"]).fails(2);
    bianjing(&["serve", "--max-runs", "0"]).fails(2);
}
