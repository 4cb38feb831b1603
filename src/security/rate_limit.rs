//! A per-client limit on report creation, so one client cannot fill the database.
//!
//! A client is identified by the address of its connection. An IPv4 address counts alone, and
//! an IPv6 address counts with its whole /64 network, which one household or device usually gets.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{Error, web};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::reject;
use crate::error::AppError;

/// Time between sweeps that forget the clients whose allowance is full again.
pub const SWEEP_INTERVAL: Duration = Duration::from_secs(10 * 60);

/// Report creations allowed per client: a burst of `per_hour`, then one every hour / `per_hour`.
/// A client's address stays in memory until its allowance is full again, which takes at most an
/// hour, and then until the next sweep.
pub struct ReportLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl ReportLimiter {
    pub fn per_hour(reports: NonZeroU32) -> Self {
        ReportLimiter { limiter: RateLimiter::keyed(Quota::per_hour(reports)) }
    }

    /// Counts one report creation by `client`. Returns the whole seconds to wait, at least 1,
    /// when the client has used up its allowance.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        self.limiter.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs_f64().ceil().max(1.0) as u64
        })
    }

    /// Forgets the clients whose allowance is full again, and returns how many remain.
    pub fn sweep(&self) -> usize {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
        self.limiter.len()
    }
}

/// Starts a thread that sweeps `limiter` every `SWEEP_INTERVAL`. The thread ends at the first
/// sweep after the limiter is dropped.
pub fn start_sweeper(limiter: &Arc<ReportLimiter>) -> std::io::Result<()> {
    let limiter = Arc::downgrade(limiter);
    std::thread::Builder::new().name("rate-limit-sweeper".to_owned()).spawn(move || {
        loop {
            std::thread::sleep(SWEEP_INTERVAL);
            let Some(limiter) = limiter.upgrade() else { break };
            let remaining = limiter.sweep();
            tracing::debug!(remaining, "rate limiter swept");
        }
    })?;
    Ok(())
}

/// Returns the key that a client's requests are counted under. Requests without a peer address
/// share one key, but a TCP listener always provides the address.
fn client_key(peer: Option<SocketAddr>) -> IpAddr {
    match peer.map(|address| address.ip()) {
        Some(IpAddr::V6(address)) => match address.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let segments = address.segments();
                IpAddr::V6(Ipv6Addr::new(segments[0], segments[1], segments[2], segments[3], 0, 0, 0, 0))
            }
        },
        Some(v4) => v4,
        None => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
    }
}

/// Rejects POST requests with 429 and `Retry-After` once their client has made too many
/// reports. Other methods pass unchecked. Wrap it around the routes that create reports.
///
/// NOTE: behind a reverse proxy every client shares the proxy's address and so one allowance.
pub async fn limit_report_creation(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    if request.method() != Method::POST {
        return Ok(next.call(request).await?.map_into_left_body());
    }
    let Some(limiter) = request.app_data::<web::Data<ReportLimiter>>() else {
        return Ok(reject(request, &AppError::internal("the report rate limiter is not registered")).map_into_right_body());
    };

    if let Err(retry_after_seconds) = limiter.check(client_key(request.peer_addr())) {
        tracing::warn!(route = %request.match_pattern().unwrap_or_default(), retry_after_seconds, "report creation rate-limited");
        return Ok(reject(request, &AppError::TooManyRequests { retry_after_seconds }).map_into_right_body());
    }
    Ok(next.call(request).await?.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(per_hour: u32) -> ReportLimiter {
        ReportLimiter::per_hour(NonZeroU32::new(per_hour).expect("non-zero"))
    }

    #[test]
    fn burst_then_wait() {
        let limiter = limiter(2);
        let client = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
        assert_eq!(limiter.check(client), Ok(()));
        assert_eq!(limiter.check(client), Ok(()));
        let wait = limiter.check(client).expect_err("third report within the hour");
        assert!((1..=1800).contains(&wait), "one report every 30 minutes, so at most 1800 s: {wait}");
    }

    #[test]
    fn sweep_keeps_recent_clients() {
        let limiter = limiter(60);
        limiter.check(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))).expect("first report");
        assert_eq!(limiter.sweep(), 1, "a client one minute from a full allowance is kept");
    }

    #[test]
    fn clients_counted_apart() {
        let limiter = limiter(1);
        assert_eq!(limiter.check(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))), Ok(()));
        assert_eq!(limiter.check(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 2))), Ok(()));
        assert!(limiter.check(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))).is_err());
    }

    #[test]
    fn ipv6_keyed_by_network() {
        let first: SocketAddr = "[2001:db8:1:2:aaaa::1]:5000".parse().expect("address");
        let second: SocketAddr = "[2001:db8:1:2:bbbb::9]:6000".parse().expect("address");
        let other_network: SocketAddr = "[2001:db8:1:3::1]:5000".parse().expect("address");
        assert_eq!(client_key(Some(first)), client_key(Some(second)));
        assert_ne!(client_key(Some(first)), client_key(Some(other_network)));

        let mapped: SocketAddr = "[::ffff:192.0.2.7]:80".parse().expect("address");
        assert_eq!(client_key(Some(mapped)), IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7)));
    }
}
