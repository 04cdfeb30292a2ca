//! The budget of one top-level extraction: every extractor, at every nesting level, charges
//! the bytes it produces and the entries it opens to the same [`Budget`], and checks the
//! deadline and depth, so a bomb stops at the first cap it reaches.

use std::time::Instant;

use super::{ExtractError, Limits};

#[derive(Debug)]
pub struct Budget {
    limits: Limits,
    produced: u64,
    entries: usize,
    depth: usize,
    deadline: Instant,
}

impl Budget {
    pub fn new(limits: &Limits) -> Budget {
        Budget {
            limits: limits.clone(),
            produced: 0,
            entries: 0,
            depth: 0,
            deadline: Instant::now() + limits.max_time,
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Charges `n` produced bytes (text or decompressed data).
    pub fn charge(&mut self, n: u64) -> Result<(), ExtractError> {
        self.produced = self.produced.saturating_add(n);
        if self.produced > self.limits.max_total_bytes {
            return Err(ExtractError::TooLarge { limit: self.limits.max_total_bytes });
        }
        self.check_time()
    }

    /// Bytes still allowed: use as the `take` limit of a decompressing reader.
    pub fn remaining(&self) -> u64 {
        self.limits.max_total_bytes.saturating_sub(self.produced)
    }

    /// Checks one stream's ratio (call after inflating `decompressed` from `compressed`).
    pub fn check_ratio(&self, compressed: u64, decompressed: u64) -> Result<(), ExtractError> {
        // Small streams are exempt: 1 KiB of zeros is harmless whatever its ratio.
        if decompressed > 1 << 20 && decompressed / compressed.max(1) > self.limits.max_ratio {
            return Err(ExtractError::Ratio { limit: self.limits.max_ratio });
        }
        Ok(())
    }

    /// Counts one archive entry / attachment / part.
    pub fn entry(&mut self) -> Result<(), ExtractError> {
        self.entries += 1;
        if self.entries > self.limits.max_entries {
            return Err(ExtractError::TooManyEntries { limit: self.limits.max_entries });
        }
        self.check_time()
    }

    pub fn check_time(&self) -> Result<(), ExtractError> {
        if Instant::now() > self.deadline {
            return Err(ExtractError::Timeout(self.limits.max_time));
        }
        Ok(())
    }

    /// Runs `f` one nesting level deeper.
    pub fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Budget) -> Result<T, ExtractError>,
    ) -> Result<T, ExtractError> {
        if self.depth >= self.limits.max_depth {
            return Err(ExtractError::TooDeep { limit: self.limits.max_depth });
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }
}
