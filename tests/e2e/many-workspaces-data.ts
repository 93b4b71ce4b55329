// The account of the many-workspaces end-to-end database (tests/e2e/many-workspaces-seed.ts).
const CITIES = ["Lisbon", "Oslo", "Porto", "Quito", "Riga", "Sofia", "Tokyo", "Vienna"];

export const MANY_WORKSPACES = {
  email: "many@example.com",
  name: "Manny Many",
  // 64 workspaces "Lisbon 01" … "Vienna 08": ADMIN of all but the 8 "… 08", where MEMBER
  // (no usage:view). With acme: 65 visible, 57 with usage:view.
  workspaces: CITIES.flatMap((city) =>
    Array.from({ length: 8 }, (_, i) => ({
      slug: `${city.toLowerCase()}-0${i + 1}`,
      name: `${city} 0${i + 1}`,
      role: i === 7 ? ("MEMBER" as const) : ("ADMIN" as const),
    })),
  ),
};
