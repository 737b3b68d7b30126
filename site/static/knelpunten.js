// The knelpunten overview: filter the full list by status, mechanisme, doelgroep, ministerie and regeling.
// Works from disk (file://) too: the data is embedded in the page. Without JavaScript the full list stays.
(function () {
  "use strict";
  var form = document.getElementById("kp-filter");
  var bron = document.getElementById("kp-gegevens");
  var lijst = document.getElementById("kp-lijst");
  if (!form || !bron || !lijst) return;
  var gegevens = JSON.parse(bron.textContent);
  var telling = document.getElementById("kp-telling");
  var selects = form.querySelectorAll("select");

  function keuzes() {
    var k = {};
    selects.forEach(function (s) { if (s.value) k[s.name] = s.value; });
    return k;
  }

  function toon() {
    var k = keuzes(), zichtbaar = 0, totaal = 0;
    lijst.querySelectorAll("li.kp-rij").forEach(function (li) {
      var f = gegevens[li.id] || {};
      var past = Object.keys(k).every(function (naam) { return (f[naam] || []).indexOf(k[naam]) !== -1; });
      li.hidden = !past;
      totaal += 1;
      if (past) zichtbaar += 1;
    });
    telling.textContent = Object.keys(k).length
      ? zichtbaar + " van de " + totaal + " knelpunten passen bij dit filter."
      : "Alle " + totaal + " knelpunten.";
    var q = new URLSearchParams(k).toString();
    try { history.replaceState(null, "", q ? "?" + q : location.pathname); } catch (e) { /* file:// may refuse */ }
  }

  var begin = new URLSearchParams(location.search);
  selects.forEach(function (s) {
    var v = begin.get(s.name);
    if (v && s.querySelector('option[value="' + CSS.escape(v) + '"]')) s.value = v;
    s.addEventListener("change", toon);
  });
  form.addEventListener("reset", function () { setTimeout(toon, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); toon(); });
  form.hidden = false;
  toon();
})();
