//! Chromedriver and headless Chromium sessions, started per test and stopped when it ends.

use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// The viewport of a typical phone, in CSS pixels.
pub const PHONE: (u32, u32) = (390, 844);
/// A laptop-sized viewport, in CSS pixels.
pub const DESKTOP: (u32, u32) = (1280, 900);

const INSTALL_HINT: &str = "Run scripts/test, which installs Debian's chromium and chromium-driver packages, \
or install them with `apt-get install chromium chromium-driver`.";

/// Starts chromedriver, runs `test` with a handle that opens browser sessions, then closes every
/// session and stops chromedriver, whether the test passed or panicked.
pub async fn run<F, Fut>(test: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let browser = Browser { inner: Arc::new(Inner { driver: Chromedriver::start().await, sessions: Mutex::new(Vec::new()) }) };
    let outcome = tokio::spawn(test(browser.clone())).await;
    browser.close().await;
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(error) => panic!("the browser test did not finish: {error}"),
        }
    }
}

/// A handle on one chromedriver process; each `session` is a separate Chromium with its own
/// profile, so a new session starts with no cookies.
#[derive(Clone)]
pub struct Browser {
    inner: Arc<Inner>,
}

struct Inner {
    driver: Chromedriver,
    sessions: Mutex<Vec<Session>>,
}

struct Session {
    client: Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts a new Chromium with an empty profile and a viewport of `size` CSS pixels.
    pub async fn session(&self, size: (u32, u32)) -> Client {
        let profile = tempfile::tempdir().expect("temporary folder for the Chromium profile");
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "args": chromium_arguments(profile.path(), size) },
        });
        let serde_json::Value::Object(capabilities) = capabilities else { unreachable!("the capabilities are a JSON object") };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.inner.driver.url)
            .await
            .unwrap_or_else(|error| {
                panic!(
                    "Chromium did not start through chromedriver: {error}\n{INSTALL_HINT}\nchromedriver log:\n{}",
                    self.inner.driver.log_tail()
                )
            });
        // Recorded before anything else can fail, so that `close` quits this Chromium in any case.
        self.inner.sessions.lock().expect("session list").push(Session { client: client.clone(), _profile: profile });
        crate::page::set_viewport(&client, size).await;
        client
    }

    /// Ends every session, which quits its Chromium, then stops chromedriver.
    async fn close(self) {
        let sessions: Vec<Session> = std::mem::take(&mut *self.inner.sessions.lock().expect("session list"));
        for session in sessions {
            if let Err(error) = session.client.close().await {
                eprintln!("closing a Chromium session failed: {error}");
            }
        }
        // Chromedriver itself stops when the last handle drops `Inner`.
    }
}

/// Chromium's command line. Running as root needs `--no-sandbox`. The other switches keep
/// Chromium from reaching any host but the test server, because they turn off background
/// requests, the proxy and name resolution for every host but 127.0.0.1.
fn chromium_arguments(profile: &Path, (width, height): (u32, u32)) -> Vec<String> {
    let mut arguments: Vec<String> = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--disable-extensions",
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-breakpad",
        "--disable-crash-reporter",
        "--disable-features=Translate,OptimizationHints,MediaRouter",
        "--no-first-run",
        "--no-default-browser-check",
        "--no-pings",
        "--no-proxy-server",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--password-store=basic",
        "--hide-scrollbars",
        "--lang=en-US",
    ]
    .map(str::to_owned)
    .to_vec();
    arguments.push(format!("--user-data-dir={}", profile.display()));
    arguments.push(format!("--window-size={width},{height}"));
    arguments
}

/// A chromedriver process listening on a free loopback port, killed by its PID on drop.
struct Chromedriver {
    process: Child,
    url: String,
    log: PathBuf,
    _folder: tempfile::TempDir,
}

impl Chromedriver {
    async fn start() -> Chromedriver {
        let folder = tempfile::tempdir().expect("temporary folder for the chromedriver log");
        let log = folder.path().join("chromedriver.log");
        let port = free_port();
        let process = Command::new("chromedriver")
            // Its own process group, which the Chromium processes it starts inherit; see `drop`.
            .process_group(0)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("chromedriver could not be started: {error}.\n{INSTALL_HINT}"));
        let mut driver = Chromedriver { process, url: format!("http://127.0.0.1:{port}"), log, _folder: folder };
        driver.wait_until_ready().await;
        driver
    }

    /// Polls chromedriver's status endpoint until it reports ready, for at most 20 seconds.
    async fn wait_until_ready(&mut self) {
        let client = reqwest::Client::new();
        let status_url = format!("{}/status", self.url);
        for _ in 0..200 {
            if let Some(exit) = self.process.try_wait().expect("chromedriver process state") {
                panic!("chromedriver exited at start-up with {exit}; its log:\n{}", self.log_tail());
            }
            if let Ok(response) = client.get(&status_url).send().await
                && let Ok(status) = response.json::<serde_json::Value>().await
                && status["value"]["ready"] == true
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not report ready at {status_url} within 20 s; its log:\n{}", self.log_tail());
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for Chromedriver {
    /// Kills chromedriver's process group, whose ID is chromedriver's PID. Sessions that ended
    /// normally have quit their Chromium already; this also stops one whose session could not
    /// be ended, which would otherwise outlive the test.
    fn drop(&mut self) {
        let group = format!("-{}", self.process.id());
        let killed = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        if !killed.is_ok_and(|status| status.success()) {
            let _ = self.process.kill();
        }
        let _ = self.process.wait();
    }
}

/// Returns a loopback port that was free a moment ago. Another process could take it before
/// chromedriver binds it, in which case chromedriver exits and the start-up check reports it.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("bound address").port()
}
