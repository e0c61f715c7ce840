import { describe, expect, it } from "vitest";
import { formatPoint, geoUri } from "./location";

describe("a point as text and as a map link", () => {
  it("shows six decimals with a decimal point whatever the locale", () => {
    expect(formatPoint({ latitude: -6.595, longitude: 106.816 })).toBe("-6.595000, 106.816000");
    expect(formatPoint({ latitude: 5.8923456, longitude: 95.3241 })).toBe("5.892346, 95.324100");
  });
  it("links with an RFC 5870 geo: URI, never a map service's address", () => {
    const uri = geoUri({ latitude: -8.49, longitude: 140.4 });
    expect(uri).toBe("geo:-8.490000,140.400000");
    expect(uri).not.toMatch(/^https?:/);
  });
});
