//! In-order streaming output for a parallel scan.
//!
//! Files are scanned in parallel but printed in input order. Holding every file's rendered
//! output until the whole run ends (what the scan did first) costs memory in proportion to
//! the findings (a 100 MB file with 380k findings held ~100 MB of JSON Lines, grown by
//! doubling and zeroed page by page by the kernel) and shows nothing until the end. Instead:
//! a file's output is printed as soon as every file before it has been printed, and the file
//! at the head of the order prints its output in pieces while it is rendered. Output that
//! cannot be printed yet waits in memory, which stays small as rayon works through the files
//! roughly in order.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::{Mutex, PoisonError};

use termcolor::{Buffer, BufferWriter, ColorSpec, WriteColor};

/// A job's output is printed in pieces of about this size while the job is at the head.
const PIECE: usize = 1 << 20;

/// Prints job outputs (numbered from 0) in job order.
pub struct Ordered<'w> {
    writer: &'w BufferWriter,
    state: Mutex<State>,
}

struct State {
    /// The job whose output is printed next.
    head: usize,
    /// Finished jobs after the head, with their output and error line.
    waiting: BTreeMap<usize, (Buffer, Option<String>)>,
    /// The first failure to write to stdout; nothing more is printed after it.
    failed: Option<io::Error>,
}

impl<'w> Ordered<'w> {
    pub fn new(writer: &'w BufferWriter) -> Self {
        Ordered { writer, state: Mutex::new(State { head: 0, waiting: BTreeMap::new(), failed: None }) }
    }

    /// The output sink of job `index`.
    pub fn output(&self, index: usize) -> JobOutput<'_, 'w> {
        JobOutput { ordered: self, index, buffer: self.writer.buffer() }
    }

    /// Job `output.index` is done: prints its output (and `error` on stderr) now if every
    /// earlier job has been printed, else keeps them until then.
    pub fn finish(&self, output: JobOutput<'_, 'w>, error: Option<String>) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if output.index != state.head {
            state.waiting.insert(output.index, (output.buffer, error));
            return;
        }
        self.emit(&mut state, &output.buffer, error.as_deref());
        state.head += 1;
        loop {
            let next = state.head;
            let Some((buffer, error)) = state.waiting.remove(&next) else { break };
            self.emit(&mut state, &buffer, error.as_deref());
            state.head += 1;
        }
    }

    /// The first write error, if printing failed.
    pub fn into_result(self) -> io::Result<()> {
        let state = self.state.into_inner().unwrap_or_else(PoisonError::into_inner);
        state.failed.map_or(Ok(()), Err)
    }

    /// Prints `buffer` and clears it if job `index` is at the head; otherwise leaves it.
    fn print_if_head(&self, index: usize, buffer: &mut Buffer) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.head == index {
            self.emit(&mut state, buffer, None);
            buffer.clear();
        }
    }

    fn emit(&self, state: &mut State, buffer: &Buffer, error: Option<&str>) {
        if state.failed.is_none() && !buffer.is_empty() {
            if let Err(e) = self.writer.print(buffer) {
                state.failed = Some(e);
            }
        }
        if let Some(e) = error {
            eprintln!("casegate: {e}");
        }
    }
}

/// Where one job renders its output: a buffer that is printed in pieces while the job is at
/// the head of the order.
pub struct JobOutput<'o, 'w> {
    ordered: &'o Ordered<'w>,
    index: usize,
    buffer: Buffer,
}

impl Write for JobOutput<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buffer.write_all(buf)?;
        if self.buffer.len() >= PIECE {
            self.ordered.print_if_head(self.index, &mut self.buffer);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl WriteColor for JobOutput<'_, '_> {
    fn supports_color(&self) -> bool {
        self.buffer.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.buffer.set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.buffer.reset()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finishes jobs in `order` and returns the head (the next job to print) after each.
    fn printed_order(order: &[usize]) -> Vec<usize> {
        let writer = BufferWriter::stdout(termcolor::ColorChoice::Never);
        let ordered = Ordered::new(&writer);
        let mut heads = Vec::new();
        for &i in order {
            let out = ordered.output(i);
            ordered.finish(out, None);
            heads.push(ordered.state.lock().map(|s| s.head).unwrap_or(usize::MAX));
        }
        heads
    }

    #[test]
    fn head_advances_only_over_finished_jobs() {
        // Job 2 and 1 finish before 0: nothing is printed until 0 finishes, then all three.
        assert_eq!(printed_order(&[2, 1, 0, 3]), vec![0, 0, 3, 4]);
        assert_eq!(printed_order(&[0, 1, 2]), vec![1, 2, 3]);
    }

    #[test]
    fn output_of_a_waiting_job_is_kept_whole() {
        let writer = BufferWriter::stdout(termcolor::ColorChoice::Never);
        let ordered = Ordered::new(&writer);
        let mut late = ordered.output(1);
        let piece = vec![b'x'; PIECE + 1];
        late.write_all(&piece).unwrap_or_default();
        // Job 1 is not at the head: its output must stay buffered, not printed or dropped.
        assert_eq!(late.buffer.len(), PIECE + 1);
    }
}
