// Progressive enhancement only: every page works without this file.
// Timeline: zoom the time axis with the buttons or the keyboard (+ / - / 0) when the figure has focus.
(function () {
  "use strict";
  function setup(figure) {
    var svg = figure.querySelector("svg.timeline-svg");
    var controls = figure.querySelector(".zoom-controls");
    if (!svg || !controls) { return; }
    var width = parseFloat(svg.getAttribute("data-width"));
    var height = parseFloat(svg.getAttribute("data-height"));
    var view = { x: 0, w: width };
    function apply() {
      svg.setAttribute("viewBox", view.x + " 0 " + view.w + " " + height);
    }
    function zoom(factor) {
      var centre = view.x + view.w / 2;
      view.w = Math.min(width, Math.max(width / 64, view.w * factor));
      view.x = Math.min(width - view.w, Math.max(0, centre - view.w / 2));
      apply();
    }
    function pan(fraction) {
      view.x = Math.min(width - view.w, Math.max(0, view.x + view.w * fraction));
      apply();
    }
    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var what = event.target && event.target.getAttribute("data-zoom");
      if (what === "in") { zoom(0.5); } else if (what === "out") { zoom(2); } else if (what === "reset") {
        view = { x: 0, w: width }; apply();
      }
    });
    svg.setAttribute("tabindex", "0");
    svg.addEventListener("keydown", function (event) {
      if (event.key === "+" || event.key === "=") { zoom(0.5); event.preventDefault(); }
      else if (event.key === "-") { zoom(2); event.preventDefault(); }
      else if (event.key === "0") { view = { x: 0, w: width }; apply(); event.preventDefault(); }
      else if (event.key === "ArrowLeft") { pan(-0.25); event.preventDefault(); }
      else if (event.key === "ArrowRight") { pan(0.25); event.preventDefault(); }
    });
    svg.addEventListener("wheel", function (event) {
      if (!event.ctrlKey) { return; }
      event.preventDefault();
      zoom(event.deltaY < 0 ? 0.8 : 1.25);
    }, { passive: false });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var figures = document.querySelectorAll("figure.timeline-figure");
    for (var i = 0; i < figures.length; i++) { setup(figures[i]); }
  });
}());
