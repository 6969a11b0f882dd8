// The mock portal's own script: talks to the panel through its attributes and events.
const panel = document.getElementById("panel");
document.getElementById("focus").addEventListener("change", (e) => panel.setAttribute("incident", e.target.value));
document.getElementById("theme").addEventListener("click", () =>
  panel.setAttribute("theme", panel.getAttribute("theme") === "dark" ? "light" : "dark"),
);
document.getElementById("close").addEventListener("click", () => panel.remove());
// An action the Sentinel API cannot carry out (isolate a device, reset a password...): the portal
// would do it with its own APIs; here it is listed.
panel.addEventListener("sentinel-copilot:host-action", (e) => {
  const { action, payload } = e.detail;
  const li = document.createElement("li");
  li.textContent = `${action.replace("sentinel-copilot:", "")}: ${Object.values(payload).filter(Boolean).join(", ")}`;
  document.getElementById("host-actions").append(li);
});
// The incident the analyst opened in the panel (or the host focused).
panel.addEventListener("sentinel-copilot:incident-changed", (e) => {
  document.getElementById("shown").textContent = e.detail.number ? `#${e.detail.number}` : e.detail.name;
});
