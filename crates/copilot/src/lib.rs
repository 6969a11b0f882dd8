//! The reasoning behind the panel: NL->KQL, chat intents and context, incident summary, guided
//! response and report. Deterministic and built from the data; no language model required.

pub mod answer;
pub mod chat;
pub mod evidence;
pub mod faithfulness;
pub mod feedback;
pub mod guided_response;
pub mod intent;
pub mod nl2kql;
pub mod promptbook;
pub mod report;
pub mod summary;
