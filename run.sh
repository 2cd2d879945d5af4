#!/usr/bin/env bash
# Runs the examples on the seed networks (examples/networks/): the Rust summariser, checker and router,
# then the same through the Python binding.
set -euo pipefail
cd "$(dirname "$0")"

scripts/setup.sh python

echo "==== Rust: cargo run --release -p parcours-examples --bin summarise ===="
cargo run --quiet --release -p parcours-examples --bin summarise

echo
echo "==== Rust: check every seed network (diagnostics P0xx) ===="
cargo run --quiet --release -p parcours-examples --bin check_seeds

echo
echo "==== Rust: route a few cases on each seed network (examples/cases/) ===="
cargo run --quiet --release -p parcours-examples --bin route_seeds

cargo build --quiet --release -p parcours-cli
# The binary cargo just built, wherever CARGO_TARGET_DIR puts it.
parcours=${CARGO_TARGET_DIR:-target}/release/parcours

echo
echo "==== CLI: coverage of the Sud Haut-Marnais communes for recourse surgery (who travels > 80 km?) ===="
$parcours coverage examples/networks/sud-haut-marnais.json examples/origins/sud-haut-marnais.csv \
  --filiere chirurgie --level recours --date 2018-01-01

echo
echo "==== CLI: coverage of the Lille-South communes for level-3 maternity (HPSM) ===="
$parcours coverage examples/networks/hpsm.json examples/origins/lille-sud.csv \
  --filiere maternite --level 3 --date 2020-01-01 --bands 10,20,30 --threshold 30

echo
echo "==== CLI: every commune of Haute-Marne (real INSEE codes and populations) for surgery, before the surgery GCS ===="
$parcours coverage examples/networks/sud-haut-marnais.json --communes examples/reference/communes.csv \
  --departement 52 --filiere chirurgie --level reference --date 2017-09-15 | grep -E '^(coverage:|id |52121 |52269 |52060 |52448 )|origins|within|beyond'

echo
echo "==== CLI: the same once the surgery GCS runs (2017-10-01): residents around Langres reach its partner ===="
$parcours coverage examples/networks/sud-haut-marnais.json --communes examples/reference/communes.csv \
  --departement 52 --filiere chirurgie --level reference --date 2018-01-01 | grep -E '^(coverage:|id |52121 |52269 |52060 |52448 )|origins|within|beyond'

echo
echo "==== CLI: recourse surgery for every Haute-Marne commune: who is beyond 80 km of CHU Dijon? ===="
$parcours coverage examples/networks/sud-haut-marnais.json --communes examples/reference/communes.csv \
  --departement 52 --filiere chirurgie --level recours --date 2018-01-01 | grep -E 'origins|within|beyond'

echo
echo "==== CLI: what if the Sud Haut-Marnais surgery GCS had not been created? ===="
$parcours diff examples/networks/sud-haut-marnais.json \
  --changes examples/analysis/sud-haut-marnais-without-surgery-gcs.json \
  examples/analysis/sud-haut-marnais-surgery-stays.csv

echo
echo "==== Python: examples/python/summarise.py ===="
scripts/build-python.sh
.venv/bin/python examples/python/summarise.py

echo
echo "==== Python: examples/python/analyst.py (surgery stays before/after the GCS; chart in out/) ===="
MPLBACKEND=Agg .venv/bin/python examples/python/analyst.py

echo
echo "==== Python: examples/python/coverage_map.py (every Haute-Marne commune, with and without the surgery GCS; map in out/) ===="
.venv/bin/python examples/python/coverage_map.py

scripts/setup.sh scale

echo
echo "==== Python: examples/python/residents.py (stays by commune of residence, no join written by hand) ===="
.venv/bin/python examples/python/residents.py

echo
echo "==== Python: examples/python/scale_spark.py (2 M synthetic stays on Spark local[2], what-if per territory) ===="
.venv/bin/python examples/python/scale_spark.py

echo
echo "==== Python: examples/python/scale_dask.py (2 M synthetic stays on a Dask LocalCluster of 2 processes) ===="
.venv/bin/python examples/python/scale_dask.py

echo
echo "==== Python: examples/python/scale_duckdb.py (scale_duckdb.sql on Parquet files of 2 M synthetic stays) ===="
.venv/bin/python examples/python/scale_duckdb.py
