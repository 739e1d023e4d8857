//! The files the pages load, compiled into the binary.
//!
//! Requests name an asset by its path under `assets/`; the path is looked up in [`ASSETS`] by exact
//! match, so no request can reach the file system, and nothing needs building beyond `cargo build`.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::ApiError;

/// One embedded file.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// Its path under `assets/`, with `/` separators.
    pub path: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(Asset {
            path: $path,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/", $path)),
        }),*]
    };
}

/// Every asset. A test checks that this list and the `assets/` directory agree.
pub const ASSETS: &[Asset] = embed!(
    "favicon.svg",
    "style.css",
    "lib/api.js",
    "lib/dom.js",
    "lib/runform.js",
    "lib/svg.js",
    "lib/theatre.js",
    "pages/chronicle.js",
    "pages/common.js",
    "pages/map.js",
    "pages/play.js",
    "pages/what-if.js",
    "pages/sources.js",
);

/// The asset at `path`, if there is one.
pub fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

/// The media type of an asset, by its extension.
pub fn media_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("html") => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET /assets/{*path}`.
pub async fn get(Path(path): Path<String>) -> Result<Response, ApiError> {
    let asset =
        find(&path).ok_or_else(|| ApiError::not_found(format!("no asset is called `{path}`")))?;
    Ok((
        [
            (header::CONTENT_TYPE, media_type(asset.path)),
            // Assets change with the binary; revalidating keeps a new build's pages consistent.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        asset.bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &std::path::Path, prefix: &str, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            let path = format!("{prefix}{name}");
            if entry.file_type().unwrap().is_dir() {
                files(&entry.path(), &format!("{path}/"), out);
            } else {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_file_of_the_directory_is_embedded_and_nothing_else() {
        let mut on_disk = Vec::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        files(&dir, "", &mut on_disk);
        on_disk.sort();
        let mut embedded: Vec<String> = ASSETS.iter().map(|a| a.path.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn no_asset_names_another_host() {
        // The app works offline: nothing it loads may point at another host.
        for a in ASSETS {
            let text = String::from_utf8_lossy(a.bytes);
            for bad in ["http://", "https://", "//cdn", "@import url("] {
                let hits: Vec<_> = text
                    .match_indices(bad)
                    // The SVG namespace is a name, not a place anything is loaded from.
                    .filter(|(i, _)| !text[*i..].starts_with("http://www.w3.org/2000/svg"))
                    .collect();
                assert!(hits.is_empty(), "{} names `{bad}`", a.path);
            }
        }
    }
}
