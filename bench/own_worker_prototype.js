/* PROTOTYPE, not used by the site or the tests: a worker of the site's own that answers Material's
   messages without Material's worker and lunr, kept to reproduce the measurement in bench/README.md
   ("What would get under 500 ms"). Ranking approximates the site's worker (BM25, b = 0, Material's
   boosts, the words held first); highlighting is a plain regular expression; no lunr syntax, no
   stemming. Served as run.py serves FLOOR_WORKER:
   Served(site, {WORKER_PATH: Path("bench/own_worker_prototype.js").read_bytes()}), timed with
   searched() in trials alternating with the site's worker and the floor. */
(function () {
  "use strict";
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var VALUE = new Int8Array(128).fill(-1);
  for (var d = 0; d < DIGITS.length; d++) VALUE[DIGITS.charCodeAt(d)] = d;
  var root = new URL("../../../", self.location.href);
  function getJSON(path) {
    return fetch(new URL(path, root)).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }
  var headP = getJSON("search/index/head.json"), head = null, words = {}, starts, shardStarts, nFields;
  var shards = new Map(), texts = new Map(), K1 = 1.2, boosts, pending = Promise.resolve();
  headP.then(function (h) {
    head = h; words = h.query || {}; starts = h.pages.concat(h.docs.length);
    shardStarts = h.shards.concat(h.tokens.length); nFields = h.fields.length;
    boosts = h.fields.map(function (f) { return ({title: 1000, text: 1, tags: 1e6})[f] || 1; });
    h.pageOf = new Int32Array(h.docs.length);
    for (var p = 0; p < starts.length - 1; p++) for (var i = starts[p]; i < starts[p + 1]; i++) { h.pageOf[i] = p; h.docs[i].text = ""; }
  });
  function lower(tokens, text) {
    var lo = 0, hi = tokens.length;
    while (lo < hi) { var m = (lo + hi) >> 1; if (tokens[m] < text) lo = m + 1; else hi = m; }
    return lo;
  }
  function inIndex(word) { var i = lower(head.tokens, word); return head.tokens[i] === word; }
  var RUNS = /\p{sc=Han}+|(?:(?!\p{sc=Han})[\p{L}\p{N}])+/gu, HAN = /^\p{sc=Han}/u;
  var has = Function.call.bind(Object.prototype.hasOwnProperty);
  function cut(run, known) {
    var total = Math.log(words.total || 1e8), best = [], next = [];
    best[run.length] = 0;
    for (var i = run.length - 1; i >= 0; i--) {
      best[i] = -Infinity;
      for (var j = i + 1; j <= Math.min(run.length, i + 24); j++) {
        var word = run.slice(i, j), f = (words.freq && words.freq[word]) || ((inIndex(word) || has(known, word)) ? 50 : j === i + 1 ? 1 : 0);
        if (!f) continue;
        var s = Math.log(f) - total + best[j];
        if (s >= best[i]) { best[i] = s; next[i] = j; }
      }
    }
    var out = [];
    for (i = 0; i < run.length; i = next[i]) out.push(run.slice(i, next[i]));
    return out;
  }
  function read(query) {
    var groups = words.synonyms || [], cuts = words.cuts || {}, ignore = new Set(words.ignore || []);
    var groupOf = Object.create(null), known = Object.create(null);
    groups.forEach(function (g) { g.forEach(function (w) { groupOf[w] = known[w] = g; }); });
    ignore.forEach(function (w) { known[w] = true; });
    var typed = [];
    (query.toLowerCase().match(RUNS) || []).forEach(function (run) {
      (HAN.test(run) ? cut(run, known) : [run]).forEach(function (w) { if (typed.indexOf(w) < 0) typed.push(w); });
    });
    var kept = typed.filter(function (w) { return !ignore.has(w); });
    if (!kept.length) kept = typed;
    return kept.map(function (word) {
      var ways = (groupOf[word] || [word]).map(function (one) { return cuts[one] || [one]; });
      return {word: word, ways: ways.map(function (parts) {
        return parts.map(function (p) { return {text: p, prefix: p.length > 1 || kept.length === 1}; });
      })};
    });
  }
  function shardOf(w) {
    var lo = 0, hi = shardStarts.length - 2;
    while (lo < hi) { var m = (lo + hi + 1) >> 1; if (shardStarts[m] <= w) lo = m; else hi = m - 1; }
    return lo;
  }
  function fetchShard(n) {
    if (!shards.has(n)) shards.set(n, getJSON("search/index/" + n + ".json").then(function (text) {
      var at = 0, lists = [];
      function next() { var x = 0, s = 1, dg; do { dg = VALUE[text.charCodeAt(at++)]; x += (dg & 31) * s; s *= 32; } while (dg & 32); return x; }
      for (var w = shardStarts[n]; w < shardStarts[n + 1]; w++) {
        var c = next(), list = new Int32Array(2 * c), ref = 0;
        for (var i = 0; i < c; i++) { list[2 * i] = (ref += next()); list[2 * i + 1] = next(); }
        lists.push(list);
      }
      return lists;
    }));
    return shards.get(n);
  }
  function fetchPage(p) {
    if (!texts.has(p)) texts.set(p, getJSON("search/text/" + p + ".json").then(function (t) {
      t.forEach(function (v, i) { head.docs[starts[p] + i].text = v; });
    }));
    return texts.get(p);
  }
  function wordsOf(part) {  // word numbers a part finds
    var i = lower(head.tokens, part.text), out = [];
    if (!part.prefix) return head.tokens[i] === part.text ? [i] : [];
    for (; i < head.tokens.length && head.tokens[i].lastIndexOf(part.text, 0) === 0; i++) out.push(i);
    return out;
  }
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function mark(value, re, full) {
    if (!value) return value;
    if (full) return value.replace(re, "<mark>$&</mark>");
    var blocks = value.match(/<(\w+)[^>]*>[\s\S]*?<\/\1>|[^<]+/g) || [value], out = [];
    for (var i = 0; i < blocks.length && out.length < 2; i++) {
      re.lastIndex = 0;
      if (re.test(blocks[i])) out.push(blocks[i].replace(re, "<mark>$&</mark>"));
    }
    return out.length ? out.join("") : value;
  }
  function search(query) {
    var reading = read(query), nDocs = head.docs.length;
    var all = [];  // [wordIndex in reading, way, part, token numbers]
    reading.forEach(function (word, wi) { word.ways.forEach(function (way, yi) { way.forEach(function (part, pi) {
      all.push({wi: wi, yi: yi, pi: pi, ws: wordsOf(part)}); }); }); });
    var need = new Set();
    all.forEach(function (a) { a.ws.forEach(function (w) { need.add(shardOf(w)); }); });
    var loaded = new Map();
    return Promise.all(Array.from(need).map(function (n) { return fetchShard(n).then(function (l) { loaded.set(n, l); }); })).then(function () {
      var score = new Float64Array(nDocs), hit = new Map(), found = [];  // doc → Set of "wi/yi/pi"
      all.forEach(function (a) {
        a.ws.forEach(function (w) {
          var n = shardOf(w), list = loaded.get(n)[w - shardStarts[n]], refs = list.length / 2;
          var idf = Math.log(1 + Math.abs((nDocs * nFields - refs + 0.5) / (refs + 0.5)));
          found.push(head.tokens[w]);
          for (var j = 0; j < list.length; j += 2) {
            var doc = list[j] / nFields | 0, field = list[j] % nFields, tf = list[j + 1];
            score[doc] += idf * (K1 + 1) * tf / (K1 + tf) * boosts[field] * ((head.docs[doc].boost) || 1);
            var s = hit.get(doc); if (!s) hit.set(doc, s = new Set()); s.add(a.wi + "/" + a.yi + "/" + a.pi);
          }
        });
      });
      var results = [];
      hit.forEach(function (s, doc) {
        var terms = {}, held = 0;
        reading.forEach(function (word, wi) {
          terms[word.word] = word.ways.some(function (way, yi) { return way.every(function (p, pi) { return s.has(wi + "/" + yi + "/" + pi); }); });
          held += terms[word.word];
        });
        if (!held) return;
        var g = +(head.docs[doc].location.indexOf("#") < 0) + held / reading.length;
        results.push({doc: doc, held: held, terms: terms, score: held * 1e9 + score[doc] * (1 + g * g)});
      });
      results.sort(function (a, b) { return b.score - a.score; });
      var pages = [], seen = new Set();
      for (var i = 0; i < results.length && pages.length < 12; i++) {
        var p = head.pageOf[results[i].doc];
        if (!seen.has(p)) { seen.add(p); pages.push(p); }
      }
      var re = found.length ? new RegExp(found.sort(function (a, b) { return b.length - a.length; }).slice(0, 200).map(escapeRe).join("|"), "gi") : null;
      return Promise.all(pages.map(fetchPage)).then(function () {
        var groups = new Map();
        results.forEach(function (r) {
          var doc = head.docs[r.doc], page = head.docs[starts[head.pageOf[r.doc]]].location;
          var shown = texts.has(head.pageOf[r.doc]);
          var item = {location: doc.location, title: re ? mark(doc.title, re, true) : doc.title,
                      text: shown && re ? mark(doc.text, re, false) : doc.text, score: r.score, terms: r.terms};
          if (doc.tags) item.tags = doc.tags;
          if (!groups.has(page)) groups.set(page, []);
          groups.get(page).push(item);
        });
        groups.forEach(function (items, page) {
          if (!items.some(function (it) { return it.location === page; })) {
            var d = head.docs[starts[head.pageOf[head.docs.findIndex(function (x) { return x.location === page; })]]];
            items.push({location: d.location, title: d.title, text: d.text, score: 0, terms: {}});
          }
        });
        return {items: Array.from(groups.values())};
      });
    });
  }
  self.addEventListener("message", function (ev) {
    var m = ev.data || {};
    if (m.type === 0) pending = headP.then(function () { self.postMessage({type: 1}); });
    else if (m.type === 2) {
      var q = String(m.data);
      pending = pending.then(function () {
        return q.trim() ? search(q) : {items: []};
      }).then(function (data) { self.postMessage({type: 3, data: data}); }, function (e) {
        console.warn(e); self.postMessage({type: 3, data: {items: []}});
      });
    }
  });
})();
