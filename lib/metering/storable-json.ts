// What PostgreSQL can keep of a producer's JSON. Its text types refuse NUL, and jsonb refuses
// "\u0000" and unpaired UTF-16 surrogates: one such character would fail the statement that
// stores a whole request. Events that carry them are refused; refused payloads are cleaned.

/** Text PostgreSQL can store as sent. */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && text.isWellFormed();
}

/** The text with NUL and unpaired surrogates replaced by U+FFFD, cut to at most `max` code units. */
export function storableText(text: string, max = Infinity): string {
  const clean = text.replaceAll("\u0000", "\uFFFD").toWellFormed();
  if (clean.length <= max) return clean;
  // Cutting between the two halves of a pair would leave one unpaired: cut before the pair.
  const cut = clean.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/**
 * Why a parsed JSON value cannot be stored as sent, or null. Iterative, so a deeply nested value
 * is judged without recursion.
 */
export function jsonProblem(value: unknown, maxDepth: number): string | null {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: next, depth } = pending.pop()!;
    if (typeof next === "string") {
      if (!isStorableText(next)) return "contains NUL characters or unpaired surrogates";
    } else if (typeof next === "object" && next !== null) {
      if (depth >= maxDepth) return `is nested more than ${maxDepth} levels deep`;
      for (const [key, child] of Object.entries(next)) {
        if (!isStorableText(key)) return "contains NUL characters or unpaired surrogates";
        pending.push({ value: child, depth: depth + 1 });
      }
    }
  }
  return null;
}

/** A copy PostgreSQL can store: text cleaned, anything nested deeper than `maxDepth` dropped. */
export function storableJson(value: unknown, maxDepth: number): unknown {
  if (typeof value === "string") return storableText(value);
  if (typeof value !== "object" || value === null) return value;
  if (maxDepth <= 0) return "(nested too deeply to keep)";
  if (Array.isArray(value)) return value.map((item) => storableJson(item, maxDepth - 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), storableJson(item, maxDepth - 1)]));
}
