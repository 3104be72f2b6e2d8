/* Material's search worker, for Chinese and for a large library. It loads Material's own worker
 * unchanged (its path arrives as ?material=…) and changes three things around it.
 *
 * 1. The query. Material (9.8) splits a Chinese query into the words it finds in the index, but never
 *    tries the whole query or its last character, so 三会一课 becomes 三* 会* 一* and matches nearly
 *    every page; and it requires nothing, so a query of several words is no better. A query written
 *    without lunr's syntax (+ - * : ~ ^ ") is read here instead, as a writer types it:
 *    - each run of Han characters is cut as jieba cuts it (the most probable route through the words
 *      of the index, with jieba's frequencies: search_index.json → config.query, written by
 *      overrides/hooks/search_index.py), so 三会一课 stays one word; Latin words and numbers are words
 *      of their own, lower-cased as the index is;
 *    - the words to ignore (怎么, 如何, 写, 的 … from docs/data/search.yml) are left out, unless the
 *      query holds nothing else;
 *    - a word of a synonym group (same file) is found through any word of its group, each cut as the
 *      index cuts it; a page holds the word when it holds every part of one of them;
 *    - lunr runs every part as an optional term (a part of two characters or more also as a prefix,
 *      so a word being typed finds its page). A result ranks by how many of the query's words it
 *      holds, then by Material's score; one that holds none of them is dropped. Material's results
 *      then get, before they go to the page, the words each holds ("terms": the page strikes out the
 *      ones missing, "缺少") and that order.
 *    A query with lunr's syntax is left to Material.
 *
 * 2. The index. Material builds a lunr index from every page's text in the reader's browser before
 *    the first search can answer: 5 to 6 s at 1,000 pages. The build (overrides/hooks/search_index.py)
 *    has already cut each entry's title and text into words as Material's tokenizer does and counted
 *    them, in search_index.json → config.prebuilt (Material hands its worker only "config" and
 *    "docs"). From those counts this worker makes the index Material would make, with the same terms,
 *    term numbers, postings and scores, in about 0.1 s; a term's postings and an entry's score vector
 *    are worked out when a query first needs them. What the counts leave out is where each word
 *    stands, which Material needs to highlight a result: tokenize(), a port of Material's tokenizer,
 *    finds it for the fields a query finds, and fills Material's table for them as Material would.
 *    Without counts, or with counts that do not fit the entries, the index is built the stock way.
 *    tests/test_browser_search.py compares the index and the results with Material's own.
 *
 * 3. The text. With config.parts the index comes without the entries' texts, which only Material's
 *    excerpts need: the texts of the pages a query shows first are fetched before Material answers it
 *    (see "the text, by page").
 */
(function () {
  "use strict";
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";  // as the hook writes them
  var asked = null;     // the reader's query as typed
  var prebuilt = null;  // search_index.json → config.prebuilt, from the setup message
  var words = {};       // search_index.json → config.query, from the setup message
  var current = null;   // the last query's words, and what each result holds of them
  var places = new WeakMap();  // index made from the counts → where a term stands in an entry's field

  /* Runs before Material's listener. Message types: 0 set up (the whole index), 2 query. A query
     waits, when the texts are in parts, until the texts of the pages it shows first are in. */
  self.addEventListener("message", function (ev) {
    var message = ev.data || {};
    if (held.has(message)) {
      held.delete(message);
    } else if (paged && message.type === 2 && typeof message.data === "string") {
      ev.stopImmediatePropagation();
      queue = queue.then(function () { return textFor(message.data); }).catch(function (error) {
        console.warn("search:", error);  // the query is answered all the same, with the texts there are
      }).then(function () {
        held.add(message);
        self.dispatchEvent(new MessageEvent("message", {data: message}));
      });
      return;
    }
    if (message.type === 0) {
      var config = (message.data && message.data.config) || {};
      prebuilt = config.prebuilt || null;
      words = config.query && config.query.version === 1 ? config.query : {};
      paged = config.parts && config.parts.version === 1 ? parts(config.parts, message.data.docs) : null;
    }
    asked = message.type === 2 && typeof message.data === "string" ? message.data : null;
    current = null;
  });

  /* ---------------------------------------------------------------------------- the text, by page */

  /* With config.parts the entries come without their text: each page's texts are in
     search/text/<n>.json (overrides/hooks/search_index.py). The index is made from the counts, which
     need no text; Material needs the text only to show a result's excerpt with the words marked. So
     before Material answers a query, the texts of the pages it shows first (FIRST of them, in the
     order of the query's results) are fetched, once each, into the entries Material holds; a result
     further down shows its title, and its excerpt once a query brings it up. The results found here
     are the ones Material then gets (searchWords keeps them). */
  var FIRST = 12;  // Material paints ten results (more as the reader scrolls): two to spare for equal scores
  var paged = null;        // the parts: which page each entry is on, and the pages fetched
  var made = null;         // the lunr index made at set-up
  var held = new WeakSet();  // queries handed on to Material, after their texts came in
  var queue = Promise.resolve();
  var root = new URL("../../../", self.location.href);  // the site, from assets/javascripts/workers/

  function parts(config, docs) {
    var starts = (config.starts || []).concat(docs.length), pageOf = new Map();
    for (var page = 0; page < starts.length - 1; page++) {
      for (var i = starts[page]; i < starts[page + 1]; i++) pageOf.set(docs[i].location, page);
    }
    return {docs: docs, starts: starts, pageOf: pageOf, fetched: new Map()};
  }

  function fetchPage(page) {
    if (!paged.fetched.has(page)) {
      paged.fetched.set(page, fetch(new URL("search/text/" + page + ".json", root)).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.url);
        return response.json();
      }).then(function (texts) {
        fill(page, texts);
      }).catch(function (error) {
        console.warn("search: the text of a page did not load:", error);
      }));
    }
    return paged.fetched.get(page);
  }

  /* Every page's texts, at once: for an index made the stock way (no counts, or counts that do not fit),
     while Material builds it (it cannot wait), so with synchronous requests. */
  function everyText() {
    for (var page = 0; page < paged.starts.length - 1; page++) {
      if (paged.fetched.has(page)) continue;
      var request = new XMLHttpRequest();
      request.open("GET", new URL("search/text/" + page + ".json", root), false);
      request.send();
      if (request.status === 200) fill(page, JSON.parse(request.responseText));
      paged.fetched.set(page, Promise.resolve());
    }
  }

  function fill(page, texts) {
    texts.forEach(function (value, i) { paged.docs[paged.starts[page] + i].text = value; });
  }

  function textFor(query) {
    if (!made || !query.trim()) return null;  // Material answers an empty query with nothing
    var reading = read(query, made.invertedIndex), results;
    try {
      results = reading ? searchWords(made, reading) : search.call(made, query);
    } catch (error) {
      return null;  // lunr's syntax gone wrong: Material says so
    }
    var best = new Map();  // page → the score Material's results will sort it by (see rank)
    results.forEach(function (result) {
      var page = paged.pageOf.get(result.ref), held = current && current.results.get(result.ref);
      var score = held ? weight(result.ref, held) : result.score;
      if (page !== undefined && !(best.get(page) >= score)) best.set(page, score);
    });
    var pages = Array.from(best.keys()).sort(function (a, b) { return best.get(b) - best.get(a); });
    return Promise.all(pages.slice(0, FIRST).map(fetchPage));
  }

  var material = new URLSearchParams(self.location.search).get("material");
  importScripts(material);
  var lunr = self.lunr;

  /* ------------------------------------------------------------------------------------ the query */

  var SYNTAX = /(?:^|\s)[+-]|[*:~^"]/;
  var RUNS = /\p{sc=Han}+|(?:(?!\p{sc=Han})[\p{L}\p{N}])+/gu;
  var HAN = /^\p{sc=Han}/u;
  var LONGEST = 24;  // characters in a word, at most (as docs/data/search.yml allows)
  var has = Function.call.bind(Object.prototype.hasOwnProperty);

  /* A run of Han characters cut as jieba cuts it without its HMM: the route through the run whose
     words' frequencies multiply to the most. A word is one of the index, the dictionary or
     search.yml; a character that is none of these is a word of its own with the frequency 1. */
  function cut(run, index, known) {
    var total = Math.log(words.total || 1e8), best = [], next = [];
    best[run.length] = 0;
    for (var i = run.length - 1; i >= 0; i--) {
      best[i] = -Infinity;
      for (var j = i + 1; j <= Math.min(run.length, i + LONGEST); j++) {
        var word = run.slice(i, j), frequency = (words.freq && words.freq[word]) ||
          ((has(index, word) || has(known, word)) ? 50 : j === i + 1 ? 1 : 0);  // 50: a word of the user dictionary
        if (!frequency) continue;
        var score = Math.log(frequency) - total + best[j];
        if (score >= best[i]) { best[i] = score; next[i] = j; }
      }
    }
    var out = [];
    for (i = 0; i < run.length; i = next[i]) out.push(run.slice(i, next[i]));
    return out;
  }

  /* The query's words, and for each the ways a page may hold it: [[part, …], …]. Null for a query
     with lunr's syntax, or with no word at all. */
  function read(query, index) {
    if (SYNTAX.test(query)) return null;
    var groups = words.synonyms || [], cuts = words.cuts || {}, ignore = new Set(words.ignore || []);
    var groupOf = Object.create(null), known = Object.create(null);
    groups.forEach(function (group) { group.forEach(function (word) { groupOf[word] = known[word] = group; }); });
    ignore.forEach(function (word) { known[word] = true; });
    var typed = [];
    (query.toLowerCase().match(RUNS) || []).forEach(function (run) {
      (HAN.test(run) ? cut(run, index, known) : [run]).forEach(function (word) {
        if (typed.indexOf(word) < 0) typed.push(word);
      });
    });
    var kept = typed.filter(function (word) { return !ignore.has(word); });
    if (!kept.length) kept = typed;
    if (!kept.length) return null;
    return kept.map(function (word) {
      var ways = (groupOf[word] || [word]).map(function (one) { return cuts[one] || [one]; });
      return {word: word, ways: ways.map(function (parts) {
        return parts.map(function (part) { return {text: part, prefix: part.length > 1 || kept.length === 1}; });
      })};
    });
  }

  function holds(keys, part) {
    return keys.some(function (key) { return part.prefix ? key.lastIndexOf(part.text, 0) === 0 : key === part.text; });
  }

  /* lunr's results for the query's words, those holding more of them first; what each holds is kept
     for Material's results (see rank). */
  var remembered = null;  // the last query's words, its results and what they hold (see textFor)
  function searchWords(index, query) {
    var key = JSON.stringify(query);
    if (remembered && remembered.index === index && remembered.key === key) {
      current = remembered.current;
      return remembered.results.slice();
    }
    var parts = new Map();
    query.forEach(function (word) {
      word.ways.forEach(function (way) { way.forEach(function (part) { parts.set(part.text + (part.prefix ? "*" : ""), part); }); });
    });
    var results = index.query(function (q) {
      parts.forEach(function (part) {
        q.term(part.text, {usePipeline: false, presence: lunr.Query.presence.OPTIONAL,
                           wildcard: part.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE});
      });
    });
    current = {size: query.length, results: new Map()};
    results = results.filter(function (result) {
      var keys = Object.keys(result.matchData.metadata), terms = {}, held = 0;
      query.forEach(function (word) {
        terms[word.word] = word.ways.some(function (way) { return way.every(function (part) { return holds(keys, part); }); });
        held += terms[word.word];
      });
      current.results.set(result.ref, {held: held, score: result.score, terms: terms});
      return held > 0;
    });
    results.sort(function (a, b) {
      return current.results.get(b.ref).held - current.results.get(a.ref).held || b.score - a.score;
    });
    remembered = {index: index, key: key, current: current, results: results.slice()};
    return results;
  }

  var search = lunr.Index.prototype.search;
  lunr.Index.prototype.search = function (query) {
    var reading = asked === null ? null : read(asked, this.invertedIndex);
    asked = null;
    var results = reading ? searchWords(this, reading) : search.call(this, query);
    if (places.has(this)) addPlaces(results, places.get(this));
    return results;
  };

  /* Material's results for the query read above: each item's terms are the query's words it holds,
     and its score Material's (lunr's score × (1 + g²), g = 1 for a page + the share of the words it
     holds) after the number of words it holds, so that items and pages sort in that order. */
  var TIER = 1e9;
  function weight(ref, result) {
    var g = +(ref.indexOf("#") < 0) + result.held / current.size;
    return result.held * TIER + result.score * (1 + g * g);
  }

  function rank(items) {
    items.forEach(function (group) {
      group.forEach(function (item) {
        var result = current.results.get(item.location);
        if (!result) return;  // a page Material adds (score 0) above its sections
        item.terms = result.terms;
        item.score = weight(item.location, result);
      });
      group.sort(function (a, b) { return b.score - a.score; });
    });
    items.sort(function (a, b) { return b[0].score - a[0].score; });
  }

  var post = self.postMessage;
  self.postMessage = function (message) {
    if (current && message && message.type === 3 && message.data && message.data.items) rank(message.data.items);
    current = null;
    return post.apply(self, arguments);
  };

  /* ------------------------------------------------------------------------------------ the index */

  var add = lunr.Builder.prototype.add;
  var build = lunr.Builder.prototype.build;

  lunr.Builder.prototype.add = function (doc, attributes) {
    (this.entries || (this.entries = [])).push([doc, attributes]);
  };

  lunr.Builder.prototype.build = function () {
    var entries = this.entries || [];
    delete this.entries;
    var index = prebuilt && fromCounts(this, entries, prebuilt);
    prebuilt = null;
    if (index) return (made = index);
    if (paged) everyText();  // the stock way reads every text
    entries.forEach(function (entry) { add.call(this, entry[0], entry[1]); }, this);
    return (made = build.call(this));
  };

  /* The numbers of the "counts" string, one by one: five bits a digit, least significant first,
     32 added to every digit but the last. -1 at the end of the string or on a stray character. */
  function reader(text) {
    var value = new Int8Array(128).fill(-1), at = 0;
    for (var d = 0; d < DIGITS.length; d++) value[DIGITS.charCodeAt(d)] = d;
    return {
      next: function () {
        var number = 0, scale = 1, digit;
        do {
          digit = value[text.charCodeAt(at++)];
          if (!(digit >= 0)) return -1;
          number += (digit & 31) * scale;
          scale *= 32;
        } while (digit & 32);
        return number;
      },
      done: function () { return at === text.length; }
    };
  }

  /* An object whose members are made on first use, in the order given, as lunr's own would be. */
  function lazily(keys, make) {
    var object = Object.create(null);
    keys.forEach(function (key, i) {
      Object.defineProperty(object, key, {
        configurable: true, enumerable: true,
        get: function () {
          var value = make(i);
          Object.defineProperty(object, key, {value: value, writable: true, enumerable: true, configurable: true});
          return value;
        }
      });
    });
    return object;
  }

  /* What lunr.Builder's add() and build() would make of the entries, from the counts. Null if the
     counts do not fit the entries (then the index is built the stock way). */
  function fromCounts(builder, entries, counts) {
    var fields = Object.keys(builder._fields), nFields = fields.length, nDocs = entries.length;
    /* What the counts assume of Material's worker: the fields it indexes, and its tokenizer with a
       separator of one character class, no segmenter (Japanese only), keeping where each word stands. */
    var separator = /^\[[^\]]*\]\+$/.test(lunr.tokenizer.separator.source) && !lunr.tokenizer.separator.flags;
    if (counts.version !== 1 || String(counts.fields) !== String(fields) || lunr.segmenter !== undefined ||
        String(builder.metadataWhitelist) !== "position" || !separator) return null;
    separatorClass = new RegExp("^" + lunr.tokenizer.separator.source.slice(0, -1) + "$");
    separatorKnown.fill(0);
    var refs = entries.map(function (entry) { return entry[0][builder._ref]; });
    if (new Set(refs).size !== nDocs) return null;

    /* Words as the tokenizer gives them → terms, through the index pipeline (a function of one word).
       Terms are numbered in the order they first occur, as lunr numbers them. */
    var termNumber = Object.create(null), terms = [], most = 1;
    var words = counts.tokens.map(function (word) {
      return {text: word, terms: builder.pipeline.run([new lunr.Token(word, {})]).map(String)};
    });
    var termsOf = words.map(function (word) {
      most = Math.max(most, word.terms.length);
      return word.terms.map(function (term) {
        if (!(term in termNumber)) termNumber[term] = terms.push(term) - 1;
        return termNumber[term];
      });
    });

    /* Field refs in lunr's order (entry by entry, field by field): their terms and term frequencies. */
    var numbers = reader(counts.counts), nRefs = nDocs * nFields, start = new Int32Array(nRefs + 1);
    var room = Math.ceil(counts.counts.length / 2) * most, term = new Int32Array(room), tf = new Int32Array(room), k = 0;
    for (var ref = 0; ref < nRefs; ref++) {
      var pairs = numbers.next(), word = 0;
      if (pairs < 0) return null;
      for (var p = 0; p < pairs; p++) {
        var step = numbers.next(), frequency = numbers.next(), of = termsOf[word += step];
        if (step < 0 || frequency < 0 || !of) return null;
        for (var t = 0; t < of.length; t++, k++) { term[k] = of[t]; tf[k] = frequency; }
      }
      start[ref + 1] = k;
    }
    if (!numbers.done()) return null;

    /* Field lengths, their average per field, and for each term the field refs that hold it. */
    var length = new Float64Array(nRefs), sum = new Float64Array(nFields);
    var holders = new Int32Array(terms.length), last = new Int32Array(terms.length).fill(-1);
    for (ref = 0; ref < nRefs; ref++) {
      for (var i = start[ref]; i < start[ref + 1]; i++) {
        length[ref] += tf[i];
        if (last[term[i]] !== ref) { last[term[i]] = ref; holders[term[i]]++; }
      }
      sum[ref % nFields] += length[ref];
    }
    var at = new Int32Array(terms.length + 1);
    for (t = 0; t < terms.length; t++) at[t + 1] = at[t] + holders[t];
    var heldBy = new Int32Array(at[terms.length]), fill = at.slice(0, terms.length);
    last.fill(-1);
    for (ref = 0; ref < nRefs; ref++) {
      for (i = start[ref]; i < start[ref + 1]; i++) {
        if (last[term[i]] !== ref) { last[term[i]] = ref; heldBy[fill[term[i]]++] = ref; }
      }
    }

    var invertedIndex = lazily(terms, function (t) {
      var posting = Object.create(null);
      posting._index = t;
      fields.forEach(function (field) { posting[field] = Object.create(null); });
      for (var h = at[t]; h < at[t + 1]; h++) {
        posting[fields[heldBy[h] % nFields]][refs[heldBy[h] / nFields | 0]] = Object.create(null);
      }
      return posting;
    });

    /* lunr's BM25 (Builder.prototype.createFieldVectors), term by term in the same order. */
    var k1 = builder._k1, b = builder._b, idf = new Float64Array(terms.length).fill(NaN);
    var fieldRefs = [];
    for (ref = 0; ref < nRefs; ref++) {
      fieldRefs.push(fields[ref % nFields] + lunr.FieldRef.joiner + refs[ref / nFields | 0]);  // FieldRef's toString()
    }
    var fieldVectors = lazily(fieldRefs, function (ref) {
      var field = fields[ref % nFields], attributes = entries[ref / nFields | 0][1] || {};
      var fieldBoost = builder._fields[field].boost || 1, docBoost = attributes.boost || 1;
      var average = sum[ref % nFields] / nDocs, ids = [], frequency = [], highest = -1;
      for (var i = start[ref]; i < start[ref + 1]; i++) {  // mostly a term a word, in rising order
        var seen = term[i] > highest ? -1 : ids.indexOf(term[i]);
        if (seen >= 0) frequency[seen] += tf[i]; else { ids.push(term[i]); frequency.push(tf[i]); }
        highest = Math.max(highest, term[i]);
      }
      var order = ids.map(function (t, n) { return n; }).sort(function (x, y) { return ids[x] - ids[y]; });
      var elements = [];
      order.forEach(function (n) {
        var t = ids[n], y = frequency[n];
        if (isNaN(idf[t])) {
          var x = (nDocs - holders[t] + 0.5) / (holders[t] + 0.5);
          idf[t] = Math.log(1 + Math.abs(x));
        }
        var score = idf[t] * ((k1 + 1) * y) / (k1 * (1 - b + b * (length[ref] / average)) + y);
        score *= fieldBoost;
        score *= docBoost;
        elements.push(t, Math.round(score * 1e3) / 1e3);
      });
      return new lunr.Vector(elements);
    });

    var index = new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(terms.slice().sort()),
      fields: fields,
      pipeline: builder.searchPipeline
    });
    places.set(index, placesOfTerms(builder, entries, refs, words));
    return index;
  }

  /* Where a term stands in an entry's field: the positions Builder.add would have kept for it. When a
     query first finds a field, tokenize() gives Material (through the field's extractor) the table it
     highlights the result with, and keeps where each word starts and ends; the words a term comes
     from are then compared with the text in place, without making a string per word. */
  function placesOfTerms(builder, entries, refs, words) {
    var docs = new Map(), found = new Map(), wordsOf = new Map();
    refs.forEach(function (ref, i) { docs.set(ref, entries[i][0]); });
    words.forEach(function (word) {
      word.terms.forEach(function (term) {
        if (wordsOf.has(term)) wordsOf.get(term).push(word.text); else wordsOf.set(term, [word.text]);
      });
    });

    function tokens(ref, field) {
      var key = new lunr.FieldRef(ref, field).toString(), seen = found.get(key), doc = docs.get(ref);
      if (!seen || seen.source !== doc[field]) {  // the text of a page fetched since (see textFor)
        var spec = builder._fields[field];
        var value = spec.extractor ? spec.extractor(doc) : doc[field];  // Material's: a new table for the field
        var texts = value === undefined ? [] : Array.isArray(value) ? value : [value];
        found.set(key, seen = {source: doc[field], texts: texts, text: [], start: [], end: [], position: []});
        tokenize(texts, lunr.tokenizer.table, function (n, start, end, position) {
          seen.text.push(n);
          seen.start.push(start);
          seen.end.push(end);
          seen.position.push(position);
        });
      }
      return seen;
    }

    /* {term: {position: […]}} for the terms a query found in the field: one pass over its words, each
       compared only with the words of those terms that begin with its first unit (lower-cased). */
    return function (ref, field, terms) {
      var seen = tokens(ref, field), places = {}, byFirst = new Map(), every = [];
      terms.forEach(function (term) {
        var position = (places[term] = {position: []}).position;
        (wordsOf.get(term) || []).forEach(function (word) {
          var wanted = [word, position], first = word.charCodeAt(0);
          if (byFirst.has(first)) byFirst.get(first).push(wanted); else byFirst.set(first, [wanted]);
          every.push(wanted);
        });
      });
      for (var i = 0; i < seen.position.length; i++) {
        var text = seen.texts[seen.text[i]], unit = text.charCodeAt(seen.start[i]);
        var candidates = byFirst.get(unit >= 65 && unit <= 90 ? unit + 32 : unit);
        if (!candidates) {
          if (unit < 128 || isCaseless(unit)) continue;
          candidates = every;
        }
        for (var c = 0; c < candidates.length; c++) {
          if (lowerEquals(text, seen.start[i], seen.end[i], candidates[c][0])) candidates[c][1].push(seen.position[i]);
        }
      }
      return places;
    };
  }

  /* text.slice(start, end).toLowerCase() === word, mostly without making the string: equal units and
     ASCII capitals pass, other ASCII or caseless units fail, anything else compares the strings. Only
     U+0130 lower-cases to two units, so only with it can the lengths differ. */
  var caseless = new Uint8Array(65536);  // per UTF-16 unit: 1 caseless, 2 has case (or is a surrogate)
  function lowerEquals(text, start, end, word) {
    if (end - start !== word.length) {
      return end - start < word.length && text.slice(start, end).indexOf("\u0130") >= 0 &&
        text.slice(start, end).toLowerCase() === word;
    }
    for (var i = start; i < end; i++) {
      var unit = text.charCodeAt(i), wanted = word.charCodeAt(i - start);
      if (unit === wanted) continue;
      if (unit < 128) {
        if (unit >= 65 && unit <= 90 && unit + 32 === wanted) continue;
        return false;
      }
      return isCaseless(unit) ? false : text.slice(start, end).toLowerCase() === word;
    }
    return true;
  }

  function isCaseless(unit) {
    if (!caseless[unit]) {
      var one = String.fromCharCode(unit);
      caseless[unit] = one.toLowerCase() === one && (unit < 0xd800 || unit > 0xdfff) ? 1 : 2;
    }
    return caseless[unit] === 1;
  }

  /* Material's tokenizer (its worker's functions ae, se and H), without the lunr.Token objects: the
     text between tags, split on the separator (each word is lower-cased, see lowerEquals). It fills
     `table` as Material does: a row per top-level element, an entry per tag and word
     (start << 12 | length << 2 | kind), and gives each word as (text number, start, end, position),
     the position being row << 20 | entry. The separator is one character class repeated (fromCounts
     checks), so it is tested a character at a time. */
  function tokenize(texts, table, give) {
    texts.forEach(function (text, n) {
      var offset = table.length;
      blocks(text, function (block, kind, from, to) {
        var row = block + offset, entries = table[row] || (table[row] = []);
        if (kind !== 1) { entries.push(from << 12 | to - from << 2 | kind); return; }
        for (var begin = from, i = from; i <= to; i++) {
          if (i < to && (separatorKnown[text.charCodeAt(i)] || learnSeparator(text.charCodeAt(i))) === 2) continue;
          if (begin < i) {
            entries.push(begin << 12 | i - begin << 2 | kind);
            give(n, begin, i, row << 20 | entries.length - 1);
          }
          begin = i + 1;
        }
      });
    });
  }

  var separatorKnown = new Uint8Array(65536), separatorClass = null;  // per UTF-16 unit: 1 splits, 2 not
  function learnSeparator(code) {
    return (separatorKnown[code] = separatorClass.test(String.fromCharCode(code)) ? 1 : 2);
  }

  /* Material's se(): calls found(block, kind, from, to) for each stretch of text (kind 1) and each
     top-level opening (0) and closing (2) tag; a block ends with its top-level closing tag. */
  function blocks(text, found) {
    var block = 0, begin = 0, depth = 0, i = 0;
    for (; i < text.length; i++) {
      var unit = text.charCodeAt(i);
      if (unit === 60 /* < */ && i > begin) {
        found(block, 1, begin, i);
        begin = i;
      } else if (unit === 62 /* > */) {
        if (text.charCodeAt(begin + 1) === 47 /* / */) {
          if (--depth === 0) found(block++, 2, begin, i + 1);
        } else if (text.charCodeAt(i - 1) !== 47 && depth++ === 0) {
          found(block, 0, begin, i + 1);
        }
        begin = i + 1;
      }
    }
    if (i > begin) found(block, 1, begin, i);
  }

  function addPlaces(results, placesIn) {
    results.forEach(function (result) {
      var metadata = result.matchData.metadata, termsOf = {};
      Object.keys(metadata).forEach(function (term) {
        Object.keys(metadata[term]).forEach(function (field) { (termsOf[field] || (termsOf[field] = [])).push(term); });
      });
      Object.keys(termsOf).forEach(function (field) {
        var places = placesIn(result.ref, field, termsOf[field]);
        termsOf[field].forEach(function (term) { metadata[term][field] = places[term]; });
      });
    });
  }
})();
