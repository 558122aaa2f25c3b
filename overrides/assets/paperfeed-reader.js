{#- Rendered by MkDocs (theme.static_templates in mkdocs.yml): the URL style comes from the site's
    configuration. -#}
{%- set index_html = "" if config.use_directory_urls else "index.html" -%}
// The reader's own state, kept in this browser and never sent anywhere: papers saved (a ☆ on
// every list entry and paper page; the Saved page lists them, with a BibTeX export), papers seen
// (opened; marked on lists unless the reader turns it off), a "For you" order of a list by
// likeness to the saved papers, and keys: j/k move through a list, Enter or o opens, s saves,
// e opens the abstract, ? shows them.
//
// "For you" weighs each paper by the terms the build wrote for it (data-v: a hashed term and a
// weight, its strongest TF-IDF terms) and by its topics, against the sum of the saved papers'.
// Abstracts a list does not carry are fetched from the paper's page when opened. Paper text is
// untrusted: everything shown is set as text, and only the site's own links are followed.
(function () {
  "use strict";
  var ROOT = new URL("..", document.currentScript.src);  // the site's root: this file is in assets/
  var INDEX_HTML = {{ index_html | tojson }};  // "" for folder URLs, "index.html" for the offline edition
  // From the build (site/reader.py): the topics' names by slug, the links an arXiv id gives.
  var HINTS = {{ paperfeed_reader | default({}) | tojson }};
  var SEP = "\u00a0· ";  // between the parts of an entry's line, as the build writes it
  var STORE = ROOT.pathname + "paperfeed.";  // keys per site, as Material scopes its own
  var TOPIC_WEIGHT = 0.8;  // a shared topic counts as much as a strong shared term
  var PAPER = /\/papers\/([a-z0-9-]+)\/(?:index\.html)?$/;

  function load(name, fallback) {
    try { return JSON.parse(localStorage.getItem(STORE + name)) || fallback; } catch (e) { return fallback; }
  }
  function store(name, value) {
    try { localStorage.setItem(STORE + name, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }
  var saved = load("saved", {});  // slug -> the paper as saved (see `record`)
  var seen = load("seen", {});  // slug -> 1
  var prefs = load("prefs", {marks: true, order: "site"});

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }
  function paperUrl(slug) { return new URL("papers/" + slug + "/" + INDEX_HTML, ROOT).href; }
  function slugOf(href) { var m = PAPER.exec(new URL(href, location.href).pathname); return m ? m[1] : null; }
  function pageTopic() { var m = /\/topics\/([a-z0-9-]+)\//.exec(location.pathname); return m ? m[1] : null; }

  // --- A paper as the page shows it --------------------------------------------------------------

  function entries() { return Array.prototype.slice.call(document.querySelectorAll("ul.pf-entries > li")); }

  function titleLink(item) { return item.querySelector("h2 > a, h3 > a"); }

  function topicsOf(item) {
    var found = [];
    item.querySelectorAll("a.pf-topic").forEach(function (a) {
      var m = /\/topics\/([a-z0-9-]+)\//.exec(new URL(a.href).pathname);
      if (m) found.push({slug: m[1], name: a.textContent});
    });
    var own = pageTopic();
    if (own && !found.some(function (t) { return t.slug === own; })) {
      var h1 = document.querySelector("h1");
      found.unshift({slug: own, name: h1 ? h1.textContent : own});
    }
    return found;
  }

  // What is kept of a saved paper: enough to list it and cite it anywhere on the site.
  function record(item) {
    var link = titleLink(item), meta = item.querySelector("p");
    var links = [];
    if (meta) meta.querySelectorAll("a:not(.pf-topic)").forEach(function (a) {
      if (/^https?:/.test(a.getAttribute("href") || "")) links.push({label: a.textContent, url: a.href});
    });
    return {
      title: link.textContent, slug: slugOf(link.href), topics: topicsOf(item), links: links,
      line: meta ? lineText(meta) : "", v: item.getAttribute("data-v") || "", at: Date.now(), bib: null,
      abstract: shownAbstract(item)
    };
  }

  // The abstract the entry carries (not one fetched on demand), kept so that Saved shows it too.
  function shownAbstract(item) {
    var shown = item.querySelector("details:not(.pf-fetch) > summary");
    return shown ? shown.textContent : "";
  }

  // The entry's line of authors and date, without its topics and links (they are kept apart).
  function lineText(meta) {
    var copy = meta.cloneNode(true);
    copy.querySelectorAll("a, .pf-votes").forEach(function (a) { a.remove(); });
    return copy.textContent.replace(/(\s*\u00a0·\s*)+$/, "").replace(/(\u00a0·\s*){2,}/g, "\u00a0· ").trim();
  }

  // --- Saving ---------------------------------------------------------------------------------------

  function isSaved(slug) { return Object.prototype.hasOwnProperty.call(saved, slug); }

  function saveButton(slug, title, make) {
    var button = el("button", "pf-save");
    button.type = "button";
    button.setAttribute("data-slug", slug);
    function show() {
      var on = isSaved(slug);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.setAttribute("aria-label", (on ? "Saved: " : "Save: ") + title);
      button.title = on ? "Saved (press to remove)" : "Save for later";
    }
    button.addEventListener("click", function () { toggleSave(slug, make); });
    button.pfShow = show;
    show();
    return button;
  }

  function toggleSave(slug, make) {
    saved = load("saved", {});
    if (isSaved(slug)) delete saved[slug];
    else {
      saved[slug] = make();
      fetchCitation(slug);
    }
    store("saved", saved);
    document.querySelectorAll('.pf-save[data-slug="' + slug + '"]').forEach(function (b) { b.pfShow(); });
    document.dispatchEvent(new CustomEvent("pf-saved"));
  }

  // The paper's BibTeX and whole author list, from its page (a list shows the first authors only).
  function fetchCitation(slug) {
    if (location.protocol === "file:") return;  // the offline edition: the list's own fields serve
    fetch(paperUrl(slug)).then(function (r) { return r.ok ? r.text() : ""; }).then(function (text) {
      if (!text) return;
      var page = new DOMParser().parseFromString(text, "text/html");
      var bib = page.querySelector("#cite + pre code");
      var authors = page.querySelector(".pf-paper__authors");
      saved = load("saved", {});
      if (!isSaved(slug)) return;
      if (bib) saved[slug].bib = bib.textContent;
      if (authors) saved[slug].authors = authors.textContent;
      store("saved", saved);
    }, function () { /* offline for now: the list's fields serve */ });
  }

  // --- Seen -----------------------------------------------------------------------------------------

  function markSeen(slug) {
    seen = load("seen", {});
    seen[slug] = 1;
    store("seen", seen);
  }

  function showSeen() {
    entries().forEach(function (item) {
      var link = titleLink(item), slug = link && slugOf(link.href);
      item.classList.toggle("pf-seen", !!(slug && prefs.marks && seen[slug]));
    });
  }

  // --- Lists: links from data, buttons, abstracts on demand --------------------------------------------

  // The entry's topics (data-t: their slugs) and the links its arXiv id gives (data-a), which the
  // build writes as data (site/pages/markup.entry), made links in the entry's line where the build
  // would have put them: after the date, before the links it wrote itself and the upvotes.
  function entryLinks(item) {
    var meta = item.querySelector("p"), parts = [];
    if (!meta) return;
    var topics = (item.getAttribute("data-t") || "").split(" ").filter(function (t) { return HINTS.topics && HINTS.topics[t]; });
    if (topics.length) {
      var chips = document.createDocumentFragment();
      topics.forEach(function (topic, n) {
        if (n) chips.appendChild(document.createTextNode(" "));
        var a = el("a", "pf-topic", HINTS.topics[topic]);
        a.href = new URL("topics/" + topic + "/" + INDEX_HTML, ROOT).href;
        chips.appendChild(a);
      });
      parts.push(chips);
    }
    var id = item.getAttribute("data-a");
    if (id && /^[A-Za-z0-9.\/-]+$/.test(id)) (HINTS.arxiv || []).forEach(function (link) {
      var a = el("a", "", link[0]);
      a.href = link[1] + id;
      parts.push(a);
    });
    var at = meta.querySelector(":scope > a, :scope > .pf-votes");  // what the build wrote after them
    parts.forEach(function (part) {
      if (at) {
        meta.insertBefore(part, at);
        meta.insertBefore(document.createTextNode(SEP), at);
      } else {
        if (meta.firstChild) meta.appendChild(document.createTextNode(SEP));
        meta.appendChild(part);
      }
    });
  }

  function decorate(item) {
    var link = titleLink(item), slug = link && slugOf(link.href);
    if (!slug || item.pfDone) return;
    item.pfDone = true;
    entryLinks(item);
    var heading = link.parentNode;
    heading.parentNode.insertBefore(saveButton(slug, link.textContent, function () { return record(item); }), heading);
    link.addEventListener("click", function () { markSeen(slug); });
    if (!item.querySelector("details")) item.appendChild(abstractOnDemand(slug));
  }

  function abstractOnDemand(slug) {
    var box = el("details", "pf-fetch");
    var summary = el("summary", "", "Abstract");
    var body = el("p", "pf-fetch__text");
    box.appendChild(summary);
    box.appendChild(body);
    box.addEventListener("toggle", function () {
      if (!box.open || box.pfLoaded) return;
      box.pfLoaded = true;
      body.textContent = "Loading…";
      var answer = location.protocol === "file:" ? Promise.reject("file://") : fetch(paperUrl(slug));
      answer.then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (text) {
          var page = new DOMParser().parseFromString(text, "text/html");
          var abstract = page.querySelector(".pf-paper__abstract");
          body.textContent = abstract ? abstract.textContent : "This paper has no abstract.";
        })
        .catch(function () {
          box.pfLoaded = false;
          body.textContent = "";
          var open = el("a", "", "Read the abstract on the paper's page");
          open.href = paperUrl(slug);
          body.appendChild(open);
        });
    });
    return box;
  }

  // --- For you ----------------------------------------------------------------------------------------

  function vector(v, topics) {
    var out = {}, norm = 0, key;
    (v || "").split(" ").forEach(function (t) { if (t.length === 5) out[t.slice(0, 4)] = Number(t[4]) / 9; });
    topics.forEach(function (t, n) { out["t:" + t.slug] = n === 0 ? TOPIC_WEIGHT : TOPIC_WEIGHT * 0.6; });
    for (key in out) norm += out[key] * out[key];
    norm = Math.sqrt(norm) || 1;
    for (key in out) out[key] /= norm;
    return out;
  }

  function profile() {
    var sum = {};
    Object.keys(saved).forEach(function (slug) {
      var p = saved[slug], v = vector(p.v, p.topics || []);
      for (var key in v) sum[key] = (sum[key] || 0) + v[key];
    });
    return sum;
  }

  function orderList(list, order) {
    var items = Array.prototype.slice.call(list.children);
    items.forEach(function (item, n) { if (item.pfAt == null) item.pfAt = n; });
    if (order === "for-you") {
      var me = profile();
      items.forEach(function (item) {
        var v = vector(item.getAttribute("data-v"), topicsOf(item)), score = 0;
        for (var key in v) if (me[key]) score += me[key] * v[key];
        item.pfScore = score;
      });
      items.sort(function (a, b) { return (b.pfScore - a.pfScore) || (a.pfAt - b.pfAt); });
    } else {
      items.sort(function (a, b) { return a.pfAt - b.pfAt; });
    }
    items.forEach(function (item) { list.appendChild(item); });
  }

  function orderControl(lists) {
    var list = lists[0];
    var group = el("div", "pf-order");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Order of the papers");
    var note = el("span", "pf-order__note");
    var buttons = [["site", list.getAttribute("data-order") || "Newest"], ["for-you", "For you"]].map(function (o) {
      var b = el("button", "pf-order__choice", o[1]);
      b.type = "button";
      b.addEventListener("click", function () {
        prefs = load("prefs", prefs);
        prefs.order = o[0];
        store("prefs", prefs);
        apply();
      });
      b.pfOrder = o[0];
      return b;
    });
    function apply() {
      var order = prefs.order === "for-you" ? "for-you" : "site";
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.pfOrder === order ? "true" : "false"); });
      note.textContent = order === "for-you" && !Object.keys(saved).length
        ? "Save a few papers, and those like them come first." : "";
      lists.forEach(function (each) { orderList(each, order); });
    }
    buttons.forEach(function (b) { group.appendChild(b); });
    group.appendChild(note);
    list.parentNode.insertBefore(group, list);
    document.addEventListener("pf-saved", function () { if (prefs.order === "for-you") apply(); });
    apply();
  }

  // --- Keys ------------------------------------------------------------------------------------------

  var current = -1;

  function select(step) {
    var items = entries().filter(function (item) { return item.offsetParent !== null; });
    if (!items.length) return;
    var at = items.indexOf(document.querySelector("ul.pf-entries > li.pf-current"));
    current = Math.max(0, Math.min(items.length - 1, (at < 0 ? -1 : at) + step));
    items.forEach(function (item) { item.classList.remove("pf-current"); });
    var item = items[current];
    item.classList.add("pf-current");
    titleLink(item).focus({preventScroll: true});
    item.scrollIntoView({block: "nearest"});
  }

  function selected() {
    var item = document.querySelector("ul.pf-entries > li.pf-current");
    if (item) return item;
    var active = document.activeElement;
    return active && active.closest ? active.closest("ul.pf-entries > li") : null;
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function keys(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var item = selected(), button;
    switch (event.key) {
      case "j": select(1); break;
      case "k": select(-1); break;
      case "o":
      case "Enter":
        if (!item || (event.key === "Enter" && event.target.tagName === "A")) return;  // a link opens itself
        location.href = titleLink(item).href;
        break;
      case "s":
        button = item ? item.querySelector(".pf-save") : document.querySelector(".pf-paper .pf-save");
        if (!button) return;
        button.click();
        break;
      case "e":
        var box = item && item.querySelector("details");
        if (!box) return;
        box.open = !box.open;
        break;
      case "?": help(); break;
      default: return;
    }
    event.preventDefault();
  }

  function help() {
    var dialog = document.querySelector("dialog.pf-keys");
    if (!dialog) {
      dialog = el("dialog", "pf-keys md-typeset");
      dialog.setAttribute("aria-label", "Keyboard shortcuts");
      dialog.appendChild(el("h2", "", "Keys"));
      var table = el("dl");
      [["j / k", "next / previous paper of the list"], ["Enter or o", "open the paper"],
       ["s", "save the paper (or remove it from Saved)"], ["e", "open or close its abstract"],
       ["/", "search"], ["?", "these keys"], ["Esc", "close"]].forEach(function (row) {
        table.appendChild(el("dt", "", row[0]));
        table.appendChild(el("dd", "", row[1]));
      });
      dialog.appendChild(table);
      var marks = el("label", "pf-keys__marks");
      var box = el("input");
      box.type = "checkbox";
      box.checked = prefs.marks !== false;
      box.addEventListener("change", function () {
        prefs = load("prefs", prefs);
        prefs.marks = box.checked;
        store("prefs", prefs);
        showSeen();
      });
      marks.appendChild(box);
      marks.appendChild(document.createTextNode(" Mark the papers I have opened"));
      dialog.appendChild(marks);
      var close = el("button", "md-button", "Close");
      close.type = "button";
      close.addEventListener("click", function () { dialog.close(); });
      dialog.appendChild(close);
      dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
      document.body.appendChild(dialog);
    }
    if (!dialog.open) dialog.showModal();
  }

  // --- The Saved page ----------------------------------------------------------------------------------

  function savedPage(box) {
    function render() {
      saved = load("saved", {});
      box.textContent = "";
      var slugs = Object.keys(saved).sort(function (a, b) { return saved[b].at - saved[a].at; });
      if (!slugs.length) {
        box.appendChild(el("p", "pf-empty", "Nothing saved yet."));
        return;
      }
      var actions = el("p", "pf-saved__actions");
      var bib = el("a", "md-button", "BibTeX of all " + slugs.length);
      bib.href = URL.createObjectURL(new Blob([slugs.map(function (s) { return citation(saved[s]); }).join("\n")],
                                              {type: "application/x-bibtex"}));
      bib.download = "saved.bib";
      actions.appendChild(bib);
      box.appendChild(actions);
      var list = el("ul", "pf-entries");
      slugs.forEach(function (slug) { list.appendChild(savedEntry(saved[slug])); });
      box.appendChild(list);
      list.querySelectorAll("li").forEach(decorate);
      showSeen();
    }
    document.addEventListener("pf-saved", render);
    render();
  }

  function savedEntry(p) {
    var item = el("li");
    item.setAttribute("data-v", p.v || "");
    var heading = el("h2"), link = el("a", "", p.title);
    link.href = paperUrl(p.slug);
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = el("p", "", p.authors || p.line || "");
    (p.topics || []).forEach(function (t) {
      meta.appendChild(document.createTextNode("\u00a0· "));
      var a = el("a", "pf-topic", t.name);
      a.href = new URL("topics/" + t.slug + "/" + INDEX_HTML, ROOT).href;
      meta.appendChild(a);
    });
    (p.links || []).forEach(function (l) {
      if (!/^https?:\/\//.test(l.url)) return;
      meta.appendChild(document.createTextNode("\u00a0· "));
      var a = el("a", "", l.label);
      a.href = l.url;
      meta.appendChild(a);
    });
    item.appendChild(meta);
    if (p.abstract) {
      var box = el("details"), summary = el("summary", "", p.abstract);
      box.appendChild(summary);
      item.appendChild(box);
    }
    return item;
  }

  // The paper's entry from its page when it was fetched, else one made of what the list showed.
  function citation(p) {
    if (p.bib) return p.bib + "\n";
    var offline = window.paperfeedCitations;  // the offline edition's Saved page loads them all
    if (offline && Object.prototype.hasOwnProperty.call(offline, p.slug)) return offline[p.slug] + "\n";
    var arxiv = null;
    (p.links || []).forEach(function (l) { var m = /arxiv\.org\/abs\/(\S+)/.exec(l.url); if (m) arxiv = m[1]; });
    var year = (/(\d{4})/.exec(p.line || "") || [])[1];
    var fields = ["  title = {" + tex(p.title) + "}"];
    if (year) fields.push("  year = {" + year + "}");
    if (arxiv) fields.push("  eprint = {" + arxiv + "},\n  archivePrefix = {arXiv}");
    if (location.protocol !== "file:") fields.push("  url = {" + paperUrl(p.slug) + "}");  // not a path on disk
    return "@misc{" + p.slug + ",\n" + fields.join(",\n") + "\n}\n";
  }
  function tex(text) { return text.replace(/[\\{}%&$#_^~]/g, function (c) { return "\\" + c; }); }

  // --- A topic's BibTeX ------------------------------------------------------------------------------------

  // A topic's whole BibTeX, taken from papers.bib, where each entry names its topics as keywords
  // (a topic's own .bib file holds its newest papers only; site/bib.py).
  function topicBibtex(link) {
    var topic = link.getAttribute("data-pf-bib"), made = null;
    link.parentNode.hidden = false;
    link.addEventListener("click", function (event) {
      if (made) return;  // the file is made: the link downloads it
      event.preventDefault();
      fetch(link.href).then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); }).then(function (text) {
        var kept = text.split("\n\n").filter(function (entry) {
          var m = /\n\s*keywords = \{([^}]*)\}/.exec(entry);
          return m && m[1].split(", ").indexOf(topic) >= 0;
        });
        made = URL.createObjectURL(new Blob([kept.join("\n\n") + "\n\n"], {type: "application/x-bibtex"}));
        link.href = made;
        link.click();
      }, function () { location.href = link.href; });  // papers.bib as it is: every paper
    });
  }

  // --- The page ------------------------------------------------------------------------------------------

  function paperPage(paper) {
    var slug = slugOf(location.href);
    if (!slug) return;
    markSeen(slug);
    var heading = paper.querySelector("h1");
    if (!heading) return;
    heading.parentNode.insertBefore(saveButton(slug, heading.textContent, function () {
      var topics = [];
      paper.querySelectorAll(".pf-paper__topics a.pf-topic").forEach(function (a) {
        var m = /\/topics\/([a-z0-9-]+)\//.exec(new URL(a.href).pathname);
        if (m) topics.push({slug: m[1], name: a.textContent});
      });
      var links = [];
      paper.querySelectorAll(".pf-paper__links a").forEach(function (a) {
        if (/^https?:/.test(a.getAttribute("href") || "")) links.push({label: a.textContent, url: a.href});
      });
      var bib = paper.querySelector("#cite + pre code");
      var authors = paper.querySelector(".pf-paper__authors");
      var meta = paper.querySelector(".pf-paper__meta");
      var abstract = paper.querySelector(".pf-paper__abstract");
      return {title: heading.textContent, slug: slug, topics: topics, links: links,
              authors: authors ? authors.textContent : "", line: meta ? meta.textContent : "",
              v: paper.getAttribute("data-v") || "", at: Date.now(), bib: bib ? bib.textContent : null,
              abstract: abstract ? abstract.textContent : ""};
    }), heading);
  }

  function start() {
    entries().forEach(decorate);
    showSeen();
    var lists = Array.prototype.filter.call(document.querySelectorAll("ul.pf-entries"), function (list) {
      return list.querySelector(":scope > li[data-v]");  // the build wrote its papers' terms
    });
    if (lists.length) orderControl(lists);
    var box = document.querySelector("[data-pf-saved]");
    if (box) savedPage(box);
    var paper = document.querySelector(".pf-paper");
    if (paper) paperPage(paper);
    document.querySelectorAll("a[data-pf-bib]").forEach(topicBibtex);
    document.addEventListener("keydown", keys);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
