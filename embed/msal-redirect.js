// The redirect page's script (msal-redirect.html): hands the sign-in authority's answer to the
// panel through MSAL's redirect bridge. Says what went wrong, never what the answer held.
import { completeSignIn } from "./msal-browser.js";

completeSignIn().catch((e) => {
  const p = document.createElement("p");
  p.setAttribute("role", "alert");
  p.textContent = `Sign-in could not finish (${e?.errorCode ?? e?.name ?? "error"}); close this window and choose Sign in again.`;
  document.body.replaceChildren(p);
});
