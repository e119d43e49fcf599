// Find local help's map (S7): the results of a search as markers over Minnesota's county outlines.
// Everything it draws comes from the portal (the vendored Leaflet and the Census Bureau's counties,
// static/vendor), so it works offline; tiles only when the page names a tile server. The list of
// results stays the page's content: the map repeats it, and without JavaScript it is not shown.
(function () {
  if (typeof L === "undefined" || typeof topojson === "undefined") {
    return;
  }
  var MINNESOTA = L.latLngBounds([43.5, -97.24], [49.38, -89.49]);
  var MINNESOTA_FIPS = "27";
  var METERS_PER_MILE = 1609.344;
  var outlines = {};
  var map = null;
  var served = null;  // the map element's attributes as the server sent them

  // The county outlines, fetched once per page for every search after it.
  function countiesFrom(url) {
    if (!outlines[url]) {
      outlines[url] = fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(url + " answered " + response.status); }
          return response.json();
        })
        .then(function (atlas) {
          var counties = topojson.feature(atlas, atlas.objects.counties);
          counties.features = counties.features.filter(function (county) {
            return String(county.id).indexOf(MINNESOTA_FIPS) === 0;
          });
          return counties;
        });
    }
    return outlines[url];
  }

  // Listings are placed at their ZIP code's centre, so several can share a point: one marker
  // each place, naming everyone there.
  function places(element) {
    var byPoint = {};
    var list = [];
    var results = element.closest("#directory-results") || document;
    results.querySelectorAll(".directory-result[data-lat][data-lon]").forEach(function (item) {
      var lat = parseFloat(item.getAttribute("data-lat"));
      var lon = parseFloat(item.getAttribute("data-lon"));
      if (isNaN(lat) || isNaN(lon)) { return; }
      var key = lat + "," + lon;
      if (!byPoint[key]) {
        byPoint[key] = { latLng: L.latLng(lat, lon), listings: [] };
        list.push(byPoint[key]);
      }
      byPoint[key].listings.push({
        name: item.getAttribute("data-name"),
        href: item.getAttribute("data-href")
      });
    });
    return list;
  }

  // Links built as elements, never as HTML: names are what assisters typed.
  function popupFor(listings) {
    var ul = document.createElement("ul");
    ul.className = "usa-list usa-list--unstyled";
    listings.forEach(function (listing) {
      var link = document.createElement("a");
      link.className = "usa-link";
      link.href = listing.href;
      link.textContent = listing.name;
      ul.appendChild(document.createElement("li")).appendChild(link);
    });
    return ul;
  }

  // The words the map writes come from the page, which has them in its language (a static file
  // can't translate): data-label-* attributes of the map element.
  function label(element, name, fallback) {
    return element.getAttribute("data-label-" + name) || fallback;
  }

  function markerName(element, listings) {
    var names = listings.map(function (listing) { return listing.name; });
    if (names.length === 1) { return names[0]; }
    return label(element, "several", "{count} listings here: {names}")
      .replace("{count}", String(names.length))
      .replace("{names}", names.join(", "));
  }

  function searchCircle(element) {
    var lat = parseFloat(element.getAttribute("data-center-lat"));
    var lon = parseFloat(element.getAttribute("data-center-lon"));
    var miles = parseFloat(element.getAttribute("data-radius-miles"));
    if (isNaN(lat) || isNaN(lon) || isNaN(miles)) { return null; }
    return L.circle([lat, lon], {
      radius: miles * METERS_PER_MILE, interactive: false,
      color: "#005ea2", weight: 2, fillOpacity: 0.05
    });
  }

  function drawMap(element) {
    var tileUrl = element.getAttribute("data-tile-url");
    var created = L.map(element, {
      keyboard: true, scrollWheelZoom: false, attributionControl: Boolean(tileUrl), zoomSnap: 0.25,
      zoomControl: false
    });
    L.control.zoom({
      zoomInTitle: label(element, "zoom-in", "Zoom in"),
      zoomOutTitle: label(element, "zoom-out", "Zoom out")
    }).addTo(created);
    // Leaflet names its popups' close button in English only.
    created.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", label(element, "close", "Close popup")); }
    });
    var circle = searchCircle(element);
    created.fitBounds(circle ? circle.getLatLng().toBounds(2 * circle.getRadius()) : MINNESOTA);
    if (tileUrl) {
      // Leaflet's own credit has an English title; the link alone reads in any language.
      created.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
      L.tileLayer(tileUrl, { attribution: element.getAttribute("data-tile-attribution") || "" })
        .addTo(created);
    }
    if (circle) { circle.addTo(created); }
    places(element).forEach(function (place) {
      // Leaflet's marker is an image with a name (alt) that takes focus and opens its popup
      // with Enter; its icons are vendored beside leaflet.css.
      L.marker(place.latLng, { alt: markerName(element, place.listings), keyboard: true })
        .bindPopup(popupFor(place.listings))
        .addTo(created);
    });
    countiesFrom(element.getAttribute("data-counties-url")).then(function (counties) {
      if (map !== created) { return; }
      L.geoJSON(counties, {
        interactive: false,
        style: {
          color: "#71767a", weight: 1, fillColor: "#f0f0f0", fillOpacity: tileUrl ? 0 : 1
        }
      }).addTo(created).bringToBack();
    }).catch(function () {
      // Without the outlines the markers and the list still say where everyone is.
    });
    return created;
  }

  function attributesOf(element) {
    var attributes = {};
    element.getAttributeNames().forEach(function (name) {
      attributes[name] = element.getAttribute(name);
    });
    return attributes;
  }

  // Put the element back as the server sent it: htmx copies an element's style and class onto
  // its successor of the same id while settling, and keeps the page in its history for Back;
  // Leaflet's inline styles there would break the CSP (style-src 'self') and a dead map return.
  function takeDown() {
    if (!map) { return; }
    var element = map.getContainer();
    map.remove();
    map = null;
    element.getAttributeNames().forEach(function (name) {
      if (!(name in served)) { element.removeAttribute(name); }
    });
    Object.keys(served).forEach(function (name) { element.setAttribute(name, served[name]); });
  }

  function render() {
    var element = document.getElementById("directory-map");
    if (map && map.getContainer() === element) { return; }
    takeDown();
    if (element) {
      served = attributesOf(element);
      map = drawMap(element);
    }
  }

  // Each search swaps the results, map element included: the old map goes first.
  document.body.addEventListener("htmx:beforeSwap", takeDown);
  document.body.addEventListener("htmx:beforeHistorySave", takeDown);
  document.body.addEventListener("htmx:afterSettle", render);
  document.body.addEventListener("htmx:historyRestore", render);
  render();
})();
