"""DuckDB side of the engine_vs_duckdb benchmark: loads the CSVs the Rust bench wrote into
in-memory tables, then prints the best-of-N time of each query as
`name<TAB>wall milliseconds<TAB>cpu milliseconds` (process CPU time: DuckDB runs on one thread)."""

import json
import sys
import time

import duckdb


def main() -> None:
    data_dir, runs = sys.argv[1], int(sys.argv[2])
    con = duckdb.connect(config={"threads": 1})
    for table in ("SigninLogs", "ThreatIntelligenceIndicator"):
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_csv_auto('{data_dir}/{table}.csv', header=true)"
        )
    with open(f"{data_dir}/queries.json", encoding="utf-8") as f:
        queries = json.load(f)
    for q in queries:
        best = float("inf")
        best_cpu = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            cpu = time.process_time()
            con.execute(q["sql"]).fetchall()
            best_cpu = min(best_cpu, (time.process_time() - cpu) * 1000.0)
            best = min(best, (time.perf_counter() - start) * 1000.0)
        print(f"{q['name']}\t{best:.3f}\t{best_cpu:.3f}")


if __name__ == "__main__":
    main()
