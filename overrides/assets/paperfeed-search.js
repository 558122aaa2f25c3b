{#- Rendered by MkDocs (theme.static_templates in mkdocs.yml): the words and icons come from the
    site's configuration, and the plugin tells it how many index bundles there are, what to offer
    above the results (site/search_box.py) and whether it is the offline edition. -#}
{%- import "partials/language.html" as lang with context -%}
{%- set words = {
  "search": lang.t("search"),
  "label": lang.t("search.placeholder"),
  "reset": lang.t("search.reset"),
  "placeholder": lang.t("search.result.placeholder"),
  "one": "1 paper",
  "other": "# papers",
  "none": "No paper has all of these words",
  "missing": "No paper has the word #",
  "missings": "No paper has the words #",
  "prefix": "Prefix match:",
  "topic": "Topic",
  "author": "Papers by",
  "by": "by",
  "noauthor": "No paper by #",
  "offers": "Pages",
  "more": "Load more results",
  "failed": "Search is unavailable",
} -%}
{%- set icons = config.theme.icon or {} -%}
{%- macro icon(name, default) %}{% filter tojson %}{% include ".icons/" ~ (icons[name] or default) ~ ".svg" %}{% endfilter %}{% endmacro -%}
// The header's search box over Pagefind's full-text index of the paper pages (pagefind/, which the
// paperfeed plugin builds), on the site and in the offline edition alike. Material does not mount
// its own search on this box (overrides/partials/search.html), so this script does what Material's
// would: opens and closes it through the __search toggle that Material's styles follow, focuses
// it on `/`, and answers `?q=TERMS` on any page. Pagefind is loaded on first use, and each search
// reads only the index chunks its words need.
//
// What it adds to Pagefind:
// - Honest answers. Pagefind takes a word it has not indexed as the longest indexed word it
//   begins with ("Sutton" finds the authors named "Su"); each word typed is first looked up in the
//   digest's words (plugin/search_words.py), and a word no paper holds answers "no paper".
// - An arXiv id, `arXiv:ID` or a pasted arXiv URL searches the id, and the paper of that id
//   comes first.
// - A topic's name offers the topic's page above the results, and an author's full name their
//   papers: `author:NAME`, which the names on paper pages and in the author index link to (this
//   script makes them links), lists the papers whose authors include NAME, newest first.
// - Excerpts made here from the paper's text, as text: nothing is decoded, nothing is HTML.
//
// Offline (file://, where a page can fetch nothing, import no module and start no worker) the
// index is the same files, written as scripts (plugin/search_offline.py): this script loads
// search/search_index.js, imports pagefind.js from a blob: URL of its text and answers Pagefind's
// fetches of its files from those scripts. The same index and the same code: the same papers in
// the same order. Pagefind runs on the page's thread on the site too (noWorker).
//
// Paper text is untrusted: results are built from text nodes.
(function () {
  "use strict";
  var root = document.querySelector(".pf-search");
  if (!root) return;
  var words = {{ words | tojson }};
  var ICONS = { search: {{ icon("search", "material/magnify") }}, back: {{ icon("previous", "material/arrow-left") }}, reset: {{ icon("close", "material/close") }} };
  var OFFLINE = {{ paperfeed_offline | default(false) | tojson }};
  // A large digest is indexed in slices: pagefind/ holds the first, pagefind-2/ … the others.
  var BUNDLES = {{ paperfeed_search_bundles | default(1) | int }};
  var BOX = {{ paperfeed_search_box | default({}) | tojson }};
  var site = new URL("../", document.currentScript.src);  // the site's root: the script is in assets/
  var bases = [new URL("pagefind/", site).href];
  for (var n = 2; n <= BUNDLES; n++) bases.push(new URL("pagefind-" + n + "/", site).href);
  var PAGE = 20;  // results shown at once; "Load more results" adds as many again
  var AUTHORS = 160;  // characters of the author list shown in a result
  var EXCERPT = 36;  // words of the abstract shown in a result
  var OFFERS = 3;  // topics offered at most
  var AUTHOR_PREFIX = "author:";  // `author:NAME` searches an author's papers
  var BY_AUTHOR = /^\s*author:\s*"?(.+?)"?\s*$/i;
  var AUTHOR_LIMIT = 500;  // papers an author search reads at most

  var toggle = document.getElementById("__search");
  if (!toggle) {  // Material's pages have it; it must come before the header for the theme's styles
    toggle = el("input", "md-toggle");
    toggle.type = "checkbox";
    toggle.id = "__search";
    toggle.autocomplete = "off";
    toggle.setAttribute("data-md-toggle", "search");
    document.body.insertBefore(toggle, document.body.firstChild);
  }
  build();
  var form = root.querySelector(".md-search__form");
  var input = root.querySelector(".md-search__input");
  var meta = root.querySelector(".md-search-result__meta");
  var offers = root.querySelector(".pf-search__offers");
  var list = root.querySelector(".md-search-result__list");
  var more = root.querySelector(".pf-search__more");
  var engine = null;
  var results = [];
  var asked = null;  // the parsed query the results answer
  var byAuthor = false;  // the results are an author's papers
  var shown = 0;
  var current = 0;  // the latest search: an answer to an earlier one is dropped
  var timer = 0;

  // --- Words, as Pagefind reads a query ----------------------------------------------------------

  // What Pagefind drops from a query before it looks words up (plugin/search_words.py: the same rule).
  var DROPPED = /[\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Po}]/gu;
  var MARKS = /\p{M}/gu;
  var PARTS = /[^\p{L}\p{N}]+/u;

  function plain(text) {
    return text.toLowerCase().normalize("NFD").replace(MARKS, "");
  }

  // A word as Pagefind searches it: punctuation dropped, lowercased, without accents.
  function fold(word) {
    return plain(word.replace(DROPPED, ""));
  }

  // The forms of one word of a text: itself folded, and its parts between punctuation.
  function forms(word) {
    var out = [fold(word)].concat(plain(word).split(PARTS));
    return out.filter(function (form, i) { return form && out.indexOf(form) === i; });
  }

  // The words of a query that Pagefind looks up: as typed, and folded.
  function typed(text) {
    return text.split(/\s+/).filter(function (word) { return fold(word); });
  }

  // --- The query: arXiv ids and URLs --------------------------------------------------------------

  var ID = "(\\d{4}\\.\\d{4,5}|[a-z][a-z.-]*\\/\\d{7})";
  var ARXIV_URL = new RegExp("(?:https?:\\/\\/)?(?:[\\w.-]*\\.)?(?:arxiv\\.org|alphaxiv\\.org|huggingface\\.co\\/papers|hf\\.co\\/papers)(?:\\/(?:abs|pdf|html|papers))?\\/" + ID + "(?:v\\d+)?(?:\\.pdf)?\\/?(?:[?#]\\S*)?", "gi");
  var ARXIV_ID = /\b(?:arxiv:\s*)?(\d{4}\.\d{4,5})(?:v\d+)?\b/gi;

  // The query Pagefind is given, the arXiv ids in it (a paper's id is indexed without its
  // version and without "arXiv:"), and the words each paper must hold.
  function parse(query) {
    var ids = [];
    function id(all, found) { ids.push(found.toLowerCase()); return " " + found + " "; }
    var text = query.replace(ARXIV_URL, id).replace(ARXIV_ID, id).replace(/\s+/g, " ").trim();
    var words = typed(text);
    return {
      text: text, words: words, terms: words.map(fold),
      ids: ids.filter(function (x, i) { return ids.indexOf(x) === i; }),
      phrase: /^\s*".+"\s*$/.test(text),
    };
  }

  // --- Files: fetched online, from scripts offline ------------------------------------------------

  var FILES = {};  // offline: path under the site's root -> ["t", text] or ["b", base64]
  var loading = {};
  var entry = null;  // offline: search/search_index.js, loaded (the files every search reads)

  function script(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = function () { tag.remove(); resolve(); };
      tag.onerror = function () { tag.remove(); reject(new TypeError("Failed to load " + src)); };
      document.head.appendChild(tag);
    });
  }

  function offlineFile(path) {
    return ready().then(function () {
      if (FILES[path]) return FILES[path];
      if (!loading[path]) {
        loading[path] = script(new URL(path + ".js", site).href).then(function () {
          if (!FILES[path]) throw new TypeError("Not in the offline index: " + path);
          return FILES[path];
        });
        loading[path].catch(function () { delete loading[path]; });
      }
      return loading[path];
    });
  }

  function content(file) {
    if (file[0] === "t") return file[1];
    var raw = atob(file[1]);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  // Offline, Pagefind's fetches of its files (and this script's) are answered from the scripts,
  // once search/search_index.js has handed over the files every search reads.
  function ready() {
    if (!entry) {
      window.__paperfeedSearch = function (files) {
        for (var path in files) FILES[path] = files[path];
      };
      var fetched = window.fetch;
      window.fetch = function (resource) {
        var url = new URL(typeof resource === "string" || resource instanceof URL ? resource : resource.url, location.href);
        var path = url.protocol === site.protocol && url.pathname.indexOf(site.pathname) === 0 ?
          decodeURIComponent(url.pathname.slice(site.pathname.length)) : "";
        if (!/^pagefind(-\d+)?\//.test(path)) return fetched.apply(this, arguments);
        return offlineFile(path).then(function (file) { return new Response(content(file)); });
      };
      entry = script(new URL("search/search_index.js", site).href);
    }
    return entry;
  }

  function importPagefind() {
    if (!OFFLINE) return import(bases[0] + "pagefind.js");
    return ready().then(function () {
      var blob = new Blob([content(FILES["pagefind/pagefind.js"])], { type: "text/javascript" });
      return import(URL.createObjectURL(blob));
    });
  }

  function load() {
    if (!engine) {
      engine = importPagefind().then(function (pagefind) {
        // Results come as site paths (/papers/…/): links are made from them (href).
        var options = { basePath: bases[0], baseUrl: "/", excerptLength: EXCERPT, noWorker: true };
        if (BUNDLES > 1) options.mergeFilter = { bundle: "1" };
        return pagefind.options(options).then(function () {
          // Merged, the slices answer as one index: one list of results, ranked by score. Each
          // is told its number, so that a search can leave out a slice that lacks a word.
          var merged = bases.slice(1).map(function (base, i) {
            return pagefind.mergeIndex(base, { baseUrl: "/", mergeFilter: { bundle: String(i + 2) } });
          });
          return Promise.all(merged);
        }).then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  // --- The digest's words (plugin/search_words.py) ------------------------------------------------

  var vocabularies = {};

  function vocabulary(base) {
    if (!vocabularies[base]) {
      // Fetched afresh, as Pagefind fetches its entry: it names the chunks of this build.
      vocabularies[base] = fetch(base + "words/index.json?ts=" + Date.now()).then(function (answer) {
        if (!answer.ok) throw new Error(answer.status);
        return answer.json();
      }).then(function (index) {
        return { starts: index.chunks.map(function (c) { return c[0]; }), names: index.chunks.map(function (c) { return c[1]; }), chunks: {} };
      });
      vocabularies[base].catch(function () { delete vocabularies[base]; });
    }
    return vocabularies[base];
  }

  function chunk(base, words, at) {
    if (!words.chunks[at]) {
      words.chunks[at] = fetch(base + "words/" + words.names[at] + ".txt").then(function (answer) {
        if (!answer.ok) throw new Error(answer.status);
        return answer.text();
      }).then(function (text) { return text.split("\n"); });
      words.chunks[at].catch(function () { delete words.chunks[at]; });
    }
    return words.chunks[at];
  }

  function startsWith(word, start) {
    return word.lastIndexOf(start, 0) === 0;
  }

  function common(a, b) {
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return a.slice(0, i);
  }

  // Whether a bundle's papers hold the word (folded), whole or as the beginning of a word, and
  // what to ask Pagefind for it. A word that only begins words is asked as the longest start
  // they share ("reinforcem": "reinforcement"): Pagefind looks words up by their stem, and
  // "reinforcem" begins no stem ("reinforc"), so it would find a stray compound or two. A
  // one-letter word needs no asking (Pagefind has nothing shorter to fall back to); an index
  // that cannot be read hides nothing.
  function holds(base, word) {
    var yes = { has: true, as: word };
    if (word.length < 2) return Promise.resolve(yes);
    return vocabulary(base).then(function (words) {
      var low = 0, high = words.starts.length;
      while (low < high) {
        var middle = (low + high) >> 1;
        if (words.starts[middle] <= word) low = middle + 1; else high = middle;
      }
      var at = Math.max(0, low - 1);
      return chunk(base, words, at).then(function (lines) {
        // The forms that begin with `word` follow it in sorted order: in this chunk, or from
        // the next one's first on.
        var begun = lines.filter(function (line) { return startsWith(line, word); });
        var further = at + 1 < words.starts.length && startsWith(words.starts[at + 1], word);
        if (!begun.length) return further ? yes : { has: false, as: word };
        if (begun[0] === word || further) return yes;
        return { has: true, as: common(begun[0], begun[begun.length - 1]) };
      });
    }).catch(function () { return yes; });
  }

  // --- Rendering ------------------------------------------------------------------------------------

  function count(n) {
    return n === 1 ? words.one : words.other.replace("#", n.toLocaleString());
  }

  function quoted(list) {
    return list.map(function (word) { return "\u201c" + word + "\u201d"; }).join(", ");
  }

  // Material's search markup, built here rather than sent in every page; the words go in as text.
  function build() {
    root.innerHTML =
      '<label class="md-search__overlay" for="__search"></label>' +
      '<div class="md-search__inner" role="search"><form class="md-search__form" name="search" action="">' +
      '<input type="text" class="md-search__input" name="q" autocapitalize="off" autocorrect="off"' +
      ' autocomplete="off" spellcheck="false" enterkeyhint="search" required>' +
      '<label class="md-search__icon md-icon" for="__search">' + ICONS.search + ICONS.back + "</label>" +
      '<nav class="md-search__options"><button type="reset" class="md-search__icon md-icon" tabindex="-1">' +
      ICONS.reset + "</button></nav></form>" +
      '<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0"><div class="md-search-result">' +
      '<div class="md-search-result__meta" aria-live="polite"></div>' +
      '<nav class="pf-search__offers" hidden></nav><ol class="md-search-result__list"></ol>' +
      '<button type="button" class="md-button pf-search__more" hidden></button></div></div></div></div>';
    var box = root.querySelector(".md-search__input");
    box.placeholder = words.label;
    box.setAttribute("aria-label", words.label);
    root.querySelector(".md-search__options").setAttribute("aria-label", words.search);
    root.querySelector(".pf-search__offers").setAttribute("aria-label", words.offers);
    var reset = root.querySelector("button[type=reset]");
    reset.title = words.reset;
    reset.setAttribute("aria-label", words.reset);
    root.querySelector(".md-search-result__meta").textContent = words.placeholder;
    root.querySelector(".pf-search__more").textContent = words.more;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // A page of the site by its path from the root ("papers/x/"): the offline edition's pages are
  // files, index.html in their folder.
  function href(path, anchor) {
    path = path.replace(/^\//, "");
    if (OFFLINE && (path === "" || /\/$/.test(path))) path += "index.html";
    return new URL(path, site).href + (anchor ? "#" + anchor : "");
  }

  function shorten(text, limit) {
    if (text.length <= limit) return text;
    var cut = text.lastIndexOf(", ", limit);
    return text.slice(0, cut > 0 ? cut : limit) + " et al.";
  }

  // How a paper holds each word asked: "word" (whole), "prefix" (as the beginning of a longer
  // word: the first such word is given) or "form" (another form of it, by Pagefind's stemming).
  function matches(text, query) {
    var found = {};
    text.split(/\s+/).forEach(function (word) {
      forms(word).forEach(function (form) {
        query.terms.forEach(function (term) {
          if (form === term) found[term] = { kind: "word" };
          else if (!found[term] && startsWith(form, term)) found[term] = { kind: "prefix", word: word.replace(/^\W+|\W+$/gu, "") };
        });
      });
    });
    return found;
  }

  // The passage of the abstract (after the heading with id "abstract") where the matched words
  // are densest, EXCERPT words long, else its opening words; the words Pagefind matched, and
  // those holding a word asked, are marked. Built from the paper's text: nothing to decode.
  function passage(data, query) {
    var node = el("p", "pf-search__excerpt");
    var anchor = (data.anchors || []).filter(function (a) { return a.id === "abstract"; })[0];
    if (!anchor) return node;
    var all = (data.content || "").split(/[\r\n\s]+/);
    var from = anchor.location + 1, to = all.length;
    var hits = (data.locations || []).filter(function (at) { return at >= from; }).sort(function (a, b) { return a - b; });
    var start = from, best = -1;
    hits.forEach(function (at) {
      var begin = Math.max(from, Math.min(at - (EXCERPT >> 2), to - EXCERPT));
      var within = hits.filter(function (other) { return other >= begin && other < begin + EXCERPT; }).length;
      if (within > best) { best = within; start = begin; }
    });
    var end = Math.min(to, start + EXCERPT);
    var marked = {};
    hits.forEach(function (at) { marked[at] = true; });
    if (start > from) node.appendChild(document.createTextNode("\u2026 "));
    for (var at = start; at < end; at++) {
      var word = all[at];
      var kind = "";
      forms(word).forEach(function (form) {
        query.terms.forEach(function (term) {
          if (form === term) kind = "word";
          else if (kind !== "word" && startsWith(form, term)) kind = "prefix";
        });
      });
      if (!kind && marked[at]) kind = "word";  // another form of a word asked
      if (at > start) node.appendChild(document.createTextNode(" "));
      node.appendChild(kind ? el("mark", kind === "prefix" ? "pf-search__prefix" : "", word) : document.createTextNode(word));
    }
    if (end < to) node.appendChild(document.createTextNode(" \u2026"));
    return node;
  }

  function item(data, query) {
    var m = data.meta || {};
    var li = el("li", "md-search-result__item");
    var link = el("a", "md-search-result__link");
    link.href = href(data.raw_url || data.url);
    var article = el("article", "md-search-result__article md-typeset pf-search__result");
    article.appendChild(el("h1", "", m.title || data.url));
    if (m.authors) article.appendChild(el("p", "pf-search__authors", shorten(m.authors, AUTHORS)));
    var line = [m.date, m.topics].filter(Boolean).join(" · ");
    if (line) article.appendChild(el("p", "pf-search__meta", line));
    article.appendChild(passage(data, query));
    var found = matches(data.content || "", query);
    var note = [];
    query.terms.forEach(function (term, i) {
      if (found[term] && found[term].kind === "prefix") note.push("\u201c" + query.words[i] + "\u201d \u2192 " + found[term].word);
    });
    if (note.length) article.appendChild(el("p", "pf-search__note", words.prefix + " " + note.join(", ")));
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  // --- Offers: a topic's page, an author's papers ----------------------------------------------------

  var topicParts = (BOX.topics || []).map(function (topic) {
    var parts = plain(topic[0]).split(PARTS).filter(Boolean);
    var joined = topic[0].split(/\s+/).map(fold).filter(Boolean);
    return { name: topic[0], page: topic[1], parts: parts, words: parts.concat(joined) };
  });
  var shared = {};  // how many topic names hold each word
  topicParts.forEach(function (topic) {
    topic.words.forEach(function (word, i) { if (topic.words.indexOf(word) === i) shared[word] = (shared[word] || 0) + 1; });
  });

  // Topics whose name the query spells (each word typed begins a word of the name), and not only
  // by words many topics share ("learning").
  function topicsFor(query) {
    var asked = plain(query.text).split(PARTS).filter(Boolean);
    if (asked.join("").length < 3) return [];
    return topicParts.map(function (topic, order) {
      var covered = {}, distinctive = false;
      var all = asked.every(function (term) {
        var hit = topic.words.filter(function (word) { return startsWith(word, term); });
        hit.forEach(function (word) { covered[word] = true; if (shared[word] <= 2) distinctive = true; });
        return hit.length > 0;
      });
      var share = topic.parts.filter(function (part) { return covered[part]; }).length / topic.parts.length;
      return all && distinctive ? { topic: topic, share: share, order: order } : null;
    }).filter(Boolean).sort(function (a, b) { return b.share - a.share || a.order - b.order; }).slice(0, OFFERS).map(function (found) {
      return { kind: words.topic, name: found.topic.name, href: href(found.topic.page) };
    });
  }

  // A name as the index compares names: its words, without accents or punctuation, in order.
  function nameKey(name) {
    return plain(name).split(PARTS).filter(Boolean).join(" ");
  }

  // A search for an author's papers: what the reader's links to an author ask (?q=author:NAME).
  function authorSearch(name) {
    var url = new URL(location.href);
    url.searchParams.set("q", AUTHOR_PREFIX + name);
    url.hash = "";
    return url.href;
  }

  // The author of a result whose whole name is the query, typed in any order: their papers offered.
  function authorFor(query, data) {
    var typed = nameKey(query.text).split(" ").sort().join(" ");
    if (typed.indexOf(" ") < 0) return [];
    for (var i = 0; i < data.length; i++) {
      var names = ((data[i].meta || {}).authors || "").split(", ");
      for (var j = 0; j < names.length; j++) {
        if (nameKey(names[j]).split(" ").sort().join(" ") !== typed) continue;
        return [{ kind: words.author, name: names[j], href: authorSearch(names[j]) }];
      }
    }
    return [];
  }

  // Authors' names as links to their papers: on a paper's page (from its citation_author tags,
  // which name each author exactly: the page shows them as text) and in the author index.
  function authorLinks() {
    var line = document.querySelector(".pf-paper__authors");
    var named = Array.prototype.map.call(document.querySelectorAll('meta[name="citation_author"]'), function (m) {
      return m.getAttribute("content");
    });
    if (line && named.length) {
      line.textContent = "";
      named.forEach(function (name, i) {
        if (i) line.appendChild(document.createTextNode(", "));
        var link = el("a", "", name);
        link.href = authorSearch(name);
        line.appendChild(link);
      });
    }
    document.querySelectorAll("ul.pf-authors > li").forEach(function (item) {
      var text = item.firstChild;
      if (!text || text.nodeType !== 3) return;
      var name = text.textContent.trim();
      var link = el("a", "", name);
      link.href = authorSearch(name);
      item.replaceChild(link, text);
      item.insertBefore(document.createTextNode(" "), link.nextSibling);
    });
  }

  function offer(found) {
    offers.textContent = "";
    found.forEach(function (page) {
      var link = el("a", "pf-search__offer");
      link.href = page.href;
      link.appendChild(el("span", "pf-search__kind", page.kind));
      link.appendChild(document.createTextNode(" " + page.name));
      offers.appendChild(link);
    });
    offers.hidden = !found.length;
  }

  // --- Searching ---------------------------------------------------------------------------------------

  function fail() {
    meta.textContent = words.failed;
    more.hidden = true;
  }

  function next() {
    var token = current;
    var first = shown === 0;
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = true;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
      if (token !== current) return;
      data.forEach(function (d) { list.appendChild(item(d, asked)); });
      if (first) offer(byAuthor ? [] : topicsFor(asked).concat(authorFor(asked, data)));
      more.hidden = shown >= results.length;
      // Material's bundle clears the lock as it starts, after a ?q= search has opened the box.
      lock();
    }, fail);
  }

  function clear(text) {
    results = [];
    shown = 0;
    list.textContent = "";
    meta.textContent = text;
    more.hidden = true;
  }

  // Every bundle's answer for each word: [[{has, as}, …], …] by bundle, then word.
  function held(query) {
    if (OFFLINE) ready();  // before the words' index is asked for
    return Promise.all(bases.map(function (base) {
      return Promise.all(query.terms.map(function (term) { return holds(base, term); }));
    }));
  }

  // The results of the paper whose arXiv id was asked come first: Pagefind finds the id in its
  // paper ("arXiv ID" on the page) and in any abstract that cites it.
  function ownFirst(pagefind, query, found, options) {
    if (!query.ids.length) return found;
    return Promise.all(query.ids.map(function (id) {
      return pagefind.search('"arxiv ' + id + '"', options);
    })).then(function (answers) {
      var own = {};
      answers.forEach(function (answer) { (answer ? answer.results : []).forEach(function (r) { own[r.id] = true; }); });
      return found.filter(function (r) { return own[r.id]; }).concat(found.filter(function (r) { return !own[r.id]; }));
    });
  }

  function search(text) {
    var token = ++current;
    remember(text);
    if (!text.trim()) {
      clear(words.placeholder);
      offer([]);
      return;
    }
    var author = BY_AUTHOR.exec(text);
    if (author) {
      searchAuthor(author[1], token);
      return;
    }
    var query = parse(text);
    Promise.all([load(), held(query)]).then(function (both) {
      var pagefind = both[0], holding = both[1];
      if (token !== current) return null;
      var missing = query.words.filter(function (word, i) {
        return !holding.some(function (bundle) { return bundle[i].has; });
      });
      // Only the bundles that hold every word can have a paper that does.
      var able = [];
      holding.forEach(function (bundle, b) {
        if (bundle.every(function (word) { return word.has; })) able.push(String(b + 1));
      });
      if (missing.length || !able.length) return { missing: missing, results: [] };
      var options = able.length < bases.length ? { filters: { bundle: { any: able } } } : {};
      var asking = query.phrase ? query.text : query.words.map(function (word, i) {
        var as = holding.map(function (bundle) { return bundle[i]; }).filter(function (w) { return w.has; });
        as.sort(function (a, b) { return a.as.length - b.as.length; });
        return as[0].as === query.terms[i] ? word : as[0].as;
      }).join(" ");
      return pagefind.search(asking, options).then(function (found) {
        return ownFirst(pagefind, query, found && found.results ? found.results : [], options);
      }).then(function (ranked) { return { missing: [], results: ranked }; });
    }).then(function (answer) {
      if (!answer || token !== current) return;
      asked = query;
      byAuthor = false;
      if (!answer.results.length) {
        var missing = answer.missing;
        clear(missing.length ? (missing.length > 1 ? words.missings : words.missing).replace("#", quoted(missing)) : words.none);
        offer(topicsFor(query));
        return;
      }
      clear(count(answer.results.length));
      results = answer.results;
      return next();
    }).catch(function () { if (token === current) fail(); });
  }

  // An author's papers, newest publication first: the papers whose author list holds the name
  // (compared as nameKey does), found by searching the name as a phrase, each of its words indexed.
  function searchAuthor(name, token) {
    var query = parse(name);
    Promise.all([load(), held(query)]).then(function (both) {
      var pagefind = both[0], holding = both[1];
      if (token !== current) return null;
      var indexed = query.words.every(function (word, i) {
        return holding.some(function (bundle) { return bundle[i].has; });
      });
      if (!query.words.length || !indexed) return [];
      return pagefind.search('"' + query.words.join(" ") + '"').then(function (found) {
        var some = (found && found.results ? found.results : []).slice(0, AUTHOR_LIMIT);
        return Promise.all(some.map(function (r) { return r.data(); }));
      });
    }).then(function (data) {
      if (!data || token !== current) return;
      var key = nameKey(name);
      var theirs = data.filter(function (d) {
        return ((d.meta || {}).authors || "").split(", ").some(function (other) { return nameKey(other) === key; });
      });
      theirs.sort(function (a, b) { return ((b.meta || {}).published || "").localeCompare((a.meta || {}).published || ""); });
      asked = query;
      byAuthor = true;
      if (!theirs.length) {
        clear(words.noauthor.replace("#", "\u201c" + name + "\u201d"));
        offer([]);
        return;
      }
      clear(count(theirs.length) + " " + words.by + " " + name);
      results = theirs.map(function (d) { return { data: function () { return Promise.resolve(d); } }; });
      return next();
    }).catch(function () { if (token === current) fail(); });
  }

  // The page's URL carries the terms (?q=), so a search can be shared, bookmarked or reloaded.
  function remember(query) {
    var url = new URL(location.href);
    if (query.trim()) url.searchParams.set("q", query); else url.searchParams.delete("q");
    if (url.href !== location.href) history.replaceState(history.state, "", url.href);
  }

  function open() {
    if (!toggle.checked) { toggle.checked = true; lock(); }
    input.focus();
    input.select();
    load();
  }

  function close() {
    toggle.checked = false;
    lock();
    input.blur();
    remember("");
  }

  function links() {
    return Array.prototype.slice.call(root.querySelectorAll(".pf-search__offer, .md-search-result__link"));
  }

  input.addEventListener("focus", function () {
    if (!toggle.checked) { toggle.checked = true; lock(); }
    load();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 120);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) input.focus(); else { input.blur(); remember(""); }
    lock();
  });

  // On a phone the box is a full-screen dialog, and the page under it must not scroll. Material's
  // bundle does this only for its own search component, which is not mounted here.
  function lock() {
    var body = document.body;
    var locked = body.hasAttribute("data-md-scrolllock");
    if (toggle.checked && !locked && matchMedia("(max-width: 59.984375em)").matches) {
      body.style.top = -window.scrollY + "px";
      body.setAttribute("data-md-scrolllock", "");
    } else if (!toggle.checked && locked) {
      var y = -parseInt(body.style.top || "0", 10);
      body.removeAttribute("data-md-scrolllock");
      body.style.top = "";
      window.scrollTo(0, y);
    }
  }
  form.addEventListener("reset", function () {
    clearTimeout(timer);
    setTimeout(function () { search(""); input.focus(); }, 0);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector(".md-search-result__link");
    if (first) location.href = first.href;
  });
  more.addEventListener("click", function () { next(); });

  // `/` opens the box (other letters are the reader's keys on lists and pages); nothing fires
  // while the reader types in a field.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing) {
      event.preventDefault();
      open();
    } else if (event.key === "Escape" && toggle.checked) {
      event.preventDefault();
      close();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && toggle.checked) {
      // Up and down move between the box, the pages offered and the results, as in Material's search.
      var items = [input].concat(links());
      var at = items.indexOf(document.activeElement);
      if (at < 0) return;
      event.preventDefault();
      var to = Math.max(0, Math.min(items.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)));
      items[to].focus();
    }
  });

  authorLinks();
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    toggle.checked = true;
    lock();
    input.focus({ preventScroll: true });
    search(initial);
  }
})();
