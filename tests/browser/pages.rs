//! Every kind of page planb serves: axe-core finds no serious or critical violation on any of
//! them at phone or desktop width, none scrolls sideways on a phone, and each gets a screenshot.

use fantoccini::{Client, Locator};

use crate::browser::{self, DESKTOP, PHONE};
use crate::helpers::{TestApp, replace, spawn_app, valid_form};
use crate::page::{
    axe_source, axe_violations, click_through, fill_form, find, horizontal_overflow, inline_script_runs, open, path,
    response_status, save_screenshot, viewport,
};

/// What to check on each page of the tour; problems collect so that one run lists them all.
struct Inspection {
    axe_source: Option<String>,
    layout: bool,
    problems: Vec<String>,
}

impl Inspection {
    async fn inspect(&mut self, client: &Client, name: &str) {
        if let Some(axe_source) = &self.axe_source {
            assert!(!inline_script_runs(client).await, "{name}: an inline script ran, so the Content Security Policy is not in force");
            let violations = axe_violations(client, axe_source).await;
            for violation in violations {
                if violation.is_serious() {
                    self.problems.push(format!("{name}: {violation}"));
                } else {
                    println!("{name}: minor accessibility finding: {violation}");
                }
            }
        }
        if self.layout {
            // A phone zooms out to fit a page wider than itself, which widens the layout viewport.
            let (layout_width, _) = viewport(client).await;
            if layout_width != PHONE.0 {
                self.problems.push(format!("{name}: laid out {layout_width} px wide on a {} px phone", PHONE.0));
            }
            let overflow = horizontal_overflow(client, PHONE.0).await;
            if overflow.scrolled_by > 0.0 {
                self.problems.push(format!(
                    "{name}: scrolls {} px sideways (document {} px wide in a {} px viewport); elements past the edge: {}",
                    overflow.scrolled_by,
                    overflow.document_width,
                    overflow.viewport_width,
                    overflow.wide_elements.join(", ")
                ));
            }
        }
    }
}

/// Opens each kind of page in one browser, as the student who made a report, and inspects it.
/// Every guide section is inspected, because each has its own tables and lists. When
/// `screenshots` is set, the first section and one page of each other kind are photographed.
async fn tour(client: &Client, app: &TestApp, inspection: &mut Inspection, screenshots: bool) {
    let visit = async |name: &str, inspection: &mut Inspection| {
        inspection.inspect(client, name).await;
        if screenshots {
            save_screenshot(client, name).await;
        }
    };

    open(client, &app.address, "/").await;
    visit("home", inspection).await;

    open(client, &app.address, "/guide").await;
    visit("guide-index", inspection).await;
    let mut slugs = Vec::new();
    for link in client.find_all(Locator::Css("main a[href^='/guide/']")).await.expect("guide links") {
        let href = link.attr("href").await.expect("href").unwrap_or_default();
        if !href.contains('#') && !href.contains('?') && !slugs.contains(&href) {
            slugs.push(href);
        }
    }
    assert!(slugs.len() >= 10, "the guide index lists only {} sections", slugs.len());
    for (index, slug) in slugs.iter().enumerate() {
        open(client, &app.address, slug).await;
        if index == 0 {
            visit("guide-page", inspection).await;
        } else {
            inspection.inspect(client, slug).await;
        }
    }

    open(client, &app.address, "/guide/search?q=letters").await;
    visit("guide-search", inspection).await;

    open(client, &app.address, "/data").await;
    visit("data", inspection).await;

    open(client, &app.address, "/plan").await;
    visit("plan-form", inspection).await;

    fill_form(client, &replace(&replace(&valid_form(), "step2_ck", "400"), "us_letters", "")).await;
    click_through(client, &find(client, "form[action='/plan'] button[type=submit]").await).await;
    assert_eq!(response_status(client).await, 422, "the form with mistakes was not rejected");
    visit("plan-errors", inspection).await;

    fill_form(client, &[("step2_ck", "246"), ("us_letters", "4")]).await;
    click_through(client, &find(client, "form[action='/plan'] button[type=submit]").await).await;
    let report_path = path(client).await;
    assert!(report_path.starts_with("/r/"), "the corrected form led to {report_path}");
    visit("report", inspection).await;
    let manage_url = find(client, "#manage-url").await.prop("value").await.expect("value").unwrap_or_default();

    open(client, &app.address, &format!("{report_path}/edit")).await;
    visit("plan-edit", inspection).await;

    open(client, &app.address, "/reports").await;
    visit("my-reports", inspection).await;

    client.goto(&manage_url).await.expect("manage link opened");
    visit("manage", inspection).await;
    click_through(client, &find(client, ".delete-form button").await).await;
    visit("my-reports-after-delete", inspection).await;

    open(client, &app.address, &report_path).await;
    assert_eq!(response_status(client).await, 410);
    visit("error-gone", inspection).await;

    open(client, &app.address, "/no-such-page").await;
    assert_eq!(response_status(client).await, 404);
    visit("error-not-found", inspection).await;
}

#[tokio::test]
async fn axe_finds_no_serious_violations() {
    let app = spawn_app().await;
    let axe_source = axe_source();
    browser::run(async move |browser| {
        // Phone and desktop widths lay tables and the menu out differently, so axe-core checks both.
        let mut problems = Vec::new();
        for (width, height) in [PHONE, DESKTOP] {
            let client = browser.session((width, height)).await;
            let mut inspection = Inspection { axe_source: Some(axe_source.clone()), layout: false, problems: Vec::new() };
            tour(&client, &app, &mut inspection, false).await;
            problems.extend(inspection.problems.into_iter().map(|problem| format!("at {width}x{height}, {problem}")));
        }
        assert!(problems.is_empty(), "axe-core found serious or critical violations:\n{}", problems.join("\n"));
    })
    .await;
}

#[tokio::test]
async fn no_page_scrolls_sideways_on_phone() {
    let app = spawn_app().await;
    browser::run(async move |browser| {
        let client = browser.session(PHONE).await;
        let mut inspection = Inspection { axe_source: None, layout: true, problems: Vec::new() };
        tour(&client, &app, &mut inspection, true).await;
        assert!(inspection.problems.is_empty(), "pages wider than a 390 px phone:\n{}", inspection.problems.join("\n"));
    })
    .await;
}
