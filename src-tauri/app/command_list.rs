//! The app's commands are named in four places that must agree: the invoke handler (lib.rs),
//! the permissions tauri-build generates (build.rs), the window's capability
//! (src-tauri/capabilities/main.json) and the UI's one typed function per command (ui/src/api.ts).
//! Each has its own syntax and its own tool, so instead of generating three from one, this test
//! reads all four and says exactly which command one of them lacks.

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    fn read(path: &str) -> String {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
    }

    /// The text between `start` and the next `end`.
    fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
        let rest = text.split_once(start).map(|(_, rest)| rest).unwrap_or_else(|| panic!("'{start}' not found"));
        rest.split_once(end).map_or(rest, |(inside, _)| inside)
    }

    /// Every "quoted" string in `text`.
    fn quoted(text: &str) -> Vec<String> {
        text.split('"').skip(1).step_by(2).map(str::to_string).collect()
    }

    /// The names as a set, refusing a name listed twice.
    fn unique(list: &str, names: Vec<String>) -> BTreeSet<String> {
        let mut set = BTreeSet::new();
        for name in names {
            assert!(set.insert(name.clone()), "{list} names `{name}` twice");
        }
        set
    }

    #[test]
    fn every_command_is_named_in_the_handler_the_permissions_the_capability_and_the_ui() {
        let lib = read("src-tauri/app/lib.rs");
        let handler = between(&lib, "generate_handler![", "]")
            .split(',')
            .map(|path| path.trim().rsplit("::").next().unwrap_or_default().to_string())
            .filter(|name| !name.is_empty())
            .collect();
        let handler = unique("lib.rs (generate_handler!)", handler);
        assert!(handler.len() > 50, "found only {} commands in lib.rs: wrong parse?", handler.len());

        let build = unique("build.rs", quoted(between(&read("src-tauri/app/build.rs"), "let commands = &[", "];")));
        let capability = unique(
            "capabilities/main.json",
            quoted(&read("src-tauri/capabilities/main.json"))
                .into_iter()
                .filter_map(|permission| permission.strip_prefix("allow-").map(|name| name.replace('-', "_")))
                .collect(),
        );
        let api = read("ui/src/api.ts");
        let ui = unique(
            "ui/src/api.ts",
            api.split("call<").skip(1).filter_map(|call| quoted(call).into_iter().next()).filter(|name| !name.is_empty()).collect(),
        );

        for (list, names) in [("build.rs", &build), ("capabilities/main.json", &capability), ("ui/src/api.ts", &ui)] {
            let missing: Vec<&String> = handler.difference(names).collect();
            let extra: Vec<&String> = names.difference(&handler).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{list}: lacks {missing:?}, names commands the handler does not have {extra:?}"
            );
        }
    }
}
