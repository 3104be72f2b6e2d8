/* Point Material at the Chinese-query worker (docs/assets/javascripts/workers/search-zh.js),
   which loads Material's own worker. Runs before Material's bundle reads #__config. */
(function () {
  var el = document.getElementById("__config");
  if (!el) return;
  var config = JSON.parse(el.textContent);
  var at = config.search.lastIndexOf("/");
  config.search = config.search.slice(0, at + 1) + "search-zh.js?material=" + config.search.slice(at + 1);
  el.textContent = JSON.stringify(config);
})();
