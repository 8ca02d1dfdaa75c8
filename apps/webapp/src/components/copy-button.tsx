"use client";

import { useState, useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * Copies `text` to the clipboard. Progressive enhancement: rendered only in a browser with the Clipboard API (the
 * server renders nothing, so without JavaScript the text beside it is simply selectable).
 */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const available = useSyncExternalStore(
    noSubscription,
    () => typeof navigator !== "undefined" && !!navigator.clipboard,
    () => false,
  );
  const [copied, setCopied] = useState(false);
  if (!available) return null;
  return (
    <button
      type="button"
      onClick={async () => {
        await navigator.clipboard.writeText(text);
        setCopied(true);
      }}
      className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
    >
      {copied ? "Copied" : label}
    </button>
  );
}
