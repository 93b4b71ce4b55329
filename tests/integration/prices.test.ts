import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/billing/prices/route";
import { errorBodySchema } from "@/lib/api/error-response";
import { systemDb } from "@/lib/db";
import { DEMO_PRICE_BOOKS } from "@/lib/demo/demo-prices";
import { pricesResponseSchema } from "@/lib/pricing/prices-response";
import { PriceBookRefused, setPriceBook } from "@/lib/pricing/set-price-book";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { parseDocumented } from "../support/documented-response";
import { expectRoleMatrix } from "../support/role-matrix";
import { callRoute } from "../support/session";
import { backend } from "../support/test-database";

beforeAll(() => seedDemoData());

const prices = (workspaceId: string) => `/api/billing/prices?workspaceId=${workspaceId}`;

describe(`GET /api/billing/prices on ${backend}`, () => {
  it("follows the permission table for every role and workspace", async () => {
    await expectRoleMatrix(GET, prices, "usage:view");
  });

  it("gives the book in effect for the current period, with units, as decimal strings", async () => {
    const response = await callRoute(GET, prices("ws_globex"), { as: ACCOUNTS.admin });
    expect(response.status).toBe(200);
    const body = parseDocumented(pricesResponseSchema, await response.json());
    expect(body).toMatchObject({ workspaceId: "ws_globex", currency: "EUR", effectiveFrom: DEMO_PRICE_BOOKS.globex!.effectiveFrom });
    const compute = body.items.find((i) => i.productArea === "compute");
    expect(compute).toEqual({
      productArea: "compute",
      unit: "vCPU-hours",
      includedQuantity: "500",
      tiers: DEMO_PRICE_BOOKS.globex!.items[0]!.tiers,
    });
    const audited = await systemDb().auditEvent.findFirst({
      where: { action: "billing.prices.viewed", workspaceId: "ws_globex" },
      orderBy: { occurredAt: "desc" },
    });
    expect(audited?.actorEmail).toBe(ACCOUNTS.admin);
  });

  it("refuses workspaceId=all with 400 for every caller, however many workspaces it would cover", async () => {
    for (const as of [ACCOUNTS.initechOwner, ACCOUNTS.admin, ACCOUNTS.support]) {
      const response = await callRoute(GET, prices("all"), { as });
      expect([as, response.status]).toEqual([as, 400]);
      const { error } = parseDocumented(errorBodySchema, await response.json());
      expect(error.message).toMatch(/one workspace at a time/);
      expect(error.details).toEqual([{ field: "workspaceId", message: "must name one workspace" }]);
    }
    expect((await callRoute(GET, prices("ws_initech"), { as: ACCOUNTS.initechOwner })).status).toBe(200);
  });

  it("reads one workspace at a time", async () => {
    const response = await callRoute(GET, prices("ws_acme,ws_globex"), { as: ACCOUNTS.admin });
    expect(response.status).toBe(400);
    expect(parseDocumented(errorBodySchema, await response.json()).error.message).toMatch(/one workspace at a time/);
  });
});

describe(`setting price books on ${backend}`, () => {
  const book = (effectiveFrom: string, unitAmount = "0.05") => ({
    currency: "USD",
    effectiveFrom,
    items: [{ productArea: "compute", includedQuantity: "0", tiers: [{ upTo: null, unitAmount }] }],
  });
  const now = new Date("2026-11-22T12:00:00Z");

  it("refuses a non-staff account, another currency, an unknown area, a closed period and a duplicate day", async () => {
    const refusals: [Parameters<typeof setPriceBook>[0], RegExp][] = [
      [{ workspace: "acme", book: book("2026-12-01"), by: ACCOUNTS.admin, now }, /not a staff account/],
      [{ workspace: "acme", book: { ...book("2026-12-01"), currency: "EUR" }, by: ACCOUNTS.support, now }, /bills in USD/],
      [
        {
          workspace: "acme",
          book: { ...book("2026-12-01"), items: [{ ...book("x").items[0]!, productArea: "teleport" }] },
          by: ACCOUNTS.support,
          now,
        },
        /Unknown product areas: teleport/,
      ],
      [{ workspace: "acme", book: book("2026-10-01"), by: ACCOUNTS.support, now }, /period from 2026-10-01 is closed/],
      [
        {
          workspace: "acme",
          book: { ...book("2026-12-01"), items: [{ productArea: "compute", includedQuantity: "0", tiers: [] }] },
          by: ACCOUNTS.support,
          now,
        },
        /Invalid price book/,
      ],
      [{ workspace: "acme", book: book(DEMO_PRICE_BOOKS.acme!.effectiveFrom), by: ACCOUNTS.support, now }, /closed/],
    ];
    for (const [input, message] of refusals) await expect(setPriceBook(input)).rejects.toThrow(message);
    await expect(setPriceBook(refusals[0]![0])).rejects.toBeInstanceOf(PriceBookRefused);
  });

  it("adds a book that prices the next periods, audits it and moves the usage version; --replace replaces it", async () => {
    const version = async () => Number((await systemDb().usageVersion.findUnique({ where: { workspaceId: "ws_initech" } }))?.version ?? 0);
    const before = await version();
    // Mid-period: the first period it prices is the next one (Dec 1), still open on Nov 22.
    await expect(setPriceBook({ workspace: "initech", book: book("2026-11-20"), by: ACCOUNTS.support, now })).resolves.toMatchObject({
      replaced: false,
    });
    await expect(setPriceBook({ workspace: "initech", book: book("2026-11-20"), by: ACCOUNTS.support, now })).rejects.toThrow(/--replace/);
    await expect(
      setPriceBook({ workspace: "ws_initech", book: book("2026-11-20", "0.07"), by: ACCOUNTS.support, replace: true, now }),
    ).resolves.toMatchObject({ replaced: true });
    expect(await version()).toBe(before + 2);
    const books = await systemDb().priceBook.findMany({
      where: { workspaceId: "ws_initech", effectiveFrom: new Date("2026-11-20T00:00:00Z") },
    });
    expect(books).toHaveLength(1);
    expect(books[0]!.items).toEqual(book("x", "0.07").items);
    const changes = await systemDb().auditEvent.findMany({
      where: { action: "billing.prices.changed", workspaceId: "ws_initech" },
      orderBy: { occurredAt: "asc" },
    });
    expect(changes.map((c) => [c.actorEmail, (c.target as { replaced: string | null }).replaced !== null])).toEqual([
      [ACCOUNTS.support, false],
      [ACCOUNTS.support, true],
    ]);
  });
});
