/* Reader tools: copy buttons, the fill-in panel, hiding the guidance, printing.
 *
 * Starts from Material's document$ (every page load, instant navigation included). Reader input is
 * text: it is only ever written with textContent / value and escaped before it goes into the HTML
 * put on the clipboard. Nothing here makes a network request; values stay in localStorage.
 */
(function () {
  "use strict";

  var STORE = "baogao:";

  /* 公文 style for pasting into Word/WPS — GB/T 9704-2012, the same numbers as macros/word.py:
     body 仿宋_GB2312 三号 (16 pt), fixed line spacing 28.9 pt (22 lines in a 225 mm text block),
     first line indented two characters; title 方正小标宋简体 二号 (22 pt) centred;
     headings 一、 黑体, （一） 楷体_GB2312, 1. and （1） 仿宋_GB2312. */
  var FANGSONG = "font-family:'仿宋_GB2312','仿宋',FangSong,serif;";
  var WORD = {
    body: FANGSONG + "font-size:16pt;line-height:28.9pt;margin:0;text-indent:2em;",
    "report-title": "font-family:'方正小标宋简体','华文中宋',serif;font-size:22pt;line-height:28.9pt;" +
      "text-align:center;margin:0 0 28.9pt 0;",
    "report-h1": "font-family:'黑体',SimHei,sans-serif;",
    "report-h2": "font-family:'楷体_GB2312','楷体',KaiTi,serif;",
    "report-sign": "text-align:right;text-indent:0;padding-right:2em;"
  };

  /* ---------------------------------------------------------------- storage */

  function read(key, fallback) {
    try {
      var value = JSON.parse(window.localStorage.getItem(STORE + key));
      return value === null ? fallback : value;
    } catch (e) {
      return fallback;
    }
  }

  function write(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(STORE + key);
      else window.localStorage.setItem(STORE + key, JSON.stringify(value));
    } catch (e) { /* storage off: the page still works, values are not kept */ }
  }

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  /* ---------------------------------------------------------------- slots */

  function slotName(el) {
    return el.getAttribute("data-slot");
  }

  function showSlot(el, value) {
    el.textContent = value || "【" + slotName(el) + "】";
    el.classList.toggle("filled", !!value);
  }

  function emptySlots(root) {
    var names = [];
    each(root, ".slot:not(.filled)", function (el) {
      if (names.indexOf(slotName(el)) < 0) names.push(slotName(el));
    });
    return names;
  }

  /* ---------------------------------------------------------------- fill-in panel */

  /* The length of the whole assembled text with the values filled in (spaces not counted), against the
     length the family's form allows: the text without its slots, plus each slot's value or its 【名称】. */
  function showLength(meter, values) {
    var total = Number(meter.getAttribute("data-base"));
    var slots = JSON.parse(meter.getAttribute("data-slots"));
    Object.keys(slots).forEach(function (name) {
      var value = (values[name] || "【" + name + "】").replace(/\s/g, "");
      total += slots[name] * value.length;
    });
    var low = Number(meter.getAttribute("data-min"));
    var high = Number(meter.getAttribute("data-max"));
    var out = meter.querySelector("output");
    out.textContent = "全文 " + total + " 字，" + (total > high ? "超出 " + (total - high) + " 字，需要压缩"
      : total < low ? "还可以补充 " + (low - total) + " 字左右" : "在常见篇幅之内");
    meter.classList.toggle("over", total > high);
  }

  function unfilled(inputs, values) {
    return Array.prototype.filter.call(inputs, function (input) { return !values[slotName(input)]; }).length;
  }

  function setupFill(tools) {
    var key = "fill:" + tools.getAttribute("data-family");
    var values = read(key, {});
    var inputs = tools.querySelectorAll("input[data-slot]");
    var count = tools.querySelector(".fill-count");
    var meter = tools.querySelector(".length-meter");

    function refresh() {
      each(document, ".md-content .slot[data-slot]", function (el) {
        showSlot(el, values[slotName(el)] || "");
      });
      count.textContent = "（共 " + inputs.length + " 项，还有 " + unfilled(inputs, values) + " 项未填）";
      if (meter) showLength(meter, values);
    }

    Array.prototype.forEach.call(inputs, function (input) {
      input.value = values[slotName(input)] || "";
      input.addEventListener("input", function () {
        var value = input.value.trim();
        if (value) values[slotName(input)] = value;
        else delete values[slotName(input)];
        write(key, values);
        refresh();
      });
    });
    tools.querySelector(".fill-clear").addEventListener("click", function () {
      values = {};
      write(key, null);
      Array.prototype.forEach.call(inputs, function (input) { input.value = ""; });
      refresh();
    });
    refresh();
    return function () { return values; };
  }

  /* ---------------------------------------------------------------- guidance and print */

  function setupGuidance(tools) {
    var article = tools.closest("article") || document.body;
    var button = tools.querySelector(".guidance-toggle");

    function apply(hidden) {
      article.classList.toggle("guidance-hidden", hidden);
      button.setAttribute("aria-pressed", hidden ? "true" : "false");
      button.textContent = hidden ? "显示写作指导" : "隐藏写作指导";
    }

    apply(read("hide-guidance", false) === true);
    button.addEventListener("click", function () {
      var hidden = !article.classList.contains("guidance-hidden");
      write("hide-guidance", hidden);
      apply(hidden);
    });
    tools.querySelector(".print-page").addEventListener("click", function () {
      window.print();
    });
  }

  /* ---------------------------------------------------------------- copy */

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  /* Rich text of one element: filled slots as plain text, empty ones highlighted as in the Word export. */
  function richText(node) {
    if (node.nodeType === 3) return escapeHtml(node.nodeValue);
    if (node.nodeType !== 1) return "";
    if (node.tagName === "BR") return "<br>";
    if (node.classList.contains("slot") && !node.classList.contains("filled")) {
      return "<span style=\"background:#ffff00\">" + escapeHtml(node.textContent) + "</span>";
    }
    var out = "";
    for (var child = node.firstChild; child; child = child.nextSibling) out += richText(child);
    return out;
  }

  function paragraphsOf(el) {
    return el.classList.contains("report") ? el.querySelectorAll(":scope > p, :scope > table")
      : el.querySelectorAll(".phrase-text");
  }

  /* A table of the model text: tab-separated rows as plain text (Word and WPS paste them as a table),
     and an HTML table with ruled cells in 公文 fonts. */
  var CELL = "border:1px solid #000;padding:2pt 4pt;vertical-align:top;font-size:14pt;line-height:1.4;";

  function tableContent(table) {
    var text = [];
    var rows = [];
    Array.prototype.forEach.call(table.querySelectorAll("tr"), function (tr) {
      var cells = tr.querySelectorAll("th, td");
      text.push(Array.prototype.map.call(cells, function (c) { return c.textContent; }).join("\t"));
      rows.push("<tr>" + Array.prototype.map.call(cells, function (c) {
        var font = c.tagName === "TH" ? "font-family:'黑体',SimHei,sans-serif;text-align:center;" : FANGSONG;
        return "<" + c.tagName.toLowerCase() + " style=\"" + CELL + font + "\">" + richText(c) + "</" + c.tagName.toLowerCase() + ">";
      }).join("") + "</tr>");
    });
    return { text: text.join("\n"), html: "<table style=\"border-collapse:collapse;width:100%\">" + rows.join("") + "</table>" };
  }

  function clipboardContent(el) {
    var lines = [];
    var html = [];
    Array.prototype.forEach.call(paragraphsOf(el), function (p) {
      if (p.tagName === "TABLE") {
        var table = tableContent(p);
        lines.push(table.text);
        html.push(table.html);
        return;
      }
      lines.push(p.textContent);
      var extra = "";
      for (var cls in WORD) if (cls !== "body" && p.classList.contains(cls)) extra = WORD[cls];
      var style = p.classList.contains("report-title") ? WORD["report-title"] : WORD.body + extra;
      html.push("<p style=\"" + style + "\">" + richText(p) + "</p>");
    });
    return {
      text: lines.join("\n"),
      html: "<meta charset=\"utf-8\"><div style=\"" + FANGSONG + "font-size:16pt\">" + html.join("") + "</div>"
    };
  }

  /* Over plain HTTP (an intranet host) navigator.clipboard does not exist: fall back to a copy event. */
  function legacyCopy(content) {
    var done = false;
    function onCopy(event) {
      event.clipboardData.setData("text/plain", content.text);
      event.clipboardData.setData("text/html", content.html);
      event.preventDefault();
      done = true;
    }
    document.addEventListener("copy", onCopy, true);
    try {
      document.execCommand("copy");
    } finally {
      document.removeEventListener("copy", onCopy, true);
    }
    return done;
  }

  function writeClipboard(content) {
    if (window.isSecureContext && navigator.clipboard && window.ClipboardItem) {
      var item = new window.ClipboardItem({
        "text/plain": new Blob([content.text], { type: "text/plain" }),
        "text/html": new Blob([content.html], { type: "text/html" })
      });
      return navigator.clipboard.write([item]).catch(function () {
        if (!legacyCopy(content)) throw new Error("copy failed");
      });
    }
    return legacyCopy(content) ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function addCopyButton(el) {
    if (el.querySelector(":scope > .copy-bar")) return;
    var bar = document.createElement("div");
    bar.className = "copy-bar";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "复制";
    var label = el.getAttribute("aria-label") ||
      (el.querySelector(".phrase-head strong") || { textContent: "" }).textContent;
    button.setAttribute("aria-label", "复制" + label);
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    bar.appendChild(button);
    bar.appendChild(status);
    el.insertBefore(bar, el.firstChild);

    var timer = null;
    button.addEventListener("click", function () {
      var empty = emptySlots(el);
      writeClipboard(clipboardContent(el)).then(function () {
        button.textContent = "已复制";
        status.classList.toggle("copy-warning", empty.length > 0);
        status.textContent = empty.length
          ? "已复制，但以下填空项尚未填写：" + empty.map(function (n) { return "【" + n + "】"; }).join("、")
          : "";
      }, function () {
        status.classList.add("copy-warning");
        status.textContent = "复制失败，请选中文字后按 Ctrl+C。";
      });
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { button.textContent = "复制"; }, 2000);
    });
  }

  /* ---------------------------------------------------------------- Word with the reader's values */

  /* Characters XML 1.0 cannot hold are dropped; the rest is escaped. */
  function escapeXml(text) {
    return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDFFF]/g, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* macros/word.py writes each slot as its own run <w:t>【名称】</w:t> in the character style 填空项
     (w:rStyle "Slot"): a filled slot loses that style (and keeps any other formatting of the run) and
     takes the value; an empty one stays 填空项, yellow. */
  var SLOT_RUN = /<w:r><w:rPr><w:rStyle w:val="Slot"\/>((?:(?!<\/w:rPr>).)*)<\/w:rPr><w:t>【([^【】<]+)】<\/w:t><\/w:r>/g;

  function fillDocument(xml, values) {
    return placeSignature(xml.replace(SLOT_RUN, function (run, rest, name) {
      if (!values[name]) return run;
      return "<w:r>" + (rest ? "<w:rPr>" + rest + "</w:rPr>" : "") +
        "<w:t xml:space=\"preserve\">" + escapeXml(values[name]) + "</w:t></w:r>";
    }));
  }

  /* The 署名 and 成文日期 (GB/T 9704-2012 §7.3.5.2), as macros/word.py signature_indents sets them:
     the longer one 右空二字, the other's first character two characters right of the longer one's.
     Widths in twips: a Chinese character or full-width mark 315 (16 pt less 0.25 pt), anything else 155. */
  var CHAR = 315;
  var SIGNED = /(<w:p><w:pPr><w:pStyle w:val="(Signature|Date)"\/><w:ind w:right=")(\d+)("\/><\/w:pPr>)([\s\S]*?<\/w:p>)/g;

  function textWidth(paragraphXml) {
    var total = 0;
    paragraphXml.replace(/<w:t[^>]*>([^<]*)<\/w:t>/g, function (all, text) {
      text = text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
      for (var i = 0; i < text.length; i++) {
        var code = text.charCodeAt(i);
        if (code >= 0xDC00 && code <= 0xDFFF) continue; // the second half of a surrogate pair
        total += code >= 0x2E80 ? CHAR : (CHAR - 5) / 2;
      }
      return all;
    });
    return total;
  }

  function placeSignature(xml) {
    var widths = {};
    xml.replace(SIGNED, function (all, head, style, indent, tail, rest) { widths[style] = textWidth(rest); return all; });
    if (widths.Signature === undefined || widths.Date === undefined) return xml;
    var name = widths.Signature, date = widths.Date;
    var indents = date <= name ? { Signature: 2 * CHAR, Date: name - date } : { Signature: date - name, Date: 2 * CHAR };
    return xml.replace(SIGNED, function (all, head, style, indent, tail, rest) {
      return head + Math.round(indents[style]) + tail + rest;
    });
  }

  /* Where JSZip cannot run (an old browser, or its script blocked), the button says so and the reader is
     sent to the blank template; it never fails silently. */
  var NO_ZIP = "此浏览器不能生成已填写的 Word";
  var NO_SCRIPT = "未能载入 JSZip，不能生成已填写的 Word";

  function canZip() {
    return !!(window.Promise && window.fetch && window.Blob && window.Uint8Array && window.URL && URL.createObjectURL);
  }

  function cannotFill(why) {
    var error = new Error(why);
    error.why = why;
    return error;
  }

  function sayCannotFill(button, status, why) {
    button.disabled = true;
    button.textContent = why;
    status.textContent = "请下载 Word 模板，在 Word 或 WPS 中填写黄色标出的填空项。";
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.JSZip) return resolve();
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(cannotFill(NO_SCRIPT)); };
      document.head.appendChild(script);
    });
  }

  function saveBlob(blob, filename) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function setupWord(box, getValues) {
    var button = box.querySelector(".word-filled");
    var status = box.querySelector(".word-status");
    button.hidden = false;
    if (!canZip()) return sayCannotFill(button, status, NO_ZIP);
    button.addEventListener("click", function () {
      var values = getValues();
      var empty = unfilled(document.querySelectorAll(".reader-tools input[data-slot]"), values);
      status.textContent = "正在生成……";
      loadScript(button.getAttribute("data-jszip"))
        .then(function () {
          var support = window.JSZip && window.JSZip.support;
          if (!support || !support.blob || !support.uint8array) throw cannotFill(NO_ZIP);
          return fetch(button.getAttribute("data-docx"));
        })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.arrayBuffer();
        })
        .then(function (data) { return window.JSZip.loadAsync(data); })
        .then(function (zip) {
          return zip.file("word/document.xml").async("string").then(function (xml) {
            zip.file("word/document.xml", fillDocument(xml, values));
            return zip.generateAsync({
              type: "blob", compression: "DEFLATE",
              mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            });
          });
        })
        .then(function (blob) {
          saveBlob(blob, button.getAttribute("data-filename"));
          status.textContent = empty ? "已生成；还有 " + empty + " 项未填，在文中以黄色标出。" : "已生成。";
        }, function (error) {
          if (error.why) return sayCannotFill(button, status, error.why);
          status.textContent = "生成失败（" + error.message + "），请先下载 Word 模板再手工填写。";
        });
    });
  }

  /* The page's own tools (the draft checker, check.js) keep what they keep the same way. */
  window.baogao = { read: read, write: write };

  /* ---------------------------------------------------------------- start */

  function start() {
    var tools = document.querySelector(".md-content .reader-tools");
    if (tools) {
      tools.hidden = false;
      var getValues = setupFill(tools);
      setupGuidance(tools);
      each(document, ".md-content .word-downloads", function (box) { setupWord(box, getValues); });
    }
    each(document, ".md-content .report, .md-content .phrase-block", addCopyButton);
  }

  if (window.document$) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
