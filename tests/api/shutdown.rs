//! Graceful shutdown of the real binary: SIGTERM lets the request in flight finish, new
//! connections are refused, and the log records both steps.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::helpers::valid_json;
use crate::process::ServerProcess;

/// Connection attempts made while waiting for the listener to close, 20 ms apart.
const REFUSAL_ATTEMPTS: usize = 500;

#[test]
fn sigterm_finishes_request_in_flight() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let database = folder.path().join("planb.db");
    let mut server = ServerProcess::start(&database);
    let address = server.socket_address();

    // With `Expect: 100-continue` the server sends 100 once a worker has started the request,
    // so the request is in flight, waiting for its body, when SIGTERM arrives.
    let mut stream = TcpStream::connect(&address).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("read timeout");
    let profile = serde_json::to_vec(&valid_json()).expect("profile JSON");
    let (first_half, second_half) = profile.split_at(profile.len() / 2);
    write!(
        stream,
        "POST /api/reports HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        profile.len()
    )
    .expect("send headers");
    assert_eq!(read_head(&mut stream).lines().next(), Some("HTTP/1.1 100 Continue"));
    stream.write_all(first_half).expect("send first half");
    stream.flush().expect("flush");

    server.terminate();

    assert!(wait_until_refused(&address), "the listener still accepted connections after SIGTERM; log:\n{}", server.log());

    stream.write_all(second_half).expect("send second half");
    let (status, body) = read_response(&mut stream);
    assert_eq!(status, 201, "the request in flight completed; body: {}", String::from_utf8_lossy(&body));
    let created: serde_json::Value = serde_json::from_slice(&body).expect("JSON body");
    let token = created["token"].as_str().expect("token").to_owned();

    let exit = server.wait_for_exit();
    assert!(exit.success(), "planb exited with {exit}; log:\n{}", server.log());
    let log = server.log();
    assert!(log.contains("shutting down: refusing new connections and finishing requests in flight"), "{log}");
    assert!(log.contains("signal=\"SIGTERM\""), "{log}");
    assert!(log.contains("planb stopped"), "{log}");
    drop(server);

    let restarted = ServerProcess::start(&database);
    let address = restarted.socket_address();
    let mut stream = TcpStream::connect(&address).expect("connect");
    write!(stream, "GET /r/{token}.json HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").expect("send");
    let (status, body) = read_response(&mut stream);
    assert_eq!(status, 200, "the report created during shutdown was stored");
    let stored: serde_json::Value = serde_json::from_slice(&body).expect("JSON report");
    assert_eq!(stored, created["report"]);
    restarted.stop();
}

/// Tries new connections until one is refused; returns false if the listener never closed.
fn wait_until_refused(address: &str) -> bool {
    for _ in 0..REFUSAL_ATTEMPTS {
        match TcpStream::connect(address) {
            Ok(probe) => drop(probe),
            Err(error) if error.kind() == ErrorKind::ConnectionRefused => return true,
            Err(error) => panic!("connecting to {address} failed with {error}, not with a refusal"),
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// Reads a response head up to and including the blank line, one byte at a time so that
/// nothing after it is consumed.
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let count = stream.read(&mut byte).expect("read response head");
        assert!(count > 0, "connection closed inside a response head: {}", String::from_utf8_lossy(&head));
        head.push(byte[0]);
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// Reads one HTTP/1.1 response with a `Content-Length` body and returns its status and body.
fn read_response(stream: &mut TcpStream) -> (u16, Vec<u8>) {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let header_end = loop {
        if let Some(position) = received.windows(4).position(|window| window == b"\r\n\r\n") {
            break position + 4;
        }
        let count = stream.read(&mut buffer).expect("read response");
        assert!(count > 0, "connection closed before the headers ended: {}", String::from_utf8_lossy(&received));
        received.extend_from_slice(&buffer[..count]);
    };

    let head = String::from_utf8_lossy(&received[..header_end]).to_string();
    let status: u16 = head.split_whitespace().nth(1).and_then(|code| code.parse().ok()).expect("status code");
    let length: usize = head
        .lines()
        .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|value| value.trim().to_owned()))
        .and_then(|value| value.parse().ok())
        .expect("content-length header");

    let mut body = received[header_end..].to_vec();
    while body.len() < length {
        let count = stream.read(&mut buffer).expect("read body");
        assert!(count > 0, "connection closed after {} of {length} body bytes", body.len());
        body.extend_from_slice(&buffer[..count]);
    }
    (status, body)
}
