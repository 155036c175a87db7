// The equity map: each region at its point, coloured by the share of its villages that have an
// active PSM (red under 50 %, orange under 80 %, green from 80 %), sized by villages without one.
(function () {
  "use strict";
  function colour(coverage) {
    if (coverage === null || coverage === undefined) return "#888";
    if (coverage < 50) return "#b00020";
    if (coverage < 80) return "#e07b00";
    return "#0b6e4f";
  }
  function start() {
    var element = document.getElementById("map");
    if (!element || !window.L) return;
    var map = L.map(element).setView([-2.5, 118], 5);
    L.tileLayer(element.dataset.tiles, { maxZoom: 18, attribution: element.dataset.attribution }).addTo(map);
    fetch(element.dataset.geojson, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            var p = feature.properties;
            return L.circleMarker(latlng, {
              radius: 5 + Math.min(15, Math.sqrt(p.villages_without || 0)),
              color: colour(p.coverage),
              fillOpacity: 0.6
            });
          },
          onEachFeature: function (feature, marker) {
            var p = feature.properties;
            var box = document.createElement("div");
            var link = document.createElement("a");
            link.href = p.url;
            link.textContent = p.name;
            box.appendChild(link);
            var lines = [
              element.dataset.labelCoverage + ": " + (p.coverage === null ? "—" : p.coverage),
              element.dataset.labelWithout + ": " + p.villages_without
            ];
            lines.forEach(function (text) {
              var line = document.createElement("div");
              line.textContent = text;
              box.appendChild(line);
            });
            marker.bindPopup(box);
          }
        }).addTo(map);
        if (data.features.length) map.fitBounds(layer.getBounds(), { maxZoom: 11, padding: [20, 20] });
      });
  }
  document.addEventListener("DOMContentLoaded", start);
})();
