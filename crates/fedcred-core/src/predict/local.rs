//! Files of the same repository that a pipeline names by path: GitHub's local actions, Azure
//! Pipelines' templates, GitLab's local includes (issue 25). One way to join a path to the file
//! that names it and to find it among the files given; what is not there is recorded, so the
//! caller can read it ([`super::wanted_files`]) or say it is missing.

use super::model::{File, push_unique};
use crate::yaml::Node;

/// The files a repository was read as, parsed once, and what was looked for and not found.
pub(crate) struct Local<'a> {
    files: &'a [(File<'a>, Node)],
    /// What was looked for and is not among the files, in order.
    pub(crate) missing: Vec<Wanted>,
    /// The names of the files found: what another file uses, so not a pipeline of its own.
    pub(crate) used: Vec<String>,
}

impl<'a> Local<'a> {
    pub(crate) fn new(files: &'a [(File<'a>, Node)]) -> Self {
        Local {
            files,
            missing: Vec::new(),
            used: Vec::new(),
        }
    }

    /// The file at `path` from the repository's root (where that is among the names is not
    /// known: the file whose name is `path` or ends with `/path`). A miss is recorded as
    /// [`Wanted::from_root`].
    pub(crate) fn find_from_root(&mut self, path: &str) -> Option<&'a (File<'a>, Node)> {
        let found = find(self.files, path);
        if found.is_none() {
            push_unique(
                &mut self.missing,
                Wanted {
                    path: normalise(path),
                    from_root: true,
                },
            );
        }
        self.record(path, found.as_slice());
        found
    }

    /// The file at `path` (already joined to where it is named from): the file of exactly that
    /// name, else one whose name ends with `/path` (a paste names files loosely). A miss is
    /// recorded in [`Self::missing`].
    pub(crate) fn find(&mut self, path: &str) -> Option<&'a (File<'a>, Node)> {
        let found = find(self.files, path);
        self.record(path, found.as_slice());
        found
    }

    /// Every file a GitLab wildcard path (`*` within a folder, `**` across folders) matches,
    /// in name order. None recorded as missing when nothing matches.
    pub(crate) fn glob(&mut self, pattern: &str) -> Vec<&'a (File<'a>, Node)> {
        let mut found: Vec<&'a (File<'a>, Node)> = self
            .files
            .iter()
            .filter(|(file, _)| {
                let name = normalise(file.name);
                glob_matches(pattern, &name)
                    || name
                        .match_indices('/')
                        .any(|(i, _)| glob_matches(pattern, name.get(i + 1..).unwrap_or_default()))
            })
            .collect();
        found.sort_by(|a, b| a.0.name.cmp(b.0.name));
        self.record(pattern, &found);
        found
    }
}

/// A file a pipeline names that is not among the files given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// Its path: joined to the name of the file that names it (so a path on disk when the
    /// names are), or, when [`Self::from_root`], from the repository's root. A GitLab wildcard
    /// stays a pattern ([`glob_matches`] tells what it takes).
    pub path: String,
    /// Whether `path` is from the repository's root (an Azure Pipelines `/path`), whose folder
    /// the names do not tell.
    pub from_root: bool,
}

impl Local<'_> {
    fn record(&mut self, wanted: &str, found: &[&(File<'_>, Node)]) {
        if found.is_empty()
            && !self
                .missing
                .iter()
                .any(|m| m.from_root && m.path == normalise(wanted))
        {
            push_unique(
                &mut self.missing,
                Wanted {
                    path: wanted.to_owned(),
                    from_root: false,
                },
            );
        }
        for (file, _) in found {
            push_unique(&mut self.used, file.name.to_owned());
        }
    }
}

/// The file named `path` among `files`: exactly, else by the end of its name.
pub(crate) fn find<'a>(files: &'a [(File<'a>, Node)], path: &str) -> Option<&'a (File<'a>, Node)> {
    let wanted = normalise(path);
    let wanted = wanted.trim_start_matches("../");
    files
        .iter()
        .find(|(file, _)| normalise(file.name) == wanted)
        .or_else(|| {
            let tail = format!("/{wanted}");
            files
                .iter()
                .find(|(file, _)| normalise(file.name).ends_with(&tail))
        })
}

/// `path` as named from the file `from`: beside it (`template: deploy.yml` in `ci/a.yml` is
/// `ci/deploy.yml`), or from `root` when it starts with `/`. Normalised.
pub(crate) fn join(from_dir: &str, root: &str, path: &str) -> String {
    let path = path.trim();
    let (base, rest) = match path.strip_prefix('/') {
        Some(rooted) => (root, rooted),
        None => (from_dir, path),
    };
    if base.is_empty() {
        normalise(rest)
    } else {
        normalise(&format!("{base}/{rest}"))
    }
}

/// The folder of a file's name (`""` for a bare file name).
pub(crate) fn dir_of(name: &str) -> String {
    let name = normalise(name);
    match name.rsplit_once('/') {
        Some((dir, _)) => dir.to_owned(),
        None => String::new(),
    }
}

/// A path with `/` separators, without `.` segments, empty segments or `x/..` pairs; a path
/// that climbs above its start keeps its leading `..`, an absolute one its leading `/`.
pub(crate) fn normalise(path: &str) -> String {
    let path = path.replace('\\', "/");
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            part => parts.push(part),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// `text` with each expression between `open` and `close` (`${{ … }}` in Azure Pipelines,
/// `$[[ … ]]` in GitLab) replaced by what `value` gives for its inside, or kept as written.
pub(crate) fn substitute(
    text: &str,
    open: &str,
    close: &str,
    value: impl Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        let (before, after) = rest.split_at(start);
        out.push_str(before);
        let Some(end) = after.find(close) else {
            out.push_str(after);
            return out;
        };
        let (expression, tail) = after.split_at(end + close.len());
        let inner = expression
            .get(open.len()..expression.len().saturating_sub(close.len()))
            .unwrap_or_default();
        match value(inner) {
            Some(v) => out.push_str(&v),
            None => out.push_str(expression),
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Whether `path` matches a GitLab `include:local` wildcard: `*` any characters but `/`, `**`
/// any characters (GitLab docs, "include:local", "Use wildcards": `configs/*.yml` matches the
/// files in `configs`, `configs/**.yml` those in `configs` and its subfolders; read 2026-12-05).
pub fn glob_matches(pattern: &str, path: &str) -> bool {
    glob(normalise(pattern).as_bytes(), normalise(path).as_bytes())
}

fn glob(pattern: &[u8], text: &[u8]) -> bool {
    // Iterative matching that backtracks to the last star, and to the last `**` when a `*`
    // cannot cross a `/`: each retry moves one saved point forward, so it never goes
    // exponential.
    let (mut p, mut t) = (0, 0);
    let mut single: Option<(usize, usize)> = None;
    let mut double: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') if pattern.get(p + 1) == Some(&b'*') => {
                p += 2;
                double = Some((p, t));
                single = None;
            }
            Some(b'*') => {
                p += 1;
                single = Some((p, t));
            }
            Some(c) if Some(c) == text.get(t) => {
                p += 1;
                t += 1;
            }
            _ => {
                if let Some((sp, st)) = single.filter(|(_, st)| text.get(*st) != Some(&b'/')) {
                    single = Some((sp, st + 1));
                    p = sp;
                    t = st + 1;
                } else if let Some((dp, dt)) = double {
                    single = None;
                    double = Some((dp, dt + 1));
                    p = dp;
                    t = dt + 1;
                } else {
                    return false;
                }
            }
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|c| *c == b'*'))
}

#[cfg(test)]
mod tests {
    use super::{dir_of, glob_matches, join, normalise};

    #[test]
    fn paths_are_joined_as_the_ci_systems_name_them() {
        let cases = [
            // (folder of the file that names it, root, path, joined)
            ("ci", "", "templates/deploy.yml", "ci/templates/deploy.yml"),
            ("ci", "", "../templates/deploy.yml", "templates/deploy.yml"),
            (
                "ci/jobs",
                "",
                "/templates/deploy.yml",
                "templates/deploy.yml",
            ),
            (
                "repo/ci",
                "repo",
                "/templates/deploy.yml",
                "repo/templates/deploy.yml",
            ),
            ("", "", "./deploy.yml", "deploy.yml"),
            ("", "", "../../x.yml", "../../x.yml"),
            ("/abs/repo", "/abs/repo", "a\\b.yml", "/abs/repo/a/b.yml"),
        ];
        for (from, root, path, joined) in cases {
            assert_eq!(join(from, root, path), joined, "{from} + {path}");
        }
        assert_eq!(dir_of("./repo/.gitlab-ci.yml"), "repo");
        assert_eq!(dir_of(".gitlab-ci.yml"), "");
        assert_eq!(normalise("/../a"), "/a");
    }

    #[test]
    fn gitlab_wildcards_stay_in_their_folder_unless_doubled() {
        let cases = [
            ("configs/*.yml", "configs/a.yml", true),
            ("configs/*.yml", "configs/sub/a.yml", false),
            ("configs/**.yml", "configs/sub/a.yml", true),
            ("/repo/configs/*.yml", "/repo/configs/a.yml", true),
            ("./configs/*.yml", "configs/a.yml", true),
            ("configs/*.yml", "configs/a.yaml", false),
            ("*.yml", "a.yml", true),
            ("c*/*-ci.yml", "ci/deploy-ci.yml", true),
            ("**", "anything/at/all", true),
            ("**/ci-*.yml", "a/b/ci-x.yml", true),
            ("**/ci-*.yml", "a/ci-x/y.yml", false),
        ];
        for (pattern, path, matches) in cases {
            assert_eq!(glob_matches(pattern, path), matches, "{pattern} ~ {path}");
        }
        // Many stars against a long name that does not match: no blow-up.
        let long = "a".repeat(10_000);
        assert!(!glob_matches("*a*a*a*a*a*a*a*b", &long));
    }
}
