/* Material's search worker, for Chinese and for a large library. It loads Material's own worker
 * unchanged (its path arrives as ?material=…) and changes three things around it.
 *
 * 1. The query. Material (9.8) splits a Chinese query into the words it finds in the index, but never
 *    tries the whole query or its last character, so 三会一课 becomes 三* 会* 一* and matches nearly
 *    every page; and it requires nothing, so a query of several words is no better. A query written
 *    without lunr's syntax (+ - * : ~ ^ ") is read here instead, as a writer types it:
 *    - each run of Han characters is cut as jieba cuts it (the most probable route through the words
 *      of the index, with jieba's frequencies: search/index/head.json → query, written by
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
 * 2. The index, in parts. Material builds a lunr index from every page's text in the reader's browser
 *    before the first search can answer: 5 to 6 s at 1,000 pages, after downloading 25 MB. With
 *    config.split (overrides/hooks/search_index.py) the page hands over no entries; this worker fetches
 *    search/index/head.json as it starts (the entries less their text, every word, and which shard
 *    holds each word's postings) and, before Material answers a query, the shards of the words the
 *    query needs. From those it makes, word by word, the index Material would make: the same terms,
 *    term numbers, postings and scores (lunr's BM25, with Material's b = 0 and boosts); the vectors
 *    hold the terms loaded, which is all a query's score reads. A query with lunr's syntax (or with
 *    Material's search.suggest on) loads every shard. What the postings leave out is where each word
 *    stands, which Material needs to highlight a result: tokenize(), a port of Material's tokenizer,
 *    finds it for the fields a query finds, and fills Material's table for them as Material would.
 *    With a head that does not fit Material's worker (other fields, tokenizer or scoring), every text
 *    is fetched and the index is built the stock way. tests/test_browser_search.py compares the index
 *    and the results with Material's own.
 *
 * 3. The text. Only Material's excerpts need the pages' texts. Material answers a query at once, with
 *    the excerpts of the pages whose texts are in; if some of the pages it shows first were not, their
 *    texts are fetched just after and Material answers the same query again with them (see "the text,
 *    by page"). The first answer is then marked data.partial, and holds only the results on the pages
 *    shown first, the pages below them by their titles alone (see pagesOnly): Material's pass over
 *    every result (highlighting, grouping, copying them to the page) waits for the second.
 *
 * 4. The scores. For the queries read here, lunr's scores are worked out on the postings (see score in
 *    fromShards), not through lunr's query, which makes an object per posting and vector.
 */
(function () {
  "use strict";
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";  // as the hook writes them
  var root = new URL("../../../", self.location.href);  // the site, from assets/javascripts/workers/
  var asked = null;     // the reader's query as typed
  var words = {};       // how to read a query (see read)
  var current = null;   // the last query's words, and what each result holds of them
  var places = new WeakMap();  // index made from the postings → where a term stands in an entry's field
  var split = null;     // with config.split: the head, the entries, the shards and texts fetched
  var made = null;      // the lunr index made at set-up
  var held = new WeakSet();  // messages handed on to Material once what they need is in
  var queries = 0;      // queries come in so far: a text fetched for an earlier one brings no second answer
  var partial = false;  // the answer Material is making is a first one: texts are still to come (see prepare)
  var queue = Promise.resolve();
  var early = getJSON("search/index/head.json");  // as the worker starts (see ready): a site without one has no config.split

  /* Runs before Material's listener. Message types: 0 set up, 2 query. With config.split the set-up
     waits for the head, and a query for the shards of its words; then the message goes on to Material,
     in the order the messages came (a query answered again once its texts are in comes after them). */
  self.addEventListener("message", function (ev) {
    var message = ev.data || {};
    if (held.has(message)) {
      held.delete(message);
    } else if (message.type === 0 && message.data && message.data.config && message.data.config.split) {
      return hold(ev, message, function () { return setUp(message.data); });
    } else if (split && message.type === 2 && typeof message.data === "string") {
      var number = ++queries;
      return hold(ev, message, function () { return prepare(message.data, number); });
    }
    if (message.type === 0 && !split) words = queryWords((message.data && message.data.config || {}).query);
    asked = message.type === 2 && typeof message.data === "string" ? message.data : null;
    current = null;
  });

  function hold(ev, message, needs) {
    ev.stopImmediatePropagation();
    queue = queue.then(needs).catch(function (error) {
      console.warn("search:", error);  // answered all the same, with what there is
    }).then(function () {
      held.add(message);
      self.dispatchEvent(new MessageEvent("message", {data: message}));
    });
  }

  function queryWords(query) {  // how to read a query: head.json → query, or config.query of an index whole
    return query && query.version === 1 ? query : {};
  }

  function getJSON(path, cache) {
    return fetch(new URL(path, root), cache ? {cache: cache} : {}).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.url);
      return response.json();
    });
  }

  /* The head, as the worker fetched it on starting or, if that is another build's, again. The entries
     Material gets are the head's (less their text, filled in page by page). */
  function setUp(data) {
    var want = data.config.split;
    return early.catch(function () { return null; }).then(function (head) {
      return head && head.id === want.id ? head : getJSON("search/index/head.json?v=" + want.id, "reload").then(ready);
    }).then(function (head) {
      if (head.id !== want.id || head.version !== 2) throw new Error("search/index/head.json is of another build");
      words = queryWords(head.query);
      split = {head: head, id: want.id, texts: new Map(), filled: new Set(), shards: new Map(),
               every: !!(data.options && data.options.suggest)};
      data.docs = head.docs;
    });
  }

  /* What the head gives before Material's set-up comes in: the entries (read from its columns, see
     overrides/hooks/search_index.py), which page each is on, and the terms of the words as the head's
     pipeline makes them (see pipelineTerms). */
  function ready(head) {
    var n = head.titles.length, docs = head.docs = new Array(n), more = head.more;
    var starts = head.pages.concat(n), pageOf = new Map();
    for (var page = 0; page < starts.length - 1; page++) {
      for (var i = starts[page]; i < starts[page + 1]; i++) {
        var location = head.paths[page] + head.anchors[i];
        docs[i] = more[i] ? Object.assign({location: location, title: head.titles[i]}, more[i], {text: ""})
                          : {location: location, title: head.titles[i], text: ""};
        pageOf.set(location, page);
      }
    }
    head.starts = starts;
    head.pageOf = pageOf;
    head.terms = pipelineTerms(head);
    return head;
  }

  /* The terms of the head's words under the pipeline the head was written for, worked out before
     Material's set-up comes in; fromShards uses them when Material's pipeline is that one. None (the
     site's): each word is its own term, numbered where it first occurs (words: each term's word
     number, in an Int32Array, not a list per term), and the words are already in JavaScript's
     order. The stemmer alone (Material's default for zh) changes only Latin endings. Null for
     another pipeline: fromShards runs Material's. */
  function pipelineTerms(head) {
    var pipeline = String(head.pipeline);
    if (pipeline === "") {
      var n = head.tokens.length, text = new Array(n), words = new Int32Array(n), number = new Map();
      for (var w = 0; w < n; w++) {
        text[head.first[w]] = head.tokens[w];
        words[head.first[w]] = w;
      }
      for (var t = 0; t < n; t++) number.set(text[t], t);
      return {pipeline: pipeline, number: number, text: text, words: words, sorted: head.tokens};
    }
    if (pipeline !== "stemmer") return null;
    var stemming = new lunr.Pipeline();
    stemming.add(lunr.stemmer);
    var terms = termsOf(head, function (word) {
      return /[a-z]/.test(word) ? stemming.run([new lunr.Token(word, {})]).map(String) : [word];
    });
    terms.pipeline = pipeline;
    return terms;
  }

  /* What a query needs before Material answers it: the postings of its words. The texts of the pages
     it shows first that are not in yet are asked for TEXTS_AFTER ms after Material has answered:
     starting a dozen fetches takes 10 to 45 ms of the worker, and on two cores they compete with the
     page painting the answer. Once they are in, Material answers the query again, unless another has
     come in since. */
  var TEXTS_AFTER = 50;  // measured at 1,000 pages: the page paints the first answer in 15 to 100 ms
  function prepare(query, number) {
    partial = false;
    if (!made || !query.trim()) return null;  // Material answers an empty query with nothing
    var loading = made.load ? made.load(query) : null;
    return Promise.resolve(loading).then(function () {
      var missing = textFor(query);
      partial = !!missing;
      if (!missing) return;
      setTimeout(function () {  // after this task, in which Material answers, and the page's paint
        if (number !== queries) return;  // the next query fetches its own
        Promise.all(missing.map(fetchPage)).then(function () {
          queue = queue.then(function () {
            if (number !== queries) return;
            var again = {type: 2, data: query};
            held.add(again);
            self.dispatchEvent(new MessageEvent("message", {data: again}));
          });
        });
      }, TEXTS_AFTER);
    });
  }

  /* ---------------------------------------------------------------------------- the text, by page */

  /* The entries come without their text: each page's texts are in search/text/<n>.json. Material needs
     the text only to show a result's excerpt with the words marked. So the texts of the pages a query
     shows first (FIRST of them, in the order of the query's results) are fetched, once each, into the
     entries Material holds, just after Material answers with their titles; a result further down shows its
     title, and its excerpt once a query brings it up. The results found here are the ones Material
     then gets (searchWords keeps them). */
  var FIRST = 12;  // Material paints ten results (more as the reader scrolls): two to spare for equal scores

  function textURL(page) {
    return "search/text/" + page + ".json?v=" + split.id;
  }

  function fetchPage(page) {
    if (!split.texts.has(page)) {
      split.texts.set(page, getJSON(textURL(page)).then(function (texts) {
        fill(page, texts);
      }).catch(function (error) {
        split.texts.delete(page);  // asked for again by a later query
        console.warn("search: the text of a page did not load:", error);
      }));
    }
    return split.texts.get(page);
  }

  /* Every page's texts, at once: for an index built the stock way (a head that does not fit), while
     Material builds it (it cannot wait), so with synchronous requests. */
  function everyText() {
    for (var page = 0; page < split.head.starts.length - 1; page++) {
      if (split.filled.has(page)) continue;
      var request = new XMLHttpRequest();
      request.open("GET", new URL(textURL(page), root), false);
      request.send();
      if (request.status === 200) fill(page, JSON.parse(request.responseText));
      else split.filled.add(page);  // not asked for again
    }
  }

  function fill(page, texts) {
    texts.forEach(function (value, i) { split.head.docs[split.head.starts[page] + i].text = value; });
    split.filled.add(page);
  }

  /* The pages the query's results are on, in the order Material will show them: the first FIRST
     (split.first) and, for the pages further down, each one's best result (split.rest: [page, score,
     words held]). The pages of the first whose texts are not in yet, or null. */
  function textFor(query) {
    var reading = read(query, made.invertedIndex), results;
    try {
      results = reading ? searchWords(made, reading) : search.call(made, query);
    } catch (error) {
      return null;  // lunr's syntax gone wrong: Material says so
    }
    var best = new Map();  // page → its result that Material's results will sort it by (see rank)
    results.forEach(function (result) {
      var page = split.head.pageOf.get(result.ref), held = current && current.results.get(result.ref);
      var score = held ? weight(result.ref, held) : result.score;
      if (page !== undefined && !(best.has(page) && best.get(page)[1] >= score)) best.set(page, [page, score, held && held.terms]);
    });
    var pages = Array.from(best.values()).sort(function (a, b) { return b[1] - a[1]; });
    var first = pages.slice(0, FIRST).map(function (one) { return one[0]; });
    split.first = new Set(first);  // their titles are highlighted while their texts come in
    split.rest = pages.slice(FIRST);
    var missing = first.filter(function (page) { return !split.filled.has(page); });
    return missing.length ? missing : null;
  }

  var material = new URLSearchParams(self.location.search).get("material");
  importScripts(material);
  var lunr = self.lunr;
  early = early.then(ready);
  early.catch(function () {});  // no head: said when a set-up wants one

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
          ((word in index || has(known, word)) ? 50 : j === i + 1 ? 1 : 0);  // 50: a word of the user dictionary
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
  var remembered = null;  // the last query's words, results and what they hold (see textFor), for the terms loaded
  function searchWords(index, query) {
    var key = JSON.stringify(query);
    if (remembered && remembered.index === index && remembered.key === key && remembered.terms === index.tokenSet) {
      current = remembered.current;
      return remembered.results.slice();
    }
    var parts = new Map();
    query.forEach(function (word) {
      word.ways.forEach(function (way) { way.forEach(function (part) { parts.set(part.text + (part.prefix ? "*" : ""), part); }); });
    });
    var results = index.score ? index.score(Array.from(parts.values())) : index.query(function (q) {
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
    remembered = {index: index, key: key, terms: index.tokenSet, current: current, results: results.slice()};
    return results;
  }

  var search = lunr.Index.prototype.search;
  lunr.Index.prototype.search = function (query) {
    var reading = asked === null ? null : read(asked, this.invertedIndex);
    asked = null;
    var results = reading ? searchWords(this, reading) : search.call(this, query);
    if (partial && reading && split.first) {  // a first answer: only the first pages' results (see pagesOnly)
      results = results.filter(function (result) { return split.first.has(split.head.pageOf.get(result.ref)); });
    }
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
    if (message && message.type === 3 && message.data && message.data.items) {
      if (current) rank(message.data.items);
      if (partial && current) message.data.items = message.data.items.concat(pagesOnly(split.rest));
      if (partial) message.data.partial = true;  // Material reads items (and suggest) only
      partial = false;
    }
    current = null;
    return post.apply(self, arguments);
  };

  /* The pages of split.rest, each as a result of its own without its sections: what Material's
     first answer holds below the first pages, so that the reader sees the right count at once. The
     second answer has all of their results. */
  function pagesOnly(rest) {
    return rest.map(function (one) {
      var doc = split.head.docs[split.head.starts[one[0]]];
      return [{location: doc.location, title: doc.title, text: "", score: one[1], terms: one[2]}];
    });
  }

  /* ------------------------------------------------------------------------------------ the index */

  var add = lunr.Builder.prototype.add;
  var build = lunr.Builder.prototype.build;

  lunr.Builder.prototype.add = function (doc, attributes) {
    (this.entries || (this.entries = [])).push([doc, attributes]);
  };

  lunr.Builder.prototype.build = function () {
    var entries = this.entries || [];
    delete this.entries;
    var index = null;
    try {
      index = split && fromShards(this, entries, split);
    } catch (error) {
      console.warn("search: the index in parts did not load, built the stock way:", error);
    }
    if (index) return (made = index);
    if (split) everyText();  // the stock way reads every text
    entries.forEach(function (entry) { add.call(this, entry[0], entry[1]); }, this);
    return (made = build.call(this));
  };

  /* The numbers of a shard's string, one by one: five bits a digit, least significant first, 32 added
     to every digit but the last (overrides/hooks/search_index.py). -1 at the end of the string or on a
     stray character. */
  var VALUE = new Int8Array(128).fill(-1);
  for (var d = 0; d < DIGITS.length; d++) VALUE[DIGITS.charCodeAt(d)] = d;
  function reader(text) {
    var at = 0;
    return {
      next: function () {
        var number = 0, scale = 1, digit;
        do {
          digit = VALUE[text.charCodeAt(at++)];
          if (!(digit >= 0)) return -1;
          number += (digit & 31) * scale;
          scale *= 32;
        } while (digit & 32);
        return number;
      },
      done: function () { return at === text.length; }
    };
  }

  /* An object whose keys are keys(), a key's value made by value(key) when it is read: asking which
     keys there are (Object.keys, hasOwnProperty) makes none, so it cannot trip over a term whose
     postings are not loaded yet. */
  function answering(keys, has, value) {
    function holds(key) { return typeof key === "string" && has(key); }
    return new Proxy(Object.create(null), {
      has: function (target, key) { return holds(key); },
      get: function (target, key) { return holds(key) ? value(key) : undefined; },
      ownKeys: function () { return keys(); },
      getOwnPropertyDescriptor: function (target, key) {
        return holds(key) ? {get: function () { return value(key); }, enumerable: true, configurable: true} : undefined;
      }
    });
  }

  /* Words (head.tokens, sorted) → terms, through run(word) (the index pipeline), numbered in the order
     they first occur, as lunr numbers them; and the terms sorted, for prefixes. */
  function termsOf(head, run) {
    var byRank = [], number = new Map(), text = [], words = [];
    head.first.forEach(function (rank, w) { byRank[rank] = w; });
    byRank.forEach(function (w) {
      run(head.tokens[w]).forEach(function (term) {
        if (!number.has(term)) { number.set(term, text.push(term) - 1); words.push([]); }
        words[number.get(term)].push(w);
      });
    });
    return {number: number, text: text, words: words, sorted: text.slice().sort()};
  }

  /* The lunr index Material's worker would build from the entries, made from the head and, term by
     term, from the shards a query loads (load). Null if the head does not fit Material's worker. */
  function fromShards(builder, entries, split) {
    var head = split.head, fields = Object.keys(builder._fields), nFields = fields.length, nDocs = entries.length;
    /* What the postings assume of Material's worker: the fields it indexes, its tokenizer with a
       separator of one character class, no segmenter (Japanese only), keeping where each word stands,
       and BM25 without the field length (b = 0, which Material sets). */
    var separator = /^\[[^\]]*\]\+$/.test(lunr.tokenizer.separator.source) && !lunr.tokenizer.separator.flags;
    if (String(head.fields) !== String(fields) || lunr.segmenter !== undefined || builder._b !== 0 ||
        String(builder.metadataWhitelist) !== "position" || !separator || head.docs.length !== nDocs) return null;
    separatorClass = new RegExp("^" + lunr.tokenizer.separator.source.slice(0, -1) + "$");
    separatorKnown.fill(0);
    var refs = entries.map(function (entry) { return entry[0][builder._ref]; }), docOf = new Map();
    refs.forEach(function (ref, i) { docOf.set(ref, i); });
    if (docOf.size !== nDocs) return null;

    var stack = builder.pipeline._stack.map(function (fn) { return fn === lunr[fn.label] ? fn.label : "?"; });
    var terms = head.terms && head.terms.pipeline === String(stack) ? head.terms : termsOf(head, function (word) {
      return builder.pipeline.run([new lunr.Token(word, {})]).map(String);
    });
    var tokens = head.tokens, termNumber = terms.number, termText = terms.text;
    function termWords(t) {  // the numbers of the words a term comes from (see termsOf, pipelineTerms)
      var words = terms.words[t];
      return typeof words === "number" ? [words] : words;
    }
    var sorted = terms.sorted, shardStarts = head.shards.concat(tokens.length);

    /* Loaded: each term's field refs and frequencies, and each field ref's terms (term, frequency …). */
    var postings = new Array(termText.length), refTerms = new Map(), vectors = new Map(), set = null;
    var boosts = fields.map(function (field) { return builder._fields[field].boost || 1; });
    var k1 = builder._k1;

    function shardOf(w) {
      var low = 0, high = shardStarts.length - 2;
      while (low < high) {
        var middle = (low + high + 1) >> 1;
        if (shardStarts[middle] <= w) low = middle; else high = middle - 1;
      }
      return low;
    }

    /* Shard n: for each of its words, its field refs and frequencies (ref, frequency, …). Fetched once;
       again by a later query if it failed. */
    function fetchShard(n) {
      if (!split.shards.has(n)) {
        split.shards.set(n, getJSON("search/index/" + n + ".json?v=" + split.id).then(function (text) {
          var numbers = reader(text), lists = [], fits = true;
          function next() {
            var number = numbers.next();
            fits = fits && number >= 0;
            return number;
          }
          for (var w = shardStarts[n]; w < shardStarts[n + 1] && fits; w++) {
            var count = next(), list = new Int32Array(2 * Math.max(count, 0)), ref = 0;
            for (var i = 0; i < count && fits; i++) {
              list[2 * i] = (ref += next());
              list[2 * i + 1] = next();
            }
            lists.push(list);
          }
          if (!fits || !numbers.done()) throw new Error("search/index/" + n + ".json does not fit the head");
          return lists;
        }).catch(function (error) {
          split.shards.delete(n);
          throw error;
        }));
      }
      return split.shards.get(n);
    }

    /* A term's postings, from its words' (a word's terms each take all of its postings). */
    function register(t, lists) {
      var tf = new Map();
      termWords(t).forEach(function (w, i) {
        var list = lists[i];
        for (var j = 0; j < list.length; j += 2) tf.set(list[j], (tf.get(list[j]) || 0) + list[j + 1]);
      });
      var held = Array.from(tf.keys()).sort(function (a, b) { return a - b; });
      var x = (nDocs - held.length + 0.5) / (held.length + 0.5);  // lunr.idf: field refs holding the term
      postings[t] = {refs: held, tf: held.map(function (ref) { return tf.get(ref); }), idf: Math.log(1 + Math.abs(x))};
      held.forEach(function (ref, i) {
        if (!refTerms.has(ref)) refTerms.set(ref, []);
        refTerms.get(ref).push(t, postings[t].tf[i]);
      });
      set = null;
    }

    function loadTerms(terms) {
      var needed = terms.filter(function (t) { return !postings[t]; });
      var shards = new Set();
      needed.forEach(function (t) { termWords(t).forEach(function (w) { shards.add(shardOf(w)); }); });
      var loaded = new Map();
      return Promise.all(Array.from(shards).map(function (n) {
        return fetchShard(n).then(function (lists) { loaded.set(n, lists); });
      })).then(function () {
        needed.forEach(function (t) {
          if (!postings[t]) {
            register(t, termWords(t).map(function (w) { return loaded.get(shardOf(w))[w - shardStarts[shardOf(w)]]; }));
          }
        });
      });
    }

    /* The terms a query may find: those of its words (a part of two characters or more also as a
       prefix, see read); every term for a query with lunr's syntax. */
    function load(query) {
      var reading = split.every ? null : read(query, invertedIndex);
      if (!reading) return loadTerms(termText.map(function (term, t) { return t; }));
      var terms = [];
      reading.forEach(function (word) {
        word.ways.forEach(function (way) {
          way.forEach(function (part) { terms.push.apply(terms, expand(part)); });
        });
      });
      return loadTerms(terms);
    }

    /* The numbers of the terms a part of a query finds: its own, or with a prefix every term it begins
       (in the order of the sorted terms). */
    function expand(part) {
      if (!part.prefix) return termNumber.has(part.text) ? [termNumber.get(part.text)] : [];
      var low = 0, high = sorted.length, out = [];
      while (low < high) {
        var middle = (low + high) >> 1;
        if (sorted[middle] < part.text) low = middle + 1; else high = middle;
      }
      for (var i = low; i < sorted.length && sorted[i].lastIndexOf(part.text, 0) === 0; i++) {
        out.push(termNumber.get(sorted[i]));
      }
      return out;
    }

    function posting(term) {
      var t = termNumber.get(term);
      if (!postings[t]) throw new Error("search: the postings of " + term + " were not loaded");
      var out = Object.create(null);
      out._index = t;
      fields.forEach(function (field) { out[field] = Object.create(null); });
      postings[t].refs.forEach(function (ref) {
        out[fields[ref % nFields]][refs[ref / nFields | 0]] = Object.create(null);
      });
      return out;
    }
    var invertedIndex = answering(function () { return termText.slice(); }, termNumber.has.bind(termNumber), posting);

    /* lunr's BM25 (Builder.prototype.createFieldVectors) with b = 0, for the terms loaded: a query's
       score reads only its own terms of an entry's vector. */
    function refOf(key) {  // field ref as FieldRef's toString() writes it → its number, or -1
      var slash = key.indexOf(lunr.FieldRef.joiner), field = fields.indexOf(key.slice(0, slash));
      var doc = slash < 0 ? undefined : docOf.get(key.slice(slash + 1));
      return field < 0 || doc === undefined ? -1 : doc * nFields + field;
    }
    function vector(key) {
      var ref = refOf(key);
      var terms = refTerms.get(ref) || [], cached = vectors.get(ref);
      if (cached && cached.length === terms.length) return cached.vector;
      var order = [];
      for (var i = 0; i < terms.length; i += 2) order.push(i);
      order.sort(function (x, y) { return terms[x] - terms[y]; });
      var elements = [];
      order.forEach(function (i) { elements.push(terms[i], element(terms[i], terms[i + 1], ref)); });
      var made = new lunr.Vector(elements);
      vectors.set(ref, {length: terms.length, vector: made});
      return made;
    }
    function element(t, tf, ref) {  // term t's score in field ref's vector, tf times there
      var score = postings[t].idf * ((k1 + 1) * tf) / (k1 + tf);  // k1 × (1 − b + b × length / average) + tf
      score *= boosts[ref % nFields];
      score *= (entries[ref / nFields | 0][1] || {}).boost || 1;
      return Math.round(score * 1e3) / 1e3;
    }

    /* What index.query gives for optional terms, exact or with a trailing wildcard (all searchWords
       asks), worked out on the postings instead of through lunr's token set, posting objects and
       vectors: for the 691 results of 党员发展 at 1,000 pages, 1 to 10 ms in the page against 7 to 50
       for lunr's query, and the first answer waits for it. The same scores: a clause adds 1 to each
       term it finds in the query vector, a field's score is the dot product of the two vectors (the
       terms in the order of their numbers) over the query vector's length, a result's the sum of its
       fields'. The same order: results as lunr first meets them (clause, term, field, entry), sorted
       by score; only the terms of one prefix are met in their sorted order, not in the token set's,
       which can order two results of equal score otherwise. tests/test_browser_search.py compares the
       results with those of Material's own index. */
    function score(parts) {
      var count = new Map(), met = [];
      parts.forEach(function (part) {
        expand(part).forEach(function (t) {
          if (!postings[t]) return;  // not in the token set
          if (!count.has(t)) met.push(t);
          count.set(t, (count.get(t) || 0) + 1);
        });
      });
      var length = 0, dot = new Map();
      Array.from(count.keys()).sort(function (a, b) { return a - b; }).forEach(function (t) {
        var c = count.get(t), list = postings[t];
        length += c * c;
        for (var i = 0; i < list.refs.length; i++) {
          var ref = list.refs[i];
          dot.set(ref, (dot.get(ref) || 0) + c * element(t, list.tf[i], ref));
        }
      });
      length = Math.sqrt(length);
      var results = [], byDoc = new Map(), seen = new Set();
      met.forEach(function (t) {
        var list = postings[t], term = termText[t];
        for (var f = 0; f < nFields; f++) {
          for (var i = 0; i < list.refs.length; i++) {
            var ref = list.refs[i];
            if (ref % nFields !== f) continue;
            var doc = ref / nFields | 0, result = byDoc.get(doc);
            if (!result) {
              byDoc.set(doc, result = {ref: refs[doc], score: 0, matchData: {metadata: Object.create(null)}});
              results.push(result);
            }
            if (!seen.has(ref)) {
              seen.add(ref);
              result.score += dot.get(ref) / length || 0;
            }
            var metadata = result.matchData.metadata;
            (metadata[term] || (metadata[term] = Object.create(null)))[fields[f]] = Object.create(null);
          }
        }
      });
      return results.sort(function (a, b) { return b.score - a.score; });
    }

    var fieldRefs = null;
    var fieldVectors = answering(function () {
      return fieldRefs || (fieldRefs = refs.reduce(function (all, ref) {
        fields.forEach(function (field) { all.push(field + lunr.FieldRef.joiner + ref); });  // FieldRef's toString()
        return all;
      }, []));
    }, function (key) { return refOf(key) >= 0; }, vector);

    var index = new lunr.Index({invertedIndex: invertedIndex, fieldVectors: fieldVectors, tokenSet: null,
                                fields: fields, pipeline: builder.searchPipeline});
    Object.defineProperty(index, "tokenSet", {get: function () {  // the terms loaded: all a query finds
      return set || (set = lunr.TokenSet.fromArray(termText.filter(function (term, t) { return postings[t]; }).sort()));
    }});
    index.load = load;
    index.score = score;
    places.set(index, placesOfTerms(builder, entries, refs, function (term) {
      return termNumber.has(term) ? termWords(termNumber.get(term)).map(function (w) { return tokens[w]; }) : [];
    }));
    return index;
  }

  /* Where a term stands in an entry's field: the positions Builder.add would have kept for it. When a
     query first finds a field, tokenize() gives Material (through the field's extractor) the table it
     highlights the result with, and keeps where each word starts and ends; the words a term comes
     from are then compared with the text in place, without making a string per word. */
  function placesOfTerms(builder, entries, refs, wordsOf) {
    var docs = new Map(), found = new Map();
    refs.forEach(function (ref, i) { docs.set(ref, entries[i][0]); });

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
        wordsOf(term).forEach(function (word) {
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
     the position being row << 20 | entry. The separator is one character class repeated (fromShards
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

  /* The positions Material highlights a result with, in each field a query finds. With the texts in
     parts, only for results on a page the query shows first or whose texts are in: one further down
     shows its title alone, so neither Material nor this worker reads its words (hundreds of results for
     a common word). */
  function addPlaces(results, placesIn) {
    results.forEach(function (result) {
      var metadata = result.matchData.metadata, termsOf = {}, page = split && split.head.pageOf.get(result.ref);
      var shown = !split || split.filled.has(page) || (split.first && split.first.has(page));
      Object.keys(metadata).forEach(function (term) {
        Object.keys(metadata[term]).forEach(function (field) { (termsOf[field] || (termsOf[field] = [])).push(term); });
      });
      Object.keys(termsOf).forEach(function (field) {
        var places = shown ? placesIn(result.ref, field, termsOf[field]) : {};
        termsOf[field].forEach(function (term) { metadata[term][field] = places[term] || {position: []}; });
      });
    });
  }
})();
