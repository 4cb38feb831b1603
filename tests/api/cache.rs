//! The in-memory report cache and the pre-rendered pages, seen from outside: a cached report
//! must disappear with its deletion, and a page kept for one visitor must not leak another's.

use crate::helpers::*;

/// Deletes the report at `path` as its owner, the browser of `app.client`.
async fn delete_as_owner(app: &TestApp, path: &str) {
    let page = html_of(app.get(path).await).await;
    let token = attributes(&page, ".delete-form input[name=csrf_token]", "value").remove(0);
    let response = app.client.post(app.url(&format!("{path}/delete"))).form(&[("csrf_token", token.as_str())]).send().await.expect("sent");
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn deleted_report_not_served_from_cache() {
    let app = spawn_app().await;
    let path = app.create_report().await;
    let advisor = new_client();
    for suffix in ["", ".json", ".ics"] {
        let response = advisor.get(app.url(&format!("{path}{suffix}"))).send().await.expect("sent");
        assert_eq!(response.status(), 200, "{path}{suffix} before deletion");
    }

    delete_as_owner(&app, &path).await;

    for suffix in ["", ".json", ".ics", "/edit"] {
        let response = advisor.get(app.url(&format!("{path}{suffix}"))).send().await.expect("sent");
        assert_eq!(response.status(), 410, "{path}{suffix} after deletion");
    }
}

#[tokio::test]
async fn owner_page_not_shown_to_others() {
    let app = spawn_app().await;
    let path = app.create_report().await;
    let owner_page = html_of(app.get(&path).await).await;
    assert_eq!(select(&owner_page, ".delete-form").len(), 1, "the maker sees the delete button");

    let advisor = new_client();
    for round in 0..2 {
        let page = html_of(advisor.get(app.url(&path)).send().await.expect("sent")).await;
        assert!(select(&page, ".delete-form").is_empty(), "round {round}: no delete button for others");
        assert!(select(&page, "#manage-url").is_empty(), "round {round}: no manage link for others");
        assert!(attributes(&page, "input[name=csrf_token]", "value").is_empty(), "round {round}: no form token");
    }
}

#[tokio::test]
async fn owner_page_after_read_only_views() {
    let app = spawn_app().await;
    let path = app.create_report().await;
    let advisor = new_client();
    let read_only = html_of(advisor.get(app.url(&path)).send().await.expect("sent")).await;
    assert!(select(&read_only, ".delete-form").is_empty());

    let owner_page = html_of(app.get(&path).await).await;

    assert_eq!(select(&owner_page, ".delete-form").len(), 1, "the maker still gets the delete button");
    assert_eq!(attributes(&owner_page, "#manage-url", "value").len(), 1);
    assert_eq!(select(&owner_page, "h1"), select(&read_only, "h1"), "both show the same report");
}

#[tokio::test]
async fn share_link_follows_request_host() {
    let app = spawn_app().await;
    let path = app.create_report().await;
    let port = app.address.rsplit(':').next().expect("port");
    let advisor = new_client();

    let by_address = html_of(advisor.get(app.url(&path)).send().await.expect("sent")).await;
    let by_name = html_of(advisor.get(app.url(&path)).header("host", format!("localhost:{port}")).send().await.expect("sent")).await;

    assert_eq!(attributes(&by_address, "#share-url", "value"), vec![format!("http://127.0.0.1:{port}{path}")]);
    assert_eq!(attributes(&by_name, "#share-url", "value"), vec![format!("http://localhost:{port}{path}")]);
}

#[tokio::test]
async fn pre_rendered_guide_keeps_order() {
    let app = spawn_app().await;
    let index = html_of(app.get("/guide").await).await;
    let sections = attributes(&index, ".guide-list a", "href");
    let total = sections.len();

    for (position, href) in sections.iter().enumerate() {
        let response = app.get(href).await;
        assert_eq!(response.status(), 200, "{href}");
        assert_eq!(response.headers()["content-type"], "text/html; charset=utf-8", "{href}");
        let page = html_of(response).await;
        let breadcrumb = select(&page, ".breadcrumb").remove(0);
        assert!(breadcrumb.ends_with(&format!("Section {} of {total}", position + 1)), "{href}: {breadcrumb}");
        let previous = attributes(&page, ".pager a[rel=prev]", "href");
        let next = attributes(&page, ".pager a[rel=next]", "href");
        assert_eq!(previous, sections[..position].last().cloned().into_iter().collect::<Vec<_>>(), "{href}");
        assert_eq!(next, sections.get(position + 1).cloned().into_iter().collect::<Vec<_>>(), "{href}");
    }
}
