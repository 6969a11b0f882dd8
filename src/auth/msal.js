import { panelDirectory } from "../worker_link.js";

// Loads the MSAL bundle (msal-browser.js, beside the panel's files) on first use, so that it is
// not part of the panel's initial download. wasm-bindgen copies this file to
// snippets/<crate>/src/auth/msal.js, and the build bundles it into the panel's module (see
// xtask/src/bundle.rs); msal-browser.js is in the panel's directory either way.
const bundleUrl = panelDirectory(import.meta.url) + "msal-browser.js";
let bundle = null;

function load() {
  if (!bundle) {
    bundle = import(bundleUrl).catch((e) => {
      bundle = null;
      throw new Error(`the sign-in module could not be loaded (${e?.message ?? e})`);
    });
  }
  return bundle;
}

export async function msalStart(config) {
  return (await load()).start(config);
}

export async function msalSignIn() {
  return (await load()).signIn();
}

export async function msalToken(scope) {
  return (await load()).token(scope);
}

export async function msalSignOut() {
  return (await load()).signOut();
}

