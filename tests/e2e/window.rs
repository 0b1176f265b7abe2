//! The e2e tests' hands on the window: starting the app under tauri-driver, finding, typing,
//! clicking, screenshots, axe, the OS's file dialogs, and the common first steps.

use crate::support;
use chrono::Local;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) const WAIT: Duration = Duration::from_secs(30);

/// tauri-driver plus the app it starts; stopped with SIGTERM so WebKitWebDriver goes too.
pub(crate) struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole process group: tauri-driver, WebKitWebDriver and the app. A test that
        // failed before closing its session must not leave its app running, or the next test's
        // app would hand over to it (single instance) and never open a window of its own.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.child.wait();
        std::thread::sleep(Duration::from_millis(300));
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
    }
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

pub(crate) fn tauri_driver_path() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cargo"));
    home.join("bin/tauri-driver")
}

pub(crate) fn start_driver(data_dir: &Path, home: &Path) -> Driver {
    start_driver_with(data_dir, home, false)
}

/// `save_dialogs`: exports ask where to go in the OS's save dialog, which the test answers
/// (answer_file_dialog); otherwise they go to the Downloads folder.
pub(crate) fn start_driver_with(data_dir: &Path, home: &Path, save_dialogs: bool) -> Driver {
    let port = free_port();
    let native_port = free_port();
    let root = data_dir.parent().expect("parent");
    let log = std::fs::File::create(root.join("tauri-driver.log")).expect("log");
    // The "printer": a script that keeps a copy of each printed file (there is no CUPS in CI).
    let printed = root.join("printed");
    std::fs::create_dir_all(&printed).expect("printed dir");
    let printer = root.join("print.sh");
    std::fs::write(&printer, format!("#!/bin/sh\ncp \"$1\" '{}'/\n", printed.display())).expect("print script");
    Command::new("chmod").arg("+x").arg(&printer).status().expect("chmod");
    let mut command = Command::new(tauri_driver_path());
    if !save_dialogs {
        // Exports go to the Downloads folder instead of asking.
        command.env("KLACHTBALIE_NO_DIALOG", "1");
    }
    let child = command
        .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
        .env("KLACHTBALIE_DATA_DIR", data_dir)
        .env("KLACHTBALIE_NO_VIEWER", "1")
        .env("KLACHTBALIE_PRINT_COMMAND", &printer)
        .env("HOME", home)
        .stdout(Stdio::null())
        .stderr(log)
        .process_group(0)
        .spawn()
        .expect("tauri-driver must be installed (scripts/setup.sh does: cargo install tauri-driver)");
    let deadline = Instant::now() + WAIT;
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "tauri-driver did not listen on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver { child, port }
}

pub(crate) async fn connect(driver: &Driver) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("wry"));
    // The program under test: the one cargo built, or the installed one (scripts/test-installer.sh).
    let application = std::env::var("KLACHTBALIE_APP_BINARY").unwrap_or_else(|_| env!("CARGO_BIN_EXE_klachtbalie").to_string());
    capabilities.insert("tauri:options".into(), json!({ "application": application }));
    // tauri-driver listens before WebKitWebDriver behind it is ready; on a busy 2-core machine
    // the first session request can be cut off. Try again a few times before giving up.
    let mut attempt = 1;
    loop {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
        {
            Ok(client) => return client,
            Err(error) if attempt < 5 => {
                eprintln!("WebDriver session attempt {attempt} failed ({error}); trying again");
                attempt += 1;
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            Err(error) => panic!("WebDriver session with the app: {error}"),
        }
    }
}

fn screenshots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

/// A wait that failed: saves what the window showed at that moment (a screenshot and the
/// page's HTML, named after the test) and fails the test, naming both files, so a failure in
/// CI can be looked at instead of guessed at.
pub(crate) async fn give_up(client: &Client, problem: String) -> ! {
    static FAILURES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let test = std::thread::current().name().unwrap_or("e2e").replace("::", "-");
    let number = FAILURES.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
    let base = screenshots_dir().join(format!("failure-{test}-{number}"));
    let png = base.with_extension("png");
    let html = base.with_extension("html");
    let saved_png = match client.screenshot().await {
        Ok(bytes) => std::fs::write(&png, bytes).is_ok(),
        Err(_) => false,
    };
    let saved_html = match client.source().await {
        Ok(source) => std::fs::write(&html, source).is_ok(),
        Err(_) => false,
    };
    let seen = match (saved_png, saved_html) {
        (true, true) => format!("what the window showed: {} and {}", png.display(), html.display()),
        (true, false) => format!("what the window showed: {} (no page source)", png.display()),
        (false, true) => format!("the page source: {} (no screenshot)", html.display()),
        (false, false) => "the window could not be captured".to_string(),
    };
    panic!("{problem}\n({seen})")
}

pub(crate) async fn find(client: &Client, css: &str) -> fantoccini::elements::Element {
    match client.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
        Ok(element) => element,
        Err(error) => give_up(client, format!("{css} did not appear: {error}")).await,
    }
}

/// Waits until the element's text contains `needle`; returns the text.
pub(crate) async fn wait_for_text(client: &Client, css: &str, needle: &str) -> String {
    let deadline = Instant::now() + WAIT;
    let mut last = None;
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            if let Ok(text) = element.text().await {
                if text.contains(needle) {
                    return text;
                }
                last = Some(text);
            }
        }
        if Instant::now() > deadline {
            let problem = match last {
                Some(text) => format!("{css} never contained {needle:?}; last text: {text:?}"),
                None => format!("{css} never appeared (waiting for {needle:?})"),
            };
            give_up(client, problem).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(crate) async fn type_into(client: &Client, css: &str, text: &str) {
    // As `click`: a screen that renders again (after an asynchronous load) can replace the
    // field between finding and typing; find it again, as a user would look again.
    for _ in 0..3 {
        let element = find(client, css).await;
        let typed = match element.clear().await {
            Ok(()) => element.send_keys(text).await,
            Err(error) => Err(error),
        };
        match typed {
            Ok(()) => return,
            Err(error) if format!("{error:?}").contains("StaleElementReference") => tokio::time::sleep(Duration::from_millis(200)).await,
            Err(error) => give_up(client, format!("type into {css}: {error}")).await,
        }
    }
    give_up(client, format!("{css} kept being replaced")).await
}

/// Date inputs differ per WebKit version when typed into; set them as the page would.
pub(crate) async fn set_value(client: &Client, css: &str, value: &str) {
    client
        .execute(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![json!(css), json!(value)],
        )
        .await
        .expect("set value");
}

pub(crate) async fn value_of(client: &Client, css: &str) -> String {
    // A screen that renders again can replace the element between finding and reading it:
    // look again, as `click` does.
    for _ in 0..3 {
        match find(client, css).await.prop("value").await {
            Ok(value) => return value.unwrap_or_default(),
            Err(error) if format!("{error:?}").contains("StaleElementReference") => tokio::time::sleep(Duration::from_millis(200)).await,
            Err(error) => give_up(client, format!("value of {css}: {error}")).await,
        }
    }
    give_up(client, format!("{css} kept being replaced")).await
}

pub(crate) async fn click(client: &Client, css: &str) {
    // A screen that renders again (after an asynchronous load) can replace the element between
    // finding and clicking it: find it again, as a user would look again.
    let mut attempt = 1;
    loop {
        let element = find(client, css).await;
        // WebKitWebDriver may miss an element at the very edge of the viewport: scroll it to
        // the middle first, as a user would.
        let scrolled =
            client.execute("arguments[0].scrollIntoView({block: 'center'});", vec![serde_json::to_value(&element).expect("element")]).await;
        let clicked = match scrolled {
            Ok(_) => element.click().await.map(|_| ()),
            Err(error) => Err(error),
        };
        match clicked {
            Ok(()) => return,
            Err(error) if attempt < 3 && format!("{error:?}").contains("StaleElementReference") => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(error) => give_up(client, format!("click {css}: {error}")).await,
        }
    }
}

pub(crate) async fn screenshot(client: &Client, name: &str) {
    let dir = screenshots_dir();
    // WebKitWebDriver can hand back the previous frame; let the page paint first.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
}

/// WCAG 2.1 A/AA as axe-core checks it, on the screen as it is now: the engine is
/// handed over as the WebDriver script (the CSP keeps anything else from running it, and it is
/// never in the shipped bundle). Each screen's count goes to target/e2e-screenshots/axe.txt; any
/// violation fails the test with the rule and the elements.
pub(crate) async fn axe(client: &Client, screen: &str) {
    let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js"))
        .expect("axe-core (npm ci installs it for the tests)");
    // Let the screen finish rendering (an asynchronous load) before judging it.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let loaded = client.execute("return typeof window.axe !== 'undefined';", vec![]).await.expect("probe");
    if loaded != json!(true) {
        client.execute(&source, vec![]).await.expect("load axe-core");
    }
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
               .then((r) => done(r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 6).join(', ')}`)))
               .catch((e) => done([`axe failed: ${e}`]));",
            vec![],
        )
        .await
        .expect("axe.run");
    let mut violations: Vec<String> = serde_json::from_value(result).expect("a list");
    // Stricter than axe's duplicate-id-aria (which looks only at ids that ARIA refers to): a
    // label's `for` and every getElementById must find one element, so no id appears twice.
    let duplicates = client
        .execute(
            "const seen = new Map();
             for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) || 0) + 1);
             return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n}x)`);",
            vec![],
        )
        .await
        .expect("ids");
    let duplicates: Vec<String> = serde_json::from_value(duplicates).expect("a list");
    if !duplicates.is_empty() {
        violations.push(format!("duplicate ids: {}", duplicates.join(", ")));
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
    std::fs::create_dir_all(&dir).expect("mkdir");
    // One report per run of the tests.
    static FRESH_REPORT: std::sync::Once = std::sync::Once::new();
    FRESH_REPORT.call_once(|| drop(std::fs::remove_file(dir.join("axe.txt"))));
    let line = format!("{screen}: {} violations{}\n", violations.len(), violations.iter().map(|v| format!("\n  {v}")).collect::<String>());
    use std::io::Write;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("axe.txt"))
        .and_then(|mut f| f.write_all(line.as_bytes()))
        .expect("report");
    assert!(violations.is_empty(), "axe (WCAG 2.1 A/AA) on {screen}:\n{}", violations.join("\n"));
}

/// The first start in the window: fills in the first account (once wrongly), reads the
/// recovery key, saves it as PDF and checks the sheet, confirms, and signs out again.
pub(crate) async fn set_up_through_the_window(client: &Client, data_dir: &Path, home: &Path) -> String {
    let client = client.clone();
    // First start: municipality defaults are filled in; create the first account.
    find(&client, "#setup-form").await;
    assert_eq!(value_of(&client, "#f-municipality_name").await, "Gemeente Diemen");
    axe(&client, "Eerste start").await;
    type_into(&client, "#f-admin_display_name", "Fatima el Amrani").await;
    type_into(&client, "#f-admin_username", "beheer").await;
    type_into(&client, "#f-admin_password", "een lang wachtwoord").await;
    type_into(&client, "#f-admin_password_repeat", "een ander wachtwoord").await;
    click(&client, "#setup-submit").await;
    wait_for_text(&client, "[data-field=admin_password_repeat] .utrecht-form-field-error-message", "niet gelijk").await;
    axe(&client, "Eerste start, met fouten").await;
    assert_eq!(value_of(&client, "#f-admin_display_name").await, "Fatima el Amrani", "typed text kept");
    type_into(&client, "#f-admin_password_repeat", "een lang wachtwoord").await;
    click(&client, "#setup-submit").await;

    // The recovery key is shown once, and can be saved as a PDF outside the data folder.
    let recovery_key = wait_for_text(&client, "#recovery-key", "-").await;
    assert_eq!(recovery_key.trim().split('-').count(), 17, "{recovery_key}");
    screenshot(&client, "01-recovery-key").await;
    axe(&client, "Herstelsleutel").await;
    assert!(data_dir.join("klachtbalie.db").exists(), "encrypted database created");
    click(&client, "#recovery-save").await;
    let saved = wait_for_text(&client, "#recovery-save-result", "opgeslagen").await;
    let sheet_path =
        saved.split(" in ").nth(1).and_then(|rest| rest.split(".pdf").next()).map(|p| format!("{p}.pdf")).expect("path in message");
    assert!(sheet_path.starts_with(home.to_str().expect("utf-8")), "saved under the user's folders, not the data folder: {sheet_path}");
    let sheet = support::pdf_text(&std::fs::read(&sheet_path).expect("recovery sheet"));
    let sheet_compact: String = sheet.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(sheet_compact.contains(recovery_key.trim()), "the sheet holds the key:\n{sheet}");
    assert!(
        find(&client, "#recovery-continue").await.attr("disabled").await.expect("attr").is_some(),
        "continue waits for the confirmation"
    );
    click(&client, "#recovery-confirm").await;
    click(&client, "#recovery-continue").await;
    // Setting up signed the new Beheerder in; sign out to prove the log-in.
    wait_for_text(&client, "#current-user", "Fatima el Amrani").await;
    click(&client, "#logout").await;

    recovery_key.trim().to_string()
}

pub(crate) const ORG_CHART: &str = include_str!("../fixtures/organogram-voorbeeld.json");

/// A new data folder and home, tauri-driver, and a WebDriver session with the app in it. The
/// folder holds `data/` and `home/`; keep it alive for the test.
pub(crate) async fn fresh_app() -> (tempfile::TempDir, Driver, Client) {
    let root = tempfile::tempdir().expect("tempdir");
    let (data_dir, home) = (root.path().join("data"), root.path().join("home"));
    std::fs::create_dir_all(&home).expect("home");
    let driver = start_driver(&data_dir, &home);
    let client = connect(&driver).await;
    (root, driver, client)
}

/// Answers the OS's own file dialog (GTK, opened by tauri-plugin-dialog) as a user would: waits
/// for the window with `title`, types the file's full path and presses Enter. xdotool sends
/// real key presses through the X server (XTEST), as a keyboard would.
pub(crate) async fn answer_file_dialog(title: &str, path: &Path) {
    focused_file_dialog(title).await;
    // Ctrl+L opens the location field (open dialog) or selects the name (save dialog): either
    // way the typed path replaces what is there.
    xdotool(&["key", "--clearmodifiers", "ctrl+l", "ctrl+a"]);
    xdotool(&["type", "--delay", "15", path.to_str().expect("utf-8")]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    xdotool(&["key", "--clearmodifiers", "Return"]);
    file_dialog_closed(title).await;
}

/// Closes the OS's file dialog titled `title` with Escape, as a user who changed their mind.
pub(crate) async fn cancel_file_dialog(title: &str) {
    focused_file_dialog(title).await;
    xdotool(&["key", "--clearmodifiers", "Escape"]);
    file_dialog_closed(title).await;
}

fn xdotool(args: &[&str]) -> String {
    let output = Command::new("xdotool").args(args).output().expect("xdotool must be installed (scripts/setup.sh installs it)");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Waits for the dialog's window and gives it the keyboard focus.
async fn focused_file_dialog(title: &str) {
    let deadline = Instant::now() + WAIT;
    let window = loop {
        let found = xdotool(&["search", "--onlyvisible", "--name", &format!("^{title}$")]);
        if let Some(window) = found.lines().next() {
            break window.to_string();
        }
        assert!(Instant::now() < deadline, "the file dialog {title:?} did not open");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // Let the dialog finish drawing before typing into it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    // A picture of the dialog to look at, where xwd and netpbm are installed (WebDriver's
    // screenshot shows the web page only); not part of what the test checks.
    let picture = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/e2e-screenshots/dialog-{title}.png"));
    let _ = Command::new("sh")
        .args(["-c", "command -v xwd >/dev/null && xwd -root | xwdtopnm 2>/dev/null | pnmtopng > \"$0\"", picture.to_str().expect("utf-8")])
        .status();
    xdotool(&["windowfocus", "--sync", &window]);
}

async fn file_dialog_closed(title: &str) {
    let deadline = Instant::now() + WAIT;
    while !xdotool(&["search", "--onlyvisible", "--name", &format!("^{title}$")]).is_empty() {
        assert!(Instant::now() < deadline, "the file dialog {title:?} stayed open");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Chooses `path` with the chooser button `css` (the OS's open dialog titled `title`).
pub(crate) async fn choose_file(client: &Client, css: &str, title: &str, path: &Path) {
    find(client, css).await;
    // The same name may have been chosen before: wait for this choice, not the last one.
    client.execute("document.querySelector(arguments[0]).textContent = '';", vec![json!(format!("{css}-chosen"))]).await.expect("clear");
    click(client, css).await;
    answer_file_dialog(title, path).await;
    let name = path.file_name().and_then(|name| name.to_str()).expect("name");
    wait_for_text(client, &format!("{css}-chosen"), name).await;
}

/// First start, then the Beheerder signs in and imports the example chart.
pub(crate) async fn set_up_with_chart(client: &Client, data_dir: &Path, home: &Path) {
    set_up_through_the_window(client, data_dir, home).await;
    log_in(client, "beheer", "een lang wachtwoord").await;
    wait_for_text(client, "#current-user", "Fatima el Amrani").await;
    import_org_chart(client).await;
}

/// Organisatie -> paste the example chart -> import; first a wrong one, which changes nothing.
pub(crate) async fn import_org_chart(client: &Client) {
    click(client, "#nav-organisation").await;
    find(client, "#f-org_json").await;
    set_value(client, "#f-org_json", r#"{"departments": [{"id": "bz", "name": "Burgerzaken"}], "officials": []}"#).await;
    click(client, "#org-import").await;
    wait_for_text(client, "#import-problems", "heeft geen manager").await;
    set_value(client, "#f-org_json", ORG_CHART).await;
    click(client, "#org-import").await;
    wait_for_text(client, "#org-officials", "Anna de Boer").await;
    wait_for_text(client, "#org-officials", "afdelingsmanager van Burgerzaken").await;
}

pub(crate) async fn log_in(client: &Client, username: &str, password: &str) {
    find(client, "#login-form").await;
    type_into(client, "#f-username", username).await;
    type_into(client, "#f-password", password).await;
    click(client, "#login-submit").await;
}

/// A new account's first log-in: the temporary password must be replaced first.
pub(crate) async fn first_log_in(client: &Client, username: &str, display_name: &str) {
    log_in(client, username, "tijdelijk wachtwoord").await;
    wait_for_text(client, "main", "Kies een eigen wachtwoord").await;
    type_into(client, "#f-current_password", "tijdelijk wachtwoord").await;
    type_into(client, "#f-new_password", "mijn eigen wachtwoord").await;
    type_into(client, "#f-new_password_repeat", "mijn eigen wachtwoord").await;
    click(client, "#password-submit").await;
    wait_for_text(client, "#current-user", display_name).await;
}

pub(crate) async fn create_user(client: &Client, username: &str, display_name: &str, role: &str, official: &str) {
    click(client, "#user-new").await;
    find(client, "#user-form").await;
    axe(client, "Gebruiker toevoegen").await;
    type_into(client, "#user-form #f-username", username).await;
    type_into(client, "#user-form #f-display_name", display_name).await;
    type_into(client, "#user-form #f-job_title", "medewerker").await;
    find(client, "#user-form #f-official_id").await.select_by_value(official).await.expect("official");
    click(client, &format!("#f-roles-{role}")).await;
    type_into(client, "#user-form #f-password", "tijdelijk wachtwoord").await;
    click(client, "#user-submit").await;
    wait_for_text(client, &format!("tr[data-user='{username}']"), "moet wachtwoord kiezen").await;
}

/// What has the keyboard focus, as "TAG#id: text" (the text's first 40 characters).
pub(crate) async fn focused(client: &Client) -> String {
    let script = "const e = document.activeElement; return `${e.tagName}#${e.id}: ${(e.textContent || '').trim().slice(0, 40)}`;";
    client.execute(script, vec![]).await.expect("the focused element").as_str().unwrap_or_default().to_string()
}

/// A telephone complaint about a department's service, registered through the intake form.
pub(crate) async fn register_by_phone(client: &Client, name: &str, department: &str, number: u32) -> String {
    click(client, "#nav-intake").await;
    find(client, "#intake-form").await;
    // WCAG 2.4.3: after the menu click the KCC can type at once, in the form's first field.
    let first_field = client
        .execute("return document.querySelector('#intake-form').querySelector('input:not([type=hidden]), select, textarea').id;", vec![])
        .await
        .expect("first field");
    let now = focused(client).await;
    let focused_id = now.split(':').next().unwrap_or_default();
    assert!(focused_id.ends_with(&format!("#{}", first_field.as_str().unwrap_or_default())), "{now}");
    find(client, "#f-channel").await.select_by_value("telefoon").await.expect("channel");
    type_into(client, "#f-complainant_name", name).await;
    type_into(client, "#f-phone", "06 12345678").await;
    find(client, "#f-complaint_type").await.select_by_value("dienstverlening").await.expect("type");
    find(client, "#f-department_id").await.select_by_value(department).await.expect("department");
    type_into(client, "#f-description", "Ik ben niet teruggebeld over mijn melding.").await;
    click(client, "#intake-submit").await;
    // The result panel of the previous complaint stays until this one is saved.
    let expected = format!("KL-{}-{number:04}", Local::now().date_naive().format("%Y"));
    wait_for_text(client, "#registered-reference", &expected).await;
    expected
}

/// A time later today for a hearing whose report is written at once (a time already past
/// today is refused): "23:59", after waiting out the last minutes of a day if need be.
pub(crate) fn later_today() -> String {
    let now = Local::now().time();
    let last = chrono::NaiveTime::from_hms_opt(23, 58, 0).expect("time");
    if now >= last {
        std::thread::sleep(
            (chrono::NaiveTime::from_hms_opt(23, 59, 59).expect("time") - now).to_std().unwrap_or_default()
                + std::time::Duration::from_secs(2),
        );
    }
    "23:59".into()
}

/// The search over all complaints from the header (issue 28): Ctrl+K puts the cursor in its
/// box on any screen; `text` and Enter list what it found, which must show `expected`.
pub(crate) async fn search_all(client: &Client, text: &str, expected: &str) -> String {
    use fantoccini::key::Key;
    let keys = format!("{}k{}", char::from(Key::Control), char::from(Key::Control));
    client.active_element().await.expect("focus").send_keys(&keys).await.expect("Ctrl+K");
    let now = focused(client).await;
    assert!(now.starts_with("INPUT#search-all"), "Ctrl+K puts the cursor in the search box: {now}");
    client.active_element().await.expect("focus").send_keys(&format!("{text}{}", char::from(Key::Enter))).await.expect("search");
    wait_for_text(client, "#found-table", expected).await
}

/// Opens a step's form in the complaint file.
pub(crate) async fn take_step(client: &Client, step: &str) {
    click(client, &format!("[data-step='{step}']")).await;
    find(client, &format!("#step-{step}")).await;
}

/// Submits the open step form and waits for the complaint's new status.
pub(crate) async fn submit_step(client: &Client, expected_status: &str) {
    click(client, "#step-submit").await;
    wait_for_text(client, "#complaint-status", expected_status).await;
}

pub(crate) fn secret_tool(args: &[&str]) -> std::process::Output {
    Command::new("secret-tool").args(args).output().expect("secret-tool (libsecret-tools) must be installed")
}

/// The command-line tool beside the app's binary. Built by `cargo build -p klachtbalie-cli`
/// (scripts/test.sh builds it with the workspace's tests before the end-to-end step).
pub(crate) fn cli_binary() -> PathBuf {
    let path = Path::new(env!("CARGO_BIN_EXE_klachtbalie")).with_file_name(format!("klachtbalie-cli{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{} is missing: run `cargo build -p klachtbalie-cli` first", path.display());
    path
}

/// Waits (at most `limit` after `since`) until `css` matches (`present`) or no longer does.
pub(crate) async fn changes_within(client: &Client, css: &str, present: bool, since: Instant, limit: Duration) -> Duration {
    loop {
        if client.find(Locator::Css(css)).await.is_ok() == present {
            return since.elapsed();
        }
        if since.elapsed() >= limit {
            give_up(client, format!("{css} did not {} within {limit:?} without a reload", if present { "appear" } else { "go" })).await;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Clicks `css` while a message is shown and the control's lower edge lies under it (its
/// centre free, so WebDriver does not see it covered), without scrolling it to the middle
/// first, as a user clicks what they see. The press focuses the control; the page must not
/// move it away before the release, or the click is lost.
pub(crate) async fn click_partly_under_message(client: &Client, css: &str) {
    let element = find(client, css).await;
    let placed = client
        .execute(
            "const control = document.querySelector(arguments[0]);
             const message = document.querySelector('#toast').getBoundingClientRect();
             const before = control.getBoundingClientRect();
             window.scrollBy(0, before.bottom - (message.top + before.height / 4));
             const after = control.getBoundingClientRect();
             return after.bottom > message.top && after.top + after.height / 2 < message.top
               && after.right > message.left && after.left < message.right;",
            vec![json!(css)],
        )
        .await
        .expect("place the control");
    if placed != json!(true) {
        give_up(client, format!("{css} could not be placed partly under the message")).await;
    }
    if let Err(error) = element.click().await {
        give_up(client, format!("click {css} partly under the message: {error}")).await;
    }
}
