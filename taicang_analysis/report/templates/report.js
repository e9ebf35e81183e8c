// The report's script, written in ES5 so that an old engine (IE "compatibility mode" of the 360 or
// QQ browser) reads it without a syntax error and simply leaves the charts out.
//
// 1. Charts: plotly.js needs ES2018 (its \p{…} regular expressions). Where the engine has it, the
//    page's "charts need 极速模式" line is hidden and each chart is drawn when it nears the screen:
//    plotly.js (kept as text in #plotly-src) is loaded only then, after the first screen — title,
//    what changed, the brief and the scorecard — has been drawn. window.taicangDrawAll() draws every
//    chart (PDF and PNG export, and the browser's own printing via beforeprint).
// 2. Scenario sliders: real <input type="range"> elements over steps computed in Python by the same
//    engine as Lab. Arrow keys, touch and screen readers work; the plot and the sentence follow.
(function () {
  var doc = document;
  var root = doc.documentElement;
  var specs = {};
  var drawn = {};
  var waiting = [];
  var loading = false;
  var able = false;
  try { able = new RegExp("\\p{L}", "u").test("\u592a") && !!window.Promise; } catch (e) { able = false; }
  if (able) { root.className += " charts-ok"; }

  var nodes = doc.querySelectorAll("script.plot-spec");
  var divs = [];
  for (var i = 0; i < nodes.length; i++) {
    var id = nodes[i].getAttribute("data-for");
    var div = doc.getElementById(id);
    if (div) {
      try { specs[id] = JSON.parse(nodes[i].textContent); divs.push(div); } catch (e) { /* left undrawn */ }
    }
  }

  function failed() { root.className = root.className.replace(" charts-ok", "") + " charts-failed"; }

  function flush() {
    var w = waiting;
    waiting = [];
    for (var k = 0; k < w.length; k++) { w[k](); }
  }

  // plotly.js from the page's own text: a blob: script (compiled off the main thread), or, when a
  // chart is needed at once (printing), evaluated in place.
  function loadPlotly(done) {
    if (window.Plotly) { done(); return; }
    waiting.push(done);
    if (loading) { return; }
    loading = true;
    var text = doc.getElementById("plotly-src").textContent;
    var s = doc.createElement("script");
    try {
      s.src = URL.createObjectURL(new Blob([text], {type: "text/javascript"}));
    } catch (e) {
      s.text = text;
    }
    s.onload = flush;
    s.onerror = failed;
    doc.head.appendChild(s);
    if (!s.src && window.Plotly) { flush(); }
  }

  function loadPlotlyNow() {
    if (!window.Plotly) {
      (0, eval)(doc.getElementById("plotly-src").textContent);
      flush();
    }
  }

  function draw(div) {
    if (drawn[div.id]) { return drawn[div.id]; }
    var spec = specs[div.id];
    var layout = spec.layout || {};
    delete layout.height;  // the div's height rules: one on screen, a smaller one on paper
    delete layout.width;
    drawn[div.id] = window.Plotly.newPlot(div, spec.data, layout, spec.config).then(function () {
      if (window.taicangFirstChartMs === undefined) { window.taicangFirstChartMs = performance.now(); }
    }, failed);
    return drawn[div.id];
  }

  window.taicangDrawAll = function () {
    return new Promise(function (resolve) {
      loadPlotly(function () {
        var all = [];
        for (var k = 0; k < divs.length; k++) { all.push(draw(divs[k])); }
        Promise.all(all).then(function () { resolve(divs.length); });
      });
    });
  };

  if (able && divs.length) {
    window.addEventListener("beforeprint", function () {
      loadPlotlyNow();
      for (var k = 0; k < divs.length; k++) { draw(divs[k]); }
    });
    if (window.IntersectionObserver) {
      var seen = new IntersectionObserver(function (entries) {
        for (var k = 0; k < entries.length; k++) {
          if (entries[k].isIntersecting) {
            var target = entries[k].target;
            seen.unobserve(target);
            loadPlotly((function (d) { return function () { draw(d); }; })(target));
          }
        }
      }, {rootMargin: "600px 0px"});
      // after the first screen has been painted
      var observe = function () { for (var k = 0; k < divs.length; k++) { seen.observe(divs[k]); } };
      if (window.requestAnimationFrame) { requestAnimationFrame(function () { setTimeout(observe, 0); }); }
      else { setTimeout(observe, 0); }
    } else {
      window.addEventListener("load", function () { window.taicangDrawAll(); });
    }
  }

  var sections = doc.querySelectorAll("section.scenario[data-steps]");
  for (var n = 0; n < sections.length; n++) {
    (function (section) {
      var steps = JSON.parse(section.getAttribute("data-steps"));
      var input = section.querySelector("input.scenario-range");
      var plotId = section.getAttribute("data-plot");
      var badge = section.querySelector("p.verdict .badge");
      var sentence = section.querySelector("p.verdict .sentence");
      var value = section.querySelector("label .value");
      function show(i) {
        var s = steps[i];
        input.setAttribute("aria-valuetext", s.a);
        value.textContent = s.a;
        badge.textContent = s.w;  // a what-if: neutral style, never a status colour
        sentence.textContent = s.s;
        var plot = doc.getElementById(plotId);
        if (plot && window.Plotly && plot.data) {
          window.Plotly.restyle(plot, {y: [[s.v]], text: [[s.t]]}, [0]);
        } else if (specs[plotId] && specs[plotId].data && specs[plotId].data[0]) {
          var trace = specs[plotId].data[0];  // not drawn yet: it will be drawn at this step
          trace.y = [s.v];
          trace.text = [s.t];
        }
      }
      input.addEventListener("input", function () { show(Number(input.value)); });
    })(sections[n]);
  }
})();
