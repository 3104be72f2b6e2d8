/* The phrase library's filter: narrow a function's list by topic, report type and 领域.
 *
 * Starts from Material's document$ (every page load, instant navigation included). The choice is
 * read from and written to the address (?topic=党员发展&type=party-building-duty), so a link from a
 * family page opens the list already narrowed. Without this script every block shows.
 */
(function () {
  "use strict";

  function matches(block, name, value) {
    if (!value) return true;
    var values = (block.getAttribute("data-" + name + "s") || "").split(" ");
    return values.indexOf(value) >= 0;
  }

  function setup(form) {
    var blocks = document.querySelectorAll(".phrase-list > .phrase-block");
    var selects = form.querySelectorAll("select");
    var count = form.querySelector(".filter-count");
    var params = new URLSearchParams(window.location.search);

    function apply() {
      var shown = 0;
      var query = new URLSearchParams();
      Array.prototype.forEach.call(selects, function (select) {
        if (select.value) query.set(select.name, select.value);
      });
      Array.prototype.forEach.call(blocks, function (block) {
        var ok = Array.prototype.every.call(selects, function (select) {
          return matches(block, select.name, select.value);
        });
        block.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "显示 " + shown + " / " + form.getAttribute("data-total") + " 条";
      var search = query.toString();
      window.history.replaceState(window.history.state, "",
        window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    Array.prototype.forEach.call(selects, function (select) {
      var wanted = params.get(select.name);
      if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
      select.addEventListener("change", apply);
    });
    form.hidden = false;
    apply();
    // A link to one block (#id) shows it even when the filter would hide it.
    var target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (target && target.hidden) {
      Array.prototype.forEach.call(selects, function (select) { select.value = ""; });
      apply();
      target.scrollIntoView();
    }
  }

  function start() {
    var form = document.querySelector("form.library-filter");
    if (form && form.hidden) setup(form);
  }

  if (window.document$) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
