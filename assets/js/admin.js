// Small improvements for the admin forms. Everything works without this
// file: the toolbar only inserts Markdown, and the warning only asks before
// leaving a form with unsaved changes.
(function () {
  "use strict";

  // Warn before leaving a page whose form has unsaved changes.
  document.querySelectorAll("form[data-unsaved-warning]").forEach(function (form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = ""; }
    });
  });

  // A Markdown toolbar above each editor.
  var tools = [
    ["Bold", "**", "**", "bold text"],
    ["Italic", "*", "*", "italic text"],
    ["Heading", "\n## ", "\n", "Heading"],
    ["Link", "[", "](https://)", "link text"],
    ["List", "\n- ", "\n", "item"],
    ["Quote", "\n> ", "\n", "quotation"],
    ["Table", "\n\n| ", " | Heading |\n| --- | --- |\n| Cell | Cell |\n| Cell | Cell |\n\n", "Heading"]
  ];
  document.querySelectorAll(".md-toolbar[data-for]").forEach(function (bar) {
    var area = document.getElementById(bar.getAttribute("data-for"));
    if (!area) { return; }
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatting");
    tools.forEach(function (t) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = t[0];
      b.addEventListener("click", function () {
        var s = area.selectionStart, e = area.selectionEnd;
        var sel = area.value.slice(s, e) || t[3];
        area.setRangeText(t[1] + sel + t[2], s, e, "end");
        area.focus();
        area.dispatchEvent(new Event("input", { bubbles: true }));
      });
      bar.appendChild(b);
    });
    bar.hidden = false;
  });

  // Buttons that ask before doing something that cannot be undone.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (e) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
})();
