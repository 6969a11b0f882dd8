// The panel's sign-in, over @azure/msal-browser. esbuild bundles this file and MSAL into one ES
// module, dist/msal-browser.js, which the panel imports only when it signs the analyst in
// (src/auth/msal.js). Tokens stay in MSAL's memory cache: never in storage, URLs or logs.
import {
  PublicClientApplication,
  InteractionRequiredAuthError,
  AuthError,
  BrowserUtils,
  EventType,
  LogLevel,
} from "@azure/msal-browser";
import { broadcastResponseToMainFrame } from "@azure/msal-browser/redirect-bridge";

/** The start in flight or done: MSAL starts once. */
let starting = null;
/** The configured PublicClientApplication, once started. */
let app = null;
/** The settings it was started with (see `start`). */
let settings = null;
/** The signed-in account, or null. */
let account = null;
/** The interactive prompt in flight, shared by every caller that needs one. */
let interaction = null;
/** How many interactive prompts have finished. */
let prompts = 0;

/**
 * Starts MSAL: `{clientId, authority, knownAuthorities, protocolMode, redirectUri, loginMode,
 * tenantId, scopes}`. In redirect mode this also completes a sign-in that is coming back from the
 * authority. Resolves to the signed-in account (`{upn, name, objectId, tenantId}`) or null.
 */
export function start(config) {
  if (!starting) {
    starting = begin(config).catch((e) => {
      starting = null;
      throw e;
    });
  }
  return starting.then(() => describe(account));
}

async function begin(config) {
  settings = config;
  const pca = new PublicClientApplication(configuration(config, "memoryStorage"));
  pca.addEventCallback((event) => {
    if (event.eventType === EventType.POPUP_OPENED && event.payload?.popupWindow) watchPopup(event.payload.popupWindow);
  });
  try {
    await pca.initialize();
    app = pca;
    if (config.loginMode === "redirect") {
      const result = await pca.handleRedirectPromise();
      if (result?.account) account = checkTenant(result.account);
    }
  } catch (e) {
    app = null;
    throw friendly(e);
  }
  if (!account && config.loginHint) account = await silentSignIn(pca, config);
}

/**
 * After a reload, the analyst who signed in before is signed in again without a prompt when the
 * authority still has their session (a hidden frame, `prompt=none`); otherwise the panel simply
 * shows "Sign in".
 */
async function silentSignIn(pca, config) {
  try {
    const result = await pca.ssoSilent({ scopes: config.scopes.slice(0, 1), loginHint: config.loginHint });
    return result?.account ? checkTenant(result.account) : null;
  } catch {
    return null;
  }
}

/** MSAL's configuration, with tokens cached in `cacheLocation`. */
function configuration(config, cacheLocation) {
  return {
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: config.knownAuthorities,
      // The answer comes back to a small page beside this module (msal-redirect.html), which
      // hands it to this window; a registered redirect URI can be given instead.
      redirectUri: config.redirectUri ?? new URL("./msal-redirect.html", import.meta.url).href,
      postLogoutRedirectUri: null,
    },
    cache: { cacheLocation },
    system: {
      protocolMode: config.protocolMode,
      loggerOptions: {
        // Never personal data, never tokens: only MSAL's own error lines.
        piiLoggingEnabled: false,
        logLevel: LogLevel.Error,
        loggerCallback: (_level, message, containsPii) => {
          if (!containsPii) console.warn(`sign-in: ${message}`);
        },
      },
    },
  };
}

/**
 * The application that starts a redirect sign-in. MSAL refuses to redirect with a memory cache,
 * though what a redirect keeps across the navigation (state, nonce, PKCE verifier) always goes to
 * its sessionStorage "temporary cache", never the token cache. So a second application, whose
 * token cache is never written (it only leaves the page), sends the analyst to the authority, and
 * the memory-cached one completes the sign-in on the way back (`handleRedirectPromise`): tokens
 * stay in memory in redirect mode too.
 */
async function redirector() {
  const pca = new PublicClientApplication(configuration(settings, "sessionStorage"));
  await pca.initialize();
  return pca;
}

/** Signs the analyst in with a popup (or a redirect, which leaves the page). */
export async function signIn() {
  need();
  await interact(settings.scopes.slice(0, 1), true);
  return describe(account);
}

/**
 * An access token for `scope`: from the cache, renewed silently when it expires, and after one
 * interactive prompt (shared by concurrent callers) when the authority needs the analyst.
 */
export async function token(scope) {
  need();
  if (interaction) await interaction.catch(() => {});
  if (!account) throw named("NotSignedIn", "you are not signed in");
  const silent = () => app.acquireTokenSilent({ scopes: [scope], account });
  const seen = prompts;
  try {
    return (await silent()).accessToken;
  } catch (e) {
    if (!(e instanceof InteractionRequiredAuthError)) throw friendly(e);
  }
  // Another caller's prompt may have finished while this one waited: its sign-in is enough.
  if (seen !== prompts || interaction) {
    if (interaction) await interaction.catch(() => {});
    try {
      return (await silent()).accessToken;
    } catch (e) {
      if (!(e instanceof InteractionRequiredAuthError)) throw friendly(e);
    }
  }
  await interact([scope], false);
  try {
    return (await silent()).accessToken;
  } catch (e) {
    throw friendly(e);
  }
}

/** Forgets the account and its tokens in this panel (the Entra ID session itself stays). */
export async function signOut() {
  if (!app) return;
  const gone = account;
  account = null;
  if (gone) await app.clearCache({ account: gone }).catch(() => {});
}

/** The signed-in account, or null. */
export function currentAccount() {
  return describe(account);
}

/** Run by msal-redirect.html: hands the authority's answer to the window that asked for it. */
export function completeSignIn() {
  return broadcastResponseToMainFrame();
}

function need() {
  if (!app) throw named("NotStarted", "sign-in has not started");
}

/** One interactive prompt at a time: a caller that arrives while one is open waits for it. */
function interact(scopes, selectAccount) {
  if (!interaction) {
    const request = { scopes };
    if (selectAccount) request.prompt = "select_account";
    else if (account) {
      request.account = account;
      request.loginHint = account.username;
    }
    interaction = (async () => {
      try {
        const result =
          settings.loginMode === "redirect"
            ? await (await redirector()).acquireTokenRedirect(request)
            : await app.acquireTokenPopup(request);
        account = checkTenant(result.account);
        return result;
      } catch (e) {
        throw friendly(e);
      } finally {
        interaction = null;
        prompts += 1;
      }
    })();
  }
  return interaction;
}

/**
 * MSAL waits a minute for a popup's answer even after the analyst closed the window: stop waiting
 * once it is gone. The redirect page closes the window itself right after handing the answer
 * over, so the wait is cancelled only if no answer came within a second of the closing (a no-op
 * once MSAL has the answer).
 */
function watchPopup(win) {
  const serial = ++popupsOpened;
  const timer = setInterval(() => {
    if (!win.closed) return;
    clearInterval(timer);
    setTimeout(() => {
      // Only while this window's wait is the one pending (no later popup has opened).
      if (serial === popupsOpened) BrowserUtils.cancelPendingBridgeResponse({ verbose() {} }, "");
    }, 1000);
  }, 250);
}

/** How many popups MSAL has opened. */
let popupsOpened = 0;

/** Refuses an account from another tenant than the configured one (when it is a GUID). */
function checkTenant(signedIn) {
  const want = (settings.tenantId ?? "").toLowerCase();
  const tid = (signedIn?.idTokenClaims?.tid ?? signedIn?.tenantId ?? "").toLowerCase();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(want) && tid !== want) {
    app.clearCache({ account: signedIn }).catch(() => {});
    throw named(
      "WrongTenant",
      `you signed in with an account of another tenant (${tid || "unknown"}); sign in with an account of tenant ${want}`,
    );
  }
  return signedIn;
}

/** What the panel needs to know about the account: never a token. */
function describe(a) {
  if (!a) return null;
  const claims = a.idTokenClaims ?? {};
  return {
    upn: claims.preferred_username ?? claims.upn ?? a.username ?? "",
    name: claims.name ?? a.name ?? "",
    objectId: claims.oid ?? a.localAccountId ?? "",
    tenantId: claims.tid ?? a.tenantId ?? "",
  };
}

function named(name, message) {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** An analyst-facing error for what MSAL or the authority said. */
function friendly(e) {
  if (!(e instanceof AuthError)) return e instanceof Error ? e : named("SignInError", String(e));
  const code = e.errorCode ?? "";
  const text = `${code} ${e.subError ?? ""} ${e.errorMessage ?? ""}`;
  if (code === "popup_window_error" || code === "empty_window_error")
    return named(
      "PopupBlocked",
      "the browser blocked the sign-in window; allow pop-ups for this page, then choose Sign in",
    );
  if (code === "user_cancelled" || code === "interaction_in_progress_cancelled")
    return named("SignInCancelled", "sign-in was cancelled; choose Sign in to try again");
  if (code === "monitor_window_timeout" || code === "timed_out")
    return named("SignInTimedOut", "the sign-in window did not finish in time; choose Sign in to try again");
  if (code === "consent_required" || /AADSTS65001/.test(text))
    return named(
      "ConsentRequired",
      "this app has no consent for the Azure APIs yet; ask an administrator to grant consent to its API permissions (Azure Service Management, Log Analytics API)",
    );
  if (/AADSTS50020|AADSTS90072|AADSTS50177|AADSTS700016|AADSTS90002/.test(text))
    return named(
      "WrongTenant",
      "this account or app registration does not belong to the configured tenant; check the tenant and client id in Settings",
    );
  if (code === "interaction_in_progress")
    return named("SignInBusy", "another sign-in is still open in this browser; finish or close it, then try again");
  if (code === "no_network_connectivity" || code === "endpoints_resolution_error" || code === "post_request_failed")
    return named("AuthorityUnreachable", `the sign-in authority could not be reached (${code})`);
  if (e instanceof InteractionRequiredAuthError)
    return named("InteractionRequired", "your sign-in needs to be renewed; choose Sign in");
  const first = (e.errorMessage ?? "").split("\n")[0].slice(0, 300);
  return named("SignInError", `sign-in failed (${code || e.name})${first ? `: ${first}` : ""}`);
}
