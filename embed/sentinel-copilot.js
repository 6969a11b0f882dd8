// The panel's module: `cargo xtask embed-entry` (a Trunk post-build hook) fills in the hashed
// names and bundles it with wasm-bindgen's glue into `sc-app-<hash>.js`, which the stable entry a
// host page loads, `sentinel-copilot.js`, re-exports.
import init, { mount } from "./__BINDGEN_JS__";

const ready = init({ module_or_path: new URL("./__BINDGEN_WASM__", import.meta.url) });

// The panel's stylesheet, once per page (a <link>, so a strict style-src 'self' policy holds).
const cssHref = new URL("./__CSS__", import.meta.url).href;
if (![...document.querySelectorAll("link[rel=stylesheet]")].some((l) => l.href === cssHref)) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = cssHref;
  document.head.append(link);
}

/** Mounts a panel in `element`; resolves to a handle with focusIncident, setTheme, setMode and
 * unmount. */
async function mountPanel(element, options = {}) {
  await ready;
  return mount(element, options);
}

const ATTRIBUTES = [
  "proxy-url",
  "workspace-name",
  "workspace-id",
  "subscription-id",
  "resource-group",
  "theme",
  "incident",
  "mode",
  "focus-on-open",
];
const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

/** <sentinel-copilot proxy-url="..." workspace-name="..." theme="dark" mode="panel" incident="42"> */
class SentinelCopilotElement extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #handle = null;
  #mounting = null;

  connectedCallback() {
    const options = { ...(this.options ?? {}) };
    for (const a of ATTRIBUTES) if (this.hasAttribute(a)) options[camel(a)] = this.getAttribute(a);
    this.#mounting = mountPanel(this, options).then((h) => {
      if (!this.isConnected) h.unmount();
      else this.#handle = h;
    });
  }

  disconnectedCallback() {
    this.#handle?.unmount();
    this.#handle = null;
  }

  attributeChangedCallback(name, _old, value) {
    if (!this.#handle) return;
    if (name === "theme") this.#handle.setTheme(value ?? "");
    if (name === "mode") this.#handle.setMode(value ?? "");
    if (name === "incident" && value) this.#handle.focusIncident(value);
  }
}

if (!customElements.get("sentinel-copilot")) customElements.define("sentinel-copilot", SentinelCopilotElement);

export const SentinelCopilot = { mount: mountPanel };
globalThis.SentinelCopilot = SentinelCopilot;
