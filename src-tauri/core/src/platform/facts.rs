//! The platform facts a problem report needs (the operating system and its version), written
//! to the log at every start of the app and the CLI so that a report from a desk says them.

/// "Windows 10.0 build 19045", "Debian GNU/Linux 12 (bookworm), kernel 6.1.0", or "macos".
pub fn operating_system() -> String {
    describe()
}

#[cfg(windows)]
fn describe() -> String {
    match super::windows_api::windows_version() {
        // Windows 11 still says 10.0; its builds start at 22000.
        Some((major, minor, build)) => {
            let name = if major == 10 && build >= 22000 { "Windows 11" } else { "Windows" };
            format!("{name} (versie {major}.{minor}, build {build})")
        }
        None => "Windows (versie onbekend)".to_string(),
    }
}

#[cfg(target_os = "linux")]
fn describe() -> String {
    let release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let name = release
        .lines()
        .find_map(|line| line.strip_prefix("PRETTY_NAME="))
        .map(|value| value.trim_matches('"').to_string())
        .unwrap_or_else(|| "Linux".to_string());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!("{name}, kernel {}", kernel.trim())
}

#[cfg(not(any(windows, target_os = "linux")))]
fn describe() -> String {
    std::env::consts::OS.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_operating_system_is_named_with_its_version() {
        let text = super::operating_system();
        #[cfg(windows)]
        assert!(text.starts_with("Windows") && text.contains("build") && !text.contains("onbekend"), "{text}");
        #[cfg(target_os = "linux")]
        assert!(text.contains("kernel ") && text.chars().any(|c| c.is_ascii_digit()), "{text}");
        assert!(!text.is_empty());
    }
}
