{#- Rendered by MkDocs (theme.static_templates in mkdocs.yml): the words, icons and the number
    of index bundles come from the site's configuration and build. -#}
{%- import "partials/language.html" as lang with context -%}
{%- set words = {
  "search": lang.t("search"),
  "label": lang.t("search.placeholder"),
  "reset": lang.t("search.reset"),
  "placeholder": lang.t("search.result.placeholder"),
  "none": lang.t("search.result.none"),
  "one": lang.t("search.result.one"),
  "other": lang.t("search.result.other"),
  "more": "Load more results",
  "failed": "Search is unavailable",
} -%}
{%- set icons = config.theme.icon or {} -%}
{%- macro icon(name, default) %}{% filter tojson %}{% include ".icons/" ~ (icons[name] or default) ~ ".svg" %}{% endfilter %}{% endmacro -%}
// The header's search box over Pagefind's full-text index (site/pagefind/, which the paperfeed
// plugin builds from the paper pages). Online, Material does not mount its own search on this box
// (overrides/partials/search.html), so this script does what Material's would: opens and closes
// it through the __search toggle that Material's styles follow, focuses it on `/` or `s`, and
// answers `?q=TERMS` on any page. Pagefind's bundle is loaded on first use, and each search
// fetches only the index chunks its words need.
//
// Paper text is untrusted: results are built from text nodes. Pagefind's excerpt is the only
// HTML it returns (escaped text with <mark>s); it is split at the <mark>s and decoded to text.
(function () {
  "use strict";
  var root = document.querySelector(".pf-search");
  if (!root) return;
  var words = {{ words | tojson }};
  var ICONS = { search: {{ icon("search", "material/magnify") }}, back: {{ icon("previous", "material/arrow-left") }}, reset: {{ icon("close", "material/close") }} };
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
  var list = root.querySelector(".md-search-result__list");
  var more = root.querySelector(".pf-search__more");
  var bundle = new URL("../pagefind/pagefind.js", document.currentScript.src);
  // A large digest is indexed in slices: pagefind/ holds the first, pagefind-2/ … the others.
  var bundles = {{ paperfeed_search_bundles | default(1) | int }};
  var PAGE = 20;  // results shown at once; "Load more results" adds as many again
  var AUTHORS = 160;  // characters of the author list shown in a result
  var EXCERPT = 36;  // words of the abstract shown in a result
  var engine = null;
  var results = [];
  var shown = 0;
  var current = 0;  // the latest search: an answer to an earlier one is dropped
  var timer = 0;

  function load() {
    if (!engine) {
      engine = import(bundle.href).then(function (pagefind) {
        // Result URLs are relative to the site's root, which may be a sub-path (GitHub Pages).
        var options = { baseUrl: new URL("..", bundle).pathname, excerptLength: EXCERPT };
        return pagefind.options(options).then(function () {
          // Merged, the slices answer as one index: one list of results, ranked by score.
          var merged = [];
          for (var n = 2; n <= bundles; n++) {
            merged.push(pagefind.mergeIndex(new URL("../pagefind-" + n + "/", bundle).href, options));
          }
          return Promise.all(merged);
        }).then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  // An arXiv id is indexed without its version and without the "arXiv:" prefix.
  function normal(query) {
    return query.replace(/\barxiv:\s*/gi, "").replace(/\b(\d{4}\.\d{4,5})v\d+\b/gi, "$1");
  }

  function count(n) {
    if (n === 0) return words.none;
    if (n === 1) return words.one;
    return words.other.replace("#", n.toLocaleString());
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
      '<div class="md-search-result__meta" aria-live="polite"></div><ol class="md-search-result__list"></ol>' +
      '<button type="button" class="md-button pf-search__more" hidden></button></div></div></div></div>';
    var box = root.querySelector(".md-search__input");
    box.placeholder = words.label;
    box.setAttribute("aria-label", words.label);
    root.querySelector(".md-search__options").setAttribute("aria-label", words.search);
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

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" };
  function decode(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (all, name) {
      if (name[0] === "#") {
        var code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
      }
      return Object.prototype.hasOwnProperty.call(ENTITIES, name) ? ENTITIES[name] : all;
    });
  }

  // The excerpt as text, with the matched words in <mark> elements made here.
  function excerpt(node, html) {
    String(html || "").split(/<\/?mark>/).forEach(function (part, i) {
      if (!part) return;
      node.appendChild(i % 2 ? el("mark", "", decode(part)) : document.createTextNode(decode(part)));
    });
    return node;
  }

  function shorten(text, limit) {
    if (text.length <= limit) return text;
    var cut = text.lastIndexOf(", ", limit);
    return text.slice(0, cut > 0 ? cut : limit) + " et al.";
  }

  // The matched passage of the abstract (its section, under the heading with id "abstract"),
  // else, when only the title or authors matched, the abstract's opening words.
  function passage(data) {
    var sections = (data.sub_results || []).filter(function (s) { return /#abstract$/.test(s.url); });
    if (sections.length) return sections[0].excerpt.replace(/^Abstract\.\s*/, "");
    var anchor = (data.anchors || []).filter(function (a) { return a.id === "abstract"; })[0];
    if (!anchor) return data.excerpt;
    var text = (data.content || "").split(/\s+/).slice(anchor.location + 1, anchor.location + 1 + EXCERPT);
    return text.join(" ").replace(/&/g, "&amp;").replace(/</g, "&lt;");  // content is raw text
  }

  function item(data) {
    var m = data.meta || {};
    var li = el("li", "md-search-result__item");
    var link = el("a", "md-search-result__link");
    link.href = data.url;
    var article = el("article", "md-search-result__article md-typeset pf-search__result");
    article.appendChild(el("h1", "", m.title || data.url));
    if (m.authors) article.appendChild(el("p", "pf-search__authors", shorten(m.authors, AUTHORS)));
    var line = [m.date, m.topics].filter(Boolean).join(" · ");
    if (line) article.appendChild(el("p", "pf-search__meta", line));
    article.appendChild(excerpt(el("p", "pf-search__excerpt"), passage(data)));
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function fail() {
    meta.textContent = words.failed;
    more.hidden = true;
  }

  function next() {
    var token = current;
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = true;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
      if (token !== current) return;
      data.forEach(function (d) { list.appendChild(item(d)); });
      more.hidden = shown >= results.length;
      // Material's bundle clears the lock as it starts, after a ?q= search has opened the box.
      lock();
    }, fail);
  }

  function search(query) {
    var token = ++current;
    remember(query);
    if (!query.trim()) {
      results = [];
      list.textContent = "";
      meta.textContent = words.placeholder;
      more.hidden = true;
      return;
    }
    load().then(function (pagefind) { return pagefind.search(normal(query)); }).then(function (found) {
      if (token !== current) return;
      results = found && found.results ? found.results : [];
      shown = 0;
      list.textContent = "";
      meta.textContent = count(results.length);
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
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
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
    var first = links()[0];
    if (first) location.href = first.href;
  });
  more.addEventListener("click", function () { next(); });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      open();
    } else if (event.key === "Escape" && toggle.checked) {
      event.preventDefault();
      close();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && toggle.checked) {
      // Up and down move between the box and the results, as in Material's search.
      var items = [input].concat(links());
      var at = items.indexOf(document.activeElement);
      if (at < 0) return;
      event.preventDefault();
      var to = Math.max(0, Math.min(items.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)));
      items[to].focus();
    }
  });

  var asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    toggle.checked = true;
    lock();
    input.focus({ preventScroll: true });
    search(asked);
  }
})();
