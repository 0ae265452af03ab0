// Start the design system's components once the page has loaded (no inline scripts: CSP).
// The "js" class hides the save buttons that only a browser without JavaScript needs.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});
