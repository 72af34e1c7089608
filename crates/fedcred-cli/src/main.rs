//! `fedcred`: the command line over fedcred-core.

use clap::Parser;

/// Build Microsoft Entra federated identity credentials and explain why a token does or does not
/// match them. Everything runs locally; nothing is sent anywhere.
#[derive(Debug, Parser)]
#[command(name = "fedcred", version = fedcred_core::VERSION, about, long_about = None)]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
}
