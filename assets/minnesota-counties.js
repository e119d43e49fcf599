// Cuts us-atlas's counties-10m.json (every US county, the Census Bureau's boundaries as TopoJSON)
// down to Minnesota's counties (ids starting with the state's FIPS code, 27), keeping only the
// arcs they use, so the map downloads Minnesota's outlines and not the whole country's.
//   node assets/minnesota-counties.js <counties-10m.json> <out.json>
"use strict";
const fs = require("fs");

const MINNESOTA_FIPS = "27";
const [source, target] = process.argv.slice(2);
const atlas = JSON.parse(fs.readFileSync(source, "utf8"));
const counties = atlas.objects.counties.geometries.filter((g) => g.id.startsWith(MINNESOTA_FIPS));

// An arc index i < 0 means arc ~i reversed (the TopoJSON specification).
const kept = new Map();
const renumber = (i) => {
  const arc = i < 0 ? ~i : i;
  if (!kept.has(arc)) kept.set(arc, kept.size);
  return i < 0 ? ~kept.get(arc) : kept.get(arc);
};
const rings = (polygon) => polygon.map((ring) => ring.map(renumber));
for (const g of counties) {
  g.arcs = g.type === "Polygon" ? rings(g.arcs) : g.arcs.map(rings);
}
const arcs = [];
for (const [arc, index] of kept) arcs[index] = atlas.arcs[arc];

fs.writeFileSync(
  target,
  JSON.stringify({
    type: "Topology",
    transform: atlas.transform,
    objects: { counties: { type: "GeometryCollection", geometries: counties } },
    arcs,
  }),
);
console.log(`${target}: ${counties.length} Minnesota counties, ${arcs.length} arcs`);
