//! Households (families, one KK each), the dwellings they live in, and their members.

pub mod editor;
mod model;
pub mod repo;

pub use model::*;
