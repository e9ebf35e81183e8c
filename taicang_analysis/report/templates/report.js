// Scenario sliders: real <input type="range"> elements over steps computed in Python by the same
// engine as Lab. Arrow keys, touch and screen readers work; the plot and the sentence follow.
(function () {
  document.querySelectorAll("section.scenario[data-steps]").forEach(function (section) {
    var steps = JSON.parse(section.getAttribute("data-steps"));
    var input = section.querySelector("input.scenario-range");
    var plot = document.getElementById(section.getAttribute("data-plot"));
    var badge = section.querySelector("p.verdict .badge");
    var sentence = section.querySelector("p.verdict .sentence");
    var value = section.querySelector("label .value");
    function show(i) {
      var s = steps[i];
      input.setAttribute("aria-valuetext", s.a);
      value.textContent = s.a;
      badge.textContent = s.w;  // a what-if: neutral style, never a status colour
      sentence.textContent = s.s;
      if (plot && window.Plotly && plot.data) {
        Plotly.restyle(plot, {y: [[s.v]], text: [[s.t]]}, [0]);
      }
    }
    input.addEventListener("input", function () { show(Number(input.value)); });
  });
})();
