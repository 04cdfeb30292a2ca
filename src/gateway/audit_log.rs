//! The audit log writer: requests hand records to a bounded channel (an `await`, never a
//! blocking write on the request path); one dedicated thread serializes them as JSON lines and
//! writes them in batches (at most ~2 ms late), and flushes once more on shutdown.

use std::fs::OpenOptions;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::thread::JoinHandle;

use serde::Serialize;
use tokio::sync::mpsc;

use crate::audit::{AlertRecord, AuditRecord};

/// How long a batch of lines may wait before it is written.
const GROUP_COMMIT: std::time::Duration = std::time::Duration::from_millis(2);

/// One line of the log.
#[derive(Debug)]
pub enum Line {
    Request(Box<AuditRecord>),
    Alert(AlertRecord),
    /// Flush and stop: sent once, on shutdown, after the listeners closed.
    Close,
}

/// The sending side, cloned into every request.
#[derive(Clone, Debug)]
pub struct AuditLog {
    tx: mpsc::Sender<Line>,
}

/// Owns the writer thread; [`AuditWriter::finish`] drains and flushes.
pub struct AuditWriter {
    thread: JoinHandle<()>,
}

impl AuditLog {
    /// Opens (appends to) `path` and starts the writer thread.
    pub fn open(path: &Path) -> std::io::Result<(AuditLog, AuditWriter)> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let (tx, rx) = mpsc::channel(16 * 1024);
        let thread =
            std::thread::Builder::new().name("casegate-audit".into()).spawn(move || write_loop(rx, file))?;
        Ok((AuditLog { tx }, AuditWriter { thread }))
    }

    /// Asks the writer to flush and stop after the lines queued so far.
    pub async fn close(&self) {
        let _ = self.tx.send(Line::Close).await;
    }

    /// Queues a line; waits only if 16k lines are already queued.
    pub async fn write(&self, line: Line) {
        if self.tx.send(line).await.is_err() {
            tracing::error!("audit writer has stopped; record lost");
        }
    }
}

impl AuditWriter {
    /// Waits until every line queued before `close` is written and flushed.
    pub fn finish(self) {
        if self.thread.join().is_err() {
            tracing::error!("audit writer panicked");
        }
    }
}

fn write_loop(mut rx: mpsc::Receiver<Line>, file: std::fs::File) {
    let mut out = BufWriter::with_capacity(64 * 1024, file);
    'run: while let Some(line) = rx.blocking_recv() {
        let mut next = Some(line);
        // Group commit: after the first line of a batch, wait a moment so that one write (and
        // one wake-up of this thread) covers every request of the next few milliseconds
        // instead of one each.
        let mut waited = false;
        loop {
            while let Some(line) = next.take() {
                if matches!(line, Line::Close) {
                    break 'run;
                }
                write_line(&mut out, &line);
                next = rx.try_recv().ok();
            }
            if waited {
                break;
            }
            std::thread::sleep(GROUP_COMMIT);
            waited = true;
            next = rx.try_recv().ok();
        }
        if let Err(e) = out.flush() {
            tracing::error!(error = %e, "cannot flush the audit log");
        }
    }
    if let Err(e) = out.flush() {
        tracing::error!(error = %e, "cannot flush the audit log");
    }
}

fn write_line(out: &mut impl Write, line: &Line) {
    let result = match line {
        Line::Request(r) => json_line(out, r.as_ref()),
        Line::Alert(a) => json_line(out, a),
        Line::Close => Ok(()),
    };
    if let Err(e) = result {
        tracing::error!(error = %e, "cannot write the audit log");
    }
}

fn json_line(out: &mut impl Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}
