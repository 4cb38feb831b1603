//! planb: backup-specialty planning for US-citizen IMGs aiming at cardiothoracic surgery.
//!
//! Layers: `routes` (thin HTTP handlers) call the pure `planner`, persist through `store`, and
//! render guide pages that `guide` loaded from `content/` at start-up.

pub mod planner;
pub mod data;
pub mod guide;
pub mod store;
pub mod config;
pub mod error;
pub mod routes;
pub mod startup;
pub mod telemetry;
