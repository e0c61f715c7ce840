// A point on the earth as the console shows it: a visit's location, a citizen
// objection's house. Plain text and a `geo:` link (RFC 5870), which the device
// hands to its own map app: the page loads no map tiles (its CSP allows images
// from its own origin only) and sends the location of a house, personal data,
// to no map service of its own accord.

export interface Point {
  latitude: number;
  longitude: number;
}

/** "-6.595000, 106.816000": WGS84 degrees with a decimal point, as GPS apps show them. */
export function formatPoint(p: Point): string {
  return `${p.latitude.toFixed(6)}, ${p.longitude.toFixed(6)}`;
}

/** "geo:-6.595000,106.816000" (RFC 5870, WGS84). */
export function geoUri(p: Point): string {
  return `geo:${p.latitude.toFixed(6)},${p.longitude.toFixed(6)}`;
}
