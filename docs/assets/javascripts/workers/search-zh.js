/* Chinese query segmentation for Material's search worker.
 *
 * Material (9.8) splits a Chinese query into the words it finds in the index, but never tries the
 * whole query or its last character, so 三会一课 becomes 三* 会* 一* and matches nearly every page.
 * This worker loads Material's own worker unchanged (its path arrives as ?material=…) and only
 * rewrites an all-Chinese query before lunr runs it: each run of Han characters is cut by longest
 * match against the index, and every cut must be present (+term*). Any other query is left alone.
 */
(function () {
  "use strict";
  var HAN = /\p{sc=Han}+/gu;
  var pending = null;

  /* Runs before Material's listener: remember the reader's query as typed. */
  self.addEventListener("message", function (ev) {
    pending = ev.data && ev.data.type === 2 && typeof ev.data.data === "string" ? ev.data.data : null;
  });

  var material = new URLSearchParams(self.location.search).get("material");
  importScripts(material);

  function cut(run, index) {
    var terms = [];
    for (var i = 0; i < run.length;) {
      var j = run.length;
      while (j > i + 1 && !Object.prototype.hasOwnProperty.call(index, run.slice(i, j))) j--;
      terms.push(run.slice(i, j));
      i = j;
    }
    return terms;
  }

  function rewrite(query, index) {
    var trimmed = query.trim();
    if (!trimmed || trimmed.replace(HAN, "").trim() !== "") return null;
    return trimmed.match(HAN).map(function (run) {
      return cut(run, index).map(function (term) { return "+" + term + "*"; }).join(" ");
    }).join(" ");
  }

  var search = self.lunr.Index.prototype.search;
  self.lunr.Index.prototype.search = function (query) {
    var fixed = pending === null ? null : rewrite(pending, this.invertedIndex);
    pending = null;
    return search.call(this, fixed || query);
  };
})();
