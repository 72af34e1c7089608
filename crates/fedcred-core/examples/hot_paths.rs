//! Runs one of the core's hot paths many times, for instruction counts that do not depend on how
//! busy the machine is (wall-clock benches do):
//!
//! ```sh
//! cargo build --profile bench -p fedcred-core --example hot_paths   # the bench's settings
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/hot_paths explain 200
//! ```
//!
//! Subtract a run of `none 200` (the setup) from what valgrind reports, and divide by the count.
//! Paths: `decode`, `import`, `explain`, `build`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

use std::hint::black_box;
use std::process::ExitCode;

use fedcred_core::explain::{Input, explain};
use fedcred_core::import::import;
use fedcred_core::platforms::github::{Entity, GitHubInput};
use fedcred_core::platforms::{Common, Platform, build_set};
use fedcred_core::snippets::{Context, render_all};
use fedcred_core::target::Target;
use fedcred_core::token::decode_unverified;

#[path = "../benches/common/mod.rs"]
mod common;

use common::{NOW, token, twenty_credentials};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_default();
    let Some(count) = args.next().and_then(|n| n.parse::<u32>().ok()) else {
        eprintln!("usage: hot_paths none|decode|import|explain|build COUNT");
        return ExitCode::from(2);
    };
    let token = token();
    let fics = twenty_credentials();
    let imported = import(&fics);
    let platform = Platform::GitHub(GitHubInput {
        repo: "contoso/payments-api".into(),
        entity: Entity::Environment("production".into()),
        ..Default::default()
    });
    let target = Target::default();
    for _ in 0..count {
        match path.as_str() {
            "none" => {}
            "decode" => drop(black_box(decode_unverified(black_box(&token)))),
            "import" => drop(black_box(import(black_box(&fics)))),
            "explain" => drop(black_box(explain(Input {
                token: Some(black_box(&token)),
                credentials: Some(&imported),
                now: NOW,
                ..Default::default()
            }))),
            "build" => {
                let built = build_set(std::slice::from_ref(&platform), &Common::default());
                drop(black_box(render_all(Context {
                    platform: &platform,
                    credentials: &built.credentials,
                    target: &target,
                })));
            }
            other => {
                eprintln!("unknown path {other:?}: none, decode, import, explain or build");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
