"use client";

import { useEffect, useRef, useState } from "react";

/**
 * True for a moment after `signature` changes (never on first render): what a live update
 * changed is briefly highlighted (`motion-safe:animate-flash`), so a wall screen shows where
 * to look. The class does nothing under prefers-reduced-motion (app/globals.css).
 */
export function useFlashOnChange(signature: string, durationMs = 1600): boolean {
  const seen = useRef(signature);
  const [flashing, setFlashing] = useState(false);
  useEffect(() => {
    if (seen.current === signature) return;
    seen.current = signature;
    setFlashing(true);
    const timer = setTimeout(() => setFlashing(false), durationMs);
    return () => clearTimeout(timer);
  }, [signature, durationMs]);
  return flashing;
}
