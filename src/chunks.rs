//! Code fetched on first use. With the `split` feature, a function marked
//! `#[cfg_attr(feature = "split", leptos::wasm_split::wasm_split(<chunk>, wasm_split_path =
//! ::leptos::wasm_split, fallible))]` lives in a chunk of the page's wasm, fetched when first
//! called (through [`chunk!`](crate::chunk)). A chunk that cannot be fetched (a dropped
//! connection, a CDN hiccup) is an error the view shows, with a Retry, not a panic that would take
//! the whole panel down.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;

/// A chunk of the panel's code could not be downloaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkError;

impl std::fmt::Display for ChunkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("part of the panel's code could not be downloaded")
    }
}

impl std::error::Error for ChunkError {}

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// Calls a split function: awaits its chunk with the `split` feature, calls it directly without.
#[macro_export]
macro_rules! chunk {
    ($call:expr) => {{
        #[cfg(feature = "split")]
        let result = $call.await;
        #[cfg(not(feature = "split"))]
        let result = $call;
        result
    }};
}

/// Where a view's code could not be fetched: says what is missing and offers to try again.
#[component]
pub fn ChunkFailed(
    /// What could not be loaded, e.g. "the KQL editor".
    what: &'static str,
    /// Tries the download again.
    retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="sc-chunk-failed" role="alert">
            <p>{format!("Could not load {what}: {ChunkError}. Check the connection, then try again.")}</p>
            <button class="sc-secondary" on:click=move |_| retry.run(())>"Retry"</button>
        </div>
    }
}

/// The view a split function builds (`load`), with `fallback` while its chunk downloads and
/// [`ChunkFailed`] with a Retry if it cannot be downloaded.
#[component]
pub fn Chunked<L, Fut>(
    /// What the chunk holds, for the error, e.g. "the KQL editor".
    what: &'static str,
    /// Calls the split function (through [`chunk!`](crate::chunk)).
    load: L,
    /// Shown while the chunk downloads.
    #[prop(into, optional)]
    fallback: ViewFn,
    /// Puts the error where the view would have been (inside its landmark, say); by default the
    /// error stands alone.
    #[prop(optional)]
    frame: Option<fn(AnyView) -> AnyView>,
) -> impl IntoView
where
    L: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ChunkError>> + 'static,
{
    // Boxed, so that the view below is built once in the page's code, not once per use.
    chunked_view(
        what,
        Arc::new(move || Box::pin(load()) as Loading),
        fallback,
        frame.unwrap_or(|failed| failed),
    )
}

/// A chunk's view on its way.
type Loading = Pin<Box<dyn Future<Output = Result<AnyView, ChunkError>>>>;

fn chunked_view(
    what: &'static str,
    load: Arc<dyn Fn() -> Loading + Send + Sync>,
    fallback: ViewFn,
    frame: fn(AnyView) -> AnyView,
) -> AnyView {
    let attempt = RwSignal::new(0u32);
    let retry = Callback::new(move |()| attempt.update(|n| *n += 1));
    view! {
        <Suspense fallback=move || fallback.run()>
            {move || {
                attempt.track();
                let view = load();
                Suspend::new(send_wrapper::SendWrapper::new(async move {
                    view.await.unwrap_or_else(|_| frame(view! { <ChunkFailed what=what retry=retry /> }.into_any()))
                }))
            }}
        </Suspense>
    }
    .into_any()
}
