#!/usr/bin/python3
"""The seed's script over a list of remote inputs, for bench/remote.py.

The seed's script takes a directory and globs it, which a URL cannot be; this
runs the seed's own init_gdal_worker and process_raster (imported from the
script, unchanged) in the seed's multiprocessing.Pool pattern over the URLs
of a list, with the seed's documented remote advice in the initializer:
"If processing remote data, set VSI_CACHE=TRUE and GDAL_CACHEMAX=256".
--allowed-extensions adds CPL_VSIL_CURL_ALLOWED_EXTENSIONS=.tif, which stops
GDAL's per-sidecar HEAD probes (an expert's tuning, not the seed's advice).

usage: seed_remote.py --seed SEED_SCRIPT LIST OUT_DIR [--workers N]
                      [--allowed-extensions]
"""
import argparse
import importlib
import logging
import os
import sys
from multiprocessing import Pool, cpu_count, set_start_method


def init_remote_worker(seed_dir, allowed):
    sys.path.insert(0, seed_dir)
    seed = importlib.import_module("seed_batch_warp")
    seed.init_gdal_worker()
    os.environ["VSI_CACHE"] = "TRUE"
    os.environ["GDAL_CACHEMAX"] = "256"
    if allowed:
        os.environ["CPL_VSIL_CURL_ALLOWED_EXTENSIONS"] = ".tif"


def process(args_tuple):
    return importlib.import_module("seed_batch_warp").process_raster(
        args_tuple)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", required=True)
    ap.add_argument("list")
    ap.add_argument("output_dir")
    ap.add_argument("--crs", default="EPSG:4326")
    ap.add_argument("--workers", type=int, default=cpu_count())
    ap.add_argument("--allowed-extensions", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(args.seed):
        sys.exit("seed_remote.py: the seed's script %s is missing" % args.seed)
    seed_dir = os.path.dirname(os.path.abspath(args.seed))
    set_start_method("spawn", force=True)
    os.makedirs(args.output_dir, exist_ok=True)
    with open(args.list) as f:
        urls = [line.strip() for line in f if line.strip()]
    tasks = [(u, os.path.join(args.output_dir, os.path.splitext(
        os.path.basename(u))[0] + "_warped.tif"), args.crs) for u in urls]
    logging.basicConfig(level=logging.INFO, stream=sys.stdout)
    with Pool(processes=args.workers, initializer=init_remote_worker,
              initargs=(seed_dir, args.allowed_extensions)) as pool:
        results = pool.map(process, tasks)
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
