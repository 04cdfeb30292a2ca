//! Per-principal anomaly windows: distinct cases read and findings seen within a sliding
//! window. Crossing a threshold raises an alert and, if configured, suspends the principal for
//! a cool-down. Pure state; the caller supplies the clock.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct AnomalyConfig {
    pub window: Duration,
    pub max_distinct_cases: Option<usize>,
    pub max_findings: Option<usize>,
    pub suspend_for: Option<Duration>,
}

/// What crossed its threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alert {
    DistinctCases { count: usize, limit: usize },
    Findings { count: usize, limit: usize },
}

impl Alert {
    pub fn kind(self) -> &'static str {
        match self {
            Alert::DistinctCases { .. } => "distinct_cases",
            Alert::Findings { .. } => "findings",
        }
    }
}

/// One principal's recent activity.
#[derive(Debug, Default)]
pub struct Window {
    cases: VecDeque<(Instant, String)>,
    findings: VecDeque<(Instant, usize)>,
    finding_total: usize,
    suspended_until: Option<Instant>,
    alerted: bool,
}

impl Window {
    pub fn suspended(&self, now: Instant) -> bool {
        self.suspended_until.is_some_and(|t| now < t)
    }

    /// Records one request's cases and finding count; returns an alert the first time a
    /// threshold is crossed (again only after activity falls back under it).
    pub fn record(
        &mut self,
        cfg: &AnomalyConfig,
        now: Instant,
        cases: &[String],
        findings: usize,
    ) -> Option<Alert> {
        self.expire(cfg.window, now);
        for c in cases {
            self.cases.push_back((now, c.clone()));
        }
        if findings > 0 {
            self.findings.push_back((now, findings));
            self.finding_total += findings;
        }
        let alert = self.check(cfg);
        match alert {
            Some(_) if self.alerted => None,
            Some(a) => {
                self.alerted = true;
                if let Some(d) = cfg.suspend_for {
                    self.suspended_until = Some(now + d);
                }
                Some(a)
            }
            None => {
                self.alerted = false;
                None
            }
        }
    }

    fn check(&self, cfg: &AnomalyConfig) -> Option<Alert> {
        if let Some(limit) = cfg.max_distinct_cases {
            let mut distinct: HashMap<&str, ()> = HashMap::new();
            for (_, c) in &self.cases {
                distinct.insert(c, ());
            }
            if distinct.len() > limit {
                return Some(Alert::DistinctCases { count: distinct.len(), limit });
            }
        }
        match cfg.max_findings {
            Some(limit) if self.finding_total > limit => {
                Some(Alert::Findings { count: self.finding_total, limit })
            }
            _ => None,
        }
    }

    fn expire(&mut self, window: Duration, now: Instant) {
        let fresh = |t: &Instant| now.saturating_duration_since(*t) < window;
        while self.cases.front().is_some_and(|(t, _)| !fresh(t)) {
            self.cases.pop_front();
        }
        while let Some((t, n)) = self.findings.front() {
            if fresh(t) {
                break;
            }
            self.finding_total -= n;
            self.findings.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> AnomalyConfig {
        AnomalyConfig {
            window: Duration::from_secs(60),
            max_distinct_cases: Some(2),
            max_findings: Some(10),
            suspend_for: Some(Duration::from_secs(30)),
        }
    }

    #[test]
    fn distinct_cases_alert_once_and_suspend() {
        let (mut w, t0) = (Window::default(), Instant::now());
        let c = |s: &str| vec![s.to_string()];
        assert_eq!(w.record(&cfg(), t0, &c("1"), 0), None);
        assert_eq!(w.record(&cfg(), t0, &c("1"), 0), None, "repeats are not distinct");
        assert_eq!(w.record(&cfg(), t0, &c("2"), 0), None);
        let alert = w.record(&cfg(), t0, &c("3"), 0);
        assert_eq!(alert, Some(Alert::DistinctCases { count: 3, limit: 2 }));
        assert!(w.suspended(t0 + Duration::from_secs(29)));
        assert!(!w.suspended(t0 + Duration::from_secs(30)));
        assert_eq!(w.record(&cfg(), t0, &c("4"), 0), None, "one alert per crossing");
        // After the window slides, activity is counted afresh.
        let later = t0 + Duration::from_secs(61);
        assert_eq!(w.record(&cfg(), later, &c("9"), 0), None);
    }

    #[test]
    fn findings_threshold() {
        let (mut w, t0) = (Window::default(), Instant::now());
        assert_eq!(w.record(&cfg(), t0, &[], 6), None);
        assert_eq!(w.record(&cfg(), t0, &[], 5), Some(Alert::Findings { count: 11, limit: 10 }));
        assert_eq!(w.record(&cfg(), t0 + Duration::from_secs(61), &[], 1), None);
    }
}
