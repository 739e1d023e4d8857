//! The day's processes, one module each, in the order [`crate::Simulation::step`] runs them.
//!
//! Each module adds methods to `Simulation`. A process changes the world through its own fields and
//! through the shared acts (`dismiss`, `begin_withdrawal`, ...) that both the record and the mechanisms
//! call, so that an imposed event and a generated one have the same consequences.

pub(crate) mod cascade;
pub(crate) mod court;
pub(crate) mod diplomacy;
pub(crate) mod eastern;
mod populace;
mod pursuit;
mod raid;
mod record;
pub(crate) mod relief;
mod season;
mod supply;
mod western;

pub use cascade::cascade;
