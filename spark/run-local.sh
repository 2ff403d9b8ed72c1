#!/usr/bin/env bash
# Runs the default corpus through Spark (local[2]) and through `corroborate run`,
# and checks that the outputs are identical (report.json without its `run` object).
# Needs Java 17 and Python 3.11; installs PySpark into a virtualenv on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${SPARK_VENV:-target/spark-venv}
case "$venv" in /*) ;; *) venv="$PWD/$venv" ;; esac
if [ ! -x "$venv/bin/spark-submit" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "pyspark==3.5.9"
fi
export PATH="$venv/bin:$PATH" PYSPARK_PYTHON="$venv/bin/python"
export SPARK_HOME=$("$venv/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$venv/bin/spark-submit" --master 'local[2]' spark/driver.py \
    --bin target/release/corroborate --config config.toml --out "$work/spark" "$@"
target/release/corroborate run --quiet --out "$work/run" "$@"
status=0
for f in claims.csv clusters.csv mentions.csv rejected.csv report.md report.html acled.csv; do
    if cmp -s "$work/spark/$f" "$work/run/$f"; then echo "same: $f"; else echo "DIFFERENT: $f"; status=1; fi
done
python3 - "$work" <<'PY' || status=1
import json, sys
w = sys.argv[1]
a, b = (json.load(open(f"{w}/{d}/report.json")) for d in ("spark", "run"))
a.pop("run"); b.pop("run")
print("same: report.json (without run)" if a == b else "DIFFERENT: report.json")
sys.exit(0 if a == b else 1)
PY
exit $status
