// The print button of the timeline's print view: shown only when scripts run (without
// them the browser's own print command still works).
document.querySelectorAll("[data-timeline-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
