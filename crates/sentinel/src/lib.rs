//! Microsoft Sentinel's world: the incident API types, the table catalog, the `Workspace` trait the
//! app talks to, and the generated demo workspace. No HTTP and no browser here.
