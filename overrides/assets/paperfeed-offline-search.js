// The offline edition's search is Material's, which shows 10 results and then 4 more each time
// its list is scrolled to the bottom. A reader who does not scroll, or a list that ends before
// the box does, would never see the rest: this adds a "Show more results" button under the list
// that brings every remaining result in, by scrolling the list to its end as often as it takes.
(function () {
  "use strict";
  var result = document.querySelector("[data-md-component='search-result']");
  var wrap = result && result.parentElement;
  if (!result || !wrap) return;
  var meta = result.querySelector(".md-search-result__meta");
  var list = result.querySelector(".md-search-result__list");
  var more = document.createElement("button");
  more.type = "button";
  more.className = "md-button pf-search__more";
  more.textContent = "Show more results";
  more.hidden = true;
  wrap.appendChild(more);  // after the results, not in them: Material owns that element

  // Material's count is of its list items ("# matching documents"), each one page.
  function total() {
    var n = parseInt(meta.textContent.replace(/[^\d]/g, ""), 10);
    return isNaN(n) ? 0 : n;
  }
  function update() { more.hidden = list.children.length >= total(); }
  new MutationObserver(update).observe(result, { childList: true, subtree: true, characterData: true });

  // Material adds a batch when the list reaches its bottom, which it reads once an animation
  // frame after a scroll event: leave the bottom, let a frame pass, go back, let one pass, until
  // every result is in or none comes.
  function later(then) { setTimeout(then, 40); }
  function scroll(top) {
    wrap.scrollTop = top;
    wrap.dispatchEvent(new Event("scroll"));
  }
  function step(tries, idle, done) {
    if (list.children.length >= total() || idle > 3 || tries > 500) return done();
    var before = list.children.length;
    scroll(0);
    later(function () {
      scroll(wrap.scrollHeight);
      later(function () { step(tries + 1, list.children.length === before ? idle + 1 : 0, done); });
    });
  }
  more.addEventListener("click", function () {
    var first = list.children.length;
    more.disabled = true;
    step(0, 0, function () {
      more.disabled = false;
      update();
      var next = list.children[first];  // where the reader goes on reading
      if (next) next.scrollIntoView({ block: "nearest" });
    });
  });
})();
