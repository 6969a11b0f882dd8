// The mock portal's own script: talks to the panel through its attributes and events.
const panel = document.getElementById("panel");
document.getElementById("focus").addEventListener("change", (e) => panel.setAttribute("incident", e.target.value));
document.getElementById("theme").addEventListener("click", () =>
  panel.setAttribute("theme", panel.getAttribute("theme") === "dark" ? "light" : "dark"),
);
document.getElementById("close").addEventListener("click", () => panel.remove());
panel.addEventListener("sentinel-copilot:host-action", (e) => {
  const li = document.createElement("li");
  li.textContent = `${e.detail.action} on ${e.detail.target}`;
  document.getElementById("host-actions").append(li);
});
