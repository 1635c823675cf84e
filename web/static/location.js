/* "Gunakan lokasi saya" on the complaint form: the device's position into the hidden
   latitude and longitude fields, shown to the citizen, who may remove it again.
   An enhancement: without script, without GPS or when refused, the form files without it. */
(function () {
  "use strict";
  var OPTIONS = { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 };

  // The button stays hidden where it could not work (no script, no geolocation).
  function reveal(root) {
    if (!("geolocation" in navigator)) { return; }
    (root && root.querySelectorAll ? root : document).querySelectorAll("[data-locate]")
      .forEach(function (button) { button.hidden = false; });
  }

  function parts(button) {
    var box = button.closest("[data-location]");
    return {
      form: button.form, box: box,
      result: box.querySelector("[data-locate-result]"),
      clear: box.querySelector("[data-locate-clear]"),
      locate: box.querySelector("[data-locate]")
    };
  }

  function fill(p, latitude, longitude) {
    p.form.elements.latitude.value = latitude;
    p.form.elements.longitude.value = longitude;
    p.clear.hidden = latitude === "";
  }

  function locate(p) {
    var button = p.locate;
    p.result.textContent = button.dataset.waiting;
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      var latitude = position.coords.latitude.toFixed(6), longitude = position.coords.longitude.toFixed(6);
      fill(p, latitude, longitude);
      p.result.textContent = button.dataset.found.replace("{place}", latitude + ", " + longitude);
      button.disabled = false;
    }, function () {
      p.result.textContent = button.dataset.failed;
      button.disabled = false;
    }, OPTIONS);
  }

  // Delegated: the form may arrive later in a boosted page swap.
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-locate], [data-locate-clear]") : null;
    if (!target || !target.closest("[data-location]")) { return; }
    event.preventDefault();
    var p = parts(target);
    if (target.hasAttribute("data-locate")) { locate(p); return; }
    fill(p, "", "");
    p.result.textContent = "";
  });

  document.addEventListener("htmx:load", function (event) { reveal(event.detail.elt); });
  reveal(document);
})();
