//! The plan form filled in and sent with the keyboard alone: Tab, Shift+Tab, arrow keys in
//! selects, Space on checkboxes, digits in text boxes and Enter on the button.

use std::collections::BTreeMap;

use fantoccini::Client;
use fantoccini::key::Key;
use serde::Deserialize;

use crate::browser::{self, DESKTOP};
use crate::helpers::{spawn_app, valid_form};
use crate::page::{current_page, focused, open, path, press, press_with_shift, text_of, type_text, wait_for_new_page};

/// A control of the plan form as the page lists it, in document order.
#[derive(Debug, Deserialize)]
struct Control {
    id: String,
    tag: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    value: String,
    /// The values of a select's options, in order.
    options: Vec<String>,
}

async fn form_controls(client: &Client) -> Vec<Control> {
    let script = r#"
        return [...document.querySelectorAll("form[action='/plan'] :is(input, select, textarea, button)")]
            .filter((element) => element.type !== "hidden")
            .map((element) => ({
                id: element.id,
                tag: element.tagName.toLowerCase(),
                type: element.type || "",
                name: element.name || "",
                value: element.value || "",
                options: element.tagName === "SELECT" ? [...element.options].map((option) => option.value) : [],
            }));
    "#;
    serde_json::from_value(client.execute(script, vec![]).await.expect("form controls listed")).expect("control list")
}

async fn selected_index(client: &Client) -> usize {
    let index = client.execute("return document.activeElement.selectedIndex;", vec![]).await.expect("selected index read");
    index.as_u64().expect("selected index is a number") as usize
}

/// Presses Tab until focus leaves the control with `id`, because a month input has a Tab stop
/// for each of its parts.
async fn tab_out_of(client: &Client, id: &str) {
    for _ in 0..4 {
        press(client, Key::Tab).await;
        if focused(client).await.id != id {
            return;
        }
    }
    panic!("focus is stuck in {id} after four presses of Tab");
}

/// The report's "answers behind this report" list, label to answer as shown.
async fn report_answers(client: &Client) -> BTreeMap<String, String> {
    let script = r#"
        const answers = {};
        for (const term of document.querySelectorAll(".answers dt")) {
            answers[term.textContent.trim()] = term.nextElementSibling.textContent.trim();
        }
        return answers;
    "#;
    serde_json::from_value(client.execute(script, vec![]).await.expect("answers read")).expect("answer map")
}

#[tokio::test]
async fn keyboard_alone_completes_form() {
    let app = spawn_app().await;
    browser::run(async move |browser| {
        let client = browser.session(DESKTOP).await;
        open(&client, &app.address, "/plan").await;
        let controls = form_controls(&client).await;
        let answers = valid_form();
        let answer_for = |name: &str| answers.iter().find(|(key, _)| *key == name).map(|(_, value)| *value).unwrap_or_default();
        let ticked = |name: &str, value: &str| answers.contains(&(name, value));

        // The first Tab reaches the skip link, and Enter on it passes over the site menu.
        press(&client, Key::Tab).await;
        let skip = focused(&client).await;
        assert_eq!(skip.href, "#main", "the first Tab stop is not the skip link: {skip:?}");
        assert!(skip.has_visible_indicator(), "the skip link shows no focus indicator: {skip:?}");
        assert!(skip.on_screen, "the focused skip link stays off screen");
        press(&client, Key::Enter).await;
        press(&client, Key::Tab).await;

        for (stop, control) in controls.iter().enumerate() {
            let now = focused(&client).await;
            assert_eq!(now.id, control.id, "Tab stop {stop} in the form is {now:?}, not {}", control.id);
            assert!(now.has_visible_indicator(), "{} shows no focus indicator: {now:?}", control.id);
            assert!(now.on_screen, "{} has focus but is scrolled out of view", control.id);

            match (control.tag.as_str(), control.kind.as_str()) {
                ("select", _) => {
                    let wanted = answer_for(&control.name);
                    let target = control.options.iter().position(|option| option == wanted).unwrap_or_else(|| panic!("{} has no option {wanted}", control.name));
                    for _ in selected_index(&client).await..target {
                        press(&client, Key::Down).await;
                    }
                    assert_eq!(focused(&client).await.value, wanted, "arrow keys did not choose {wanted} in {}", control.name);
                }
                ("input", "checkbox") => {
                    if ticked(&control.name, &control.value) {
                        press(&client, Key::Space).await;
                    }
                    assert_eq!(focused(&client).await.checked, ticked(&control.name, &control.value), "Space did not set {}", control.id);
                }
                ("input", "text") if control.name == "step2_ck" => {
                    // A typo, noticed one field later: Shift+Tab goes back and the new digits replace the old.
                    type_text(&client, "247").await;
                    tab_out_of(&client, &control.id).await;
                    press_with_shift(&client, Key::Tab).await;
                    assert_eq!(focused(&client).await.id, control.id, "Shift+Tab did not return to {}", control.id);
                    type_text(&client, answer_for(&control.name)).await;
                    assert_eq!(focused(&client).await.value, answer_for(&control.name));
                }
                ("input", "text") => {
                    type_text(&client, answer_for(&control.name)).await;
                    assert_eq!(focused(&client).await.value, answer_for(&control.name), "typing into {} went astray", control.id);
                }
                ("button", "submit") => {
                    assert_eq!(stop, controls.len() - 1, "the submit button is not the form's last control");
                    let form_page = current_page(&client).await;
                    press(&client, Key::Enter).await;
                    wait_for_new_page(&client, form_page).await;
                    break;
                }
                // The month of a future Step 2 CK stays empty, as the valid profile has a score.
                _ => {}
            }
            tab_out_of(&client, &control.id).await;
        }

        let report_path = path(&client).await;
        assert!(report_path.starts_with("/r/"), "Enter on the button led to {report_path}, not a report");
        assert!(text_of(&client, "h1").await.starts_with("Backup plan: strategy"));
        let typed = report_answers(&client).await;

        // The same answers sent as a plain form give the same profile.
        let reference_path = app.create_report().await;
        open(&client, &app.address, &reference_path).await;
        let sent = report_answers(&client).await;
        assert!(!typed.is_empty(), "the report lists no answers");
        assert_eq!(typed, sent, "the keyboard-made report's answers differ from the form's");
    })
    .await;
}
