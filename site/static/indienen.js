/* Indienen: stuurt het formulier als JSON naar POST /v1/praktijkvoorbeelden en toont fouten bij het veld. */
(function () {
  "use strict";
  var form = document.getElementById("indienformulier");
  var algemeen = document.getElementById("formulierfout");
  var VELDEN = ["token", "titel", "beschrijving", "domeinen", "regels"];
  var bezig = false;
  // one key per filled-in form: a second click, or a retry after a lost answer, gives the first answer back
  // (Idempotency-Key) instead of a second submission
  function nieuweSleutel() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }
  var sleutel = nieuweSleutel();
  function verwijzing(v) {
    var waar = [v.regelingNaam || v.regeling, v.artikel ? "artikel " + v.artikel : "", v.lid ? "lid " + v.lid : "",
                v.onderdeel ? "onderdeel " + v.onderdeel : ""].filter(Boolean).join(", ");
    return waar + (v.artikelTitel ? " (" + v.artikelTitel + ")" : "") + (v.tekst ? " — u schreef ‘" + v.tekst + "’" : "");
  }
  function veldVan(location, inWaar) {
    if (inWaar === "header" || /authorization/i.test(location || "")) return "token";
    var m = /^\/([a-z]+)/.exec(location || "");
    return m && VELDEN.indexOf(m[1]) >= 0 ? m[1] : null;
  }
  function wis() {
    algemeen.hidden = true; algemeen.textContent = "";
    VELDEN.forEach(function (v) {
      var p = document.getElementById(v + "-fout"); p.hidden = true; p.textContent = "";
      var el = document.getElementById(v); if (el) el.removeAttribute("aria-invalid");
    });
  }
  function fout(veld, tekst) {
    var p = document.getElementById(veld + "-fout");
    p.textContent = (p.textContent ? p.textContent + " " : "") + tekst; p.hidden = false;
    var el = document.getElementById(veld); if (el) el.setAttribute("aria-invalid", "true");
  }
  function lijst(id, items, tekst) {
    var ul = document.getElementById(id); ul.textContent = "";
    if (!items.length) { var li0 = document.createElement("li"); li0.textContent = "Geen."; ul.appendChild(li0); }
    items.forEach(function (x) { var li = document.createElement("li"); li.textContent = tekst(x); ul.appendChild(li); });
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (bezig) return;
    wis();
    if (!/^https?:$/.test(location.protocol)) {
      algemeen.textContent = "Indienen kan alleen als deze site via de server van de kennisbank wordt geopend.";
      algemeen.hidden = false; algemeen.focus(); return;
    }
    var token = document.getElementById("token").value.trim();
    var body = {
      titel: document.getElementById("titel").value,
      beschrijving: document.getElementById("beschrijving").value,
      domeinen: Array.prototype.map.call(form.querySelectorAll('input[name="domeinen"]:checked'), function (c) { return c.value; })
    };
    var regels = document.getElementById("regels").value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
    if (regels.length) body.regels = regels;
    var lokaal = false;
    if (!token) { fout("token", "Vul de toegangscode van uw wijkteam in."); lokaal = true; }
    if (!body.titel.trim()) { fout("titel", "Vul een titel in."); lokaal = true; }
    if (!body.beschrijving.trim()) { fout("beschrijving", "Vul een beschrijving in."); lokaal = true; }
    if (lokaal) { algemeen.textContent = "Het formulier is nog niet compleet."; algemeen.hidden = false; algemeen.focus(); return; }
    bezig = true;
    fetch("/v1/praktijkvoorbeelden", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: "Bearer " + token,
                 "Idempotency-Key": sleutel },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { status: r.status, data: data }; });
    }).then(function (res) {
      bezig = false;
      if (res.status === 409 && res.data.errors && res.data.errors.some(function (f) { return f.in === "header"; })) {
        sleutel = nieuweSleutel();  // the form changed after an earlier send: this is a new submission
        form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
        return;
      }
      if (res.status === 201 || res.status === 200) {
        form.hidden = true;
        var sec = document.getElementById("resultaat");
        document.getElementById("resultaat-tekst").textContent = "Uw praktijkvoorbeeld is ontvangen (kenmerk " + res.data.id +
          "). Een projectleider beoordeelt het; pas daarna wordt het openbaar.";
        var gezien = {};
        lijst("herkend", (res.data.herkendeVerwijzingen || []).filter(function (v) {
          var dubbel = gezien[v.iri]; gezien[v.iri] = true; return !dubbel;
        }), verwijzing);
        var niet = res.data.onopgelosteVerwijzingen || [];
        lijst("niet-gevonden", niet, function (v) {
          return "‘" + v.tekst + "’: niet gevonden" + (typeof v.positie === "number" ? " (in de beschrijving, op positie " + v.positie + ")" : "") + ". " + (v.reden || "");
        });
        document.getElementById("niet-gevonden-blok").hidden = !niet.length;
        lijst("vergelijkbaar", res.data.vergelijkbareKnelpunten || [], function (k) { return k.titel || k.id; });
        sec.hidden = false; sec.scrollIntoView(); sec.focus();
        return;
      }
      var errors = res.data.errors || [];
      errors.forEach(function (f) { var v = veldVan(f.location, f.in); if (v) fout(v, f.detail); });
      if (res.status === 401 || res.status === 403) fout("token", res.data.detail || "Deze toegangscode is niet geldig.");
      var los = errors.filter(function (f) { return !veldVan(f.location, f.in); }).map(function (f) { return f.detail; });
      algemeen.textContent = (res.data.detail || res.data.title || "De inzending is niet opgeslagen.") + (los.length ? " " + los.join(" ") : "");
      algemeen.hidden = false; algemeen.focus();
    }).catch(function () {
      bezig = false;
      algemeen.textContent = "De server is niet bereikbaar. Probeer het later opnieuw."; algemeen.hidden = false; algemeen.focus();
    });
  });
})();
