//! Command-line arguments: no argument serves the site, `backup PATH` copies the database.

use std::ffi::OsString;
use std::path::PathBuf;

pub const USAGE: &str = "\
usage: planb              serve the site; settings come from the PLANB_* variables
       planb backup PATH  copy the database named by PLANB_DATABASE to the new file PATH,
                          while the server keeps running
       planb help         print this message";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Serve,
    Backup { destination: PathBuf },
    Help,
}

/// Parses the arguments after the program name, returning a message for invalid ones.
pub fn parse(arguments: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let arguments: Vec<OsString> = arguments.into_iter().collect();
    let words: Vec<Option<&str>> = arguments.iter().map(|argument| argument.to_str()).collect();
    match words.as_slice() {
        [] => Ok(Command::Serve),
        [Some("help" | "--help" | "-h")] => Ok(Command::Help),
        [Some("backup"), _] => Ok(Command::Backup { destination: PathBuf::from(&arguments[1]) }),
        [Some("backup")] => Err("planb backup needs the path of the new backup file".to_owned()),
        [Some("backup"), ..] => Err("planb backup takes exactly one path".to_owned()),
        _ => Err(format!("unknown arguments {arguments:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(words: &[&str]) -> Result<Command, String> {
        parse(words.iter().map(OsString::from))
    }

    #[test]
    fn no_arguments_serve() {
        assert_eq!(parse_words(&[]), Ok(Command::Serve));
    }

    #[test]
    fn backup_takes_one_path() {
        assert_eq!(parse_words(&["backup", "/tmp/copy.db"]), Ok(Command::Backup { destination: PathBuf::from("/tmp/copy.db") }));
        assert!(parse_words(&["backup"]).is_err());
        assert!(parse_words(&["backup", "a.db", "b.db"]).is_err());
    }

    #[test]
    fn unknown_command_rejected() {
        let error = parse_words(&["restore", "a.db"]).expect_err("unknown");
        assert!(error.contains("restore"), "{error}");
        assert_eq!(parse_words(&["--help"]), Ok(Command::Help));
    }
}
