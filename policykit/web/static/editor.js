/* policykit workspace: the rich-text editor for a document's Markdown body.
   The textarea (#text) stays the form field and the source of truth. The body is split into
   its blocks (markdown-it's block map: blank-line separated, lists, tables and fenced code kept
   whole) and each block is shown rich in one contenteditable region. Every element keeps the
   bytes it was made from; on each edit the region is written back to Markdown where an
   element still shows what it was made from, its original bytes are used (a block, a list item,
   a table row), so only what the officer touched is written anew. Without JavaScript, or
   when this fails, the textarea form is used as it is. */
(function () {
  "use strict";
  var area = document.getElementById("text");
  var host = document.getElementById("rich-editor");
  if (!area || !host || !window.markdownit || !document.execCommand) { return; }
  var form = area.form;
  var md = window.markdownit("commonmark", {html: false, linkify: false, typographer: false})
    .enable(["table", "strikethrough"]);
  var memo = new WeakMap();      // element -> {src, html, index}: what it was made from
  var lists = new WeakMap();     // ul/ol -> how its markers are written
  var joins = new WeakMap();     // block/list element -> the original text between its parts
  var state = {front: "", lead: "", tail: "", gaps: []};
  var rich, toolbar, textButton, hint;

  /* ---- Markdown text -> rich blocks ---- */
  function splitFront(text) {
    var m = /^---\n[\s\S]*?\n---[ \t]*(\n|$)/.exec(text);
    return m ? [m[0], text.slice(m[0].length)] : ["", text];
  }
  function spans(src, tokens, level) {
    /* [start, end] offsets of each top-level block of src (trailing blank lines left out) */
    var lines = src.split("\n"), offs = [], at = 0, out = [];
    for (var k = 0; k < lines.length; k++) { offs.push(at); at += lines[k].length + 1; }
    tokens.forEach(function (t) {
      if (t.level !== level || !t.map || t.nesting < 0) { return; }
      var a = t.map[0], b = t.map[1];
      while (b > a + 1 && lines[b - 1].trim() === "") { b--; }
      out.push({token: t, start: offs[a], end: offs[b - 1] + lines[b - 1].length});
    });
    return out;
  }
  function remember(el, src, index) { memo.set(el, {src: src, html: el.innerHTML, index: index}); }
  function rememberParts(el, src, env) {
    /* list items and table rows of one block keep their own bytes */
    var tokens = md.parse(src, env);
    var items = el.tagName === "UL" || el.tagName === "OL" ? [el].concat([].slice.call(el.querySelectorAll("ul,ol"))) : [];
    var lis = [].slice.call(el.querySelectorAll("li")), trs = [].slice.call(el.querySelectorAll("tr"));
    var lines = src.split("\n"), li = 0, tr = 0, listAt = 0, offs = [], at = 0;
    for (var k = 0; k < lines.length; k++) { offs.push(at); at += lines[k].length + 1; }
    function end(map) {
      var b = map[1];
      while (b > map[0] + 1 && lines[b - 1].trim() === "") { b--; }
      return offs[b - 1] + lines[b - 1].length;
    }
    function slice(map) { return src.slice(offs[map[0]], end(map)); }
    var stack = [];
    tokens.forEach(function (t) {
      if (t.type === "bullet_list_open" || t.type === "ordered_list_open") {
        var listEl = items[listAt++];
        stack.push({el: listEl, parts: [], numbers: [], loose: false, markup: null});
      } else if (t.type === "list_item_open" && stack.length) {
        var top = stack[stack.length - 1], item = lis[li++];
        if (!top.markup) { top.markup = t.markup; }
        top.numbers.push(t.info || "");
        top.parts.push({el: item, map: t.map});
        if (item) { remember(item, slice(t.map), top.parts.length - 1); }
      } else if (t.type === "paragraph_open" && stack.length && !t.hidden) {
        stack[stack.length - 1].loose = true;
      } else if (t.type === "bullet_list_close" || t.type === "ordered_list_close") {
        var done = stack.pop();
        if (!done.el) { return; }
        var first = done.parts.length ? lines[done.parts[0].map[0]] : "";
        var pad = /^\s*(?:[-*+]|\d+[.)])( *)/.exec(first);
        var n = done.numbers;
        lists.set(done.el, {
          markup: done.markup, loose: done.loose, pad: pad && pad[1].length && pad[1].length < 5 ? pad[1].length : 1,
          start: n.length ? parseInt(n[0], 10) : 1, same: n.length > 1 && n.every(function (x) { return x === n[0]; })
        });
        var gaps = [""];
        for (var g = 1; g < done.parts.length; g++) {
          gaps.push(src.slice(end(done.parts[g - 1].map), offs[done.parts[g].map[0]]));
        }
        joins.set(done.el, gaps);
      } else if (t.type === "tr_open") {
        var row = trs[tr++];
        if (row) { remember(row, lines[t.map[0]], tr - 1); }
        if (t.map[0] === 0 && lines[1] !== undefined) { joins.set(el, lines[1]); }
      }
    });
  }
  function render(text) {
    var parts = splitFront(text), body = parts[1], env = {};
    state.front = parts[0];
    var blocks = spans(body, md.parse(body, env), 0);
    state.gaps = [""];
    state.lead = blocks.length ? body.slice(0, blocks[0].start) : body;
    state.tail = blocks.length ? body.slice(blocks[blocks.length - 1].end) : "";
    rich.textContent = "";
    blocks.forEach(function (b, i) {
      if (i) { state.gaps.push(body.slice(blocks[i - 1].end, b.start)); }
      var src = body.slice(b.start, b.end), holder = document.createElement("div");
      holder.innerHTML = md.render(src, env);
      var els = [].slice.call(holder.children), el;
      if (els.length === 1 && !/^(PRE|HR)$/.test(els[0].tagName)) {
        el = els[0];
        rememberParts(el, src, env);
      } else {
        el = document.createElement("div");
        el.className = "pk-fixed";
        el.contentEditable = "false";
        el.innerHTML = holder.innerHTML || "<p></p>";
      }
      rich.appendChild(el);
      remember(el, src, i);
    });
  }

  /* ---- rich blocks -> Markdown text ---- */
  var fresh = false;  /* true: write every element anew (the self-check below) */
  function same(el) {
    var m = fresh && !(el.classList && el.classList.contains("pk-fixed")) ? null : memo.get(el);
    return m && el.innerHTML === m.html ? m.src : null;
  }
  function joined(parts, gaps, sep) {
    var s = "";
    parts.forEach(function (p, i) {
      if (i) {
        var a = parts[i - 1].m, b = p.m;
        s += a && b && b.index === a.index + 1 && gaps && gaps[b.index] !== undefined ? gaps[b.index] : sep;
      }
      s += p.text;
    });
    return s;
  }
  function escapeText(text) {
    return text.replace(/\u00a0/g, " ")
      .replace(/\\(?=[!-/:-@[-`{-~])/g, "\\\\")
      .replace(/[*`]/g, "\\$&")
      .replace(/~~/g, "\\~\\~")
      .replace(/\]\(/g, "\\](")
      .replace(/<(?=[A-Za-z/!?])/g, "\\<")
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, "&amp;")
      .replace(/_/g, function (u, at, all) {
        var before = all.charAt(at - 1), after = all.charAt(at + 1);
        return /[A-Za-z0-9]/.test(before) && /[A-Za-z0-9]/.test(after) ? u : "\\_";
      });
  }
  function wrap(mark, inner) {
    var m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner);
    return m[2] ? m[1] + mark + m[2] + mark + m[3] : inner;
  }
  function inline(node) {
    var out = "", kids = node.childNodes, afterBreak = false;
    for (var k = 0; k < kids.length; k++) {
      var c = kids[k];
      if (c.nodeType === 3) {
        out += escapeText(afterBreak ? c.nodeValue.replace(/^\n/, "") : c.nodeValue).replace(/(^|[^\\])\\$/, "$1\\\\");
        afterBreak = false;
        continue;
      }
      afterBreak = c.tagName === "BR";
      if (c.nodeType !== 1) { continue; }
      var tag = c.tagName;
      if (tag === "STRONG" || tag === "B") { out += wrap("**", inline(c)); }
      else if (tag === "EM" || tag === "I") { out += wrap("*", inline(c)); }
      else if (tag === "S" || tag === "DEL" || tag === "STRIKE") { out += wrap("~~", inline(c)); }
      else if (tag === "CODE") {
        var code = c.textContent, fence = "`";
        while (code.indexOf(fence) >= 0) { fence += "`"; }
        var pad = /^`|`$/.test(code) || (/^ [\s\S]* $/.test(code) && code.trim()) ? " " : "";
        out += fence + pad + code + pad + fence;
      } else if (tag === "A") {
        var href = c.getAttribute("href") || "", title = c.getAttribute("title");
        if (/[\s()<>]/.test(href)) { href = "<" + href.replace(/[<>]/g, encodeURIComponent) + ">"; }
        out += "[" + inline(c) + "](" + href + (title ? ' "' + title.replace(/"/g, '\\"') + '"' : "") + ")";
      } else if (tag === "BR") {
        if (c.nextSibling && !(c.nextSibling.nodeType === 3 && !c.nextSibling.nodeValue.trim() && !c.nextSibling.nextSibling)) { out += "\\\n"; }
      } else if (tag === "IMG") {
        out += "![" + escapeText(c.getAttribute("alt") || "") + "](" + (c.getAttribute("src") || "") + ")";
      } else if (/^(P|DIV|H[1-6]|LI|UL|OL|TABLE|BLOCKQUOTE|PRE)$/.test(tag)) {
        out += (out && !/\n$/.test(out) ? "\n" : "") + inline(c);
      } else { out += inline(c); }
    }
    return out;
  }
  function paragraph(el) {
    var text = inline(el).replace(/[ \t]*\n[ \t]*/g, "\n").replace(/^\s+|\s+$/g, "");
    return text.split("\n").map(function (line) {
      if (/^(#{1,6}(\s|$)|[-+*](\s|$)|>|=+\s*$|-+\s*$)/.test(line)) { return "\\" + line; }
      return line.replace(/^(\d{1,9})([.)])(\s|$)/, "$1\\$2$3");
    }).join("\n");
  }
  function prefix(text, inner) {
    return text.split("\n").map(function (l) { return l ? inner + l : l; }).join("\n");
  }
  function listText(el, indent) {
    var info = lists.get(el) || {markup: el.tagName === "OL" ? "." : "-", loose: false, pad: 1, start: 1, same: false};
    var ordered = el.tagName === "OL", parts = [], n = 0;
    var start = ordered && el.getAttribute("start") ? parseInt(el.getAttribute("start"), 10) : info.start;
    [].forEach.call(el.childNodes, function (li) {
      if (li.nodeType === 3 && !li.nodeValue.trim()) { return; }
      var mark = ordered ? (info.same ? start : start + n) + (info.markup || ".") : (info.markup || "-");
      var kept = li.nodeType === 1 ? same(li) : null;
      n++;
      parts.push({m: kept !== null ? memo.get(li) : null, text: kept !== null ? kept : item(li, mark, indent, info)});
    });
    return joined(parts, joins.get(el), info.loose ? "\n\n" : "\n");
  }
  function item(li, mark, indent, info) {
    var inner = indent + " ".repeat(mark.length + info.pad), segs = [];
    var run = document.createElement("span");
    function flush() {
      var t = paragraph(run);
      if (t) { segs.push(prefix(t, inner)); }
      run = document.createElement("span");
    }
    [].slice.call(li.nodeType === 1 ? li.childNodes : [li]).forEach(function (c) {
      if (c.nodeType === 1 && (c.tagName === "UL" || c.tagName === "OL")) { flush(); segs.push(listText(c, inner)); }
      else if (c.nodeType === 1 && /^(P|DIV|TABLE|BLOCKQUOTE|PRE|H[1-6])$/.test(c.tagName)) {
        flush();
        var b = blockText(c);
        if (b) { segs.push(prefix(b, inner)); }
      } else { run.appendChild(c.cloneNode(true)); }
    });
    flush();
    var first = segs.length && segs[0].indexOf(inner) === 0 ? segs[0].slice(inner.length) : (segs[0] || "");
    var sep = info.loose ? "\n\n" : "\n", rest = segs.slice(1).join(sep);
    return indent + mark + " ".repeat(info.pad) + first + (rest ? sep + rest : "");
  }
  function cell(c) { return inline(c).replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|").trim(); }
  function tableText(el) {
    var rows = [].slice.call(el.querySelectorAll("tr")), out = [];
    var cols = rows.length ? rows[0].children.length : 1;
    rows.forEach(function (tr, i) {
      var kept = same(tr);
      out.push(kept !== null ? kept : "| " + [].map.call(tr.children, cell).join(" | ") + " |");
      if (i === 0) { out.push(joins.get(el) || "|" + new Array(cols + 1).join("---|")); }
    });
    return out.join("\n");
  }
  function blockText(el) {
    if (el.nodeType === 3) { return el.nodeValue.trim() ? paragraph({childNodes: [el]}) : null; }
    if (el.nodeType !== 1) { return null; }
    var kept = same(el);
    if (kept !== null) { return kept; }
    var tag = el.tagName;
    if (/^H[1-6]$/.test(tag)) {
      return "#".repeat(+tag.charAt(1)) + " " + paragraph(el).replace(/\n/g, " ").replace(/(^|\s)(#+)$/, "$1\\$2");
    }
    if (tag === "UL" || tag === "OL") { return listText(el, ""); }
    if (tag === "TABLE") { return tableText(el); }
    if (tag === "BR") { return null; }
    if (tag === "PRE") { return "```\n" + el.textContent.replace(/\n$/, "") + "\n```"; }
    if (tag === "HR") { return "***"; }
    if (tag === "BLOCKQUOTE" || (tag === "DIV" && el.querySelector("p,ul,ol,table,h1,h2,h3,h4,h5,h6"))) {
      var inner = [].map.call(el.childNodes, blockText).filter(function (t) { return t; }).join("\n\n");
      return tag === "BLOCKQUOTE" ? inner.split("\n").map(function (l) { return l ? "> " + l : ">"; }).join("\n") : inner;
    }
    return paragraph(el) || null;
  }
  function serialize() {
    var parts = [];
    [].forEach.call(rich.childNodes, function (el) {
      var text = blockText(el);
      if (text) { parts.push({m: el.nodeType === 1 ? memo.get(el) : null, text: text, el: el}); }
    });
    return {text: state.front + state.lead + joined(parts, state.gaps, "\n\n") + (parts.length ? state.tail : ""), parts: parts};
  }

  /* ---- keeping the textarea in step ---- */
  function topBlock(node) {
    while (node && node.parentNode !== rich) { node = node.parentNode; }
    return node;
  }
  function sync() {
    var result = serialize(), text = result.text;
    if (text === area.value) { return; }
    area.value = text;
    var sel = window.getSelection(), here = sel.rangeCount ? topBlock(sel.anchorNode) : null;
    var at = (state.front + state.lead).length;
    for (var k = 0; k < result.parts.length && result.parts[k].el !== here; k++) { at += result.parts[k].text.length + 2; }
    try { area.setSelectionRange(Math.min(at, text.length), Math.min(at, text.length)); } catch (e) { /* hidden */ }
    if (window.htmx) { window.htmx.trigger(area, "keyup"); }
  }

  /* ---- toolbar ---- */
  function inside(tag) {
    var sel = window.getSelection(), node = sel.rangeCount ? sel.anchorNode : null;
    while (node && node !== rich) { if (node.nodeType === 1 && tag.test(node.tagName)) { return node; } node = node.parentNode; }
    return null;
  }
  function heading(level) {
    var h = inside(/^H[1-6]$/);
    document.execCommand("formatBlock", false, h && h.tagName === "H" + level ? "p" : "h" + level);
  }
  function caretAtEnd(el) {
    var r = document.createRange(), s = window.getSelection();
    r.selectNodeContents(el);
    r.collapse(false);
    s.removeAllRanges();
    s.addRange(r);
  }
  function list(tag) {
    /* A paragraph becomes a list of one item; an item of the other kind of list changes the
       list's kind; an item of this kind becomes a paragraph again (the list split around it). */
    var li = inside(/^LI$/), here = topBlock(window.getSelection().anchorNode);
    if (li) {
      var owner = li.parentNode;
      if (owner.tagName !== tag) {
        var other = document.createElement(tag);
        while (owner.firstChild) { other.appendChild(owner.firstChild); }
        owner.parentNode.replaceChild(other, owner);
        caretAtEnd(li);
        return;
      }
      var p = document.createElement("p"), after = document.createElement(tag);
      while (li.firstChild) { p.appendChild(li.firstChild); }
      while (li.nextSibling) { after.appendChild(li.nextSibling); }
      owner.parentNode.insertBefore(p, owner.nextSibling);
      if (after.children.length) { owner.parentNode.insertBefore(after, p.nextSibling); }
      owner.removeChild(li);
      if (!owner.children.length) { owner.parentNode.removeChild(owner); }
      caretAtEnd(p);
      return;
    }
    if (!here || here.nodeType !== 1 || !/^(P|DIV|H[1-6])$/.test(here.tagName)) { return; }
    var made = document.createElement(tag), item = document.createElement("li");
    while (here.firstChild) { item.appendChild(here.firstChild); }
    made.appendChild(item);
    rich.replaceChild(made, here);
    caretAtEnd(item);
  }
  function nextCell(back) {
    var c = inside(/^(TD|TH)$/);
    if (!c) { return false; }
    var cells = [].slice.call(c.closest("table").querySelectorAll("th,td"));
    var to = cells[cells.indexOf(c) + (back ? -1 : 1)];
    if (!to) { return false; }
    var r = document.createRange(), s = window.getSelection();
    r.selectNodeContents(to);
    s.removeAllRanges();
    s.addRange(r);
    return true;
  }
  function link() {
    var a = inside(/^A$/);
    var url = window.prompt(a ? "Web address of the link (empty to remove it)" : "Web address to link to", a ? a.getAttribute("href") : "https://");
    if (url === null) { return; }
    if (a && !url.trim()) { var r = document.createRange(); r.selectNodeContents(a); var s = window.getSelection(); s.removeAllRanges(); s.addRange(r); document.execCommand("unlink"); return; }
    if (a) { a.setAttribute("href", url.trim()); return; }
    if (window.getSelection().isCollapsed) { document.execCommand("insertHTML", false, "<a href=\"" + url.trim().replace(/[&"<]/g, encodeURIComponent) + "\">" + url.trim().replace(/[&<]/g, encodeURIComponent) + "</a>"); }
    else { document.execCommand("createLink", false, url.trim()); }
  }
  function table() {
    var here = topBlock(window.getSelection().anchorNode) || rich.lastChild;
    var t = document.createElement("table");
    t.innerHTML = "<thead><tr><th>Heading</th><th>Heading</th></tr></thead><tbody><tr><td>Text</td><td>Text</td></tr></tbody>";
    rich.insertBefore(t, here ? here.nextSibling : null);
    var r = document.createRange(); r.selectNodeContents(t.querySelector("th"));
    var s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
  }
  var tools = [
    {label: "Heading", keys: "Control+Alt+1", run: function () { heading(1); }, pressed: function () { return !!inside(/^H1$/); }},
    {label: "Subheading", keys: "Control+Alt+2", run: function () { heading(2); }, pressed: function () { return !!inside(/^H2$/); }},
    {label: "Bold", keys: "Control+B", run: function () { document.execCommand("bold"); }, pressed: function () { return document.queryCommandState("bold"); }},
    {label: "Italic", keys: "Control+I", run: function () { document.execCommand("italic"); }, pressed: function () { return document.queryCommandState("italic"); }},
    {label: "Link", keys: "Control+K", run: link},
    {label: "Bullet list", keys: "Control+Shift+8", run: function () { list("UL"); }, pressed: function () { return !!inside(/^UL$/); }},
    {label: "Numbered list", keys: "Control+Shift+7", run: function () { list("OL"); }, pressed: function () { return !!inside(/^OL$/); }},
    {label: "Table", run: table}
  ];
  function refresh() {
    tools.forEach(function (t) { if (t.pressed) { t.button.setAttribute("aria-pressed", String(!!t.pressed())); } });
  }
  function shortcut(e) {
    if (e.key === "Tab" && !e.ctrlKey && !e.altKey && nextCell(e.shiftKey)) { e.preventDefault(); return; }
    if (!(e.ctrlKey || e.metaKey)) { return; }
    var key = e.key.toLowerCase(), code = e.code;
    var match = tools.filter(function (t) {
      if (!t.keys) { return false; }
      var want = t.keys.split("+"), k = want[want.length - 1].toLowerCase();
      return e.altKey === (want.indexOf("Alt") >= 0) && e.shiftKey === (want.indexOf("Shift") >= 0) &&
        (key === k || code === "Digit" + k || code === "Key" + k.toUpperCase());
    })[0];
    if (match) { e.preventDefault(); match.run(); sync(); refresh(); }
  }
  function textMode(on, quiet) {
    if (!on) {
      render(area.value);
      if (serialize().text !== area.value) { on = true; hint.textContent = "This text has parts the rich view cannot show exactly, so it is shown as text."; }
    }
    form.classList.toggle("pk-rich-on", !on);
    rich.hidden = on;
    toolbar.querySelectorAll("button[data-tool]").forEach(function (b) { b.disabled = on; });
    hint.hidden = on;
    textButton.setAttribute("aria-pressed", String(on));
    if (!quiet) { (on ? area : rich).focus(); }
  }
  function build() {
    var label = form.querySelector("label[for=text]");
    toolbar = document.createElement("div");
    toolbar.className = "pk-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Formatting");
    toolbar.setAttribute("aria-controls", "rich-text");
    tools.forEach(function (t) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = t.label;
      b.setAttribute("data-tool", "");
      if (t.keys) { b.setAttribute("aria-keyshortcuts", t.keys); b.title = t.label + " (" + t.keys.replace("Control", "Ctrl") + ")"; }
      if (t.pressed) { b.setAttribute("aria-pressed", "false"); }
      b.addEventListener("mousedown", function (e) { e.preventDefault(); });
      b.addEventListener("click", function () { if (!rich.contains(document.activeElement)) { rich.focus(); } t.run(); sync(); refresh(); });
      t.button = b;
      toolbar.appendChild(b);
    });
    textButton = document.createElement("button");
    textButton.type = "button";
    textButton.className = "pk-as-text";
    textButton.textContent = "Edit as text";
    textButton.setAttribute("aria-pressed", "false");
    textButton.addEventListener("click", function () { textMode(textButton.getAttribute("aria-pressed") !== "true"); });
    toolbar.appendChild(textButton);
    rich = document.createElement("div");
    rich.id = "rich-text";
    rich.className = "pk-rich";
    rich.contentEditable = "true";
    rich.spellcheck = true;
    rich.setAttribute("role", "textbox");
    rich.setAttribute("aria-multiline", "true");
    rich.setAttribute("aria-label", "The text of the document (the details at the top: Edit as text)");
    hint = document.createElement("p");
    hint.className = "hint pk-hint";
    hint.textContent = "Headings, bold, italic, links, lists and tables as they will look. Edit as text shows the Markdown and the details at the top.";
    host.appendChild(toolbar);
    host.appendChild(hint);
    host.appendChild(rich);
    if (label) { label.classList.add("pk-text-label"); }
    rich.addEventListener("input", sync);
    var typingIn = null;  /* the link whose words are being typed over */
    rich.addEventListener("beforeinput", function (e) {
      /* Typing over a link's words keeps the link (the browser would keep only the first letter). */
      var sel = window.getSelection();
      if (e.inputType !== "insertText" || !e.data || !sel.rangeCount) { typingIn = null; return; }
      var range = sel.getRangeAt(0), node = range.commonAncestorContainer;
      var a = (node.nodeType === 1 ? node : node.parentElement).closest("a");
      if (!a || !rich.contains(a)) {
        a = sel.isCollapsed && typingIn && rich.contains(typingIn) && node.nodeType === 3 &&
          node === typingIn.lastChild && range.startOffset === node.nodeValue.length ? typingIn : null;
      } else if (sel.isCollapsed && a !== typingIn) { a = null; }
      if (!a) { typingIn = null; return; }
      e.preventDefault();
      range.deleteContents();
      var typed = document.createTextNode(e.data);
      range.insertNode(typed);
      a.normalize();
      var last = a.lastChild;
      range = document.createRange();
      if (last && last.nodeType === 3 && last.nodeValue.slice(-e.data.length) === e.data && typed.parentNode === null) {
        range.setStart(last, last.nodeValue.length);
      } else { range.setStartAfter(typed.parentNode ? typed : a.lastChild); }
      range.collapse(true);
      sel.removeAllRanges();
      sel.addRange(range);
      typingIn = a;
      sync();
    });
    rich.addEventListener("mousedown", function () { typingIn = null; });
    rich.addEventListener("paste", function (e) {
      /* Pasted words come in as text (formatting from elsewhere is not the dialect's). */
      var text = e.clipboardData && e.clipboardData.getData("text/plain");
      if (text === undefined || text === null) { return; }
      e.preventDefault();
      document.execCommand("insertText", false, text);
    });
    rich.addEventListener("keydown", shortcut);
    document.addEventListener("selectionchange", function () { if (rich.contains(document.activeElement)) { refresh(); } });
  }
  try {
    document.execCommand("defaultParagraphSeparator", false, "p");
    build();
    render(area.value);
    host.setAttribute("data-ready", "true");
    /* For the tests: each block written anew from what is shown, beside its own bytes. */
    host.rewritten = function () {
      fresh = true;
      try {
        return [].map.call(rich.children, function (el) { return [memo.get(el) ? memo.get(el).src : "", blockText(el) || ""]; });
      } finally { fresh = false; }
    };
    textMode(/[?&]line=\d/.test(window.location.search) || area.getAttribute("aria-invalid") === "true", true);
  } catch (e) {
    host.setAttribute("data-ready", "false");
    host.setAttribute("data-problem", String(e && e.message));
    if (form) { form.classList.remove("pk-rich-on"); }
    if (toolbar) { host.textContent = ""; }
  }
}());
