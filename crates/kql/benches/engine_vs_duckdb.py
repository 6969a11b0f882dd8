"""DuckDB side of the engine_vs_duckdb benchmark: loads the CSVs the Rust bench wrote into
in-memory tables, then prints the best-of-N time of each query as `name<TAB>milliseconds`."""

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
        for _ in range(runs):
            start = time.perf_counter()
            con.execute(q["sql"]).fetchall()
            best = min(best, (time.perf_counter() - start) * 1000.0)
        print(f"{q['name']}\t{best:.3f}")


if __name__ == "__main__":
    main()
