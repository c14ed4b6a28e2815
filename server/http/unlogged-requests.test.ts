import { afterEach, describe, expect, it, vi } from "vitest";
import { UnloggedRequests } from "./unlogged-requests";

afterEach(() => vi.useRealTimers());

describe("requests that are not stored in the delivery log (issue 22, item 1)", () => {
  it("are logged as one line per window, however many arrive", () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const unlogged = new UnloggedRequests((line) => lines.push(line), 60_000);
    for (let i = 0; i < 6101; i++) unlogged.add();
    expect(lines).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[api\] 6101 requests in 60 s named no known project/);
    vi.advanceTimersByTime(120_000);
    expect(lines).toHaveLength(1);
    unlogged.add();
    vi.advanceTimersByTime(60_000);
    expect(lines.at(-1)).toMatch(/^\[api\] 1 request in 60 s/);
  });
});
