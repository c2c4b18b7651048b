//! What a long scan shows on stderr: a progress bar on a terminal (none when
//! stderr is piped or redirected), `tracing` logs with `-v`, and one line
//! per error. Logs and error lines are printed "through" the bar, so the
//! bar is redrawn below them instead of being torn.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal as _, Write};
use std::time::Duration;
use tracing_subscriber::fmt::MakeWriter;

/// The stderr of a scan.
#[derive(Clone)]
pub struct Console {
    bar: ProgressBar,
}

impl Console {
    /// A console with a bar when `show_bar` and stderr is a terminal, and
    /// logs at `verbosity` (0: none, 1: info, 2: debug, 3+: trace).
    pub fn new(show_bar: bool, verbosity: u8) -> Console {
        let bar = if show_bar && std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {msg} [{bar:30}] {pos}/{len} resources, {per_sec}, eta {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_message("reading");
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        } else {
            ProgressBar::hidden()
        };
        let console = Console { bar };
        console.init_logs(verbosity);
        console
    }

    fn init_logs(&self, verbosity: u8) {
        let level = match verbosity {
            0 => return,
            1 => tracing::Level::INFO,
            2 => tracing::Level::DEBUG,
            _ => tracing::Level::TRACE,
        };
        // A second initialisation (only in tests) keeps the first subscriber.
        let _ = tracing_subscriber::fmt()
            .with_max_level(level)
            .with_target(false)
            .with_thread_names(verbosity > 2)
            .with_ansi(std::io::stderr().is_terminal())
            .with_writer(self.clone())
            .try_init();
    }

    /// Starts counting analyses (the total grows as inputs are read).
    pub fn start(&self) {
        self.bar.set_message("analysing");
    }

    /// One more resource read, to be analysed.
    pub fn grow(&self) {
        self.bar.inc_length(1);
    }

    /// One more resource analysed.
    pub fn advance(&self) {
        self.bar.inc(1);
    }

    /// Prints a line on stderr above the bar.
    pub fn line(&self, line: &str) {
        self.bar.suspend(|| {
            let _ = writeln!(std::io::stderr().lock(), "{line}");
        });
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// A log record, printed through the bar when dropped.
pub struct LogLine {
    bar: ProgressBar,
    buffer: Vec<u8>,
}

impl Write for LogLine {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for LogLine {
    fn drop(&mut self) {
        if !self.buffer.is_empty() {
            let buffer = std::mem::take(&mut self.buffer);
            self.bar.suspend(|| {
                let _ = std::io::stderr().lock().write_all(&buffer);
            });
        }
    }
}

impl<'a> MakeWriter<'a> for Console {
    type Writer = LogLine;

    fn make_writer(&'a self) -> LogLine {
        LogLine {
            bar: self.bar.clone(),
            buffer: Vec::new(),
        }
    }
}
