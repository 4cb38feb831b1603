use planb::config::Settings;
use planb::{startup, telemetry};

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    telemetry::init();

    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(message) => {
            tracing::error!("invalid configuration: {message}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let application = match startup::build(&settings) {
        Ok(application) => application,
        Err(error) => {
            tracing::error!("start-up failed: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };

    match application.server.await {
        Ok(()) => {
            tracing::info!("planb stopped");
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!(%error, "server failed");
            std::process::ExitCode::FAILURE
        }
    }
}
