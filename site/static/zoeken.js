/* Zoeken. Over http(s) verstuurt het formulier de vraag gewoon naar de server, die de resultatenpagina maakt
   (rangorde, totaal, pagina's, facetten, fragmenten). Geopend vanaf schijf (file:), of op een server zonder
   kennisbank (de pagina komt terug zonder resultaten), zoekt dit script in de kleine statische index van de site.
   De stam-regels zijn dezelfde als in kennisbank/site/zoekindex.py. */
(function () {
  "use strict";
  var form = document.getElementById("zoekformulier");
  var uit = document.getElementById("zoekresultaten");
  var root = (document.querySelector('link[href$="static/kennisbank.css"]').getAttribute("href") || "").replace(/static\/kennisbank\.css$/, "");
  var STOP = {};
  "de het een en van in op te voor met is aan die dat niet of als bij zijn door om ook er maar naar dan wordt worden uit tot over nog kan geen wel hun deze dit zij hij ze".split(" ").forEach(function (w) { STOP[w] = 1; });
  function fold(t) { return t.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, ""); }
  function stam(w) {
    if (/\d/.test(w)) return w;
    if (w.length >= 5 && (/es$/.test(w) || /en$/.test(w))) w = w.slice(0, -2);
    else if (w.length >= 4 && /s$/.test(w) && !/ss$/.test(w)) w = w.slice(0, -1);
    else if (w.length >= 4 && /e$/.test(w)) w = w.slice(0, -1);
    if (w.length >= 4 && w[w.length - 1] === w[w.length - 2] && "aeiouy".indexOf(w[w.length - 1]) < 0) w = w.slice(0, -1);
    return w;
  }
  function termen(t) { return (fold(t).match(/[0-9a-z]+/g) || []).filter(function (w) { return !STOP[w] && w.length > 1; }).map(stam); }
  function lokaal(q) {
    var idx = window.ZOEKINDEX; if (!idx) return [];
    var score = {}, ts = termen(q);
    ts.forEach(function (t) {
      (idx.index[t] || []).forEach(function (i) {
        var titel = i < 0; if (titel) i = -i - 1;
        score[i] = (score[i] || 0) + (titel ? 2 : 1);
      });
    });
    return Object.keys(score).filter(function (i) { return score[i] >= ts.length; })
      .sort(function (a, b) { return score[b] - score[a] || idx.docs[a][0].localeCompare(idx.docs[b][0]); })
      .map(function (i) { var d = idx.docs[i]; return { titel: d[0], href: root + d[1].split("/").map(encodeURIComponent).join("/").replace(/%3A/g, ":"), soort: d[2] }; });
  }
  function toon(q, lijst, bron) {
    uit.textContent = "";
    var h = document.createElement("h2");
    h.textContent = lijst.length + (lijst.length === 1 ? " resultaat" : " resultaten") + " voor ‘" + q + "’";
    uit.appendChild(h);
    var p = document.createElement("p"); p.className = "klein"; p.textContent = bron; uit.appendChild(p);
    if (lijst.length > 50) {
      var m = document.createElement("p"); m.className = "klein"; m.textContent = "De eerste 50 worden getoond."; uit.appendChild(m);
    }
    var ul = document.createElement("ul");
    lijst.slice(0, 50).forEach(function (r) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = r.href; a.textContent = r.titel; li.appendChild(a);
      var s = document.createElement("span"); s.className = "resultaat-soort"; s.textContent = r.soort; li.appendChild(s);
      ul.appendChild(li);
    });
    uit.appendChild(ul);
  }
  /* The static index (a few hundred kB) is fetched only when it is needed: a search from disk. */
  function metIndex(klaar) {
    if (window.ZOEKINDEX) { klaar(); return; }
    var sc = document.createElement("script");
    sc.src = root + "zoeken/index.js";
    sc.onload = klaar;
    sc.onerror = function () { uit.textContent = "De zoekindex van de site kon niet worden geladen."; };
    document.body.appendChild(sc);
  }
  var lokaalBericht = "Gezocht in de beperkte index van deze site (titels en korte teksten); de server van de kennisbank zoekt uitgebreider.";
  if (location.protocol === "file:") {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = document.getElementById("q").value.trim();
      if (!q) return;
      metIndex(function () { toon(q, lokaal(q), lokaalBericht); });
    });
  }
  var start = new URLSearchParams(location.search).get("q");
  if (start && !uit.hasAttribute("data-server")) {
    document.getElementById("q").value = start;
    metIndex(function () { toon(start, lokaal(start), lokaalBericht); });
  }
})();
