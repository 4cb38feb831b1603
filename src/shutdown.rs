//! Graceful shutdown on SIGTERM or SIGINT.
//!
//! The first signal stops the listener, so new connections are refused, and gives requests in
//! flight up to `GRACE_PERIOD_SECONDS` to finish. A second signal stops at once.

use actix_web::dev::ServerHandle;

/// How long requests in flight may take to finish after a stop signal, in seconds.
pub const GRACE_PERIOD_SECONDS: u64 = 30;

/// Waits for stop signals and stops `server`, logging each step. Runs until the process ends.
pub async fn stop_on_signal(server: ServerHandle) {
    let mut signals = match Signals::listen() {
        Ok(signals) => signals,
        Err(error) => {
            tracing::error!(%error, "cannot listen for stop signals; stop planb with SIGKILL");
            return;
        }
    };

    let name = signals.next().await;
    tracing::info!(
        signal = name,
        grace_seconds = GRACE_PERIOD_SECONDS,
        "shutting down: refusing new connections and finishing requests in flight"
    );
    actix_web::rt::spawn(server.clone().stop(true));

    let name = signals.next().await;
    tracing::warn!(signal = name, "second stop signal: stopping now without waiting for requests in flight");
    server.stop(false).await;
}

#[cfg(unix)]
struct Signals {
    terminate: actix_web::rt::signal::unix::Signal,
    interrupt: actix_web::rt::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    fn listen() -> std::io::Result<Signals> {
        use actix_web::rt::signal::unix::{SignalKind, signal};
        Ok(Signals { terminate: signal(SignalKind::terminate())?, interrupt: signal(SignalKind::interrupt())? })
    }

    /// Waits for the next SIGTERM or SIGINT and returns its name.
    async fn next(&mut self) -> &'static str {
        use std::task::Poll;

        std::future::poll_fn(|context| {
            if self.terminate.poll_recv(context).is_ready() {
                Poll::Ready("SIGTERM")
            } else if self.interrupt.poll_recv(context).is_ready() {
                Poll::Ready("SIGINT")
            } else {
                Poll::Pending
            }
        })
        .await
    }
}

#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn listen() -> std::io::Result<Signals> {
        Ok(Signals)
    }

    /// Waits for the next Ctrl-C; other platforms have no SIGTERM.
    async fn next(&mut self) -> &'static str {
        if actix_web::rt::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        "Ctrl-C"
    }
}
