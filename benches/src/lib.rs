//! Bench helpers
