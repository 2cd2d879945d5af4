//! Generators of [`parcours`] networks and cases, for tests, benchmarks and fuzzing only.
//!
//! This crate is not published and no shipped artefact depends on it (the Python module
//! exposes [`synthetic`] only when built with its non-default `synthetic` feature, as the
//! benchmark and example scripts do). It holds every network generator of the repository:
//!
//! - [`synthetic`]: a seeded, deterministic national-size network (about 4,000 invented sites)
//!   and case sets, for benchmarks and scale tests;
//! - `strategies` (feature `strategies`): proptest strategies of small valid networks and
//!   cases, for the core's property tests;
//! - `fuzzing` (feature `fuzzing`): `Arbitrary` networks and cases built from libFuzzer's
//!   bytes, mostly valid, sometimes not, for the fuzz targets.
//!
//! All the data is invented: no real establishment, identifier or coordinate.

pub mod build;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
#[cfg(feature = "strategies")]
pub mod strategies;
pub mod synthetic;
