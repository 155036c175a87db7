// sipsm: the only script besides htmx. No inline scripts (CSP).
(function () {
  "use strict";
  // Region autocomplete: a result button carries data-code and data-label; picking one
  // fills the hidden input of the widget and shows the chosen chain.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-ac-pick]");
    if (!button) return;
    event.preventDefault();
    var widget = button.closest(".autocomplete");
    if (!widget) return;
    widget.querySelector("input[type=hidden]").value = button.dataset.code;
    var search = widget.querySelector("input[type=search]");
    search.value = button.dataset.label;
    var chosen = widget.querySelector(".ac-chosen");
    if (chosen) chosen.textContent = button.dataset.label + " (" + button.dataset.code + ")";
    widget.querySelector(".ac-results").innerHTML = "";
  });
  // "Use my location": fill the hidden lat/lon inputs of the form from the phone's GPS.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-geolocate]");
    if (!button || !navigator.geolocation) return;
    var form = button.closest("form");
    var status = form.querySelector("[data-geolocate-status]");
    navigator.geolocation.getCurrentPosition(function (position) {
      form.querySelector("[name=lat]").value = position.coords.latitude.toFixed(6);
      form.querySelector("[name=lon]").value = position.coords.longitude.toFixed(6);
      if (status) status.textContent = position.coords.latitude.toFixed(5) + ", " + position.coords.longitude.toFixed(5);
    }, function () {
      if (status) status.textContent = "—";
    }, { enableHighAccuracy: true, timeout: 10000 });
  });
  // Forms marked data-geolocate-auto (the on-site check-in) take the position on load.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-geolocate-auto]").forEach(function (form) {
      if (!navigator.geolocation) return;
      var status = form.querySelector("[data-geolocate-status]");
      navigator.geolocation.getCurrentPosition(function (position) {
        form.querySelector("[name=lat]").value = position.coords.latitude.toFixed(6);
        form.querySelector("[name=lon]").value = position.coords.longitude.toFixed(6);
        if (status) status.textContent = position.coords.latitude.toFixed(5) + ", " + position.coords.longitude.toFixed(5);
      }, function () {}, { enableHighAccuracy: true, timeout: 15000 });
    });
  });
  // Requests htmx makes without a user event (polling with hx-trigger="every ...", "load") are
  // marked so that they do not keep an unattended session alive (see accounts/middleware.py).
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.triggeringEvent) event.detail.headers["X-Sipsm-Background"] = "1";
  });
  // Forms and buttons with data-confirm ask before submitting.
  document.addEventListener("submit", function (event) {
    var message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
// On a phone, the member filters start folded so the list is on the first screen.
(function () {
  "use strict";
  if (window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) {
    document.querySelectorAll("details.filter-box").forEach(function (box) { box.open = false; });
  }
})();
// The main menu folds on a phone and stays open on a wide screen.
(function () {
  "use strict";
  var menu = document.querySelector("details.menu");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 60rem)");
  function apply() { menu.open = wide.matches; }
  apply();
  if (wide.addEventListener) wide.addEventListener("change", apply);
})();
