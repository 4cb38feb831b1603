//! Runs the real `planb` binary as a child process, for tests that kill, stop or restart it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// How long a server may take from launch to listening, or to exit after a stop signal.
const PROCESS_LIMIT: Duration = Duration::from_secs(60);

/// Returns the binary that `cargo test` built for this package.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_planb"))
}

pub fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// Builds a command for the binary with only the settings a test gives it.
pub fn planb_command(database: &Path, content: &Path) -> Command {
    let mut command = Command::new(binary());
    for variable in ["PLANB_ADDR", "PLANB_SESSION_KEY", "PLANB_SECURE_COOKIES", "PLANB_REPORTS_PER_HOUR", "RUST_LOG"] {
        command.env_remove(variable);
    }
    command
        .env("PLANB_ADDR", "127.0.0.1:0")
        // Every test client shares 127.0.0.1, so the per-client rate limit must not apply here.
        .env("PLANB_REPORTS_PER_HOUR", "1000000")
        .env("PLANB_DATABASE", database)
        .env("PLANB_CONTENT", content)
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

/// A running `planb` process. Dropping it kills the process, so a failed test leaves none behind.
pub struct ServerProcess {
    child: Child,
    /// Base URL, such as `http://127.0.0.1:41234`.
    pub address: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl ServerProcess {
    /// Starts the binary on a free loopback port with the repository's content.
    pub fn start(database: &Path) -> ServerProcess {
        ServerProcess::start_with(planb_command(database, &content_dir()))
    }

    /// Starts `command` and waits until the log names the address it listens on.
    pub fn start_with(mut command: Command) -> ServerProcess {
        let mut child = command.spawn().expect("planb binary starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (address_sender, address_receiver) = mpsc::channel();

        // The reader drains stderr until the process ends, so the child never blocks on a full pipe.
        let reader_log = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if line.contains("planb listening")
                    && let Some(address) = line.split_whitespace().find_map(|field| field.strip_prefix("address="))
                {
                    let _ = address_sender.send(address.to_owned());
                }
                reader_log.lock().expect("log lock").push(line);
            }
        });

        match address_receiver.recv_timeout(PROCESS_LIMIT) {
            Ok(address) => ServerProcess { child, address, log },
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("planb did not start listening; log:\n{}", log.lock().expect("log lock").join("\n"));
            }
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// `host:port` of the listener, for raw TCP connections.
    pub fn socket_address(&self) -> String {
        self.address.trim_start_matches("http://").to_owned()
    }

    pub fn log(&self) -> String {
        self.log.lock().expect("log lock").join("\n")
    }

    /// Kills the process with SIGKILL, as a crash or `kill -9` would, and reaps it.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL sent");
        self.child.wait().expect("killed process reaped");
    }

    /// Sends SIGTERM, the signal service managers use to stop a service.
    pub fn terminate(&self) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("pid fits pid_t");
        // SAFETY: kill(2) only sends a signal; `pid` is this test's own child, not yet reaped.
        let result = unsafe { libc::kill(pid, libc::SIGTERM) };
        assert_eq!(result, 0, "SIGTERM sent to {pid}");
    }

    /// Waits for the process to exit, polling up to `PROCESS_LIMIT`.
    pub fn wait_for_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + PROCESS_LIMIT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("process status") {
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("planb did not exit within {PROCESS_LIMIT:?}; log:\n{}", self.log());
    }

    /// Stops the server with SIGTERM and checks that it exits cleanly.
    pub fn stop(mut self) {
        self.terminate();
        let status = self.wait_for_exit();
        assert!(status.success(), "planb exited with {status} after SIGTERM; log:\n{}", self.log());
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Runs `command` to its end, expecting it to exit on its own, and returns its status and stderr.
pub fn run_to_exit(mut command: Command) -> (ExitStatus, String) {
    let mut child = command.spawn().expect("planb binary starts");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });

    let deadline = Instant::now() + PROCESS_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("process status") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("planb was still running after {PROCESS_LIMIT:?}; it should have exited");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (status, reader.join().expect("stderr reader"))
}

/// Copies a folder tree, for tests that break a copy of the content.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Runs `PRAGMA integrity_check` on the database file and returns its first row.
pub fn integrity_check(database: &Path) -> String {
    let connection = rusqlite::Connection::open(database).expect("open database");
    connection.query_row("PRAGMA integrity_check", [], |row| row.get(0)).expect("integrity_check")
}
