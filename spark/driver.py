"""PySpark driver for corroborate: runs the pipeline's stages with RDD.pipe.

Usage:
    spark-submit spark/driver.py --bin PATH/TO/corroborate --out DIR \
        [--config config.toml] [--master local[2]] [--partitions N] [INPUT ...]

Each stage is `corroborate stage NAME`, a filter from JSON lines to JSON lines
(see ARCHITECTURE.md, "Stage records"). Ingest runs as one partition (it settles
duplicate ids); normalize, extract and sign run on N partitions; cluster and score
run as one partition in this driver (sharding cluster by LSH band key and score by
claim key is the next step for data that does not fit one executor); report
writes the output files. Stages sort their input by report id, so the result is
independent of partitioning and equals `corroborate run` byte for byte (except
the `run` object of report.json).
"""

import argparse
import os
import shlex
import sys

from pyspark import SparkConf, SparkContext


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="the corroborate binary")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--config", default="config.toml")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=2)
    ap.add_argument("inputs", nargs="*", help="files or folders; default: the config's corpus")
    a = ap.parse_args(argv)

    binary = os.path.abspath(a.bin)
    config = os.path.abspath(a.config)
    out = os.path.abspath(a.out)
    base = os.path.dirname(config)
    if a.inputs:
        inputs = [os.path.abspath(p) for p in a.inputs]
    else:
        # The config's corpus, resolved against the config's folder (as `run` does).
        import tomllib

        with open(config, "rb") as f:
            corpus = tomllib.load(f).get("input", {}).get(
                "corpus", ["corpora/reports/kachin-2024-05"]
            )
        inputs = [os.path.join(base, p) for p in corpus]

    def cmd(stage, *extra):
        return " ".join(
            shlex.quote(x) for x in [binary, "stage", stage, "--config", config, *extra]
        )

    conf = SparkConf().setMaster(a.master).setAppName("corroborate")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        # RDD.pipe runs each command through a shell-free split; paths are quoted above
        # and must not contain spaces for Spark's own tokenizer.
        ingested = sc.parallelize(inputs, 1).pipe(cmd("ingest"), env={"RAYON_NUM_THREADS": "1"})
        per_report = ingested.repartition(a.partitions)
        for stage in ("normalize", "extract", "sign"):
            per_report = per_report.pipe(cmd(stage), env={"RAYON_NUM_THREADS": "1"})
        clustered = per_report.coalesce(1).pipe(cmd("cluster"))
        scored = clustered.pipe(cmd("score"))
        left = scored.coalesce(1).pipe(cmd("report", "--out", out)).collect()
        if left:
            print("report stage printed unexpected records", file=sys.stderr)
            return 1
    finally:
        sc.stop()
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
