#pragma once
// The script of the SVG flamegraph: click to zoom, reset, regex search with the matched share,
// details on hover. It is a constant: no profile data is ever written into it (the data lives in
// the escaped attributes and <title> elements it reads), and it sets text only through
// textContent, so a hostile name can neither end the CDATA section nor run as script.
#include <string_view>

namespace spyglass {

inline constexpr std::string_view kSvgFlamegraphScript = R"JS(
"use strict";
var W = 0, PAD = 10, CHAR_W = 7.08, total = 0, frames = [];
var details, matched, unzoomBtn, searchBtn, zoomFrame = null, searchRe = null;

function init() {
  var root = document.documentElement;
  W = +root.getAttribute("width");
  total = +root.getAttribute("data-total");
  details = document.getElementById("details");
  matched = document.getElementById("matched");
  unzoomBtn = document.getElementById("unzoom");
  searchBtn = document.getElementById("search");
  var gs = document.getElementById("frames").getElementsByTagName("g");
  for (var i = 0; i < gs.length; i++) {
    var g = gs[i];
    var f = {
      g: g, s: +g.getAttribute("data-s"), v: +g.getAttribute("data-v"),
      d: +g.getAttribute("data-d"), n: g.getAttribute("data-n") || "",
      rect: g.getElementsByTagName("rect")[0], text: g.getElementsByTagName("text")[0],
      title: g.getElementsByTagName("title")[0]
    };
    f.fill = f.rect.getAttribute("fill");
    g.spyglassFrame = f;
    frames.push(f);
  }
  var group = document.getElementById("frames");
  group.addEventListener("click", function (e) { var f = frameOf(e); if (f) zoom(f); });
  group.addEventListener("mouseover", function (e) {
    var f = frameOf(e);
    if (f) details.textContent = f.title.textContent;
  });
  group.addEventListener("mouseout", function () { details.textContent = " "; });
  unzoomBtn.addEventListener("click", unzoom);
  searchBtn.addEventListener("click", search);
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && (e.key === "f" || e.key === "F")) { e.preventDefault(); search(); }
    else if (e.key === "Escape") { clearSearch(); }
  });
}

function frameOf(e) {
  var t = e.target;
  while (t && !t.spyglassFrame) t = t.parentNode;
  return t ? t.spyglassFrame : null;
}

function label(f, width) {
  var chars = Math.floor((width - 6) / CHAR_W);
  if (chars < 3) return "";
  return f.n.length <= chars ? f.n : f.n.substring(0, chars - 2) + "..";
}

function layout(s0, v0, d0) {
  var scale = (W - 2 * PAD) / v0;
  for (var i = 0; i < frames.length; i++) {
    var f = frames[i];
    var outside = f.s + f.v <= s0 || f.s >= s0 + v0;
    if (outside) { f.g.setAttribute("display", "none"); continue; }
    f.g.removeAttribute("display");
    var x, w;
    if (f.d < d0) { x = PAD; w = W - 2 * PAD; f.g.setAttribute("opacity", "0.6"); }
    else {
      x = PAD + (f.s - s0) * scale; w = f.v * scale; f.g.removeAttribute("opacity");
      if (w < 0.5) { f.g.setAttribute("display", "none"); continue; }
    }
    f.rect.setAttribute("x", x.toFixed(2));
    f.rect.setAttribute("width", w.toFixed(2));
    f.text.setAttribute("x", (x + 3).toFixed(2));
    f.text.textContent = label(f, w);
  }
}

function zoom(f) {
  zoomFrame = f;
  layout(f.s, f.v, f.d);
  unzoomBtn.removeAttribute("display");
  if (searchRe) showMatches();
}

function unzoom() {
  zoomFrame = null;
  layout(0, total, 0);
  unzoomBtn.setAttribute("display", "none");
  if (searchRe) showMatches();
}

function clearSearch() {
  searchRe = null;
  for (var i = 0; i < frames.length; i++) frames[i].rect.setAttribute("fill", frames[i].fill);
  matched.textContent = " ";
  searchBtn.removeAttribute("opacity");
}

function search() {
  var term = window.prompt("Search frames (regular expression; empty clears):", "");
  if (term === null) return;
  if (term === "") { clearSearch(); return; }
  try { searchRe = new RegExp(term); }
  catch (err) { searchRe = null; matched.textContent = "Not a valid regular expression"; return; }
  searchBtn.setAttribute("opacity", "0.5");
  showMatches();
}

function showMatches() {
  var s0 = zoomFrame ? zoomFrame.s : 0, v0 = zoomFrame ? zoomFrame.v : total;
  var d0 = zoomFrame ? zoomFrame.d : 0;
  var ranges = [];
  for (var i = 0; i < frames.length; i++) {
    var f = frames[i];
    if (searchRe.test(f.n)) {
      f.rect.setAttribute("fill", "rgb(230,0,230)");
      if (f.d >= d0) {
        var a = Math.max(f.s, s0), b = Math.min(f.s + f.v, s0 + v0);
        if (b > a) ranges.push([a, b]);
      }
    } else {
      f.rect.setAttribute("fill", f.fill);
    }
  }
  // Nested matches count once: the share is the union of the matched ranges.
  ranges.sort(function (p, q) { return p[0] - q[0]; });
  var sum = 0, end = -Infinity;
  for (var j = 0; j < ranges.length; j++) {
    var r = ranges[j];
    if (r[0] >= end) { sum += r[1] - r[0]; end = r[1]; }
    else if (r[1] > end) { sum += r[1] - end; end = r[1]; }
  }
  matched.textContent = "Matched: " + (v0 > 0 ? (100 * sum / v0).toFixed(2) : "0") + "%";
}
)JS";

} // namespace spyglass
