/* Point Material at the Chinese-query worker (docs/assets/javascripts/workers/search-zh.js), which loads
   Material's own worker, and start that worker now: Material's bundle asks for it only once it runs, at
   the end of the page, and a worker takes a while to start. The worker fetches its index's head as it
   starts (see the worker), so the head and the scripts are in when Material hands over its config.
   Material gets this worker when it asks for one at that address; any other it makes itself. Runs before
   Material's bundle reads #__config. */
(function () {
  var el = document.getElementById("__config");
  if (!el) return;
  var config = JSON.parse(el.textContent);
  var at = config.search.lastIndexOf("/");
  config.search = config.search.slice(0, at + 1) + "search-zh.js?material=" + config.search.slice(at + 1);
  el.textContent = JSON.stringify(config);
  if (!document.forms.namedItem("search") || typeof Worker !== "function") return;
  var Native = Worker, url = new URL(config.search, document.baseURI).href, started;
  try {
    started = new Native(url);
  } catch (error) {
    return;
  }
  window.Worker = function Worker(given, options) {
    if (started && new URL(given, document.baseURI).href === url) {
      var worker = started;
      started = null;
      return worker;
    }
    return new Native(given, options);
  };
  window.Worker.prototype = Native.prototype;
})();
