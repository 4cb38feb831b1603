//! Builds the application state and starts the HTTP server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_session::SessionMiddleware;
use actix_session::config::{CookieContentSecurity, PersistentSession};
use actix_session::storage::CookieSessionStore;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use tracing_actix_web::TracingLogger;

use crate::config::Settings;
use crate::data::{self, MatchData};
use crate::guide::Guide;
use crate::planner::Rules;
use crate::routes;
use crate::security::rate_limit::{self, ReportLimiter};
use crate::security::{MAX_BODY_BYTES, headers, origin};
use crate::store::{self, Pool, ReportCache, ReportWriter};
use crate::telemetry::RouteRootSpan;

/// Days a session cookie lives after its last change. It lists the reports this browser made
/// and stores the browser's form token.
pub const SESSION_DAYS: i64 = 90;

/// The date the planner plans from: today in UTC, or a fixed date in tests.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    fixed: Option<time::Date>,
}

impl Clock {
    pub fn today(&self) -> time::Date {
        self.fixed.unwrap_or_else(|| time::OffsetDateTime::now_utc().date())
    }
}

/// Bytes of report text and rendered report pages kept in memory. A report with its page
/// counts about 50 KB, so the cache keeps the last few hundred reports read.
pub const REPORT_CACHE_BYTES: usize = 24 * 1024 * 1024;

/// State shared by every worker.
pub struct AppState {
    pub guide: Guide,
    pub guide_pages: routes::RenderedGuide,
    pub rules: Rules,
    pub pool: Pool,
    /// Reports recently read, so that a share link is served without a database query.
    pub reports: ReportCache,
    pub writer: ReportWriter,
    pub clock: Clock,
}

/// A bound, not yet running server and the port it listens on.
pub struct Application {
    pub server: Server,
    pub port: u16,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Content(String),
    #[error("cannot open the database {path}: {source}")]
    Database { path: String, source: store::StoreError },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("cannot start the rate limiter's sweeper thread: {0}")]
    Sweeper(std::io::Error),
}

/// Reads one content file, returning its displayed path and text.
fn read_content_file(path: &std::path::Path) -> Result<(String, String), StartupError> {
    std::fs::read_to_string(path)
        .map(|text| (path.display().to_string(), text))
        .map_err(|err| StartupError::Content(format!("{}: cannot read: {err}", path.display())))
}

/// Reads and checks every file in `content/data/`.
fn load_data(dir: &std::path::Path) -> Result<MatchData, StartupError> {
    let read = |name: &str| read_content_file(&dir.join(name));
    let files = [read(data::FILES[0])?, read(data::FILES[1])?, read(data::FILES[2])?, read(data::FILES[3])?, read(data::FILES[4])?, read(data::FILES[5])?];
    MatchData::parse(&files).map_err(|err| StartupError::Content(err.to_string()))
}

/// Loads the guide and planner rules from `content_dir`, checking that they agree.
pub fn load_content(content_dir: &std::path::Path) -> Result<(Guide, Rules), StartupError> {
    let data = load_data(&content_dir.join("data"))?;
    let guide = Guide::load(&content_dir.join("guide"), &data).map_err(|err| StartupError::Content(err.to_string()))?;

    let read = |name: &str| read_content_file(&content_dir.join("planner").join(name));
    let (rules_name, rules_text) = read("rules.toml")?;
    let (specialties_name, specialties_text) = read("specialties.toml")?;
    let rules = Rules::parse((&rules_name, &rules_text), (&specialties_name, &specialties_text), data)
        .map_err(|err| StartupError::Content(err.to_string()))?;

    for (slug, info) in &rules.specialties {
        let (page, anchor) = info.guide.split_once('#').map_or((info.guide.as_str(), None), |(page, anchor)| (page, Some(anchor)));
        if !guide.has_target(page, anchor) {
            return Err(StartupError::Content(format!(
                "{specialties_name}: specialty.{slug}.guide = \"{}\" points at a guide page or heading that does not exist", info.guide
            )));
        }
    }
    Ok((guide, rules))
}

/// Rebuilds the guide's full-text index from the pages just loaded.
fn index_guide(pool: &Pool, guide: &Guide) -> Result<(), store::StoreError> {
    let entries: Vec<store::search::IndexEntry> = guide
        .pages()
        .iter()
        .flat_map(|page| {
            page.sections.iter().map(|section| store::search::IndexEntry {
                slug: &page.slug,
                anchor: &section.anchor,
                page_title: &page.front.title,
                heading: &section.heading,
                text: &section.text,
            })
        })
        .collect();
    let mut connection = pool.get()?;
    store::search::rebuild_index(&mut connection, &entries)
}

/// Loads content, opens the database and binds the listener; the server starts when awaited.
pub fn build(settings: &Settings) -> Result<Application, StartupError> {
    let (guide, rules) = load_content(&settings.content_dir)?;
    tracing::info!(pages = guide.pages().len(), words = guide.word_count(), specialties = rules.specialties.len(), figures = rules.data.specialties.len(), "content loaded");

    let pool = store::open(&settings.database)
        .map_err(|source| StartupError::Database { path: settings.database.display().to_string(), source })?;
    index_guide(&pool, &guide).map_err(|source| StartupError::Database { path: settings.database.display().to_string(), source })?;
    let writer = ReportWriter::start(&settings.database).map_err(|source| StartupError::Database { path: settings.database.display().to_string(), source })?;
    tracing::info!(database = %settings.database.display(), "database ready");
    let guide_pages = routes::RenderedGuide::render(&guide).map_err(|err| StartupError::Content(format!("cannot render the guide pages: {err}")))?;

    let listener = TcpListener::bind(&settings.addr).map_err(|source| StartupError::Bind { addr: settings.addr.clone(), source })?;
    let local = listener.local_addr().map_err(|source| StartupError::Bind { addr: settings.addr.clone(), source })?;

    let session_key = match &settings.session_key {
        Some(key) => key.0.clone(),
        None => {
            tracing::warn!("PLANB_SESSION_KEY is not set, so a random session key was made; sessions end when the server restarts");
            Key::generate()
        }
    };

    let state = web::Data::from(Arc::new(AppState {
        guide,
        guide_pages,
        rules,
        pool,
        reports: ReportCache::new(REPORT_CACHE_BYTES),
        writer,
        clock: Clock { fixed: settings.fixed_today },
    }));
    let report_limiter = Arc::new(ReportLimiter::per_hour(settings.reports_per_hour));
    rate_limit::start_sweeper(&report_limiter).map_err(StartupError::Sweeper)?;
    let report_limiter = web::Data::from(report_limiter);
    let secure_cookies = settings.secure_cookies;
    let server = HttpServer::new(move || {
        let session = SessionMiddleware::builder(CookieSessionStore::default(), session_key.clone())
            .cookie_name("planb_session".to_owned())
            .cookie_content_security(CookieContentSecurity::Private)
            .cookie_http_only(true)
            .cookie_same_site(SameSite::Lax)
            .cookie_secure(secure_cookies)
            .session_lifecycle(PersistentSession::default().session_ttl(actix_web::cookie::time::Duration::days(SESSION_DAYS)))
            .build();
        // The last `wrap` runs first: headers go on every response, including rejections.
        App::new()
            .wrap(session)
            .wrap(from_fn(origin::reject_cross_origin))
            .wrap(TracingLogger::<RouteRootSpan>::new())
            .wrap(headers::site_headers())
            .app_data(state.clone())
            .app_data(report_limiter.clone())
            .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
            .app_data(web::JsonConfig::default().limit(MAX_BODY_BYTES))
            .configure(routes::configure)
    })
    // The binary installs its own signal handling (`shutdown::stop_on_signal`) so that it can
    // log the shutdown; servers started inside tests react to no signal.
    .disable_signals()
    .shutdown_timeout(crate::shutdown::GRACE_PERIOD_SECONDS)
    .listen(listener)
    .map_err(|source| StartupError::Bind { addr: settings.addr.clone(), source })?
    .run();

    tracing::info!(address = %format!("http://{local}"), "planb listening");
    Ok(Application { server, port: local.port() })
}
