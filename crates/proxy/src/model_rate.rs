//! How often each caller may use the model route: a sliding one-minute window per caller, so one
//! analyst's runaway loop (or a stolen panel session) cannot run up the model bill for everyone.
//! Callers are told how long to wait (429 with `Retry-After`); the panel then answers with the
//! built-in generator and says so.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The window the limit counts over.
const WINDOW: Duration = Duration::from_secs(60);

/// Requests per minute, per caller.
#[derive(Debug)]
pub struct ModelRate {
    per_minute: usize,
    seen: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl ModelRate {
    /// A limit of `per_minute` requests in any 60 s, for each caller.
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: per_minute.max(1) as usize,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request from `caller` at `now`, or says how long until it would be allowed.
    pub fn admit(&self, caller: &str, now: Instant) -> Result<(), Duration> {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        // Forget callers whose window is over, so the map does not grow with every token seen.
        seen.retain(|_, times| {
            while times
                .front()
                .is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW)
            {
                times.pop_front();
            }
            !times.is_empty()
        });
        let times = seen.entry(caller.to_string()).or_default();
        if times.len() >= self.per_minute {
            let oldest = times[0];
            return Err(WINDOW.saturating_sub(now.saturating_duration_since(oldest)));
        }
        times.push_back(now);
        Ok(())
    }
}

/// Whole seconds to wait, at least one (the value of a `Retry-After` header).
pub fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_caller_gets_its_own_minute() {
        let rate = ModelRate::new(2);
        let t0 = Instant::now();
        assert!(rate.admit("alice", t0).is_ok());
        assert!(rate.admit("alice", t0 + Duration::from_secs(10)).is_ok());
        let wait = rate
            .admit("alice", t0 + Duration::from_secs(20))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(40));
        assert_eq!(retry_after_secs(wait), 40);
        // Someone else is not held up by alice.
        assert!(rate.admit("bob", t0 + Duration::from_secs(20)).is_ok());
        // Once the first request leaves the window, alice may ask again.
        assert!(rate.admit("alice", t0 + Duration::from_secs(60)).is_ok());
        assert!(rate.admit("alice", t0 + Duration::from_secs(61)).is_err());
    }

    #[test]
    fn refused_requests_do_not_count_and_idle_callers_are_forgotten() {
        let rate = ModelRate::new(1);
        let t0 = Instant::now();
        assert!(rate.admit("a", t0).is_ok());
        for s in 1..50 {
            assert!(rate.admit("a", t0 + Duration::from_secs(s)).is_err());
        }
        assert!(rate.admit("a", t0 + Duration::from_secs(60)).is_ok());
        assert!(rate.admit("b", t0 + Duration::from_secs(200)).is_ok());
        assert_eq!(rate.seen.lock().unwrap().len(), 1, "a's window is over");
    }

    #[test]
    fn a_partial_second_rounds_up() {
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(59_001)), 60);
    }
}
