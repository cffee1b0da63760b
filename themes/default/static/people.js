// The directory's filter box: shows the people whose name, sort name or
// email contains what is typed (case and accents ignored), and hides the
// letter groups left empty.
(function () {
  "use strict";
  var box = document.getElementById("people-filter");
  if (!box) return;
  var fold = function (s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var cards = Array.prototype.slice.call(document.querySelectorAll(".person-card"));
  var keys = cards.map(function (c) { return fold(c.getAttribute("data-search") || ""); });
  var groups = Array.prototype.slice.call(document.querySelectorAll(".people-group"));
  var none = document.getElementById("people-none");
  box.addEventListener("input", function () {
    var q = fold(box.value.trim());
    var shown = 0;
    cards.forEach(function (c, i) {
      var hit = q === "" || keys[i].indexOf(q) >= 0;
      c.hidden = !hit;
      if (hit) shown++;
    });
    groups.forEach(function (g) {
      g.hidden = !g.querySelector(".person-card:not([hidden])");
    });
    if (none) none.hidden = shown > 0;
  });
})();
