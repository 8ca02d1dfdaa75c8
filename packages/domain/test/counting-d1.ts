/**
 * Wraps a D1 binding to count round trips: each statement run (all, first, run, raw) and each batch() is one.
 * Sessions opened with withSession() count into the same total. Used by the round-trip tests, the participants
 * benchmark Worker and the counting wrapper around the built webapp (bench/pages/worker.js).
 */
export function countingD1(binding: D1Database): { db: D1Database; roundTrips: () => number } {
  const trips = { count: 0 };
  const db = {
    ...countedQueries(binding, trips),
    exec: (query: string) => {
      trips.count++;
      return binding.exec(query);
    },
    withSession: (constraintOrBookmark?: string) => {
      const session = binding.withSession(constraintOrBookmark);
      return { ...countedQueries(session, trips), getBookmark: () => session.getBookmark() };
    },
  };
  return { db: db as unknown as D1Database, roundTrips: () => trips.count };
}

function countedQueries(target: D1Database | D1DatabaseSession, trips: { count: number }) {
  return {
    prepare: (query: string) => new CountedStatement(target.prepare(query), trips).asStatement(),
    batch: <T>(statements: D1PreparedStatement[]) => {
      trips.count++;
      return target.batch<T>(statements.map((s) => (s instanceof CountedStatement ? s.real : s)));
    },
  };
}

class CountedStatement {
  constructor(
    readonly real: D1PreparedStatement,
    private readonly trips: { count: number },
  ) {}

  asStatement(): D1PreparedStatement {
    return this as unknown as D1PreparedStatement;
  }

  bind(...values: unknown[]) {
    return new CountedStatement(this.real.bind(...values), this.trips).asStatement();
  }

  all<T>() {
    this.trips.count++;
    return this.real.all<T>();
  }

  first<T>(column?: string) {
    this.trips.count++;
    return column === undefined ? this.real.first<T>() : this.real.first<T>(column);
  }

  run<T>() {
    this.trips.count++;
    return this.real.run<T>();
  }

  raw<T>(options?: { columnNames?: boolean }) {
    this.trips.count++;
    return options?.columnNames ? this.real.raw<T>({ columnNames: true }) : this.real.raw<T>();
  }
}
