// duban: the one piece of script. Clicking a highlighted fact shows its record in the
// panel without reloading; without JavaScript the highlight is a link that does the same.
"use strict";
document.addEventListener("click", function (event) {
  var mark = event.target.closest ? event.target.closest("a.hl[data-fact]") : null;
  if (!mark) return;
  var source = document.getElementById("rec-" + mark.getAttribute("data-fact"));
  var body = document.getElementById("record-body");
  if (!source || !body) return;
  event.preventDefault();
  var copy = source.cloneNode(true);
  copy.hidden = false;
  copy.removeAttribute("id");
  body.replaceChildren(copy);
  var active = document.querySelectorAll("a.hl.active");
  for (var i = 0; i < active.length; i++) active[i].classList.remove("active");
  mark.classList.add("active");
  history.replaceState(null, "", "?fact=" + encodeURIComponent(mark.getAttribute("data-fact")));
});
