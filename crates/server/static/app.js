// duban: the one piece of script. Clicking a highlighted fact shows its record in the
// panel without reloading, filled from the highlight's data attributes into the
// panel's template; without JavaScript the highlight is a link that does the same.
"use strict";
document.addEventListener("click", function (event) {
  var mark = event.target.closest ? event.target.closest("a.hl[data-fact]") : null;
  var template = document.getElementById("record-template");
  var body = document.getElementById("record-body");
  if (!mark || !template || !body) return;
  event.preventDefault();
  var record = template.content.firstElementChild.cloneNode(true);
  record.setAttribute("data-fact", mark.getAttribute("data-fact"));
  var slots = record.querySelectorAll("[data-slot]");
  for (var i = 0; i < slots.length; i++) {
    // textContent, never innerHTML: the values are text from the report.
    slots[i].textContent = mark.getAttribute("data-" + slots[i].getAttribute("data-slot")) || "—";
  }
  var sentence = record.querySelector("[data-slot=sentence]");
  if (sentence) sentence.textContent = sentenceAround(mark);
  body.replaceChildren(record);
  var active = document.querySelectorAll("a.hl.active");
  for (var j = 0; j < active.length; j++) active[j].classList.remove("active");
  mark.classList.add("active");
  history.replaceState(null, "", "?fact=" + encodeURIComponent(mark.getAttribute("data-fact")));
});

// The sentence a highlight stands in, read from the report text around it: from the
// last sentence or clause end before it to the first after it (the stops the engine
// splits clauses at).
function sentenceAround(mark) {
  var article = mark.closest("article");
  if (!article) return "";
  var before = document.createRange();
  before.setStart(article, 0);
  before.setEndBefore(mark);
  var text = article.textContent;
  var start = before.toString().length;
  var end = start + mark.textContent.length;
  var stops = "。！？；;!?\n";
  while (start > 0 && stops.indexOf(text.charAt(start - 1)) < 0) start--;
  while (end < text.length && stops.indexOf(text.charAt(end)) < 0) end++;
  if (end < text.length && text.charAt(end) !== "\n") end++;
  return text.slice(start, end).trim();
}
