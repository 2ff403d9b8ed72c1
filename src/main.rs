//! The `corroborate` binary: parse arguments, dispatch, map the outcome to an
//! exit status (0 success, 1 the run failed, 2 usage error).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = match corroborate::cli::Cli::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    match corroborate::cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("corroborate: {e:#}");
            ExitCode::from(e.exit_code())
        }
    }
}
