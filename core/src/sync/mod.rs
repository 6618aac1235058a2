//! The device side of offline sync: signatures shared with the office server, the device's
//! account, the outbox with its two lanes, and the sync run that empties it.

pub mod signing;
