// Start the design system's components once the page has loaded (no inline scripts: CSP).
// The "js" class hides the save buttons that only a browser without JavaScript needs.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
  document.querySelectorAll("form[data-autosave]").forEach(autosave);
  document.querySelectorAll("[data-paper-form]").forEach(paperEntry);
});

// Typing a paper questionnaire: one digit per question, and the cursor moves on by itself.
function paperEntry(form) {
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[data-answer-digit]"));
  boxes.forEach(function (box, index) {
    box.addEventListener("input", function () {
      if (box.value.length === 1 && index + 1 < boxes.length) { boxes[index + 1].focus(); boxes[index + 1].select(); }
    });
  });
}

// Minutes written in a meeting are never lost: every change is kept in localStorage at once and
// sent to the server a moment later. A draft that the server has not got (no connection, signed
// out) is restored the next time the page is opened, and saved then.
function autosave(form) {
  var key = form.dataset.draftKey;
  var status = document.getElementById(form.dataset.status);
  var version = form.querySelector("input[name=version]");
  var timer = null;
  var saving = false;
  var again = false;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (e) { return e.tagName === "TEXTAREA"; });
  }
  function values() {
    var found = {};
    fields().forEach(function (f) { found[f.name] = f.value; });
    return found;
  }
  function keep() {
    try { localStorage.setItem(key, JSON.stringify({ version: version.value, values: values() })); } catch (e) { /* full or blocked */ }
  }
  function say(text) { if (status) { status.textContent = text; } }

  function save() {
    if (saving) { again = true; return; }
    saving = true;
    var sent = JSON.stringify(values());
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
      redirect: "manual"
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
        say(form.dataset.msgSession);
        return;
      }
      return response.json().then(function (data) {
        if (!response.ok) { say(data.error || form.dataset.msgOffline); return; }
        version.value = data.version;
        if (JSON.stringify(values()) === sent) { localStorage.removeItem(key); } else { keep(); }
        say(form.dataset.msgSaved + " " + data.saved);
      });
    }).catch(function () {
      say(form.dataset.msgOffline);
    }).then(function () {
      saving = false;
      if (again) { again = false; save(); }
    });
  }
  function changed() {
    keep();
    say(form.dataset.msgUnsaved);
    clearTimeout(timer);
    timer = setTimeout(save, 1000);
  }

  var draft = null;
  try { draft = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { draft = null; }
  if (draft && String(draft.version) === version.value) {
    var restored = false;
    fields().forEach(function (f) {
      if (Object.prototype.hasOwnProperty.call(draft.values, f.name) && draft.values[f.name] !== f.value) {
        f.value = draft.values[f.name];
        restored = true;
      }
    });
    if (restored) { say(form.dataset.msgRestored); save(); } else { localStorage.removeItem(key); }
  }
  fields().forEach(function (f) { f.addEventListener("input", changed); });
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); save(); });
  window.addEventListener("online", function () { if (localStorage.getItem(key)) { save(); } });
}
