//! End-to-end tests: each test starts the real server on a free loopback port with its own
//! SQLite file in a temporary folder, then talks to it over HTTP.

mod cache;
mod guide;
mod helpers;
mod plan;
mod reports;
mod security;
