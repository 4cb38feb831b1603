//! End-to-end tests: each test starts the real server on a free loopback port with its own
//! SQLite file in a temporary folder, then talks to it over HTTP.

mod backup;
mod cache;
mod concurrency;
mod crash;
mod guide;
mod helpers;
mod input_properties;
mod plan;
mod process;
mod reports;
mod security;
mod shutdown;
mod startup_errors;
