use crate::helpers::*;

/// Every profile field the planner reads, as named in forms and JSON.
const PROFILE_FIELDS: &[&str] = &[
    "step1", "step2_ck", "step2_expected", "exam_failures", "graduation_year", "ecfmg_status", "citizenship",
    "training_status", "previous_applications", "usce_months", "surgery_usce_months", "ct_or_vascular_rotation",
    "observership_only", "research_items", "cardiothoracic_research_items", "first_author_items", "us_letters",
    "surgeon_letters", "ct_or_vascular_letters", "medicine_or_anesthesia_letters", "leadership_or_qi",
    "needs_to_operate", "interests", "lifestyle_priority", "risk_tolerance", "geography", "couples_match", "budget_usd",
];

#[tokio::test]
async fn form_has_every_field_with_label_and_help() {
    let app = spawn_app().await;

    let response = app.get("/plan").await;
    assert_eq!(response.status(), 200);
    let html = html_of(response).await;

    for field in PROFILE_FIELDS {
        let id = format!("field-{field}");
        let inputs = attributes(&html, &format!("[name=\"{field}\"]"), "name");
        assert!(!inputs.is_empty(), "no control named {field}");
        assert_eq!(select(&html, &format!("label[for=\"{id}\"]")).len(), 1, "no label for {field}");
        let help = select(&html, &format!("#{id}-help"));
        assert!(help.first().is_some_and(|text| !text.is_empty()), "no help text for {field}");
    }
    assert_eq!(attributes(&html, "input[name=step2_ck]", "inputmode"), vec!["numeric"]);
    assert!(select(&html, "#field-step2_ck-help")[0].contains("1 to 300"));
    assert_eq!(attributes(&html, "input[name=step2_expected]", "type"), vec!["month"]);
    assert_eq!(attributes(&html, "input[name=couples_match]", "type"), vec!["checkbox"]);
    assert_eq!(attributes(&html, "input[name=interests]", "type").len(), 8);
    assert_eq!(select(&html, "select[name=ecfmg_status] option").len(), 5, "placeholder and four statuses");
}

#[tokio::test]
async fn valid_form_redirects_to_report() {
    let app = spawn_app().await;

    let response = app.post_form(&valid_form()).await;

    assert_eq!(response.status(), 303);
    let path = location(&response);
    assert!(path.starts_with("/r/"), "{path}");
    assert_eq!(path.len(), "/r/".len() + 22, "token is 22 characters: {path}");
    let html = html_of(app.get(&path).await).await;
    let title = select(&html, "h1");
    assert_eq!(title.len(), 1);
    assert!(title[0].starts_with("Backup plan: strategy B"), "{title:?}");
    assert!(!select(&html, "#specialty-general-surgery").is_empty());
}

#[tokio::test]
async fn invalid_form_is_422_with_messages_and_values() {
    let app = spawn_app().await;
    let form = replace(&replace(&valid_form(), "step2_ck", "345"), "us_letters", "many");

    let response = app.post_form(&form).await;

    assert_eq!(response.status(), 422);
    let html = html_of(response).await;
    let summary_links = attributes(&html, ".error-summary a", "href");
    assert_eq!(summary_links, vec!["#field-step2_ck", "#field-us_letters"]);
    for href in &summary_links {
        assert_eq!(select(&html, href).len(), 1, "summary link {href} has no target");
    }
    let message = select(&html, "#field-step2_ck-error");
    assert!(message[0].contains("1 to 300"), "{message:?}");
    assert!(select(&html, "#field-us_letters-error")[0].contains("\"many\" is not a whole number"));
    assert_eq!(attributes(&html, "#field-step2_ck", "value"), vec!["345"], "entered value kept");
    assert_eq!(attributes(&html, "#field-us_letters", "value"), vec!["many"]);
    assert_eq!(attributes(&html, "#field-graduation_year", "value"), vec!["2025"]);
    assert_eq!(attributes(&html, "select[name=ecfmg_status] option[selected]", "value"), vec!["certified"]);
    assert_eq!(attributes(&html, "input[name=interests][checked]", "value"), vec!["operating", "critical-care"]);
    assert_eq!(attributes(&html, "#field-leadership_or_qi[checked]", "value"), vec!["yes"]);
}

#[tokio::test]
async fn empty_form_lists_required_fields() {
    let app = spawn_app().await;

    let response = app.post_form(&[]).await;

    assert_eq!(response.status(), 422);
    let html = html_of(response).await;
    let links = attributes(&html, ".error-summary a", "href");
    for field in ["step1", "graduation_year", "ecfmg_status", "needs_to_operate", "geography"] {
        assert!(links.contains(&format!("#field-{field}")), "{field} missing from {links:?}");
    }
}

#[tokio::test]
async fn api_creates_report() {
    let app = spawn_app().await;

    let response = app.post_json(&valid_json()).await;

    assert_eq!(response.status(), 201);
    let body: serde_json::Value = response.json().await.expect("json");
    let token = body["token"].as_str().expect("token");
    assert_eq!(token.len(), 22);
    assert_eq!(body["url"], format!("{}/r/{token}", app.address));
    assert_eq!(body["report"]["strategy"]["code"], "B");
    assert_eq!(body["report"]["specialties"][0]["slug"], "general-surgery");

    let stored: serde_json::Value = app.get(&format!("/r/{token}.json")).await.json().await.expect("json");
    assert_eq!(stored, body["report"], "GET .json returns the report the API returned");
}

#[tokio::test]
async fn api_invalid_profile_is_422() {
    let app = spawn_app().await;
    let mut profile = valid_json();
    profile["step2_ck"] = serde_json::json!(400);
    profile["couples_match"] = serde_json::json!("yes");

    let response = app.post_json(&profile).await;

    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.expect("json");
    let errors = body["errors"].as_array().expect("errors array");
    let fields: Vec<&str> = errors.iter().map(|error| error["field"].as_str().expect("field")).collect();
    assert_eq!(fields, vec!["couples_match", "step2_ck"], "type errors first, then range checks");
    assert_eq!(errors[0]["message"], "couples_match must be true or false.");
    assert!(errors[1]["message"].as_str().expect("message").contains("1 to 300"));
}

#[tokio::test]
async fn api_malformed_json_is_400() {
    let app = spawn_app().await;

    let response = app.client.post(app.url("/api/reports")).header("content-type", "application/json").body("{\"step1\": ").send().await.expect("sent");

    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.expect("json error body");
    assert!(body["error"].as_str().expect("message").contains("not valid JSON"));
}
