//! `fedcred`: the command line over fedcred-core.
//!
//! Exit codes: 0 success; 2 invalid input (the reason on stderr). `explain` adds 1 for "no match".

mod fic;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Build Microsoft Entra federated identity credentials and explain why a token does or does not
/// match them. Everything runs locally; nothing is sent anywhere.
#[derive(Debug, Parser)]
#[command(name = "fedcred", version = fedcred_core::VERSION, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build federated identity credentials: prints them as JSON (Microsoft Graph's request
    /// body), or a snippet with --format.
    Fic(fic::FicArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Fic(args) => fic::run(args),
    };
    match result {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
