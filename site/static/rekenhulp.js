/* Rekenhulp: stuurt het huishouden als JSON naar POST /v1/berekeningen en toont per regel het bedrag, met het lid
   en de versie van de wettekst. Vanaf schijf geopend (file:) kan dat niet; dan staat er een uitleg. */
(function () {
  "use strict";
  var form = document.getElementById("rekenformulier");
  var algemeen = document.getElementById("formulierfout");
  var uitkomst = document.getElementById("uitkomst");
  var inhoud = document.getElementById("uitkomst-inhoud");
  var VELDEN = {"/peildatum": "peildatum", "/vergelijkPeildatum": "vergelijkPeildatum", "/aanvrager/leeftijd": "leeftijd",
    "/aanvrager/urenPerWeek": "uren", "/aanvrager/nettoUurloon": "uurloon", "/aanvrager/vrijwilligersvergoedingPerMaand": "vrijwilliger",
    "/partner/leeftijd": "partnerLeeftijd", "/kinderen": "kinderen", "/medebewoners": "medebewoners", "/vermogen": "vermogen",
    "/zorgrekening": "zorgrekening", "/toetsingsinkomenJaar": "toetsingsinkomen"};
  if (!/^https?:$/.test(location.protocol)) { document.getElementById("vanaf-schijf").hidden = false; }
  function waarde(id) { return document.getElementById(id).value.trim(); }
  function getal(id) { var v = waarde(id); return v === "" ? "0" : v; }
  function lijst(id) {
    var v = waarde(id); if (!v) return [];
    return v.split(/[,;\s]+/).filter(Boolean).map(function (x) { return /^\d+$/.test(x) ? parseInt(x, 10) : x; });
  }
  function wis() {
    algemeen.hidden = true; algemeen.textContent = "";
    Object.keys(VELDEN).forEach(function (k) {
      var id = VELDEN[k], p = document.getElementById(id + "-fout");
      p.hidden = true; p.textContent = ""; document.getElementById(id).removeAttribute("aria-invalid");
    });
  }
  function veldVan(location) {
    var l = location || "";
    for (var k in VELDEN) { if (l === k || l.indexOf(k + "/") === 0) return VELDEN[k]; }
    return null;
  }
  function el(tag, tekst, cls) { var e = document.createElement(tag); if (tekst != null) e.textContent = tekst; if (cls) e.className = cls; return e; }
  function euro(s) {
    var n = Number(s); var t = Math.abs(n).toFixed(2).split(".");
    return (n < 0 ? "−" : "") + "€ " + t[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".") + "," + t[1];
  }
  function herkomst(p) {
    var span = el("span");
    p.herkomst.forEach(function (h, i) {
      if (i) span.appendChild(document.createTextNode(", "));
      var a = el("a", h.label + (h.geldigVanaf ? " (versie " + h.geldigVanaf + ")" : ""));
      a.href = h.bepaling || h.bron; span.appendChild(a);
    });
    return span;
  }
  function postenTabel(titel, posten) {
    /* three columns, and under every post one row with its provisions and versions: readable on a phone */
    var wrap = el("div", null, "tabel-scroll"), t = el("table", null, "posten"), cap = el("caption", titel);
    t.appendChild(cap);
    var kop = el("tr"); ["Post", "Per maand", "Per jaar"].forEach(function (k) { var th = el("th", k); th.scope = "col"; kop.appendChild(th); });
    var thead = el("thead"); thead.appendChild(kop); t.appendChild(thead);
    var tb = el("tbody");
    posten.forEach(function (p) {
      var tr = el("tr"), th = el("th", p.omschrijving); th.scope = "row"; tr.appendChild(th);
      tr.appendChild(el("td", euro(p.perMaand))); tr.appendChild(el("td", euro(p.perJaar))); tb.appendChild(tr);
      var tr2 = el("tr", null, "herkomst"), td = el("td"); td.colSpan = 3;
      td.appendChild(el("span", "Bepaling en versie: ")); td.appendChild(herkomst(p)); tr2.appendChild(td); tb.appendChild(tr2);
    });
    t.appendChild(tb); wrap.appendChild(t); return wrap;
  }
  function toon(d) {
    inhoud.textContent = "";
    var b = d.berekening;
    inhoud.appendChild(postenTabel("Per regel, peildatum " + b.peildatum, b.posten.concat([b.besteedbaarPerMaand])));
    inhoud.appendChild(postenTabel("Opbouw van de bijstand", b.bijstandOpbouw));
    if (b.meldingen.length) {
      inhoud.appendChild(el("h3", "Niet berekend of let op"));
      var ul = el("ul"); b.meldingen.forEach(function (m) { ul.appendChild(el("li", m)); }); inhoud.appendChild(ul);
    }
    if (d.vergelijking) {
      var v = d.vergelijking;
      inhoud.appendChild(el("h3", "Wat er verandert van " + v.van + " naar " + v.naar));
      var ul2 = el("ul");
      v.posten.forEach(function (r) {
        if (r.verschil === "0.00" && !r.waarom.length) return;
        var waarom = r.waarom.map(function (w) { return w.label + (w.van && w.naar ? ": andere versie van de tekst" : ""); }).join("; ");
        ul2.appendChild(el("li", r.omschrijving + ": " + euro(r.van || 0) + " → " + euro(r.naar || 0) + " (" + (waarom || "zelfde tekst") + ")"));
      });
      inhoud.appendChild(ul2);
    }
    d.scenarios.forEach(function (s) {
      inhoud.appendChild(el("h3", s.titel)); inhoud.appendChild(el("p", s.uitleg));
      var wrap = el("div", null, "tabel-scroll"), t = el("table"); t.appendChild(el("caption", s.titel));
      var kop = el("tr"); s.kolommen.forEach(function (k) { var th = el("th", k); th.scope = "col"; kop.appendChild(th); });
      var thead = el("thead"); thead.appendChild(kop); t.appendChild(thead);
      var tb = el("tbody");
      s.rijen.forEach(function (r) { var tr = el("tr"); r.forEach(function (x, i) { var c = el(i ? "td" : "th", x); if (!i) c.scope = "row"; tr.appendChild(c); }); tb.appendChild(tr); });
      t.appendChild(tb); wrap.appendChild(t); inhoud.appendChild(wrap);
      var fig = el("figure", null, "grafiek");
      fig.innerHTML = s.svg; /* server-side SVG: every text in it is escaped by the server */
      inhoud.appendChild(fig);
    });
    uitkomst.hidden = false; uitkomst.focus();
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault(); wis();
    if (!/^https?:$/.test(location.protocol)) {
      algemeen.textContent = "Rekenen kan alleen als deze site via de server van de kennisbank wordt geopend.";
      algemeen.hidden = false; algemeen.focus(); return;
    }
    var body = {
      peildatum: waarde("peildatum"),
      aanvrager: {leeftijd: Number(getal("leeftijd")), pensioengerechtigd: document.getElementById("pensioengerechtigd").checked,
                  urenPerWeek: getal("uren"), nettoUurloon: getal("uurloon"), vrijwilligersvergoedingPerMaand: getal("vrijwilliger")},
      kinderen: lijst("kinderen"),
      medebewoners: lijst("medebewoners").map(function (x) { return {leeftijd: x}; }),
      vermogen: getal("vermogen"), zorgrekening: getal("zorgrekening"),
      scenarios: Array.prototype.map.call(form.querySelectorAll('input[name="scenarios"]:checked'), function (c) { return c.value; })
    };
    if (waarde("toetsingsinkomen")) body.toetsingsinkomenJaar = waarde("toetsingsinkomen");
    if (waarde("vergelijkPeildatum")) body.vergelijkPeildatum = waarde("vergelijkPeildatum");
    if (document.getElementById("heeftPartner").checked) body.partner = {leeftijd: Number(getal("partnerLeeftijd"))};
    fetch("/v1/berekeningen", {method: "POST", headers: {"Content-Type": "application/json", "Accept": "application/json"},
                               body: JSON.stringify(body)})
      .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, j: j}; }); })
      .then(function (x) {
        if (x.ok) { toon(x.j); return; }
        var rest = [];
        (x.j.errors || []).forEach(function (f) {
          var veld = veldVan(f.location);
          if (veld) { var p = document.getElementById(veld + "-fout"); p.textContent = (p.textContent ? p.textContent + " " : "") + f.detail;
                      p.hidden = false; document.getElementById(veld).setAttribute("aria-invalid", "true"); }
          else rest.push((f.location || "") + ": " + f.detail);
        });
        algemeen.textContent = (x.j.detail || "De berekening is niet gelukt.") + (rest.length ? " " + rest.join(" ") : "");
        algemeen.hidden = false; algemeen.focus();
      })
      .catch(function () { algemeen.textContent = "De server van de kennisbank is niet bereikbaar."; algemeen.hidden = false; algemeen.focus(); });
  });
})();
