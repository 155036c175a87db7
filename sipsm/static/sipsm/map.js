// The incident map: Leaflet with the GeoJSON of the page's data-geojson URL.
(function () {
  "use strict";
  function start() {
    var element = document.getElementById("map");
    if (!element || !window.L) return;
    var map = L.map(element).setView([-2.5, 118], 5);
    L.tileLayer(element.dataset.tiles, { maxZoom: 18, attribution: element.dataset.attribution }).addTo(map);
    var colours = { incident: "#b00020", village: "#e07b00", responder: "#0b6e4f", responders: "#3c8d2f", shelter: "#1f5fa8" };
    fetch(element.dataset.geojson, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            var kind = feature.properties.kind;
            return L.circleMarker(latlng, {
              radius: kind === "incident" ? 8 : (kind === "responders" ? 6 : 4),
              color: colours[kind] || "#333",
              fillOpacity: 0.7
            });
          },
          onEachFeature: function (feature, marker) {
            var p = feature.properties;
            var text = document.createElement("div");
            if (p.url) {
              var link = document.createElement("a");
              link.href = p.url;
              link.textContent = p.title;
              text.appendChild(link);
              text.appendChild(document.createTextNode(" — " + p.type + " (" + p.status + ")"));
            } else {
              text.textContent = p.name || "";
            }
            marker.bindPopup(text);
          }
        }).addTo(map);
        if (data.features.length) map.fitBounds(layer.getBounds(), { maxZoom: 13, padding: [20, 20] });
      });
  }
  document.addEventListener("DOMContentLoaded", start);
})();
