//! Browser tests: each test starts the real server on a free loopback port, starts chromedriver
//! on another, and drives headless Chromium through WebDriver the way a student would use the
//! site. They need Debian's `chromium` and `chromium-driver` packages and a copy of axe-core,
//! which `scripts/test` installs; `cargo test --test browser` runs them once those are in place.

mod browser;
mod journey;
mod keyboard;
mod page;
mod pages;

// The API tests' helpers start the server and hold the valid profile; not every helper is used here.
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;
