use std::path::Path;
use std::process::ExitCode;

use planb::cli::{self, Command};
use planb::config::Settings;
use planb::{shutdown, startup, store, telemetry};

fn main() -> ExitCode {
    telemetry::init();

    let command = match cli::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("{message}\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(message) => {
            tracing::error!("invalid configuration: {message}");
            return ExitCode::FAILURE;
        }
    };

    match command {
        Command::Serve => actix_web::rt::System::new().block_on(serve(settings)),
        Command::Backup { destination } => back_up(&settings.database, &destination),
        Command::Help => {
            println!("{}", cli::USAGE);
            ExitCode::SUCCESS
        }
    }
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

fn back_up(database: &Path, destination: &Path) -> ExitCode {
    match store::backup::backup(database, destination) {
        Ok(summary) => {
            tracing::info!(
                database = %database.display(),
                backup = %destination.display(),
                reports = summary.reports,
                pages = summary.pages,
                "backup written and checked"
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!(database = %database.display(), backup = %destination.display(), "backup failed: {error}");
            ExitCode::FAILURE
        }
    }
}
