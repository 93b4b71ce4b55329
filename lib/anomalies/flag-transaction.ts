// How long the detection job's flag writes may wait for a connection and take. Prisma's defaults
// (2 s and 5 s) were exceeded under sustained load (64 concurrent clients), so flags stopped being
// raised exactly when the system was busy. The writes are few and set-based; these bounds only
// keep a stuck database from holding a transaction forever.
export const FLAG_WRITE_TRANSACTION = { maxWait: 10_000, timeout: 60_000 } as const;
