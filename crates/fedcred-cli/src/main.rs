//! `fedcred`: the command line over fedcred-core.
//!
//! Exit codes: 0 success; 2 invalid input (the reason on stderr). `explain` adds 1 for "no match".

mod audit;
mod explain;
mod fic;
mod fics;
mod input;
mod job;
mod predict;
mod secrets;
mod walk;

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
    Fic(Box<fic::FicArgs>),
    /// Explain why a token (or an AADSTS error) does or does not match the credentials, which
    /// error Entra returns, and the fix. Exit 0 match, 1 no match, 2 invalid input.
    Explain(explain::ExplainArgs),
    /// Print a token's header and claims with explanations (decoded, not verified).
    Decode(explain::DecodeArgs),
    /// Predict from a workflow or pipeline file the subjects each job will present, and the
    /// smallest credential set that accepts exactly those. Exit 0 read, 2 unreadable input.
    Predict(predict::PredictArgs),
    /// Audit a credential set offline: what is wrong or risky per identity and credential, and
    /// the fix; the migrations with --format az|powershell|graph. Exit 0 nothing of warning or
    /// error severity, 1 something, 2 unreadable input.
    Audit(audit::AuditArgs),
    /// The migration from client secrets: per app, its secrets, certificates and federated
    /// credentials, and whether the migration is done, from what az or Graph printed; the removal
    /// scripts with --format az|powershell|graph. Exit 0 nothing left to migrate, 1 secrets remain
    /// or a state is unknown, 2 unreadable input.
    Secrets(secrets::SecretsArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Fic(args) => fic::run(*args).map(|out| (out, 0)),
        // A CI job explaining its own token (--from) is job.rs's; a token or error given, explain.rs's.
        Command::Explain(args) => match args.from {
            Some(from) => job::run(from, &args),
            None => explain::run(args),
        },
        Command::Decode(args) => explain::decode(args),
        Command::Predict(args) => predict::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Secrets(args) => secrets::run(args),
    };
    match result {
        Ok((output, code)) => {
            print!("{output}");
            ExitCode::from(code)
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
