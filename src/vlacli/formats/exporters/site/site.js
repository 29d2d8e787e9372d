// vla's static site: the catalog's papers, searchable and filterable, from the JSON in #vla-data.
// Every text from the data is set with textContent (never as HTML); links are http(s) only (vla
// leaves the others out). The filters live in the URL's fragment, so a view can be shared.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("vla-data").textContent);
  var CATS = DATA.categories;   // [{slug, name, parent (index or null), depth, table}], the taxonomy's order
  var PAPERS = DATA.papers;     // in the README's order: year, then arXiv ID, then key
  var N = PAPERS.length;
  var SORTS = ["year", "-year", "title", "-title", "venue", "-venue"];
  var COLUMNS = [["year", "Year"], ["venue", "Venue"], ["title", "Paper"]];
  var PAGE = 50;    // rows a section draws at a time
  var FIRST = 100;  // rows drawn at once; the sections after them are drawn as they come near the window
  var DEFAULT = {q: "", category: "", from: "", to: "", venue: "", code: false, sort: "year"};

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  // -- the data, indexed once ---------------------------------------------------------------
  var bySlug = Object.create(null);  // no prototype: a name such as "constructor" is only a name
  var children = CATS.map(function () { return []; });
  CATS.forEach(function (c, i) {
    bySlug[c.slug] = i;
    if (c.parent !== null) children[c.parent].push(i);
  });
  var under = new Array(N);     // each paper's categories and every category above them
  var rows = CATS.map(function () { return []; });  // category -> its papers, in the README's order
  var unfiled = [];
  for (var i = 0; i < N; i++) {
    var p = PAPERS[i];
    var seen = {};
    p.categories.forEach(function (c) {
      rows[c].push(i);
      for (var a = c; a !== null && !seen[a]; a = CATS[a].parent) seen[a] = true;
    });
    under[i] = Object.keys(seen).map(Number);
    if (!p.categories.length) unfiled.push(i);
  }
  var UNFILED = CATS.length;  // the section of the papers in no category, after the taxonomy's
  rows.push(unfiled);

  // The long texts (authors, abstract, BibTeX) come in #vla-text, after this script: the tables are
  // drawn before the browser has even read them. They are read once the page is parsed; a search or
  // a paper's details asked for before then wait for it.
  var TEXT = null, hay = null, waiting = [];
  function texts() {
    if (TEXT === null && document.readyState !== "loading") {
      TEXT = JSON.parse(document.getElementById("vla-text").textContent);
      hay = new Array(N);  // what the search looks in: title, authors, abstract, in lower case
      for (var i = 0; i < N; i++) {
        hay[i] = (PAPERS[i].title + "\n" + TEXT[i][0].join("\n") + "\n" + TEXT[i][1]).toLowerCase();
      }
      if (window.performance && performance.mark) performance.mark("vla:searchable");
    }
    return TEXT;
  }
  function whenTexts(fn) {
    if (texts()) fn(); else waiting.push(fn);
  }
  document.addEventListener("DOMContentLoaded", function () {
    texts();
    waiting.splice(0).forEach(function (fn) { fn(); });
  });

  // Sort orders: a rank per paper for each, computed when first asked for.
  var ranks = Object.create(null);
  function rank(sort) {
    if (ranks[sort]) return ranks[sort];
    var key = sort.replace("-", "");
    var order = PAPERS.map(function (_, i) { return i; });
    if (key === "title" || key === "venue") {
      var coll = new Intl.Collator("en", {sensitivity: "base", numeric: true});
      var val = PAPERS.map(function (p) { return key === "title" ? p.title : p.venue; });
      order.sort(function (a, b) {
        if (!val[a] !== !val[b]) return val[a] ? -1 : 1;  // papers without a venue last
        return coll.compare(val[a], val[b]) || a - b;
      });
    }
    if (sort.charAt(0) === "-") order.reverse();
    var r = new Int32Array(N);
    order.forEach(function (paper, pos) { r[paper] = pos; });
    return (ranks[sort] = r);
  }

  // A section's papers in a sort order (the README's order is the data's).
  var orders = Object.create(null);
  function ordered(c, sort) {
    if (sort === "year") return rows[c];
    var key = sort + ":" + c;
    if (!orders[key]) {
      var r = rank(sort);
      orders[key] = rows[c].slice().sort(function (a, b) { return r[a] - r[b]; });
    }
    return orders[key];
  }

  // -- the state, in the URL's fragment -------------------------------------------------------
  var state = Object.assign({}, DEFAULT);
  function readHash() {
    var h = new URLSearchParams(location.hash.replace(/^#/, ""));
    var s = Object.assign({}, DEFAULT);
    s.q = h.get("q") || "";
    s.category = h.get("category") || "";
    s.from = h.get("from") || "";
    s.to = h.get("to") || "";
    s.venue = h.get("venue") || "";
    s.code = h.get("code") === "1";
    s.sort = SORTS.indexOf(h.get("sort")) >= 0 ? h.get("sort") : "year";
    return s;
  }
  function writeHash() {
    var h = new URLSearchParams();
    for (var k in DEFAULT) {
      if (state[k] !== DEFAULT[k]) h.set(k, k === "code" ? "1" : state[k]);
    }
    var text = h.toString();
    var url = location.pathname + location.search + (text ? "#" + text : "");
    try { history.replaceState(null, "", url); } catch (e) { /* a browser that refuses it on file:// */ }
  }

  // -- the controls ------------------------------------------------------------------------
  var form = document.getElementById("filters");
  var f = {
    q: document.getElementById("f-q"), category: document.getElementById("f-category"),
    from: document.getElementById("f-from"), to: document.getElementById("f-to"),
    venue: document.getElementById("f-venue"), code: document.getElementById("f-code"),
  };
  var status = document.getElementById("status");
  var results = document.getElementById("results");

  CATS.forEach(function (c) {
    f.category.appendChild(el("option", {value: c.slug}, "\u00a0\u00a0".repeat(c.depth) + c.name));
  });
  var years = PAPERS.map(function (p) { return p.year; }).filter(function (y) { return y !== null; });
  if (years.length) {
    var lo = Math.min.apply(null, years), hi = Math.max.apply(null, years);
    for (var y = lo; y <= hi; y++) {
      f.from.appendChild(el("option", {value: String(y)}, String(y)));
      f.to.appendChild(el("option", {value: String(y)}, String(y)));
    }
  }
  var venues = Object.create(null);
  PAPERS.forEach(function (p) { if (p.venue) venues[p.venue] = (venues[p.venue] || 0) + 1; });
  Object.keys(venues).sort(function (a, b) { return venues[b] - venues[a] || (a < b ? -1 : a > b ? 1 : 0); })
    .forEach(function (v) { f.venue.appendChild(el("option", {value: v}, v + " (" + venues[v] + ")")); });

  // The state shown in the controls; a value no control offers (a category, year or venue from an
  // old link) is dropped, so what is shown is what is filtered.
  function toControls() {
    f.q.value = state.q;
    pick(f.category, state.category);
    pick(f.from, state.from);
    pick(f.to, state.to);
    pick(f.venue, state.venue);
    f.code.checked = state.code;
    fromControls();
  }
  function pick(select, value) {
    select.value = value;
    if (select.selectedIndex < 0) select.selectedIndex = 0;
  }
  function fromControls() {
    state.q = f.q.value;
    state.category = f.category.value;
    state.from = f.from.value;
    state.to = f.to.value;
    state.venue = f.venue.value;
    state.code = f.code.checked;
  }

  // The taxonomy tree: a button per category, with the number of papers the other filters keep.
  var treeButtons = [], treeCounts = [];
  function treeItem(label, slug, cls) {
    var li = el("li", cls ? {"class": cls} : null);
    var b = el("button", {type: "button", "aria-pressed": "false", "data-slug": slug});
    b.appendChild(el("span", {"class": "name"}, label));
    var n = el("span", {"class": "n"});
    b.appendChild(n);
    b.addEventListener("click", function () {
      state.category = state.category === slug ? "" : slug;
      toControls();
      update(true);
    });
    li.appendChild(b);
    return {li: li, button: b, count: n};
  }
  (function buildTree() {
    var tree = document.getElementById("tree");
    var all = treeItem("All papers", "", "all");
    tree.appendChild(all.li);
    treeButtons.push(all.button);
    treeCounts.push(all.count);
    var lists = [];
    CATS.forEach(function (c, i) {
      var item = treeItem(c.name, c.slug, c.parent === null ? "pillar" : "");
      treeButtons.push(item.button);
      treeCounts.push(item.count);
      if (children[i].length) {
        lists[i] = el("ul");
        item.li.appendChild(lists[i]);
      }
      (c.parent === null ? tree : lists[c.parent]).appendChild(item.li);
    });
  })();

  // -- the sections: a heading per category, a table where papers are filed ----------------
  var sections = [];  // category -> {box, table, empty, shown: [papers shown], units}
  var headingLevel = function (depth) { return "h" + Math.min(2 + depth, 6); };
  function sectionFor(i, name, depth, table) {
    var id = "s-" + (i === UNFILED ? "none" : CATS[i].slug);
    var box = el("section", {"class": "node", id: id, "aria-labelledby": id + "-h"});
    var h = el(headingLevel(depth), {id: id + "-h"}, name);
    var count = el("span", {"class": "n"});
    h.appendChild(count);
    box.appendChild(h);
    var s = {box: box, count: count, name: name, table: null, empty: null, list: [], drawn: [], units: {}, heads: [],
             limit: PAGE, near: false, pending: false};
    box.setAttribute("data-section", String(i));
    if (table) {
      s.table = el("table");
      var cols = el("colgroup");
      ["c-year", "c-venue", "c-title", "c-link", "c-link"].forEach(function (c) { cols.appendChild(el("col", {"class": c})); });
      s.table.appendChild(cols);
      var thead = el("thead"), tr = el("tr");
      COLUMNS.forEach(function (col) {
        var th = el("th", {scope: "col"});
        var b = el("button", {type: "button"}, col[1]);
        b.addEventListener("click", function () {
          state.sort = state.sort === col[0] ? "-" + col[0] : col[0];
          update(true);
        });
        th.appendChild(b);
        tr.appendChild(th);
        s.heads.push([col[0], th]);
      });
      ["Website", "Code"].forEach(function (label) {
        var th = el("th", {scope: "col"});
        th.appendChild(el("span", {"class": "hl"}, label));
        th.appendChild(el("span", {"class": "sr"}, label));
        tr.appendChild(th);
      });
      thead.appendChild(tr);
      s.table.appendChild(thead);
      s.table.setAttribute("aria-label", name);
      s.wrap = el("div", {"class": "rows"});
      s.wrap.appendChild(s.table);
      s.more = el("p", {"class": "more-rows", "data-section": String(i)});
      s.moreButton = el("button", {type: "button"});
      s.moreButton.addEventListener("click", function () { more(s); });
      s.more.appendChild(s.moreButton);
      s.wrap.appendChild(s.more);
      box.appendChild(s.wrap);
      s.empty = el("p", {"class": "empty"}, "No papers in this category yet.");
      box.appendChild(s.empty);
    }
    sections[i] = s;
    return s;
  }
  (function buildSections() {
    var boxes = [];
    CATS.forEach(function (c, i) {
      boxes[i] = sectionFor(i, c.name, c.depth, c.table).box;
      (c.parent === null ? results : boxes[c.parent]).appendChild(boxes[i]);
    });
    if (unfiled.length) results.appendChild(sectionFor(UNFILED, "Not in any category", 0, true).box);
  })();

  function linkCell(role, links) {
    var td = el("td", {"class": "links"});
    if (!links.length) {
      td.appendChild(el("span", {"aria-hidden": "true"}, "-"));
      td.appendChild(el("span", {"class": "sr"}, "no " + role.toLowerCase()));
    }
    links.forEach(function (l) {
      var a = el("a", {href: l[1], rel: "noopener noreferrer"}, l[0]);
      a.setAttribute("aria-label", l[0] === DATA.labels[role] ? role : role + ": " + l[0]);
      a.title = l[1];
      td.appendChild(a);
    });
    return td;
  }

  // A paper's rows: its own <tbody>, so its details stay with it whatever the order.
  var unitCount = 0;
  function unit(i) {
    var p = PAPERS[i];
    var body = el("tbody");
    var tr = el("tr", {"class": "paper", "data-key": p.key});
    tr.appendChild(el("td", {"class": "year"}, p.year === null ? "-" : String(p.year)));
    tr.appendChild(el("td", {"class": "venue"}, p.venue || "-"));
    var td = el("td"), wrap = el("div", {"class": "title"});
    var id = "d" + (++unitCount);
    var more = el("button", {type: "button", "class": "more", "aria-expanded": "false", "aria-controls": id});
    more.appendChild(el("span", {"class": "sr"}, "Details"));
    wrap.appendChild(more);
    wrap.appendChild(p.link ? el("a", {href: p.link, rel: "noopener noreferrer"}, p.title) : el("span", null, p.title));
    td.appendChild(wrap);
    tr.appendChild(td);
    tr.appendChild(linkCell("Website", p.website));
    tr.appendChild(linkCell("Code", p.code));
    body.appendChild(tr);
    more.addEventListener("click", function () {
      var open = more.getAttribute("aria-expanded") !== "true";
      more.setAttribute("aria-expanded", String(open));
      whenTexts(function () {
        var d = document.getElementById(id);
        if (!d) {
          d = details(i, id);
          body.appendChild(d);
        }
        d.hidden = more.getAttribute("aria-expanded") !== "true";
      });
    });
    return body;
  }

  // A paper's BibTeX entry: the text, or the pieces around its abstract (written once, when it needed
  // no escape).
  function bibtex(i) {
    var b = TEXT[i][2];
    return typeof b === "string" ? b : b[0] + TEXT[i][1] + b[1];
  }

  function details(i, id) {
    var p = PAPERS[i];
    var tr = el("tr", {"class": "detail", id: id});
    var td = el("td", {colspan: "5"});
    function para(label, text, cls) {
      var e = el("p", {"class": cls});
      e.appendChild(el("span", {"class": "label"}, label + ": "));
      e.appendChild(document.createTextNode(text));
      td.appendChild(e);
    }
    var authors = TEXT[i][0], abstract = TEXT[i][1];
    para("Authors", authors.length ? authors.join(", ") : "unknown", "authors");
    if (abstract) para("Abstract", abstract, "abstract");
    var names = p.categories.map(function (c) { return CATS[c].name; });
    if (names.length) para("Filed under", names.join(", "), "filed");
    var links = el("p", {"class": "links"});
    [["Paper", p.link ? [["", p.link]] : []], ["Website", p.website], ["Code", p.code],
     ["DOI", p.doi ? [["", p.doi]] : []]].forEach(function (kind) {
      kind[1].forEach(function (l, n) {
        var label = kind[0] + (kind[1].length > 1 ? " " + (n + 1) : "");
        links.appendChild(el("a", {href: l[1], rel: "noopener noreferrer"}, label));
      });
    });
    if (links.childNodes.length) td.appendChild(links);
    var bib = el("div", {"class": "bib"});
    var head = el("div", {"class": "bib-head"});
    head.appendChild(el("span", {"class": "label", id: id + "-bib"}, "BibTeX"));
    var copy = el("button", {type: "button", "class": "copy"}, "Copy BibTeX");
    var said = el("span", {"class": "copied", role: "status"});
    head.appendChild(copy);
    head.appendChild(said);
    var pre = el("pre", {"aria-labelledby": id + "-bib", tabindex: "0"});
    var entry = bibtex(i);
    pre.appendChild(el("code", null, entry));
    copy.addEventListener("click", function () {
      function done(ok) { said.textContent = ok ? "Copied." : "Select the entry and copy it."; }
      function fallback() {
        var range = document.createRange();
        range.selectNodeContents(pre);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        done(ok);
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(entry).then(function () { done(true); }, fallback);
      } else {
        fallback();
      }
    });
    bib.appendChild(head);
    bib.appendChild(pre);
    td.appendChild(bib);
    tr.appendChild(td);
    return tr;
  }

  // -- filtering ---------------------------------------------------------------------------
  var ok = new Uint8Array(N);
  function active() {
    return !!(state.q.trim() || state.category || state.from || state.to || state.venue || state.code);
  }
  // Which papers hold the search's text. Typing on only narrows: a paper that did not hold the last
  // text cannot hold one that contains it, so only the last matches are looked at again.
  var matched = new Uint8Array(N).fill(1), lastQ = "";
  function search(q) {
    if (q === lastQ) return;
    var narrowing = lastQ !== "" && q.indexOf(lastQ) >= 0;
    for (var i = 0; i < N; i++) {
      if (narrowing && !matched[i]) continue;
      matched[i] = !q || hay[i].indexOf(q) >= 0 ? 1 : 0;
    }
    lastQ = q;
  }

  function redo() { update(false); }
  function update(push) {
    var q = state.q.trim().toLowerCase();
    var from = state.from ? +state.from : null, to = state.to ? +state.to : null;
    var cat = state.category ? bySlug[state.category] : null;
    if (q && !texts()) {  // the search waits for the texts
      if (waiting.indexOf(redo) < 0) waiting.push(redo);
      status.textContent = "Loading the abstracts to search…";
      if (push) writeHash();
      return;
    }
    search(q);
    var counts = new Int32Array(CATS.length);
    var shown = 0, total = 0;
    for (var i = 0; i < N; i++) {
      var p = PAPERS[i];
      var keep = !((from !== null || to !== null) && (p.year === null || (from !== null && p.year < from) ||
                                                      (to !== null && p.year > to)))
        && !(state.venue && p.venue !== state.venue) && !(state.code && !p.code.length)
        && matched[i] === 1;
      if (!keep) {
        ok[i] = 0;
        continue;
      }
      total++;
      var u = under[i];
      for (var k = 0; k < u.length; k++) counts[u[k]]++;
      var inCat = cat === null || u.indexOf(cat) >= 0;
      ok[i] = inCat ? 1 : 0;
      if (inCat) shown++;
    }
    // The tree: counts under the filters other than the category, and which category is chosen.
    treeCounts[0].textContent = total;
    treeButtons[0].setAttribute("aria-pressed", String(cat === null));
    for (var c = 0; c < CATS.length; c++) {
      treeCounts[c + 1].textContent = counts[c];
      treeButtons[c + 1].setAttribute("aria-pressed", String(cat === c));
    }
    // The sections, children first: a heading is shown when something beneath it is.
    var filtering = active();
    var visible = new Uint8Array(CATS.length + 1);
    for (c = sections.length - 1; c >= 0; c--) {
      var s = sections[c];
      if (!s) continue;
      var inside = cat === null || (c !== UNFILED && isWithin(c, cat));
      var list = [];
      if (s.table && inside) {
        var src = ordered(c, state.sort);
        for (var j = 0; j < src.length; j++) if (ok[src[j]]) list.push(src[j]);
        if (!same(list, s.list)) s.limit = PAGE;
        s.empty.hidden = list.length > 0;
        s.wrap.hidden = list.length === 0;
      }
      s.list = list;
      var any = list.length > 0;
      if (c < CATS.length) children[c].forEach(function (ch) { if (visible[ch]) any = true; });
      visible[c] = inside && (any || (!filtering && c !== UNFILED)) ? 1 : 0;
      s.box.hidden = !visible[c];
      s.count.textContent = c < CATS.length ? counts[c] : list.length;
      s.heads.forEach(function (h) {
        var dir = state.sort === h[0] ? "ascending" : state.sort === "-" + h[0] ? "descending" : null;
        if (dir) h[1].setAttribute("aria-sort", dir); else h[1].removeAttribute("aria-sort");
      });
    }
    // The rows, in the page's order: the first FIRST at once, the rest as they come near the window.
    var budget = FIRST;
    for (c = 0; c < sections.length; c++) {
      s = sections[c];
      if (!s || !s.table) continue;
      if (!visible[c] || !s.list.length) draw(s, 0);
      else if (s.near || budget > 0) budget -= draw(s, s.limit);
      else draw(s, 0);
    }
    status.textContent = shown === N ? "Showing all " + N + " papers."
      : shown === 0 ? "No paper matches these filters."
      : "Showing " + shown + " of " + N + " papers.";
    if (push) writeHash();
  }

  // A section's rows: the first ``limit`` of its list, or none yet (its place kept) until it comes
  // near the window. Returns the rows drawn.
  function draw(s, limit) {
    var target = s.list.slice(0, limit);
    s.pending = limit === 0 && s.list.length > 0;
    s.wrap.style.minHeight = s.pending ? Math.min(s.list.length, PAGE) * 2.6 + "rem" : "";
    if (!same(target, s.drawn)) {
      var frag = document.createDocumentFragment();
      for (var i = 0; i < target.length; i++) {
        var u = s.units[target[i]] || (s.units[target[i]] = unit(target[i]));
        frag.appendChild(u);
      }
      var old = s.table.tBodies;
      while (old.length) s.table.removeChild(old[0]);
      s.table.appendChild(frag);
      s.drawn = target;
    }
    var rest = s.list.length - target.length;
    s.more.hidden = s.pending || rest <= 0;
    if (!s.more.hidden) {
      s.moreButton.textContent = "Show more (" + rest + " more in " + s.name + ")";
      if (observer) { observer.unobserve(s.more); observer.observe(s.more); }
    }
    return target.length;
  }
  function more(s) {
    s.limit += PAGE;
    draw(s, s.limit);
  }
  // Sections and "show more" buttons near the window are drawn as they come (a long list scrolls on).
  var observer = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      var s = sections[+e.target.getAttribute("data-section")];
      if (e.target === s.more) {
        if (e.isIntersecting && !s.more.hidden) more(s);
        return;
      }
      s.near = e.isIntersecting;
      if (s.near && s.pending && !s.box.hidden) draw(s, s.limit);
    });
  }, {rootMargin: "800px 0px"}) : null;
  sections.forEach(function (s) {
    if (s && s.table && observer) observer.observe(s.box);
  });

  var within = Object.create(null);
  function isWithin(c, cat) {
    var key = c + ":" + cat;
    if (within[key] === undefined) {
      var a = c;
      while (a !== null && a !== cat) a = CATS[a].parent;
      within[key] = a === cat;
    }
    return within[key];
  }
  function same(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  // -- events ------------------------------------------------------------------------------
  form.addEventListener("input", function () { fromControls(); update(true); });
  form.addEventListener("change", function () { fromControls(); update(true); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function (e) {
    e.preventDefault();
    state = Object.assign({}, DEFAULT, {sort: state.sort});
    toControls();
    update(true);
    f.q.focus();
  });
  window.addEventListener("hashchange", function () {
    state = readHash();
    toControls();
    update(false);
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey &&
        !(t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName)))) {
      e.preventDefault();
      f.q.focus();
    }
  });
  var box = document.getElementById("tree-box");
  if (window.matchMedia && !window.matchMedia("(min-width: 900px)").matches) box.open = false;

  state = readHash();
  toControls();
  update(false);
  if (window.performance && performance.mark) performance.mark("vla:rendered");

})();
