//! A new student's first visit: from the home page through the guide to the form, past two
//! mistakes to a report, which they share with an advisor and then delete.

use fantoccini::Locator;
use fantoccini::key::Key;

use crate::browser::{self, DESKTOP};
use crate::helpers::{replace, spawn_app, valid_form};
use crate::page::{
    click_through, current_page, fill_form, find, focused, open, path, press, response_status, text_of, title, wait_for_new_page,
};

#[tokio::test]
async fn new_student_plans_shares_and_deletes() {
    let app = spawn_app().await;
    browser::run(async move |browser| {
        let student = browser.session(DESKTOP).await;

        // Home page, then the first guide section it lists.
        open(&student, &app.address, "/").await;
        let guide_link = find(&student, ".guide-list a").await;
        let guide_title = guide_link.text().await.expect("link text");
        click_through(&student, &guide_link).await;
        assert!(path(&student).await.starts_with("/guide/"), "the home page's guide link led to {}", path(&student).await);
        assert_eq!(text_of(&student, "h1").await, guide_title);

        // From the guide to the form through the site menu.
        let menu_link = student.find(Locator::LinkText("Make a plan")).await.expect("menu link to the form");
        click_through(&student, &menu_link).await;
        assert_eq!(path(&student).await, "/plan");

        // A score above 300 and a year with a letter in it.
        let with_mistakes = replace(&replace(&valid_form(), "step2_ck", "400"), "graduation_year", "20x5");
        fill_form(&student, &with_mistakes).await;
        let submit = find(&student, "form[action='/plan'] button[type=submit]").await;
        click_through(&student, &submit).await;
        assert_eq!(path(&student).await, "/plan");
        assert_eq!(response_status(&student).await, 422);
        assert!(title(&student).await.starts_with("Fix 2 field(s)"), "title: {}", title(&student).await);
        assert!(text_of(&student, "#error-summary h2").await.contains("2 problems"));

        // The summary takes focus as the page loads, so the next Tab reaches its first link.
        assert_eq!(focused(&student).await.id, "error-summary", "focus did not start on the error summary");
        let links = student.find_all(Locator::Css("#error-summary a")).await.expect("summary links");
        let targets: Vec<String> = {
            let mut targets = Vec::new();
            for link in &links {
                targets.push(link.attr("href").await.expect("href").unwrap_or_default());
            }
            targets
        };
        assert_eq!(targets, ["#field-step2_ck", "#field-graduation_year"]);
        press(&student, Key::Tab).await;
        let first_link = focused(&student).await;
        assert_eq!(first_link.href, targets[0], "Tab from the summary did not reach its first link");
        assert!(first_link.has_visible_indicator(), "the summary's first link shows no focus indicator: {first_link:?}");

        // Each link moves focus to its field, which is marked invalid and described by its message.
        // The first link, which has focus, is followed with Enter and the second with a click.
        for (index, (link, target)) in links.iter().zip(&targets).enumerate() {
            let field_id = target.trim_start_matches('#');
            let message = link.text().await.expect("link text");
            if index == 0 {
                press(&student, Key::Enter).await;
            } else {
                link.click().await.expect("summary link followed");
            }
            let field = focused(&student).await;
            assert_eq!(field.id, field_id, "following the summary link {target} did not focus the field");
            assert!(field.on_screen, "{field_id} is not scrolled into view");
            let control = find(&student, target).await;
            assert_eq!(control.attr("aria-invalid").await.expect("attribute").as_deref(), Some("true"));
            let described_by = control.attr("aria-describedby").await.expect("attribute").unwrap_or_default();
            assert!(described_by.split(' ').any(|id| id == format!("{field_id}-error")), "{field_id} is not described by its error");
            let error_text = text_of(&student, &format!("#{field_id}-error")).await;
            assert!(error_text.ends_with(&message), "the error under {field_id} reads {error_text:?}, the summary {message:?}");
        }
        // The answers that were valid are kept.
        let usce = find(&student, "#field-usce_months").await;
        assert_eq!(usce.prop("value").await.expect("value").as_deref(), Some("4"));

        // Correct both fields and submit again.
        fill_form(&student, &[("step2_ck", "246"), ("graduation_year", "2025")]).await;
        let submit = find(&student, "form[action='/plan'] button[type=submit]").await;
        click_through(&student, &submit).await;
        let report_path = path(&student).await;
        assert!(report_path.starts_with("/r/"), "the corrected form led to {report_path}");
        let report_heading = text_of(&student, "h1").await;
        assert!(report_heading.starts_with("Backup plan: strategy"), "report heading: {report_heading}");
        assert!(student.find(Locator::Css(".delete-form")).await.is_ok(), "the student's own report has no delete button");

        // Follow a guide link from the report and come back to it.
        let explained = find(&student, "#competitiveness-heading ~ .more a").await;
        let explained_title = explained.text().await.expect("link text");
        let explained_href = explained.attr("href").await.expect("href").unwrap_or_default();
        click_through(&student, &explained).await;
        assert!(explained_href.starts_with("/guide/"), "the report's guide link is {explained_href}");
        let (guide_path, anchor) = explained_href.split_once('#').expect("the link points at a section of a guide page");
        assert_eq!(path(&student).await, guide_path);
        let section = text_of(&student, &format!("#{anchor}")).await;
        assert!(section.contains(&explained_title), "the link {explained_href} lands on {section:?}, not {explained_title:?}");
        let target = student.execute("return document.querySelector(':target')?.id;", vec![]).await.expect("target read");
        assert_eq!(target, anchor, "the guide page did not scroll to the linked section");
        let guide_page = current_page(&student).await;
        student.back().await.expect("went back");
        wait_for_new_page(&student, guide_page).await;
        assert_eq!(path(&student).await, report_path);
        assert_eq!(text_of(&student, "h1").await, report_heading);

        // The share link opens the same report for an advisor in a browser with no cookies.
        let share_url = find(&student, "#share-url").await.prop("value").await.expect("value").unwrap_or_default();
        assert_eq!(share_url, format!("{}{report_path}", app.address));
        let advisor = browser.session(DESKTOP).await;
        advisor.goto(&share_url).await.expect("share link opened");
        assert_eq!(text_of(&advisor, "h1").await, report_heading);
        assert!(text_of(&advisor, ".share").await.contains("read-only copy"));
        assert!(advisor.find(Locator::Css(".delete-form")).await.is_err(), "a visitor sees the delete button");
        assert!(advisor.find(Locator::Css("#manage-url")).await.is_err(), "a visitor sees the manage link");

        // The student deletes the report; the advisor's next look finds it gone.
        let delete = find(&student, ".delete-form button").await;
        click_through(&student, &delete).await;
        assert_eq!(path(&student).await, "/reports");
        let advisor_page = current_page(&advisor).await;
        advisor.refresh().await.expect("page reloaded");
        wait_for_new_page(&advisor, advisor_page).await;
        assert_eq!(response_status(&advisor).await, 410);
        assert_eq!(text_of(&advisor, ".status-code").await, "Error 410");
        assert!(!text_of(&advisor, "main").await.contains(&report_heading), "the deleted report is still shown");
    })
    .await;
}
