import { encode } from "uqr";

/**
 * A QR code rendered on the server as an SVG path (no script, no image request). Error correction M survives a
 * scratched phone screen; a border of 4 modules is the quiet zone scanners expect.
 */
export function QrCode({ text, label, size = 224 }: { text: string; label: string; size?: number }) {
  const qr = encode(text, { ecc: "M", border: 4 });
  let path = "";
  qr.data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    });
  });
  return (
    <svg
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${qr.size} ${qr.size}`}
      shapeRendering="crispEdges"
      className="rounded-md bg-white"
    >
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
