//! The `govsearch` command line: parses arguments and dispatches to one
//! file per subcommand in `commands/`.

mod commands;

use clap::Parser;

/// The top-level entry point: exit 0 when something matched (or the command
/// succeeded), 1 when a search found nothing, 2 on an error.
fn main() {
    // A file grown past the size limit (`ulimit -f`) must fail its write
    // with EFBIG, which is reported like a full disk, instead of killing
    // the process with SIGXFSZ before it can say so.
    // SAFETY: setting a signal's disposition to "ignore" has no handler to race.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let cli = commands::Cli::parse_from(commands::protect_exclusions(std::env::args_os()));
    let code = match commands::run(cli) {
        Ok(code) => code,
        Err(err) if commands::is_broken_pipe(&err) => 0,
        Err(err) => {
            eprintln!("govsearch: {err:#}");
            2
        }
    };
    std::process::exit(code);
}
