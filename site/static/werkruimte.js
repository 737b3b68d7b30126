/* Werkruimte: a form that must be sent once (class "eenmalig") is not sent again while the first send is under
   way. The server prevents duplicates anyway (a one-time key in the form); this only saves a wasted click. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form.eenmalig"), function (form) {
    form.addEventListener("submit", function (e) {
      if (form.dataset.verstuurd) { e.preventDefault(); return; }
      form.dataset.verstuurd = "1";
      Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) { b.setAttribute("aria-disabled", "true"); });
    });
  });
})();
