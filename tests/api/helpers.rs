use std::path::PathBuf;

use planb::config::Settings;
use planb::startup;
use reqwest::redirect::Policy;
use scraper::{Html, Selector};

/// The fixed date every test plans from.
pub const TODAY: time::Date = time::macros::date!(2026 - 12 - 04);

pub struct TestApp {
    pub address: String,
    /// A client that keeps cookies and does not follow redirects.
    pub client: reqwest::Client,
    pub database: PathBuf,
    _folder: tempfile::TempDir,
}

/// Starts planb on 127.0.0.1 with a new database and waits until it accepts requests.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts planb like `spawn_app`, after `configure` has changed the settings.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let folder = tempfile::tempdir().expect("temporary folder");
    let database = folder.path().join("planb.db");
    let mut settings = Settings {
        addr: "127.0.0.1:0".to_owned(),
        database: database.clone(),
        content_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content"),
        session_key: None,
        secure_cookies: false,
        reports_per_hour: planb::config::DEFAULT_REPORTS_PER_HOUR,
        fixed_today: Some(TODAY),
    };
    configure(&mut settings);

    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let application = startup::build(&settings).expect("server starts");
            sender.send(application.port).expect("test still waiting");
            application.server.await
        })
    });
    let port = receiver.recv().expect("server reported its port");

    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: new_client(),
        database,
        _folder: folder,
    }
}

/// Builds a fresh browser-like client with its own cookie jar that follows no redirects.
pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder().redirect(Policy::none()).cookie_store(true).build().expect("client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }

    /// Opens the plan form as a browser would and submits `fields` with the form's token.
    pub async fn post_form(&self, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.form_token("/plan").await;
        let mut fields = fields.to_vec();
        fields.push(("csrf_token", &token));
        self.post_form_without_token(&fields).await
    }

    /// Submits `fields` to the plan form as they are, with no form token added.
    pub async fn post_form_without_token(&self, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(self.url("/plan")).form(fields).send().await.expect("request sent")
    }

    /// Opens `path` and returns the value of the first form token on it.
    pub async fn form_token(&self, path: &str) -> String {
        let html = html_of(self.get(path).await).await;
        attributes(&html, "input[name=csrf_token]", "value").into_iter().next().unwrap_or_else(|| panic!("{path} has no form token"))
    }

    pub async fn post_json(&self, body: &serde_json::Value) -> reqwest::Response {
        self.client.post(self.url("/api/reports")).json(body).send().await.expect("request sent")
    }

    /// Submits a valid form and returns the report path from the redirect.
    pub async fn create_report(&self) -> String {
        let response = self.post_form(&valid_form()).await;
        assert_eq!(response.status(), 303);
        location(&response)
    }
}

pub fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").expect("location header").to_str().expect("ascii").to_owned()
}

/// Returns a complete, valid profile as the browser submits it.
pub fn valid_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("step1", "pass"),
        ("step2_ck", "246"),
        ("step2_expected", ""),
        ("exam_failures", "0"),
        ("graduation_year", "2025"),
        ("ecfmg_status", "certified"),
        ("citizenship", "us-citizen"),
        ("training_status", "graduate"),
        ("previous_applications", "0"),
        ("usce_months", "4"),
        ("surgery_usce_months", "2"),
        ("research_items", "3"),
        ("cardiothoracic_research_items", "1"),
        ("first_author_items", "1"),
        ("us_letters", "4"),
        ("surgeon_letters", "3"),
        ("ct_or_vascular_letters", "1"),
        ("medicine_or_anesthesia_letters", "1"),
        ("leadership_or_qi", "yes"),
        ("needs_to_operate", "prefer"),
        ("interests", "operating"),
        ("interests", "critical-care"),
        ("lifestyle_priority", "medium"),
        ("risk_tolerance", "medium"),
        ("geography", "anywhere"),
        ("budget_usd", ""),
    ]
}

/// Returns the same profile as the JSON API takes it.
pub fn valid_json() -> serde_json::Value {
    serde_json::json!({
        "step1": "pass", "step2_ck": 246, "step2_expected": null, "exam_failures": 0,
        "graduation_year": 2025, "ecfmg_status": "certified", "citizenship": "us-citizen",
        "training_status": "graduate", "previous_applications": 0, "usce_months": 4,
        "surgery_usce_months": 2, "ct_or_vascular_rotation": false, "observership_only": false,
        "research_items": 3, "cardiothoracic_research_items": 1, "first_author_items": 1,
        "us_letters": 4, "surgeon_letters": 3, "ct_or_vascular_letters": 1,
        "medicine_or_anesthesia_letters": 1, "leadership_or_qi": true, "needs_to_operate": "prefer",
        "interests": ["operating", "critical-care"], "lifestyle_priority": "medium",
        "risk_tolerance": "medium", "geography": "anywhere", "couples_match": false, "budget_usd": null
    })
}

pub fn replace(form: &[(&'static str, &'static str)], name: &str, value: &'static str) -> Vec<(&'static str, &'static str)> {
    form.iter().map(|(key, old)| if *key == name { (*key, value) } else { (*key, *old) }).collect()
}

pub fn select(html: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).expect("valid selector");
    html.select(&selector).map(|element| element.text().collect::<String>().trim().to_owned()).collect()
}

pub fn attributes(html: &Html, css: &str, attribute: &str) -> Vec<String> {
    let selector = Selector::parse(css).expect("valid selector");
    html.select(&selector).filter_map(|element| element.value().attr(attribute).map(str::to_owned)).collect()
}

pub async fn html_of(response: reqwest::Response) -> Html {
    Html::parse_document(&response.text().await.expect("body"))
}

/// Returns the valid JSON profile with another research count. Reports quote the count, so
/// different counts give different reports.
pub fn json_with_research(research_items: u32) -> serde_json::Value {
    let mut profile = valid_json();
    profile["research_items"] = serde_json::json!(research_items);
    profile
}

/// Returns the valid form with another research count, as owned pairs.
pub fn form_with_research(research_items: u32) -> Vec<(&'static str, String)> {
    valid_form()
        .into_iter()
        .map(|(name, value)| if name == "research_items" { (name, research_items.to_string()) } else { (name, value.to_owned()) })
        .collect()
}

/// Loads `/plan` with `client` and returns the plan form's hidden inputs, such as its form token.
pub async fn plan_form_hidden_inputs(client: &reqwest::Client, base_url: &str) -> reqwest::Result<Vec<(String, String)>> {
    let page = client.get(format!("{base_url}/plan")).send().await?.text().await?;
    let html = Html::parse_document(&page);
    let selector = Selector::parse("form[action=\"/plan\"] input[type=hidden]").expect("valid selector");
    Ok(html
        .select(&selector)
        .filter_map(|input| Some((input.value().attr("name")?.to_owned(), input.value().attr("value").unwrap_or_default().to_owned())))
        .collect())
}

/// Submits the plan form as a browser would: loads `/plan`, sends its hidden inputs back with the
/// profile fields, and sets `Origin`. Returns the transport error when the server is gone.
pub async fn submit_plan_form<N: AsRef<str>>(client: &reqwest::Client, base_url: &str, fields: &[(N, String)]) -> reqwest::Result<reqwest::Response> {
    let mut form = plan_form_hidden_inputs(client, base_url).await?;
    form.extend(fields.iter().map(|(name, value)| (name.as_ref().to_owned(), value.clone())));
    client.post(format!("{base_url}/plan")).header("Origin", base_url).form(&form).send().await
}
