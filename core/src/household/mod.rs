//! Households (families, one KK each), the dwellings they live in, and their members.

mod model;

pub use model::*;
