//! End-to-end test support: serves the built `dist/` on a free loopback port (optionally under a
//! sub-path), starts ChromeDriver with headless Chromium, and offers the few page operations the
//! tests need, including setting a file on the real `<input type="file">`.
//!
//! Nothing here is shared with the app; it only drives the built site from outside. The browser
//! benchmark (`benches/browser.rs`) drives the site with this same module.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// How long to wait for the page to reach an expected state.
pub const WAIT: Duration = Duration::from_secs(20);

/// The built site: `PARKCHECK_DIST` if set, else `dist/` (built with trunk once if missing).
pub fn dist_dir() -> &'static Path {
    static DIST: OnceLock<PathBuf> = OnceLock::new();
    DIST.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dist = std::env::var_os("PARKCHECK_DIST")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("dist"));
        if !dist.join("index.html").is_file() {
            let status = Command::new("trunk")
                .args(["build", "--release"])
                .current_dir(&root)
                .status()
                .expect("trunk must be installed to build dist/ (run ./dev test)");
            assert!(status.success(), "trunk build --release failed");
        }
        dist
    })
}

/// A path under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A static file server on 127.0.0.1: `dist/` under a prefix, optionally with more directories
/// under their own prefixes (the browser benchmark adds its bench-only page and data this way).
pub struct Site {
    pub base_url: String,
    /// While false, connections are dropped unanswered, like a network that is down.
    online: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The directories served by prefix (a new deployment replaces the first).
    mounts: std::sync::Arc<std::sync::Mutex<Vec<(String, PathBuf)>>>,
}

impl Site {
    /// Serves `dist/` mounted at `prefix` (e.g. `/` or `/parkcheck/`).
    pub fn serve(prefix: &str) -> Site {
        Site::serve_dirs(&[(prefix, dist_dir())])
    }

    /// Serves each directory under its URL prefix (the longest matching prefix wins); the base
    /// URL is that of the first.
    pub fn serve_dirs(mounts: &[(&str, &Path)]) -> Site {
        let mounts: Vec<(String, PathBuf)> = mounts
            .iter()
            .map(|(prefix, dir)| {
                assert!(
                    prefix.starts_with('/') && prefix.ends_with('/'),
                    "prefix must look like /x/"
                );
                (prefix.to_string(), dir.to_path_buf())
            })
            .collect();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("local addr").port();
        let base_url = format!("http://127.0.0.1:{port}{}", mounts[0].0);
        let mounts = std::sync::Arc::new(std::sync::Mutex::new(mounts));
        let served = mounts.clone();
        let online = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let serving = online.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if !serving.load(std::sync::atomic::Ordering::SeqCst) {
                    drop(stream);
                    continue;
                }
                let mounts = served.lock().map(|m| m.clone()).unwrap_or_default();
                std::thread::spawn(move || serve_one(stream, &mounts));
            }
        });
        Site {
            base_url,
            online,
            mounts,
        }
    }

    /// Serves another build from now on, as a deployment would.
    pub fn deploy(&self, dir: &Path) {
        if let Ok(mut mounts) = self.mounts.lock()
            && let Some(first) = mounts.first_mut()
        {
            first.1 = dir.to_path_buf();
        }
    }

    /// Takes the site off the network (or back on).
    pub fn set_online(&self, online: bool) {
        self.online
            .store(online, std::sync::atomic::Ordering::SeqCst);
    }
}

fn serve_one(mut stream: TcpStream, mounts: &[(String, PathBuf)]) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Drain the headers; the bodies of GET requests are empty.
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
        line.clear();
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mount = mounts
        .iter()
        .filter(|(prefix, _)| path.starts_with(prefix.as_str()))
        .max_by_key(|(prefix, _)| prefix.len());
    let response = match mount.map(|(prefix, root)| (&path[prefix.len()..], root)) {
        Some((rest, root)) if !rest.contains("..") => {
            let rest = if rest.is_empty() { "index.html" } else { rest };
            let file = root.join(rest);
            match std::fs::read(&file) {
                Ok(body) => Some((content_type(&file), body)),
                Err(_) => None,
            }
        }
        _ => None,
    };
    let _ = match response {
        Some((kind, body)) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                body.len()
            );
            stream
                .write_all(head.as_bytes())
                .and_then(|_| stream.write_all(&body))
        }
        None => stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    };
    let _ = stream.flush();
    let _ = stream.read(&mut [0u8; 0]);
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" | "webmanifest" => "application/json",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// ChromeDriver plus one headless Chromium session. Dropping it ends both.
pub struct Browser {
    pub client: Client,
    driver: Child,
}

impl Browser {
    pub async fn start() -> Browser {
        let port = free_port();
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {chromedriver} (run ./dev test to install it): {e}"));
        wait_for_port(port);
        let profile =
            std::env::temp_dir().join(format!("parkcheck-e2e-{}-{port}", std::process::id()));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }),
        );
        let client = ClientBuilder::rustls()
            .expect("tls connector")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("connect to chromedriver");
        Browser { client, driver }
    }

    /// Serves `dist/` under `prefix`, starts a browser and opens the app there.
    pub async fn open_app(prefix: &str) -> Browser {
        let site = Site::serve(prefix);
        let browser = Browser::start().await;
        browser.open(&site.base_url).await;
        browser
    }

    /// Clicks the element matching `css`, after waiting for it.
    pub async fn click(&self, css: &str) {
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Opens `url` and waits for the app to mount (the start screen's sample button).
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
        self.wait_for("#try-sample").await;
    }

    /// Waits until an element matching `css` exists and returns it.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("element {css} did not appear: {e}"))
    }

    /// The text of the first element matching `css`, after waiting for it.
    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.expect("element text")
    }

    /// Waits until the text of `css` contains `needle`.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{css} never contained {needle:?}; last text: {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sets a file on the page's real `<input type="file">`, as a user choosing it would.
    pub async fn choose_file(&self, path: &Path) {
        self.choose_file_on("#file-input", path).await;
    }

    /// Sets a file on the file input matching `css`.
    pub async fn choose_file_on(&self, css: &str, path: &Path) {
        let input = self.wait_for(css).await;
        let path = path.canonicalize().expect("fixture path");
        input
            .send_keys(&path.to_string_lossy())
            .await
            .expect("set file on input");
    }

    /// Runs JavaScript in the page and returns its JSON result.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .expect("execute script")
    }

    /// Runs asynchronous JavaScript; the script calls `arguments[0](result)` when done.
    pub async fn js_async(&self, script: &str) -> serde_json::Value {
        self.client
            .execute_async(script, vec![])
            .await
            .expect("execute async script")
    }

    /// Saves a screenshot of the page to `target/screenshots/<name>.png` for a human to look at.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not start on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
