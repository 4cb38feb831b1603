//! What the browser tests do to and read from a page: navigation, keys, axe-core, layout checks
//! and screenshots. The tests click and type through WebDriver's element and key commands, as a
//! user would. Scripts sent through WebDriver read the page, scroll it, inject axe-core or probe
//! the Content Security Policy, and never fill in or submit a form.

use std::path::PathBuf;
use std::time::Duration;

use base64::Engine;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, Locator};
use serde::Deserialize;
use serde_json::json;

/// The axe-core release that scripts/test installs. The tests check that the injected copy
/// reports this version.
pub const AXE_CORE_VERSION: &str = "4.14.1";

/// Chromedriver's endpoint for a Chrome DevTools Protocol command, which WebDriver lacks a
/// standard form of: setting an exact viewport and capturing a page beyond the viewport.
#[derive(Debug)]
struct DevToolsCommand {
    command: &'static str,
    parameters: serde_json::Value,
}

impl WebDriverCompatibleCommand for DevToolsCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        let session_id = session_id.expect("DevTools commands need a WebDriver session");
        base_url.join(&format!("session/{session_id}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.command, "params": self.parameters });
        (http::Method::POST, Some(body.to_string()))
    }
}

async fn devtools(client: &Client, command: &'static str, parameters: serde_json::Value) -> serde_json::Value {
    client
        .issue_cmd(DevToolsCommand { command, parameters })
        .await
        .unwrap_or_else(|error| panic!("DevTools command {command} failed: {error}"))
}

/// Sets the viewport to `width` by `height` CSS pixels at a device pixel ratio of 1. Below 600 px
/// wide, pages are laid out as on a phone, where a page without a viewport meta tag gets a
/// 980 px layout. The setting lasts across navigations in the same session.
pub async fn set_viewport(client: &Client, (width, height): (u32, u32)) {
    let parameters = json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 });
    devtools(client, "Emulation.setDeviceMetricsOverride", parameters).await;
}

/// Returns the page's viewport as `[innerWidth, innerHeight]` in CSS pixels.
pub async fn viewport(client: &Client) -> (u32, u32) {
    let size = client.execute("return [window.innerWidth, window.innerHeight];", vec![]).await.expect("viewport read");
    serde_json::from_value(size).expect("viewport is two numbers")
}

/// Opens `path` on the test server and waits for the page to load.
pub async fn open(client: &Client, address: &str, path: &str) {
    client.goto(&format!("{address}{path}")).await.unwrap_or_else(|error| panic!("{path} did not open: {error}"));
}

pub async fn path(client: &Client) -> String {
    client.current_url().await.expect("current URL").path().to_owned()
}

/// Returns the text of the first element matching `css`, failing the test if there is none.
pub async fn text_of(client: &Client, css: &str) -> String {
    find(client, css).await.text().await.expect("element text")
}

/// Returns the HTTP status of the response that delivered the page on screen, as the browser
/// recorded it in its navigation timing entry.
pub async fn response_status(client: &Client) -> u16 {
    let status = client
        .execute("return performance.getEntriesByType('navigation')[0].responseStatus;", vec![])
        .await
        .expect("navigation timing read");
    status.as_u64().and_then(|status| u16::try_from(status).ok()).unwrap_or_else(|| panic!("no response status recorded: {status}"))
}

pub async fn title(client: &Client) -> String {
    client.title().await.expect("page title")
}

/// Returns the root element of the page on screen, for `wait_for_new_page` to compare against.
pub async fn current_page(client: &Client) -> Element {
    client.find(Locator::Css("html")).await.expect("page has a root element")
}

/// Waits until the page whose root is `old_root` has gone and the next one has loaded. Unlike a
/// URL check, this also detects a form with errors that comes back at the same address.
pub async fn wait_for_new_page(client: &Client, old_root: Element) {
    for _ in 0..300 {
        match old_root.tag_name().await {
            Err(error) if error.is_stale_element_reference() => break,
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    assert!(old_root.tag_name().await.is_err_and(|error| error.is_stale_element_reference()), "no new page loaded within 15 s");
    let mut state = String::new();
    for _ in 0..300 {
        state = client.execute("return document.readyState;", vec![]).await.expect("ready state").as_str().unwrap_or_default().to_owned();
        if state == "complete" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the new page did not finish loading within 15 s (readyState {state})");
}

/// Clicks `element`, a link or a submit button, and waits for the page it leads to.
pub async fn click_through(client: &Client, element: &Element) {
    let old_root = current_page(client).await;
    element.click().await.expect("element clicked");
    wait_for_new_page(client, old_root).await;
}

/// Finds the element matching `css`, failing the test with the selector if there is none.
pub async fn find(client: &Client, css: &str) -> Element {
    client.find(Locator::Css(css)).await.unwrap_or_else(|error| panic!("no element matches {css}: {error}"))
}

/// Fills form controls by name as a user would: picks the option of a select, ticks the
/// checkbox with the given value, and replaces the text of any other input.
pub async fn fill_form(client: &Client, fields: &[(&str, &str)]) {
    for (name, value) in fields {
        let control = find(client, &format!("[name=\"{name}\"]")).await;
        let tag = control.tag_name().await.expect("tag name");
        let kind = control.attr("type").await.expect("type attribute").unwrap_or_default();
        if tag == "select" {
            control.select_by_value(value).await.unwrap_or_else(|error| panic!("{name} has no option {value}: {error}"));
        } else if kind == "checkbox" {
            let checkbox = find(client, &format!("[name=\"{name}\"][value=\"{value}\"]")).await;
            if !checkbox.is_selected().await.expect("checkbox state") {
                checkbox.click().await.expect("checkbox ticked");
            }
        } else {
            control.clear().await.expect("input cleared");
            if !value.is_empty() {
                control.send_keys(value).await.expect("text typed");
            }
        }
    }
}

/// Presses and releases `key` as the keyboard does, on whatever element has focus.
pub async fn press(client: &Client, key: Key) {
    let key: char = key.into();
    let keys = KeyActions::new("keyboard".to_owned()).then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
    client.perform_actions(keys).await.expect("key pressed");
}

/// Presses `key` while holding Shift.
pub async fn press_with_shift(client: &Client, key: Key) {
    let (shift, key): (char, char) = (Key::Shift.into(), key.into());
    let keys = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: shift })
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key })
        .then(KeyAction::Up { value: shift });
    client.perform_actions(keys).await.expect("keys pressed");
}

/// Types `text` key by key into whatever element has focus.
pub async fn type_text(client: &Client, text: &str) {
    let mut keys = KeyActions::new("keyboard".to_owned());
    for character in text.chars() {
        keys = keys.then(KeyAction::Down { value: character }).then(KeyAction::Up { value: character });
    }
    client.perform_actions(keys).await.expect("text typed");
}

/// The element that has focus, described by the properties the keyboard tests check.
#[derive(Debug, Deserialize)]
pub struct Focused {
    pub id: String,
    pub href: String,
    pub value: String,
    pub checked: bool,
    /// Whether the browser treats the focus as keyboard focus (`:focus-visible`).
    pub focus_visible: bool,
    pub outline_style: String,
    pub outline_width: f64,
    pub box_shadow: String,
    /// Whether the element's box lies inside the viewport.
    pub on_screen: bool,
}

impl Focused {
    /// Returns whether a focus indicator is drawn: an outline at least 2 px wide or a box shadow.
    pub fn has_visible_indicator(&self) -> bool {
        self.focus_visible && ((self.outline_style != "none" && self.outline_width >= 2.0) || self.box_shadow != "none")
    }
}

pub async fn focused(client: &Client) -> Focused {
    let script = r#"
        const element = document.activeElement;
        const style = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        return {
            id: element.id || "",
            href: element.getAttribute("href") || "",
            value: typeof element.value === "string" ? element.value : "",
            checked: element.checked === true,
            focus_visible: element.matches(":focus-visible"),
            outline_style: style.outlineStyle,
            outline_width: parseFloat(style.outlineWidth) || 0,
            box_shadow: style.boxShadow,
            on_screen: box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
        };
    "#;
    let value = client.execute(script, vec![]).await.expect("focused element read");
    serde_json::from_value(value).expect("focused element description")
}

/// Returns whether an inline `<script>` added to the page runs. Under planb's Content Security
/// Policy it must not, while scripts sent through WebDriver still do.
pub async fn inline_script_runs(client: &Client) -> bool {
    let script = r#"
        delete window.planbInlineScriptRan;
        const inline = document.createElement("script");
        inline.textContent = "window.planbInlineScriptRan = true;";
        document.head.appendChild(inline);
        inline.remove();
        return window.planbInlineScriptRan === true;
    "#;
    client.execute(script, vec![]).await.expect("inline script test ran") == json!(true)
}

/// One axe-core rule that failed, with the CSS selectors of the elements that fail it.
#[derive(Debug, Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    pub nodes: Vec<String>,
}

impl Violation {
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let impact = self.impact.as_deref().unwrap_or("unknown");
        write!(formatter, "{} ({impact}): {} at {}", self.id, self.help, self.nodes.join(", "))
    }
}

/// Reads the axe-core script that scripts/test installed.
pub fn axe_source() -> String {
    let path = std::env::var_os("PLANB_AXE_CORE").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/browser-tools/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "axe-core {AXE_CORE_VERSION} could not be read from {}: {error}. Run scripts/test, which installs it with npm, \
             or set PLANB_AXE_CORE to the path of axe.min.js.",
            path.display()
        )
    })
}

/// Injects axe-core through WebDriver, which the page's Content Security Policy does not govern,
/// runs every rule on the whole page and returns the violations.
pub async fn axe_violations(client: &Client, axe_source: &str) -> Vec<Violation> {
    client.execute(&format!("{axe_source}\nreturn true;"), vec![]).await.expect("axe-core injected");
    let version = client.execute("return window.axe ? window.axe.version : null;", vec![]).await.expect("axe-core version read");
    assert_eq!(version, json!(AXE_CORE_VERSION), "the injected axe-core is not the pinned release");

    let script = r#"
        return window.axe.run(document, { resultTypes: ["violations"] }).then((results) =>
            results.violations.map((violation) => ({
                id: violation.id,
                impact: violation.impact,
                help: violation.help,
                nodes: violation.nodes.map((node) => node.target.join(" ")),
            })));
    "#;
    let violations = client.execute(script, vec![]).await.expect("axe-core ran");
    serde_json::from_value(violations).expect("axe-core violations")
}

/// How far the page can scroll sideways, and the elements that stick out past the viewport.
#[derive(Debug, Deserialize)]
pub struct Overflow {
    pub scrolled_by: f64,
    pub document_width: f64,
    pub viewport_width: f64,
    pub wide_elements: Vec<String>,
}

/// Tries to scroll the page to the right and reports how far it went, and which elements reach
/// past `width` CSS pixels outside any box that scrolls on its own.
pub async fn horizontal_overflow(client: &Client, width: u32) -> Overflow {
    let script = r##"
        const limit = arguments[0];
        window.scrollTo(100000, window.scrollY);
        const scrolledBy = window.scrollX;
        window.scrollTo(0, window.scrollY);
        const root = document.documentElement;
        const describe = (element) => element.tagName.toLowerCase()
            + (element.id ? "#" + element.id : "")
            + (element.classList.length ? "." + [...element.classList].join(".") : "");
        const insideScroller = (element) => {
            for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
                if (["auto", "scroll", "hidden"].includes(getComputedStyle(parent).overflowX)) return true;
            }
            return false;
        };
        // An element sticks out when its box does, or when its own content, such as a long word,
        // spills past its box. Ancestors of such an element are left out so the culprit shows.
        const sticksOut = (element) => {
            const box = element.getBoundingClientRect();
            const spills = getComputedStyle(element).overflowX === "visible" && box.left + element.scrollWidth > limit + 0.5;
            return box.right > limit + 0.5 || spills;
        };
        const flagged = [...document.body.querySelectorAll("*")].filter((element) => sticksOut(element) && !insideScroller(element));
        const wide = flagged
            .filter((element) => !flagged.some((other) => other !== element && element.contains(other)))
            .slice(0, 8)
            .map(describe);
        return { scrolled_by: scrolledBy, document_width: root.scrollWidth, viewport_width: limit, wide_elements: wide };
    "##;
    let value = client.execute(script, vec![json!(width)]).await.expect("overflow measured");
    serde_json::from_value(value).expect("overflow description")
}

/// Saves a screenshot of the whole page, not just the viewport, to `target/screenshots/NAME.png`.
pub async fn save_screenshot(client: &Client, name: &str) {
    let size = client
        .execute("return [document.documentElement.scrollWidth, document.documentElement.scrollHeight];", vec![])
        .await
        .expect("page size read");
    let (width, height): (u32, u32) = serde_json::from_value(size).expect("page size is two numbers");
    let parameters = json!({
        "format": "png",
        "captureBeyondViewport": true,
        "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
    });
    let shot = devtools(client, "Page.captureScreenshot", parameters).await;
    let png = base64::engine::general_purpose::STANDARD.decode(shot["data"].as_str().expect("screenshot data")).expect("screenshot is base64");

    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().expect("target folder").join("screenshots");
    std::fs::create_dir_all(&folder).expect("screenshot folder created");
    std::fs::write(folder.join(format!("{name}.png")), png).expect("screenshot saved");
}
