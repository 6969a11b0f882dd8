//! Background activity: the ordinary working month of the tenant, into which the stories are
//! woven. Each writer also serves the stories, so attack rows have the same shape as the rest.

pub mod azure;
pub mod endpoint;
pub mod identity;
pub mod network;
pub mod office;
pub mod windows;
