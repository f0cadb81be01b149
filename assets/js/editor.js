// The item editor's helpers. The form works without this file: it saves,
// previews and publishes by its buttons. With it, the body is kept on the
// server every 30 seconds while it changes (offered back after a closed
// tab or a lost connection), a side-by-side preview follows the typing on
// wide screens, and the search-result sketch follows its fields.
(function () {
  "use strict";

  var form = document.querySelector("form.editor-form[data-autosave]");
  if (!form) { return; }
  var body = form.querySelector("#f-body");
  var title = form.querySelector("#f-title");
  var csrf = form.querySelector("input[name=_csrf]");

  // post sends fields with the form's CSRF token; keepalive lets a copy
  // made as the page goes away still arrive.
  function post(url, fields, keepalive) {
    var data = new URLSearchParams();
    data.set("_csrf", csrf ? csrf.value : "");
    Object.keys(fields).forEach(function (k) { data.set(k, fields[k]); });
    return fetch(url, { method: "POST", body: data, credentials: "same-origin", keepalive: !!keepalive });
  }

  // Autosave: every 30 seconds, when the body or title changed since the
  // last copy. A failure is retried at the next tick.
  var status = document.createElement("p");
  status.className = "hint autosave-status";
  status.setAttribute("role", "status");
  if (body) { body.parentNode.parentNode.appendChild(status); }
  var kept = body ? body.value + "\u0000" + (title ? title.value : "") : "";
  function autosave() {
    if (!body) { return; }
    var now = body.value + "\u0000" + (title ? title.value : "");
    if (now === kept) { return; }
    post(form.getAttribute("data-autosave"), { body: body.value, title: title ? title.value : "" }, true)
      .then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        kept = now;
        status.textContent = "Draft of the text kept at " + new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) + " (not saved into the item).";
      })
      .catch(function () { status.textContent = "Could not keep a copy of the text just now; it will be tried again."; });
  }
  window.setInterval(autosave, 30000);
  // Also when the tab is hidden or closed: the last words typed are kept.
  window.addEventListener("pagehide", autosave);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { autosave(); }
  });
  form.addEventListener("submit", function () { kept = body ? body.value + "\u0000" + (title ? title.value : "") : ""; });

  // Bring back a kept copy into the body.
  var restore = document.querySelector("[data-restore-autosave]");
  var copy = document.getElementById("autosaved-body");
  if (restore && copy && body) {
    restore.hidden = false;
    restore.addEventListener("click", function () {
      body.value = copy.value;
      body.dispatchEvent(new Event("input", { bubbles: true }));
      body.focus();
      restore.textContent = "Brought back: save to keep it";
      restore.disabled = true;
    });
  }

  // Side-by-side preview on wide screens: the server renders the body as
  // the page will show it, a moment after typing stops.
  var pane = form.querySelector("[data-live-preview]");
  if (pane && body && window.matchMedia("(min-width: 1100px)").matches) {
    var target = pane.querySelector(".prose");
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "button live-toggle";
    toggle.setAttribute("aria-pressed", "false");
    toggle.textContent = "Side-by-side preview";
    var bar = form.querySelector(".md-toolbar");
    (bar || body).parentNode.insertBefore(toggle, bar ? bar.nextSibling : body);
    var timer = 0, live = false;
    var refresh = function () {
      post("/admin/preview-body", { body: body.value })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { target.innerHTML = html; })
        .catch(function () { /* the Preview button still works */ });
    };
    toggle.addEventListener("click", function () {
      live = !live;
      toggle.setAttribute("aria-pressed", String(live));
      pane.hidden = !live;
      pane.parentNode.parentNode.classList.toggle("with-preview", live);
      if (live) { refresh(); }
    });
    body.addEventListener("input", function () {
      if (!live) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 600);
    });
  }

  // The search-result sketch and the length of the search fields.
  function follow(input, target, limit) {
    if (!input || !target) { return; }
    var count = document.createElement("span");
    count.className = "count";
    count.setAttribute("aria-live", "polite");
    input.parentNode.appendChild(count);
    var fallback = function () {
      var f = target.getAttribute("data-fallback-from");
      var el = f ? form.querySelector(f) : null;
      return el ? el.value : target.getAttribute("data-fallback");
    };
    var update = function () {
      var text = input.value.trim() || fallback();
      target.textContent = text.length > limit ? text.slice(0, limit - 1) + "…" : text;
      var n = input.value.trim().length;
      count.textContent = n === 0 ? "" : n + " characters" + (n > limit ? ": search engines will shorten it" : "");
    };
    input.addEventListener("input", update);
    var from = form.querySelector(target.getAttribute("data-fallback-from"));
    if (from) { from.addEventListener("input", update); }
    update();
  }
  var t = form.querySelector("[data-serp-title]"), d = form.querySelector("[data-serp-text]");
  if (t) { t.setAttribute("data-fallback-from", "#f-title"); }
  if (d) { d.setAttribute("data-fallback-from", "#f-summary"); }
  follow(form.querySelector("#f-meta_title"), t, 60);
  follow(form.querySelector("#f-meta_description"), d, 155);
})();
