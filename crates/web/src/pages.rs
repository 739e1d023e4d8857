//! The pages: one shell (header, navigation, an empty `<main>`) around one script module per page.
//!
//! A page is a row of [`PAGES`] and a module `assets/pages/ID.js` that exports nothing and fills
//! `<main>` when loaded. Adding a page is adding both; the navigation, the route and the OpenAPI check
//! follow from the row.

use bianjing_export::escape_markup;

/// One page of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Its URL path.
    pub path: &'static str,
    /// Its script: `assets/pages/{id}.js`.
    pub id: &'static str,
    /// Its name in the navigation and the window title.
    pub title: &'static str,
    /// One line on what it shows, for the navigation's tooltips.
    pub summary: &'static str,
}

/// Every page, in navigation order.
pub const PAGES: &[Page] = &[
    Page {
        path: "/",
        id: "chronicle",
        title: "Chronicle",
        summary: "The recorded events on a time axis, or any run's chronicle",
    },
    Page {
        path: "/map",
        id: "map",
        title: "Map",
        summary: "The theatre and the forces on it, day by day",
    },
    Page {
        path: "/what-if",
        id: "what-if",
        title: "What if?",
        summary: "Run an ensemble of what-ifs and compare them with history",
    },
    Page {
        path: "/sources",
        id: "sources",
        title: "Sources",
        summary: "Every fact of the scenario with its sources and disagreements",
    },
    Page {
        path: "/play",
        id: "play",
        title: "Play",
        summary: "Take the emperor's decisions, day by day, and see where they lead",
    },
];

const SHELL: &str = include_str!("shell.html");

/// The HTML of `page`: the shell with its title, the navigation and its script.
pub fn render(page: &Page) -> String {
    let nav: String = PAGES
        .iter()
        .map(|p| {
            let current = if p == page {
                " aria-current=\"page\""
            } else {
                ""
            };
            format!(
                "<a href=\"{}\" title=\"{}\"{current}>{}</a>",
                escape_markup(p.path),
                escape_markup(p.summary),
                escape_markup(p.title)
            )
        })
        .collect();
    SHELL
        .replace("{{title}}", &escape_markup(page.title))
        .replace("{{id}}", &escape_markup(page.id))
        .replace("{{nav}}", &nav)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_names_itself_current_and_loads_its_script() {
        for page in PAGES {
            let html = render(page);
            assert_eq!(html.matches("aria-current").count(), 1);
            assert!(html.contains(&format!(
                "<a href=\"{}\" title=\"{}\" aria-current=\"page\">",
                page.path,
                escape_markup(page.summary)
            )));
            let script = format!("/assets/pages/{}.js", page.id);
            assert!(html.contains(&script), "{script}");
            assert!(
                crate::assets::find(&script["/assets/".len()..]).is_some(),
                "{script} is not embedded"
            );
            assert!(!html.contains("{{"), "a placeholder is left in {}", page.id);
        }
    }
}
