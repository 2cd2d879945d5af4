//! Bench helpers: generated inputs of the benchmarks.
pub mod finess;
