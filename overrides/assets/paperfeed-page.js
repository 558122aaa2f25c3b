{#- Rendered by MkDocs (theme.static_templates in mkdocs.yml): the palettes and the words come
    from the site's configuration, so this file follows mkdocs.yml like Material's pages do. -#}
{%- import "partials/language.html" as lang with context -%}
{%- set configured = config.theme.palette or [] -%}
{%- if configured is mapping %}{% set configured = [configured] %}{% endif -%}
{%- set palettes = [] -%}
{%- for p in configured -%}
{%- set _ = palettes.append({
  "media": p.media or "",
  "scheme": (p.scheme or "default") | replace(" ", "-"),
  "primary": (p.primary or "indigo") | replace(" ", "-"),
  "accent": (p.accent or "indigo") | replace(" ", "-"),
  "name": (p.toggle.name if p.toggle else "") or "",
}) -%}
{%- endfor -%}
// Generated pages (overrides/lean.html) carry no Material bundle: they are most of a digest's
// pages, and lean. This script gives them what they keep of it: the colour scheme (the reader's
// choice, stored where Material's toggle stores it, else the system's), a toggle between the
// palettes, a copy button on a paper's BibTeX entry, and the copy buttons a page writes
// (data-clipboard-text, as Material's script reads them). It runs at the top of <body>, before
// the page is painted.
(function () {
  "use strict";
  var palettes = {{ palettes | tojson }};
  var words = {{ {"copy": lang.t("clipboard.copy"), "copied": lang.t("clipboard.copied")} | tojson }};
  var key = new URL("..", document.currentScript.src).pathname + ".__palette";  // Material's key
  var body = document.body;
  var index = chosen();

  function chosen() {
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(key)); } catch (e) { /* storage blocked */ }
    if (stored && palettes[stored.index] && !(stored.color && stored.color.media === "(prefers-color-scheme)")) {
      return stored.index;
    }
    for (var i = 0; i < palettes.length; i++) {
      if (palettes[i].media && matchMedia(palettes[i].media).matches) return i;
    }
    return 0;
  }

  function apply() {
    var p = palettes[index];
    if (!p) return;
    body.setAttribute("data-md-color-scheme", p.scheme);
    body.setAttribute("data-md-color-primary", p.primary);
    body.setAttribute("data-md-color-accent", p.accent);
  }

  function toggle(button) {
    index = (index + 1) % palettes.length;
    var p = palettes[index];
    try {
      localStorage.setItem(key, JSON.stringify({
        index: index, color: {media: p.media, scheme: p.scheme, primary: p.primary, accent: p.accent}
      }));
    } catch (e) { /* storage blocked: the choice lasts for this page */ }
    apply();
    label(button);
  }

  function label(button) {
    var name = palettes[index].name || "Switch colour scheme";
    button.title = name;
    button.setAttribute("aria-label", name);
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea");  // older browsers, plain http
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function tell(message) {
    var dialog = document.querySelector(".md-dialog");
    if (!dialog) {
      dialog = document.createElement("div");
      dialog.className = "md-dialog";
      dialog.setAttribute("role", "status");
      dialog.innerHTML = '<div class="md-dialog__inner md-typeset"></div>';
      document.body.appendChild(dialog);
    }
    dialog.firstChild.textContent = message;
    dialog.classList.add("md-dialog--active");
    clearTimeout(tell.timer);
    tell.timer = setTimeout(function () { dialog.classList.remove("md-dialog--active"); }, 2000);
  }

  apply();
  document.addEventListener("DOMContentLoaded", function () {
    var header = document.querySelector(".pf-header nav");
    if (header && palettes.length > 1) {
      var button = document.createElement("button");  // only a script can work it: it is made here
      button.type = "button";
      button.className = "md-header__button md-icon pf-palette";
      label(button);
      button.addEventListener("click", function () { toggle(button); });
      header.insertBefore(button, header.querySelector(".pf-search-icon"));
    }
    document.querySelectorAll(".pf-paper pre").forEach(function (pre) {
      var code = pre.querySelector("code");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-clipboard md-icon";
      button.title = words.copy;
      button.setAttribute("aria-label", words.copy);
      button.addEventListener("click", function () {
        copy(code.textContent).then(function () { tell(words.copied); }, function () {});
      });
      pre.insertBefore(button, code);
    });
    document.querySelectorAll("button[data-clipboard-text]").forEach(function (button) {
      button.addEventListener("click", function () {
        copy(button.getAttribute("data-clipboard-text")).then(function () { tell(words.copied); }, function () {});
      });
    });
  });
})();
