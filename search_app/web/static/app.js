/* tracuu: small progressive enhancements. The site works without them. */
(function () {
  "use strict";

  // "/" focuses the search box (unless typing in a field)
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    var box = document.querySelector("input[type=search]");
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  });

  // sort select submits its form at once; the button is for no-JS only
  document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
    sel.addEventListener("change", function () { sel.form.submit(); });
  });
  document.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });

  // filters: open on wide screens, folded on phones (the chips show what is active)
  var filters = document.getElementById("filters");
  if (filters) {
    var wide = window.matchMedia("(min-width: 900px)");
    var sync = function () { filters.open = wide.matches; };
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
  }

  // long facet lists: show the first few, "Xem thêm" for the rest
  document.querySelectorAll(".facet").forEach(function (facet) {
    var list = facet.querySelector(".facet-list.collapsible");
    var btn = facet.querySelector(".more-toggle");
    if (!list || !btn) return;
    list.classList.add("folded");
    btn.hidden = false;
    btn.setAttribute("aria-expanded", "false");
    btn.addEventListener("click", function () {
      var folded = list.classList.toggle("folded");
      btn.textContent = folded ? btn.dataset.more : btn.dataset.less;
      btn.setAttribute("aria-expanded", folded ? "false" : "true");
    });
  });

  // document page: step through the highlighted hits
  var body = document.getElementById("doc-body");
  if (body) {
    var marks = body.querySelectorAll("mark[id^='hit-']");
    var buttons = document.querySelector(".hit-buttons");
    var current = -1;
    var go = function (i) {
      if (!marks.length) return;
      current = (i + marks.length) % marks.length;
      marks.forEach(function (m) { m.classList.remove("current"); });
      var m = marks[current];
      m.classList.add("current");
      m.scrollIntoView({ block: "center", behavior: "smooth" });
      m.setAttribute("tabindex", "-1");
      m.focus({ preventScroll: true });
    };
    if (marks.length && buttons) {
      buttons.hidden = false;
      buttons.querySelector("[data-hit=next]").addEventListener("click", function () { go(current + 1); });
      buttons.querySelector("[data-hit=prev]").addEventListener("click", function () { go(current - 1); });
    }
    var first = document.querySelector("[data-hit-first]");
    if (first) first.addEventListener("click", function (e) { e.preventDefault(); go(0); });
  }
})();
