use std::process::ExitCode;

use planb::config::Settings;
use planb::{shutdown, startup, telemetry};

fn main() -> ExitCode {
    telemetry::init();

    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(message) => {
            tracing::error!("invalid configuration: {message}");
            return ExitCode::FAILURE;
        }
    };

    actix_web::rt::System::new().block_on(serve(settings))
}

async fn serve(settings: Settings) -> ExitCode {
    let application = match startup::build(&settings) {
        Ok(application) => application,
        Err(error) => {
            tracing::error!("start-up failed: {error}");
            return ExitCode::FAILURE;
        }
    };
    actix_web::rt::spawn(shutdown::stop_on_signal(application.server.handle()));

    match application.server.await {
        Ok(()) => {
            tracing::info!("planb stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!(%error, "server failed");
            ExitCode::FAILURE
        }
    }
}
