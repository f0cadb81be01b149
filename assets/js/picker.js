// The media picker of the body editor: "Image" and "Document" buttons in
// the Markdown toolbar open the library's picker page
// (/admin/media/picker) in a dialog; its search, pages and upload run
// there, and the file chosen is inserted as Markdown at the cursor.
// Without this file there is no toolbar, and Markdown is typed by hand.
(function () {
  "use strict";

  // area is the body the picker inserts into, or select the library
  // choice it sets (a lead image, a share image, a document).
  var dialog, body, area, select, start = 0, end = 0;

  function makeDialog() {
    dialog = document.createElement("dialog");
    dialog.className = "picker-dialog";
    dialog.setAttribute("aria-labelledby", "picker-h");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "button picker-close";
    close.textContent = "Close";
    close.addEventListener("click", function () { dialog.close(); });
    body = document.createElement("div");
    body.className = "picker-body";
    dialog.appendChild(close);
    dialog.appendChild(body);
    dialog.addEventListener("click", clicked);
    dialog.addEventListener("submit", submitted);
    dialog.addEventListener("close", function () { (select || area).focus(); });
    document.body.appendChild(dialog);
  }

  // show puts the picker of a page's HTML into the dialog; a file just
  // uploaded is inserted at once.
  function show(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var picker = doc.getElementById("media-picker");
    if (!picker) {
      var main = doc.querySelector("main") || doc.body;
      body.textContent = (main.textContent || "The picker could not be loaded.").trim().slice(0, 500);
      return;
    }
    body.replaceChildren(document.importNode(picker, true));
    var heading = body.querySelector("#picker-h");
    if (select && heading) { heading.textContent = heading.textContent.replace(/^Insert/, "Choose"); }
    var picked = body.querySelector("[data-picked]");
    if (picked) {
      choose(picked);
      return;
    }
    var first = body.querySelector(".error-summary") || body.querySelector("input[type=search]");
    if (first) { first.focus(); }
  }

  function load(url, options) {
    body.setAttribute("aria-busy", "true");
    fetch(url, Object.assign({ credentials: "same-origin" }, options || {}))
      .then(function (r) { return r.text(); })
      .then(show)
      .catch(function () { body.textContent = "The picker could not be loaded. Check the connection and try again."; })
      .finally(function () { body.removeAttribute("aria-busy"); });
  }

  function clicked(e) {
    var pick = e.target.closest("button.pick");
    if (pick) {
      choose(pick);
      return;
    }
    var link = e.target.closest(".pager a");
    if (link) {
      e.preventDefault();
      load(link.href);
    }
  }

  function submitted(e) {
    var form = e.target;
    e.preventDefault();
    if (form.method.toLowerCase() === "post") {
      load(form.action, { method: "POST", body: new FormData(form) });
    } else {
      load(form.action + "?" + new URLSearchParams(new FormData(form)).toString());
    }
  }

  // choose takes the file el names (a picker card or a just-uploaded
  // file): into the body as Markdown, or as the choice of a library select.
  function choose(el) {
    if (select) {
      pickInto(el.getAttribute("data-id"), el.getAttribute("data-label"), el.getAttribute("data-thumb"));
    } else {
      insert(el.getAttribute("data-picked") || el.getAttribute("data-markdown"));
    }
  }

  // pickInto chooses a file in a library select (adding it when it was
  // uploaded just now) and shows its thumbnail beside it.
  function pickInto(id, label, thumb) {
    var opt = Array.prototype.find.call(select.options, function (o) { return o.value === id; });
    if (!opt) {
      opt = new Option(label, id);
      select.add(opt);
    }
    select.value = id;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    var img = select.closest("fieldset") && select.closest("fieldset").querySelector("img.thumb");
    if (thumb && select.id === "f-lead_media_id") {
      if (!img) {
        img = document.createElement("img");
        img.className = "thumb";
        img.alt = "";
        img.width = 240;
        select.closest(".field").before(img);
      }
      img.src = thumb;
    }
    dialog.close();
  }

  // insert writes Markdown where the cursor was; an image stands in a
  // paragraph of its own, so that it is shown as a figure with its credit.
  function insert(md) {
    var text = md;
    if (md.charAt(0) === "!") {
      var before = area.value.slice(0, start), after = area.value.slice(end);
      if (before !== "" && !/\n\n$/.test(before)) { text = (/\n$/.test(before) ? "\n" : "\n\n") + text; }
      if (after !== "" && !/^\n\n/.test(after)) { text += /^\n/.test(after) ? "\n" : "\n\n"; }
    }
    area.setRangeText(text, start, end, "end");
    area.dispatchEvent(new Event("input", { bubbles: true }));
    dialog.close();
  }

  function open(forArea, type, forSelect) {
    area = forArea;
    select = forSelect || null;
    if (area) {
      start = area.selectionStart;
      end = area.selectionEnd;
    }
    if (!dialog) { makeDialog(); }
    body.textContent = "Loading…";
    dialog.showModal();
    load("/admin/media/picker?type=" + type);
  }

  if (typeof HTMLDialogElement !== "function") { return; }
  document.querySelectorAll(".md-toolbar[data-for]").forEach(function (bar) {
    var forArea = document.getElementById(bar.getAttribute("data-for"));
    if (!forArea) { return; }
    [["Image", "image"], ["Document", "document"]].forEach(function (t) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = t[0];
      b.setAttribute("aria-haspopup", "dialog");
      b.addEventListener("click", function () { open(forArea, t[1]); });
      bar.appendChild(b);
    });
  });
  // Every library select gets a button that shows the library with
  // thumbnails and search instead of a list of names.
  [["f-lead_media_id", "image"], ["f-share_image", "image"], ["f-document_id", "document"]].forEach(function (t) {
    var sel = document.getElementById(t[0]);
    if (!sel) { return; }
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button pick-from-library";
    b.textContent = t[1] === "image" ? "Browse the images…" : "Browse the documents…";
    b.setAttribute("aria-haspopup", "dialog");
    b.addEventListener("click", function () { open(null, t[1], sel); });
    sel.after(b);
  });
})();
