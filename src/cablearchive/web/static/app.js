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
