//! planb: backup-specialty planning for US-citizen IMGs aiming at cardiothoracic surgery.
//!
//! Layers: `routes` (thin HTTP handlers) call the pure `planner`, persist through `store`, and
//! render guide pages that `guide` loaded from `content/` at start-up. `security` contains the
//! middleware and checks that protect every route.

pub mod planner;
pub mod data;
pub mod guide;
pub mod store;
pub mod cli;
pub mod config;
pub mod error;
pub mod routes;
pub mod security;
pub mod shutdown;
pub mod startup;
pub mod telemetry;
