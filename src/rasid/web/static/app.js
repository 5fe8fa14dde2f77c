// rasid: side panel for annotations and timeline zoom. No inline scripts (CSP).
"use strict";
(function () {
  function text(el, value) { el.textContent = value == null ? "—" : (typeof value === "object" ? JSON.stringify(value) : String(value)); }
  var dataEl = document.getElementById("span-details");
  var details = {};
  if (dataEl) { try { details = JSON.parse(dataEl.textContent); } catch (e) { details = {}; } }
  var body = document.getElementById("panel-body");
  function show(ids) {
    if (!body) return;
    body.textContent = "";
    body.classList.remove("muted");
    ids.forEach(function (id) {
      var d = details[id];
      if (!d) return;
      var h = document.createElement("h4");
      text(h, d.layer + " · " + d.label);
      body.appendChild(h);
      var dl = document.createElement("dl");
      Object.keys(d).forEach(function (k) {
        if (k === "layer" || k === "label") return;
        var dt = document.createElement("dt"); text(dt, k);
        var dd = document.createElement("dd"); text(dd, d[k]);
        dl.appendChild(dt); dl.appendChild(dd);
      });
      body.appendChild(dl);
    });
  }
  function activate(ids) {
    document.querySelectorAll(".ann.active").forEach(function (el) { el.classList.remove("active"); });
    document.querySelectorAll(".ann").forEach(function (el) {
      var own = (el.getAttribute("data-spans") || "").split(" ");
      if (own.some(function (x) { return ids.indexOf(x) >= 0; })) el.classList.add("active");
    });
  }
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest("[data-spans]");
    if (!el) return;
    var ids = (el.getAttribute("data-spans") || "").split(" ").filter(Boolean);
    show(ids); activate(ids);
  });
  document.addEventListener("mouseover", function (ev) {
    var el = ev.target.closest(".ann[data-spans]");
    if (!el) return;
    show((el.getAttribute("data-spans") || "").split(" ").filter(Boolean));
  });
  var zoom = document.getElementById("zoom");
  var tl = document.getElementById("timeline");
  if (zoom && tl) {
    zoom.addEventListener("input", function () {
      tl.className = "timeline zoom" + zoom.value;
    });
  }
})();
