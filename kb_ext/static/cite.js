/* Citing a passage in one click (kb_ext).
 *
 * Each passage of a source page gets a button that copies a ready
 * kb:position block: the source and passage id, the words the reader
 * selected in that passage as the quote (the whole passage when nothing in
 * it is selected), and a stance line to fill in. The block is also sent as a
 * "kb:cite" event on the document (detail: {text, source, passage}), for
 * pages and tests that want it without the clipboard.
 */
(function () {
  "use strict";

  var STANCES = "supports | disputes | reports | qualifies";
  // Parts of a passage that are not its text.
  var FURNITURE = ".kb-anchor, .kb-cited-by, .kb-cite";

  function squash(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  function textOf(fragment) {
    fragment.querySelectorAll(FURNITURE).forEach(function (node) { node.remove(); });
    return squash(fragment.textContent || "");
  }

  /* The selected words inside ``passage``, or "" when none are. A selection
   * that runs past the passage is cut to it. */
  function selectedIn(passage) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      return "";
    }
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(passage)) {
      return "";
    }
    var cut = range.cloneRange();
    if (!passage.contains(range.startContainer)) {
      cut.setStart(passage, 0);
    }
    if (!passage.contains(range.endContainer)) {
      cut.setEnd(passage, passage.childNodes.length);
    }
    var holder = document.createElement("div");
    holder.appendChild(cut.cloneContents());
    return textOf(holder);
  }

  function block(source, passage, quote) {
    return [":::{kb:position} " + source + "/" + passage,
            ":stance: " + STANCES,
            quote,
            ":::", ""].join("\n");
  }

  function copied(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // file:// and plain http: the old way, through a hidden text area.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      area.remove();
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function announce(status, message) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function setUp() {
    var sections = document.querySelectorAll("section.kb-source[id^='kb-source-']");
    if (sections.length === 0) {
      return;
    }
    var status = document.createElement("div");
    status.className = "kb-cite-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    document.body.appendChild(status);
    sections.forEach(function (section) {
      var source = section.id.slice("kb-source-".length);
      section.querySelectorAll("p.kb-passage").forEach(function (passage) {
        var anchor = passage.querySelector(".kb-anchor");
        var number = anchor && /\d+/.exec(anchor.textContent || "");
        if (!number) {
          return;
        }
        var id = "p" + number[0];
        var button = document.createElement("button");
        button.type = "button";
        button.className = "kb-cite";
        button.textContent = "Cite";
        button.setAttribute("aria-label", "Copy citation of \u00b6" + number[0]);
        button.title = "Copy a kb:position block quoting the words selected in this " +
                       "passage, or the whole passage";
        // Keep the reader's selection: a mouse press on the button must not clear it.
        button.addEventListener("mousedown", function (event) { event.preventDefault(); });
        button.addEventListener("click", function () {
          var quote = selectedIn(passage);
          var whole = quote === "";
          var text = block(source, id, whole ? textOf(passage.cloneNode(true)) : quote);
          document.dispatchEvent(new CustomEvent("kb:cite", {
            detail: {text: text, source: source, passage: id, whole: whole}}));
          copied(text).then(function () {
            announce(status, "Citation of \u00b6" + number[0] + " copied" +
                     (whole ? " (the whole passage)" : " (the selected words)"));
          }, function () {
            announce(status, "Could not copy the citation of \u00b6" + number[0]);
          });
        });
        anchor.insertAdjacentElement("afterend", button);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
