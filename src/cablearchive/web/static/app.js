// Keyboard: "/" jumps to the search box (as on most search sites); Escape leaves it.
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("q") || document.getElementById("site-q");
  var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
  if (event.key === "/" && !typing && box) {
    event.preventDefault();
    box.focus();
    box.select();
  } else if (event.key === "Escape" && typing) {
    document.activeElement.blur();
  }
});

// A search by meaning is ranked by meaning: the sort control is off while one is chosen (the
// results are swapped in place, the form is not sent back).
document.addEventListener("change", function (event) {
  if (event.target.id !== "mode") return;
  var sort = document.getElementById("sort");
  if (!sort) return;
  var byWords = event.target.value === "text";
  sort.disabled = !byWords;
  if (byWords) sort.removeAttribute("title");
  else sort.title = "a search by meaning is ranked by meaning";
});
