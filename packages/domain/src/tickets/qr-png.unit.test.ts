import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { qrPng } from "./qr-png";

describe("qrPng", () => {
  it("is a PNG that a real decoder (pngjs, then jsQR) reads back as the ticket's code", async () => {
    const code = "tz4a98xxat96iws9zmbrgj3a.0a1b-2c3d-4e5f-6a7b-8c9d-0e1f-2a";
    const png = await qrPng(code);
    const image = PNG.sync.read(Buffer.from(png));
    expect(image.width).toBe(image.height);
    expect(image.width % 8).toBe(0);
    const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(found?.data).toBe(code);
    // Another text gives another image that decodes to itself, not to the first.
    const other = PNG.sync.read(Buffer.from(await qrPng("something else")));
    expect(jsQR(new Uint8ClampedArray(other.data), other.width, other.height)?.data).toBe("something else");
  });
});
