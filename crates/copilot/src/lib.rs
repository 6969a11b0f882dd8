//! The reasoning behind the panel: NL->KQL, chat intents and context, incident summary, guided
//! response and report. Deterministic and built from the data; no language model required.

pub mod nl2kql;
