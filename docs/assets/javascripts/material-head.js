/* Material 9.8's inline head script (partials/javascripts/base.html), unchanged but for reading the
   scope from the script tag: a file, so the site runs under a CSP without 'unsafe-inline'. */
var __md_scope = new URL(document.currentScript.getAttribute("data-md-scope"), location),
  __md_hash = function (e) { return [].reduce.call(e, function (e, _) { return (e << 5) - e + _.charCodeAt(0); }, 0); },
  __md_get = function (e, _, t) {
    _ = _ || localStorage; t = t || __md_scope;
    return JSON.parse(_.getItem(t.pathname + "." + e));
  },
  __md_set = function (e, _, t, a) {
    t = t || localStorage; a = a || __md_scope;
    try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (e) { /* storage off */ }
  };
