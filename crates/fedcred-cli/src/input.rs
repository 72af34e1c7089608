//! What the commands read: a file, or standard input for `-`.

use std::io::Read;

/// The text of `path` (`-` for standard input), for the error message named `what`.
pub(crate) fn read(path: &str, what: &str) -> Result<String, String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("fedcred: reading the {what} from standard input: {e}"))?;
        Ok(text)
    } else {
        let bytes = std::fs::read(path)
            .map_err(|e| format!("fedcred: reading the {what} from {path}: {e}"))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}
