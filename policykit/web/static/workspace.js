/* policykit workspace: small enhancements; every page works without them.
   - The preview follows the paragraph being edited (its text found in the preview).
   - ?line=N selects that line of the text (links from the check's findings). */
(function () {
  "use strict";
  function blockAt(area) {
    var text = area.value, at = area.selectionStart;
    var start = text.lastIndexOf("\n\n", Math.max(at - 1, 0));
    var end = text.indexOf("\n\n", at);
    return text.slice(start < 0 ? 0 : start + 2, end < 0 ? text.length : end);
  }
  function words(text) {
    return text.replace(/^\s*([#>*+|-]+|\d+[.)])\s*/gm, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/[*_`|\\]/g, "").replace(/\s+/g, " ").trim();
  }
  function follow() {
    var area = document.getElementById("text");
    var frame = document.querySelector("iframe.preview");
    if (!area || !frame) { return; }
    var wanted = words(blockAt(area)).slice(0, 60);
    if (wanted.length < 3) { return; }
    function go() {
      var doc = frame.contentDocument;
      if (!doc || !doc.body) { return; }
      var blocks = doc.body.querySelectorAll("h1,h2,h3,h4,h5,h6,p,li,td,th,blockquote,dd,dt");
      for (var k = 0; k < blocks.length; k++) {
        if (blocks[k].textContent.replace(/\s+/g, " ").indexOf(wanted) >= 0) {
          var old = doc.querySelector("[data-editing]");
          if (old) { old.removeAttribute("data-editing"); old.style.outline = ""; }
          blocks[k].setAttribute("data-editing", "");
          blocks[k].style.outline = "3px solid #ffbf47";
          blocks[k].scrollIntoView({block: "center"});
          frame.setAttribute("data-following", wanted);
          return;
        }
      }
    }
    if (frame.contentDocument && frame.contentDocument.readyState === "complete") { go(); }
    frame.addEventListener("load", go, {once: true});
  }
  function selectLine(area) {
    var asked = /[?&]line=(\d+)/.exec(window.location.search);
    if (!asked) { return; }
    var lines = area.value.split("\n"), wanted = Number(asked[1]), at = 0;
    for (var k = 0; k < wanted - 1 && k < lines.length; k++) { at += lines[k].length + 1; }
    area.focus();
    area.setSelectionRange(at, at + (lines[wanted - 1] || "").length);
  }
  document.addEventListener("htmx:afterSettle", follow);
  document.addEventListener("htmx:load", follow);
  document.addEventListener("DOMContentLoaded", function () {
    var area = document.getElementById("text");
    if (!area) { return; }
    selectLine(area);
    area.addEventListener("click", follow);
    area.addEventListener("keyup", follow);
    follow();
  });
}());
