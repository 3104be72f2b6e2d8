/* 稿件体检: checks a draft in the reader's browser against the rules the build wrote beside the page
 * (rules.json, from docs/data/checks.yml, superseded.yml, terms.yml and the families: macros/checks.py).
 *
 * The draft is the text box; a .docx is read with the vendored JSZip (word/document.xml, paragraphs in
 * order, a table row as one line of tab-separated cells) and put into the box. Nothing is sent anywhere;
 * the draft is kept in localStorage only while the reader ticks "keep". Findings are written with
 * textContent only: no part of the draft is ever read as HTML.
 *
 * window.baogaoCheck.check(text, {year, family}) is the engine, for the page and for the tests.
 */
(function () {
  "use strict";

  var MAX_BYTES = 20 * 1024 * 1024;
  var DIGITS = "〇一二三四五六七八九";
  var IGNORED = /[“”"「」『』‘’'\s\u3000]/;  // left out when names are compared: quotes and spaces
  var SENTENCE = /[^。！？；]+[。！？；]?/g;

  /* ---------------------------------------------------------------- numbers */

  function fromChinese(s) {
    var ten = s.indexOf("十");
    if (ten < 0) return s.length === 1 ? DIGITS.indexOf(s) : NaN;
    var tens = ten === 0 ? 1 : DIGITS.indexOf(s.charAt(0));
    var ones = ten === s.length - 1 ? 0 : DIGITS.indexOf(s.charAt(ten + 1));
    return ten > 1 || tens < 1 || ones < 0 ? NaN : tens * 10 + ones;
  }

  function toChinese(n) {
    if (n < 10) return DIGITS.charAt(n);
    var tens = Math.floor(n / 10), ones = n % 10;
    return (tens > 1 ? DIGITS.charAt(tens) : "") + "十" + (ones ? DIGITS.charAt(ones) : "");
  }

  /* The four levels of 层次序数 (GB/T 9704): how each is recognised at the start of a paragraph, read,
     written in its standard form, and whether what was written is that form. */
  var LEVELS = [
    { re: /^([一二三四五六七八九十]{1,3})([、.．，,])(?![0-9])/, read: fromChinese,
      form: function (n) { return toChinese(n) + "、"; }, ok: function (m) { return m[2] === "、"; } },
    { re: /^([（(])([一二三四五六七八九十]{1,3})([）)])([、.．，,]?)/, group: 2, read: fromChinese,
      form: function (n) { return "（" + toChinese(n) + "）"; },
      ok: function (m) { return m[1] === "（" && m[3] === "）" && !m[4]; } },
    { re: /^([0-9]{1,2})([.．、，,])(?![0-9])/, read: Number,
      form: function (n) { return n + "."; }, ok: function (m) { return m[2] === "." || m[2] === "．"; } },
    { re: /^([（(])([0-9]{1,2})([）)])([、.．，,]?)/, group: 2, read: Number,
      form: function (n) { return "（" + n + "）"; },
      ok: function (m) { return m[1] === "（" && m[3] === "）" && !m[4]; } }
  ];

  function numberOf(text) {
    for (var level = 0; level < LEVELS.length; level++) {
      var spec = LEVELS[level];
      var m = spec.re.exec(text);
      if (!m) continue;
      var n = spec.read(m[spec.group || 1]);
      if (n > 0) return { level: level, n: n, found: m[0], ok: spec.ok(m) };
    }
    return null;
  }

  /* ---------------------------------------------------------------- the draft */

  /* Paragraphs: one a line, blank lines left out, each with its number, its text (leading spaces and
     full-width indents taken off) and where that text starts in the whole draft. A line with a tab is a
     table row (pasted from Word, or read from a .docx table). */
  function paragraphsOf(text) {
    var out = [];
    var offset = 0;
    text.split("\n").forEach(function (raw) {
      var line = raw.replace(/\r$/, "");
      var lead = line.length - line.replace(/^[\s\u3000]+/, "").length;
      var body = line.slice(lead).replace(/[\s\u3000]+$/, "");
      if (body) out.push({ n: out.length + 1, text: body, start: offset + lead, table: body.indexOf("\t") >= 0 });
      offset += raw.length + 1;
    });
    return out;
  }

  function chars(text) {
    return text.replace(/[\s\u3000]/g, "").length;
  }

  /* The title block (short lines without sentence punctuation before the first sentence) and the
     signature lines after the last one are not counted in the length. */
  function isLabel(p) {
    return !p.table && p.text.length <= 40 && !/[。！？；：]/.test(p.text) && !numberOf(p.text);
  }

  function bodyOf(paragraphs) {
    var first = 0, last = paragraphs.length;
    while (first < last && isLabel(paragraphs[first])) first++;
    while (last > first && isLabel(paragraphs[last - 1]) && paragraphs[last - 1].text.length <= 20) last--;
    return paragraphs.slice(first, last).filter(function (p) { return !p.table; });
  }

  /* Text with quotes and spaces left out, and for each character kept, its place in the original. */
  function normalised(text) {
    var kept = "", at = [];
    for (var i = 0; i < text.length; i++) {
      if (!IGNORED.test(text.charAt(i))) { kept += text.charAt(i); at.push(i); }
    }
    return { text: kept, at: at };
  }

  function plainName(value) {
    return normalised(value.replace(/^党的/, "")).text;
  }

  /* ---------------------------------------------------------------- findings */

  /* A message with its placeholders filled; a value quoted in the message has its own quotes nested (“‘’”). */
  function fill(template, values) {
    return (template || "").replace(/(“?)\{(\w+)\}(”?)/g, function (all, open, name, close) {
      if (!Object.prototype.hasOwnProperty.call(values, name)) return all;
      var value = String(values[name]);
      if (open && close) value = value.replace(/“/g, "‘").replace(/”/g, "’");
      return open + value + close;
    });
  }

  function Checker(data) {
    this.data = data;
    this.rules = {};  // kind → rule, for the built-in kinds (each written once)
    this.patterns = [];
    var self = this;
    data.rules.forEach(function (rule) {
      self.rules[rule.kind] = rule;
      if (rule.pattern) self.patterns.push({ rule: rule, re: new RegExp(rule.pattern, "g") });
    });
    this.families = {};
    data.families.forEach(function (f) { self.families[f.id] = f; });
  }

  Checker.prototype.check = function (text, options) {
    var year = Number(options.year) || this.data.report_year;
    var family = this.families[options.family] || null;
    var paragraphs = paragraphsOf(text || "");
    var found = [];
    var rules = this.rules;
    var groups = this.data.groups;

    function add(rule, p, start, length, values) {
      if (!rule) return;
      found.push({
        rule: rule.id, group: groups[rule.kind], line: p ? p.n : 0,
        start: p && start >= 0 ? p.start + start : -1, end: p && start >= 0 ? p.start + start + length : -1,
        excerpt: p && start >= 0 ? excerpt(p.text, start, length) : "",
        message: fill(rule.message, values), suggestion: fill(rule.suggestion, values), guide: rule.guide
      });
    }

    this.patterns.forEach(function (item) {
      var rule = item.rule;
      if (rule.retired && year < rule.retired) return;
      paragraphs.forEach(function (p) {
        var re = item.re, m;
        re.lastIndex = 0;
        while ((m = re.exec(p.text)) !== null) {
          if (m[0] === "") { re.lastIndex++; continue; }
          if (rule.kind === "year") {
            if (Number(m[1]) !== year) add(rule, p, m.index + m[0].indexOf(m[1]), m[1].length, { found: m[1], year: year });
          } else {
            add(rule, p, m.index, m[0].length, { found: m[0], retired: rule.retired });
          }
        }
      });
    });
    staleTerms(this.data.stale[String(year)] || [], paragraphs, year, rules["stale-term"], add);
    numbering(paragraphs, rules, add);
    enumeration(paragraphs, rules.enumeration, add);
    repetition(paragraphs, rules.repetition, add);
    if (family) length(paragraphs, family, rules, add);

    found.sort(function (a, b) { return a.line - b.line || a.start - b.start; });
    return found;
  };

  function excerpt(text, start, length) {
    var from = Math.max(0, start - 12), to = Math.min(text.length, start + length + 12);
    return (from > 0 ? "…" : "") + text.slice(from, to) + (to < text.length ? "…" : "");
  }

  /* Names the terms history says were superseded by the report year; quotes, spaces and a leading 党的
     do not matter. Where one name holds another (十九大 in 十九大和十九届历次全会精神), the longer is reported;
     a name inside one of the year's own values is not. */
  function staleTerms(stale, paragraphs, year, rule, add) {
    if (!rule || !stale.length) return;
    var current = stale.map(function (s) { return plainName(s.current); });
    var names = [];  // each superseded name as compared, with its entry: worked out once, not per paragraph
    stale.forEach(function (entry) {
      entry.values.forEach(function (value) { names.push({ name: plainName(value), entry: entry }); });
    });
    paragraphs.forEach(function (p) {
      var norm = normalised(p.text);
      var taken = [];
      current.forEach(function (name) { occurrences(norm.text, name).forEach(function (i) { taken.push([i, i + name.length]); }); });
      var hits = [];
      names.forEach(function (n) {
        occurrences(norm.text, n.name).forEach(function (i) { hits.push({ from: i, to: i + n.name.length, entry: n.entry }); });
      });
      hits.sort(function (a, b) { return (b.to - b.from) - (a.to - a.from) || a.from - b.from; });
      hits.forEach(function (hit) {
        if (taken.some(function (t) { return hit.from < t[1] && t[0] < hit.to; })) return;
        taken.push([hit.from, hit.to]);
        var start = norm.at[hit.from], end = norm.at[hit.to - 1] + 1;
        var name = p.text.slice(start, end);
        if (/[”」]/.test(name) && !/[“「]/.test(name) && /[“「]/.test(p.text.charAt(start - 1))) start--;  // “十三五”规划
        add(rule, p, start, end - start, { found: p.text.slice(start, end), current: hit.entry.current,
                                          label: hit.entry.label, year: year });
      });
    });
  }

  function occurrences(text, name) {
    var out = [];
    if (!name) return out;
    for (var i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) out.push(i);
    return out;
  }

  /* 一、 → （一） → 1. → （1）: no level without the one above it, numbers in order within their parent,
     each level in its standard form. */
  function numbering(paragraphs, rules, add) {
    var last = [0, 0, 0, 0];
    paragraphs.forEach(function (p) {
      if (p.table) return;
      var num = numberOf(p.text);
      if (!num) return;
      var level = num.level;
      var found = num.found.replace(/\s+$/, "");
      if (!num.ok) add(rules["numbering-style"], p, 0, found.length, { found: found, expected: LEVELS[level].form(num.n) });
      if (level > 0 && !last[level - 1]) {
        add(rules["numbering-order"], p, 0, found.length, { found: found, missing: LEVELS[level - 1].form(1) });
      } else if (num.n !== last[level] + 1) {
        add(rules["numbering-sequence"], p, 0, found.length, { found: found, expected: LEVELS[level].form(last[level] + 1) });
      }
      last[level] = num.n;
      for (var k = level + 1; k < last.length; k++) last[k] = 0;
    });
  }

  /* 一是、二是 and 一要、二要 in order; a sequence may run on into the next paragraph, and ends at a heading. */
  function enumeration(paragraphs, rule, add) {
    var re = /(^|[，。；：、！？\s“”（(])([一二三四五六七八九十]{1,3})(是|要)/g;
    var open = {};
    paragraphs.forEach(function (p) {
      if (p.table) return;
      if (numberOf(p.text)) open = {};
      var m;
      re.lastIndex = 0;
      while ((m = re.exec(p.text)) !== null) {
        var n = fromChinese(m[2]), suffix = m[3];
        if (!(n > 0)) continue;
        var expected = n === 1 ? 1 : (open[suffix] || 0) + 1;
        if (n !== expected) {
          add(rule, p, m.index + m[1].length, m[2].length + 1,
              { found: m[2] + suffix, expected: toChinese(expected) + suffix });
        }
        open[suffix] = n;
      }
    });
  }

  function repetition(paragraphs, rule, add) {
    if (!rule) return;
    var seen = {};
    paragraphs.forEach(function (p) {
      if (p.table) return;
      var m;
      SENTENCE.lastIndex = 0;
      while ((m = SENTENCE.exec(p.text)) !== null) {
        var key = m[0].replace(/[\s\u3000。！？；]/g, "");
        if (key.replace(/[，、：“”（）《》]/g, "").length < rule.min_chars) continue;
        if (seen[key]) add(rule, p, m.index, m[0].length, { previous: seen[key] });
        else seen[key] = p.n;
      }
    });
  }

  function bigrams(text) {
    var out = {};
    for (var i = 0; i + 1 < text.length; i++) out[text.substr(i, 2)] = true;
    return out;
  }

  function similar(a, b) {
    if (!a || !b) return false;
    if (a.indexOf(b) >= 0 || b.indexOf(a) >= 0) return true;
    var x = Object.keys(bigrams(a)), y = bigrams(b), ny = Object.keys(y).length;
    var both = x.filter(function (k) { return y[k]; }).length;
    return x.length + ny > 0 && 2 * both / (x.length + ny) >= 0.5;
  }

  function percent(x) {
    return Math.round(x * 100) + "%";
  }

  /* The whole text against the family's usual length; each part found by its level-one heading against
     its usual share. */
  function length(paragraphs, family, rules, add) {
    var body = bodyOf(paragraphs);
    var total = body.reduce(function (sum, p) { return sum + chars(p.text); }, 0);
    if (!total) return;
    if (family.chars && (total < family.chars[0] || total > family.chars[1])) {
      add(rules.length, null, -1, 0, { count: total, low: family.chars[0], high: family.chars[1], family: family.title });
    }
    var parts = [];
    body.forEach(function (p) {
      var num = numberOf(p.text);
      if (num && num.level === 0) parts.push({ heading: p, size: 0 });
      if (parts.length) parts[parts.length - 1].size += chars(p.text);
    });
    parts.forEach(function (part) {
      var title = part.heading.text.slice(numberOf(part.heading.text).found.length).split("。")[0];
      family.sections.forEach(function (section) {
        if (!section.share || !(similar(title, section.heading) || similar(title, section.title))) return;
        var share = part.size / total;
        if (share < section.share[0] || share > section.share[1]) {
          add(rules["section-share"], part.heading, 0, part.heading.text.length,
              { section: section.title, share: percent(share), low: percent(section.share[0]), high: percent(section.share[1]) });
        }
      });
    });
  }

  /* ---------------------------------------------------------------- .docx */

  function fail(message) {
    var error = new Error(message);
    error.forReader = true;
    return error;
  }

  /* Elements are matched by local name (w:p, w:t …), whatever prefix the file gives WordprocessingML. */
  function children(node, name) {
    return Array.prototype.filter.call(node.children, function (c) { return c.localName === name; });
  }

  function textOf(node) {
    var out = "";
    var all = node.getElementsByTagName("*");
    for (var i = 0; i < all.length; i++) {
      var name = all[i].localName;
      if (name === "t") out += all[i].textContent;
      else if (name === "tab") out += " ";
    }
    return out;
  }

  /* Body paragraphs in order; a table row as one line, its cells separated by tabs (as Word pastes it). */
  function docxLines(xml) {
    var doc = new DOMParser().parseFromString(xml, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) throw fail("文件已损坏，读不出正文。");
    var body = children(doc.documentElement, "body")[0];
    if (!body) throw fail("文件里没有 Word 正文。");
    var lines = [];
    (function walk(parent) {
      for (var el = parent.firstElementChild; el; el = el.nextElementSibling) {
        if (el.localName === "p") lines.push(textOf(el).replace(/\s+$/, ""));
        else if (el.localName === "tbl") {
          children(el, "tr").forEach(function (tr) {
            lines.push(children(tr, "tc").map(function (tc) { return textOf(tc).replace(/[\t\n]/g, " ").trim(); }).join("\t"));
          });
        } else if (el.localName === "sdt" || el.localName === "sdtContent") walk(el);
      }
    })(body);
    return lines;
  }

  function startsWith(bytes, signature) {
    return signature.every(function (b, i) { return bytes[i] === b; });
  }

  function decodeText(buffer) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(buffer).replace(/^\uFEFF/, "");
    } catch (e) {
      return new TextDecoder("gb18030").decode(buffer);  // a .txt saved by Notepad as ANSI on a Chinese system
    }
  }

  function looksLikeText(bytes) {
    for (var i = 0; i < Math.min(bytes.length, 4096); i++) if (bytes[i] === 0) return false;
    return true;
  }

  /* A file → the draft's text, or an error whose message is for the reader. */
  function readFile(file) {
    var name = (file.name || "").toLowerCase();
    if (file.size > MAX_BYTES) return Promise.reject(fail("文件超过 20 MB，读不了。请把正文另存为较小的文件，或者直接粘贴文字。"));
    if (/\.(doc|wps|dot|wpt)$/.test(name)) return Promise.reject(fail(oldFormat()));
    return file.arrayBuffer().then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      if (startsWith(bytes, [0xD0, 0xCF, 0x11, 0xE0])) throw fail(oldFormat());
      if (!startsWith(bytes, [0x50, 0x4B, 0x03, 0x04])) {
        if (looksLikeText(bytes) && /\.txt$/.test(name)) return decodeText(buffer);
        throw fail(looksLikeText(bytes)
          ? "这个文件不是 .docx，而是纯文本（可能只是改了扩展名）。请直接把文字粘贴到框里。"
          : "这个文件不是 .docx，读不了。请在 Word 或 WPS 中另存为 .docx，或者直接粘贴文字。");
      }
      if (!window.JSZip) throw fail("浏览器没能加载读取 .docx 的组件，请直接粘贴文字。");
      return window.JSZip.loadAsync(buffer).catch(function () {
        throw fail("文件已损坏，读不了。请在 Word 或 WPS 中打开后重新另存为 .docx。");
      }).then(function (zip) {
        var part = zip.file("word/document.xml");
        if (!part) throw fail("这个压缩文件里没有 Word 正文，不是 .docx 文档。");
        return part.async("string");
      }).then(function (xml) {
        var lines = docxLines(xml);
        if (!lines.some(function (l) { return l.trim(); })) throw fail("文件里没有读到文字。");
        return lines.join("\n");
      });
    });
  }

  function oldFormat() {
    return "这是旧版的 Word 或 WPS 格式（.doc/.wps），读不了。请在 Word 或 WPS 中“另存为” .docx 后再选择。";
  }

  /* ---------------------------------------------------------------- the page */

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function summary(findings) {
    if (!findings.length) return "没有发现问题。（这里只查格式和提法上的常见毛病，内容仍要自己通读核对。）";
    var counts = {}, order = [];
    findings.forEach(function (f) {
      if (!counts[f.group]) { counts[f.group] = 0; order.push(f.group); }
      counts[f.group]++;
    });
    return "共发现 " + findings.length + " 处：" +
      order.map(function (g) { return g + " " + counts[g] + " 处"; }).join("，") + "。点一条可在框中选中对应文字。";
  }

  function render(list, findings, box) {
    list.textContent = "";
    findings.forEach(function (f) {
      var item = el("li", "check-finding");
      item.setAttribute("data-rule", f.rule);
      item.setAttribute("data-line", String(f.line));
      var go = el("button", "check-goto", f.line ? "第" + f.line + "段" : "全文");
      go.type = "button";
      item.appendChild(go);
      item.appendChild(el("span", "check-group", f.group));
      item.appendChild(el("span", "check-message", f.message));
      if (f.excerpt) item.appendChild(el("q", "check-excerpt", f.excerpt));
      if (f.suggestion) item.appendChild(el("span", "check-suggestion", "建议：" + f.suggestion));
      if (f.guide) {
        var link = el("a", "check-guide", "怎么写");
        link.href = f.guide;
        item.appendChild(link);
      }
      go.addEventListener("click", function () {
        Array.prototype.forEach.call(list.children, function (li) { li.classList.remove("current"); });
        item.classList.add("current");
        if (f.start < 0) return;
        box.focus();
        box.setSelectionRange(f.start, f.start);
        box.blur();  // focusing again scrolls the box to the caret
        box.focus();
        box.setSelectionRange(f.start, f.end);
      });
      list.appendChild(item);
    });
  }

  function setup(form, checker) {
    var box = form.querySelector("textarea");
    var year = form.querySelector("select[name=year]");
    var family = form.querySelector("select[name=family]");
    var keep = form.querySelector("input[name=keep]");
    var file = form.querySelector("input[type=file]");
    var status = form.querySelector(".check-file-status");
    var list = form.querySelector(".check-findings");
    var summaryLine = form.querySelector(".check-summary");
    var reportYear = String(checker.data.report_year);
    var yearChosen = false;
    var timer = null;
    /* localStorage through the reader tools (reader.js), only while "keep" is ticked */
    function store() {
      return window.baogao || { read: function (key, fallback) { return fallback; }, write: function () {} };
    }

    function run() {
      var findings = checker.check(box.value, { year: year.value, family: family.value });
      summaryLine.textContent = box.value.trim() ? summary(findings) : "";
      render(list, box.value.trim() ? findings : [], box);
      if (keep.checked) store().write("check-draft", { text: box.value, year: year.value, family: family.value });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 150);
    }

    /* A plan is checked against the year it is for: choosing a 计划 family moves an untouched year on by one. */
    function familyChanged() {
      var chosen = checker.families[family.value];
      if (!yearChosen) year.value = chosen && chosen.tense === "计划" ? String(Number(reportYear) + 1) : reportYear;
      run();
    }

    function load(f) {
      if (!f) return;
      status.classList.remove("check-error");
      status.textContent = "正在读取……";
      readFile(f).then(function (text) {
        box.value = text;
        status.textContent = "已读取“" + f.name + "”，共 " + paragraphsOf(text).length + " 段。";
        run();
      }, function (error) {
        status.classList.add("check-error");
        status.textContent = error.forReader ? error.message : "读取失败，请直接粘贴文字。";
      });
    }

    var saved = store().read("check-draft", null);
    if (saved && typeof saved.text === "string") {
      box.value = saved.text;
      keep.checked = true;
      if (saved.year) { year.value = saved.year; yearChosen = true; }
      if (saved.family) family.value = saved.family;
    }
    var wanted = new URLSearchParams(window.location.search).get("family");
    if (wanted && checker.families[wanted]) { family.value = wanted; familyChanged(); }

    box.addEventListener("input", later);
    year.addEventListener("change", function () { yearChosen = true; run(); });
    family.addEventListener("change", familyChanged);
    keep.addEventListener("change", function () {
      if (keep.checked) store().write("check-draft", { text: box.value, year: year.value, family: family.value });
      else store().write("check-draft", null);
    });
    file.addEventListener("change", function () { load(file.files[0]); file.value = ""; });
    box.addEventListener("dragover", function (event) { event.preventDefault(); box.classList.add("dragging"); });
    box.addEventListener("dragleave", function () { box.classList.remove("dragging"); });
    box.addEventListener("drop", function (event) {
      event.preventDefault();
      box.classList.remove("dragging");
      if (event.dataTransfer.files.length) load(event.dataTransfer.files[0]);
      else { box.value = event.dataTransfer.getData("text/plain"); run(); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    run();
  }

  function start() {
    var form = document.querySelector(".md-content .draft-check");
    if (!form) return;
    var url = new URL(form.getAttribute("data-rules"), window.location.href);
    window.baogaoCheck = { ready: fetch(url).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (data) {
      var checker = new Checker(data);
      window.baogaoCheck.check = function (text, options) { return checker.check(text, options || {}); };
      window.baogaoCheck.readFile = readFile;
      setup(form, checker);
    }) };
  }

  start();
})();
