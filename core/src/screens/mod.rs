//! View models of the field screens that are not a form session: the home screen and the household
//! page, and what the office sent. Like the session's screens, they are computed here so the shells only draw them.

pub mod entitlement;
pub mod home;
pub mod household_page;
pub mod labels;
pub mod office;
