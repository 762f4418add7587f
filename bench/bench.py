#!/usr/bin/python3
"""rasterpool's benchmark: rasterpool against its peers on batches of several
shapes, side by side in one run, alternating, medians of --reps runs.

Peers: the seed's script (../shared/peers/seed_batch_warp.py, Python's
multiprocessing.Pool + python3-gdal), GNU parallel running gdalwarp with the
same options, rasterpool with one worker (T1, for parallel efficiency) and
rasterpool with --start-method forkserver (the default, auto, is spawn
unless workers are replaced), and a start-method table: 500 tiny rasters
with workers replaced every 10 tasks, spawn against forkserver: the
measurements behind that default.
Every method's outputs are checked byte-identical to rasterpool's before a
time is reported. Results: bench/results/<date>.md and .json.

usage: bench/run.sh [--reps N] [--shapes tiny,small,three,one,mixed]
       bench/run.sh --scale 500,5000,50000   (rasterpool alone: time per
       raster and the supervisor's peak memory as the batch grows)
       bench/run.sh --per-raster [--env VAR=VALUE]   (instructions per
       64x64 raster under callgrind, rasterpool beside its peers on this
       GDAL; repeatable whatever the machine's load; runs in a chroot of
       another Debian release too: scripts/test-in-chroot.sh --exec DIST
       bench/run.sh --per-raster)
"""
import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(ROOT, "bench", "cache")
RESULTS = os.path.join(ROOT, "bench", "results")
SEED_ARGS = ["-t_srs", "EPSG:4326", "-r", "bilinear", "-et", "0.125",
             "-of", "GTiff", "-co", "TILED=YES", "-co", "COMPRESS=LZW",
             "-co", "BIGTIFF=YES", "-wo", "NUM_THREADS=1"]

# name: list of (count, width, bands) or a generator of sizes
SHAPES = {
    "tiny": "500 rasters of 64x64, 1 band",
    "small": "200 rasters of 512x512, 3 bands",
    "three": "3 rasters of 6000x6000, 1 band",
    "one": "1 raster of 6000x6000, 1 band",
    "mixed": "60 rasters, log-normal sizes around 1500x1500 (0.15x to 6x)",
}


def shape_sizes(shape):
    if shape.startswith("tiny-"):
        return [(64, 1)] * int(shape[5:])
    if shape == "tiny":
        return [(64, 1)] * 500
    if shape == "small":
        return [(512, 3)] * 200
    if shape == "three":
        return [(6000, 1)] * 3
    if shape == "one":
        return [(6000, 1)]
    rng = np.random.default_rng(42)
    sides = np.exp(rng.normal(math.log(1500), 0.6, 60))
    return [(int(min(max(s, 0.15 * 1500), 6 * 1500)), 1) for s in sides]


def write_raster(path, side, bands, seed):
    """UTM 33N at 30 m, a smooth field plus noise, DEFLATE tiled."""
    drv = gdal.GetDriverByName("GTiff")
    ds = drv.Create(path, side, side, bands, gdal.GDT_Byte,
                    ["TILED=YES", "COMPRESS=DEFLATE"])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32633)
    ds.SetProjection(srs.ExportToWkt())
    ds.SetGeoTransform((400000 + 1000 * (seed % 50), 30, 0,
                        5000000 - 1000 * (seed // 50), 0, -30))
    rng = np.random.default_rng(seed)
    step = 1024
    for b in range(bands):
        band = ds.GetRasterBand(b + 1)
        for y0 in range(0, side, step):
            h = min(step, side - y0)
            yy, xx = np.mgrid[y0:y0 + h, 0:side]
            field = 120 + 60 * np.sin(xx / 97.0 + b) * np.cos(yy / 131.0)
            band.WriteArray((field + rng.normal(0, 6, (h, side)))
                            .clip(0, 255).astype(np.uint8), 0, y0)
    ds = None


def ensure_batch(shape):
    d = os.path.join(CACHE, shape)
    marker = os.path.join(d, ".complete")
    if os.path.exists(marker):
        return d
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for i, (side, bands) in enumerate(shape_sizes(shape)):
        write_raster(os.path.join(d, "%s_%04d.tif" % (shape, i)), side, bands,
                     seed=i)
    open(marker, "w").close()
    return d


def tree_rss_kb(root):
    """Sum of the resident sizes of root and all its descendants."""
    children = {}
    rss = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(pid))
            rss[int(pid)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            pass
    total, todo = 0, [root]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def run_timed(cmd, env=None, shell=False):
    """Wall seconds and the peak of the process tree's summed RSS (sampled
    every 20 ms: short-lived processes can be missed)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, shell=shell, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kb(p.pid))
            done.wait(0.02)

    th = threading.Thread(target=sample)
    th.start()
    _, err = p.communicate()
    wall = time.monotonic() - t0
    done.set()
    th.join()
    if p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (cmd, p.returncode,
                                                    err.decode()[-2000:]))
    return wall, peak[0]


def supervisor_peak(cmd):
    """Wall seconds and the supervisor's own peak RSS (VmHWM), sampled."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while p.poll() is None:
        try:
            for line in open("/proc/%d/status" % p.pid):
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.05)
    wall = time.monotonic() - t0
    if p.returncode:
        raise RuntimeError("%s: %s" % (cmd, p.stderr.read().decode()[-1000:]))
    return wall, peak


def scale(args, workers):
    rp = os.path.join(ROOT, "build", "rasterpool")
    rows = []
    for n in [int(x) for x in args.scale.split(",")]:
        src = ensure_batch("tiny-%d" % n)
        out = os.path.join(args.work, "scale")
        shutil.rmtree(out, ignore_errors=True)
        wall, peak = supervisor_peak(
            [rp, src, out, "--workers", str(workers), "-q",
             "--progress=never", "--journal", out + ".journal"])
        shutil.rmtree(out, ignore_errors=True)
        os.unlink(out + ".journal")
        rows.append({"rasters": n, "seconds": wall,
                     "ms_per_raster": wall / n * 1000,
                     "supervisor_peak_mb": peak / 1024})
        print("  tiny x %6d: %.1f s, %.2f ms per raster, supervisor peak "
              "%.1f MB" % (n, wall, wall / n * 1000, peak / 1024), flush=True)
    return rows


def methods(args, workers):
    rp = os.path.join(ROOT, "build", "rasterpool")
    env = dict(os.environ)
    m = {
        "rasterpool": lambda i, o: run_timed(
            [rp, i, o, "--workers", str(workers), "-q", "--progress=never",
             "--overwrite", "--journal", o + ".journal"]),
        "seed": lambda i, o: run_timed(
            ["/usr/bin/python3", args.seed, i, o, "--workers", str(workers)]),
        "parallel+gdalwarp": lambda i, o: run_timed(
            "mkdir -p '%s' && find '%s' -maxdepth 1 -name '*.tif' | "
            "parallel --will-cite -j %d gdalwarp -q %s {} '%s'/{/.}_warped.tif"
            % (o, i, workers, " ".join(SEED_ARGS), o), env=env, shell=True),
        "rasterpool T1": lambda i, o: run_timed(
            [rp, i, o, "--workers", "1", "-q", "--progress=never",
             "--overwrite", "--journal", o + ".journal"]),
        "rasterpool forkserver": lambda i, o: run_timed(
            [rp, i, o, "--workers", str(workers), "-q", "--progress=never",
             "--overwrite", "--journal", o + ".journal",
             "--start-method", "forkserver"]),
    }
    if not os.path.exists(args.seed):
        warn_missing_seed(args.seed)
        del m["seed"]
    return m


def warn_missing_seed(path):
    """The seed's script lives outside the repository (../shared/peers/ next
    to the checkout): a fresh clone lacks it, and its columns must not
    vanish without a word."""
    bar = "!" * 72
    sys.stderr.write("%s\nWARNING: the seed's script %s is missing: the "
                     "seed's column is NOT measured.\nPass --seed PATH "
                     "(the script is in the seed document).\n%s\n" % (
                         bar, path, bar))


def digest_dir(d):
    h = {}
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if os.path.isfile(p):
            with open(p, "rb") as f:
                h[name] = hashlib.sha256(f.read()).hexdigest()
    return h


def bench_shape(shape, args, workers, work):
    src = ensure_batch(shape)
    ms = methods(args, workers)
    times = {k: [] for k in ms}
    mem = {k: [] for k in ms}
    per_task = []
    identical = {}
    reference = None
    names = list(ms)
    for rep in range(args.reps):
        order = names[rep % len(names):] + names[:rep % len(names)]
        for name in order:
            out = os.path.join(work, shape, name.replace(" ", "_"))
            shutil.rmtree(out, ignore_errors=True)
            if os.path.exists(out + ".journal"):
                os.unlink(out + ".journal")
            wall, peak = ms[name](src, out)
            times[name].append(wall)
            mem[name].append(peak)
            if name == "rasterpool T1":
                per_task.append(task_costs(out + ".journal", wall))
            if rep == 0:
                dig = digest_dir(out)
                if name == "rasterpool":
                    reference = dig
                identical[name] = dig
            shutil.rmtree(out, ignore_errors=True)
            print("  %-6s %-18s rep %d: %.2f s, peak %d MB" %
                  (shape, name, rep + 1, wall, peak // 1024), flush=True)
    same = {k: v == reference and len(v) == len(shape_sizes(shape))
            for k, v in identical.items()}
    return {"times": times, "peak_kb": mem, "identical": same,
            "per_task": per_task}


def task_costs(journal, wall):
    """Per task of a one-worker run, in ms: wall time, GDAL's own time in
    the worker (open + warp + close, the journal's stages), the rest
    (overhead: supervisor, protocol, process start, idle), and the commit
    thread's fsync/rename time, which overlaps the next task."""
    rows = [json.loads(line) for line in open(journal)
            if '"type":"run"' not in line]
    ok = [r for r in rows if r["status"] == "ok"]
    n = len(ok) or 1
    gdal_ms = sum(r["stages"]["total"] for r in ok) / n * 1000
    return {"wall_ms": wall / n * 1000, "gdal_ms": gdal_ms,
            "overhead_ms": wall / n * 1000 - gdal_ms,
            "commit_ms": sum(r["stages"].get("commit", 0) for r in ok) / n * 1000}


def start_methods(args, workers, work, every=10):
    """500 tiny rasters with a worker replaced every `every` tasks, spawn and
    forkserver alternating: what a worker start costs each way."""
    src = ensure_batch("tiny")
    rp = os.path.join(ROOT, "build", "rasterpool")
    times = {"spawn": [], "forkserver": []}
    peaks = {"spawn": [], "forkserver": []}
    print("start methods: tiny, --max-tasks-per-worker %d" % every, flush=True)
    for rep in range(args.reps):
        for m in (("spawn", "forkserver") if rep % 2 == 0
                  else ("forkserver", "spawn")):
            out = os.path.join(work, "start", m)
            shutil.rmtree(out, ignore_errors=True)
            wall, peak = run_timed(
                [rp, src, out, "--workers", str(workers), "-q",
                 "--progress=never", "--start-method", m,
                 "--max-tasks-per-worker", str(every)])
            shutil.rmtree(out, ignore_errors=True)
            times[m].append(wall)
            peaks[m].append(peak)
            print("  %-10s rep %d: %.2f s" % (m, rep + 1, wall), flush=True)
    n = len(shape_sizes("tiny"))
    return {"every": every, "workers_started": n // every,
            "median_s": {m: statistics.median(v) for m, v in times.items()},
            "peak_mb": {m: max(v) / 1024 for m, v in peaks.items()}}


def start_methods_markdown(s):
    med = s["median_s"]
    return "\n".join([
        "", "Start methods when workers are replaced: 500 tiny rasters, "
        "--max-tasks-per-worker %d (%d worker starts), medians." % (
            s["every"], s["workers_started"]), "",
        "| start method | median s | ratio to forkserver | peak MB |",
        "|---|---|---|---|"] + [
        "| %s | %.2f | %.2f | %.0f |" % (m, med[m], med[m] / med["forkserver"],
                                        s["peak_mb"][m])
        for m in ("spawn", "forkserver")]) + "\n"


def summarise(shape, r, workers):
    med = {k: statistics.median(v) for k, v in r["times"].items()}
    rp = med["rasterpool"]
    row = {"shape": shape, "batch": SHAPES[shape], "median_s": med,
           "ratio_vs_rasterpool": {k: v / rp for k, v in med.items()},
           "peak_mb": {k: max(v) / 1024 for k, v in r["peak_kb"].items()},
           "identical_to_rasterpool": r["identical"]}
    if "rasterpool T1" in med:
        row["efficiency"] = med["rasterpool T1"] / (workers * rp)
    if r.get("per_task"):
        row["per_task_t1"] = {k: statistics.median(p[k] for p in r["per_task"])
                              for k in r["per_task"][0]}
    return row


def callgrind_total(cmd, outdir, env=None, shell=False):
    """Instructions executed by cmd and every process it starts."""
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    vg = ["valgrind", "--tool=callgrind", "--trace-children=yes",
          "--callgrind-out-file=" + os.path.join(outdir, "cg.%p")]
    if shell:
        cmd = ["/bin/sh", "-c", cmd]
    subprocess.run(vg + cmd, check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    total = 0
    for name in os.listdir(outdir):
        with open(os.path.join(outdir, name)) as f:
            for line in f:
                if line.startswith(("summary:", "totals:")):
                    total += int(line.split()[1])
                    break
    return total


PER_RASTER_SMALL, PER_RASTER_LARGE = 10, 50


def per_raster(args):
    """Instructions per raster: the difference between a batch of 50 and
    one of 10 tiny rasters, over 40, so that each method's fixed cost
    (interpreter, pool and worker start) cancels out; the fixed cost is
    reported beside it. One worker each, so nothing runs twice."""
    rp = os.path.join(ROOT, "build", "rasterpool")
    env = dict(os.environ)
    for kv in args.env or []:
        k, v = kv.split("=", 1)
        env[k] = v
    work = os.path.join(args.work, "per-raster")
    warp = " ".join(SEED_ARGS)
    ms = {
        "rasterpool": lambda i, o: [rp, i, o, "--workers", "1", "-q",
                                    "--progress=never", "--overwrite",
                                    "--journal", o + ".journal"],
        "gdalwarp per raster (parallel's way)": lambda i, o: (
            "mkdir -p '%s' && for f in '%s'/*.tif; do gdalwarp -q %s \"$f\" "
            "'%s'/$(basename \"$f\" .tif)_warped.tif; done" % (o, i, warp, o)),
        "seed": lambda i, o: ["/usr/bin/python3", args.seed, i, o,
                              "--workers", "1"],
    }
    if not os.path.exists(args.seed):
        print("note: %s missing; the seed's script is not measured" % args.seed)
        del ms["seed"]
    rows = {}
    for name, make in ms.items():
        totals = []
        for n in (PER_RASTER_SMALL, PER_RASTER_LARGE):
            src = ensure_batch("tiny-%d" % n)
            out = os.path.join(work, "out")
            shutil.rmtree(out, ignore_errors=True)
            if os.path.exists(out + ".journal"):
                os.unlink(out + ".journal")
            cmd = make(src, out)
            totals.append(callgrind_total(cmd, os.path.join(work, "cg"),
                                          env=env, shell=isinstance(cmd, str)))
        per = (totals[1] - totals[0]) / (PER_RASTER_LARGE - PER_RASTER_SMALL)
        rows[name] = {"per_raster": per,
                      "fixed": totals[0] - PER_RASTER_SMALL * per}
        print("  %-38s %6.1f M instructions per raster, fixed %7.1f M" % (
            name, per / 1e6, rows[name]["fixed"] / 1e6), flush=True)
    return rows


def per_raster_markdown(rows, env):
    out = ["# Instructions per raster, GDAL %s (PROJ %s), %s" % (
        gdal_version(), proj_version(),
        datetime.datetime.now().strftime("%Y-%m-%d %H:%M")), "",
        "valgrind --tool=callgrind --trace-children=yes over each method's "
        "whole process tree; per raster = (batch of %d - batch of %d) / %d "
        "tiny 64x64 UTM rasters to EPSG:4326 with the seed's options; fixed "
        "= the rest of the %d-raster batch. One worker everywhere.%s" % (
            PER_RASTER_LARGE, PER_RASTER_SMALL,
            PER_RASTER_LARGE - PER_RASTER_SMALL, PER_RASTER_SMALL,
            (" Environment: %s." % " ".join(env)) if env else ""), "",
        "| method | M instructions per raster | ratio | fixed M |",
        "|---|---|---|---|"]
    base = rows["rasterpool"]["per_raster"]
    for k, r in rows.items():
        out.append("| %s | %.1f | %.2f | %.0f |" % (
            k, r["per_raster"] / 1e6, r["per_raster"] / base, r["fixed"] / 1e6))
    return "\n".join(out) + "\n"


def proj_version():
    return "%d.%d.%d" % (osr.GetPROJVersionMajor(), osr.GetPROJVersionMinor(),
                         osr.GetPROJVersionMicro())


def gdal_version():
    return gdal.VersionInfo("RELEASE_NAME")


def markdown(rows, meta):
    out = ["# rasterpool benchmark, %s" % meta["date"], "",
           "Machine: %s, %d CPUs available, %s. GDAL %s. %d runs per method "
           "and shape, alternating; medians. Ratio = the method's time / "
           "rasterpool's (above 1: rasterpool is faster). Efficiency = "
           "T1 / (workers x T). Peak memory = the largest sum of the RSS of "
           "a method's processes, sampled every 20 ms." % (
               meta["machine"], meta["workers"], meta["kernel"],
               meta["gdal"], meta["reps"]), "",
           "| shape | method | median s | ratio | peak MB | memory ratio | "
           "identical |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        for k, t in r["median_s"].items():
            out.append("| %s | %s | %.2f | %.2f | %.0f | %.2f | %s |" % (
                r["shape"], k, t, r["ratio_vs_rasterpool"][k],
                r["peak_mb"][k], r["peak_mb"][k] / r["peak_mb"]["rasterpool"],
                "yes" if r["identical_to_rasterpool"][k] else "NO"))
    out += ["", "| shape | batch | parallel efficiency |", "|---|---|---|"]
    for r in rows:
        out.append("| %s | %s | %.2f |" % (r["shape"], r["batch"],
                                            r.get("efficiency", float("nan"))))
    if meta.get("seed_missing"):
        out += ["", "**The seed's script (%s) was missing: its column is NOT "
                "measured.**" % meta["seed_missing"]]
    out += ["", "Per task, one worker (rasterpool T1, medians; from the journal's "
            "stage timings): GDAL's own time is open + warp + close in the "
            "worker; overhead is the rest of the wall time (supervisor, "
            "protocol, worker start, idle); commit is the commit thread's "
            "fsync and rename, which overlaps the next task.", "",
            "| shape | wall ms | GDAL's own ms | overhead ms | overhead % | "
            "commit ms (overlapped) |", "|---|---|---|---|---|---|"]
    for r in rows:
        p = r.get("per_task_t1")
        if p:
            out.append("| %s | %.2f | %.2f | %.2f | %.1f | %.2f |" % (
                r["shape"], p["wall_ms"], p["gdal_ms"], p["overhead_ms"],
                100 * p["overhead_ms"] / p["wall_ms"], p["commit_ms"]))
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--seed", default=os.path.join(
        ROOT, "..", "shared", "peers", "seed_batch_warp.py"))
    ap.add_argument("--work", default="/tmp/rasterpool-bench")
    ap.add_argument("--scale", help="batch sizes of 64x64 rasters, e.g. "
                    "500,5000,50000")
    ap.add_argument("--per-raster", action="store_true",
                    help="callgrind instructions per raster, beside the peers")
    ap.add_argument("--env", action="append", metavar="VAR=VALUE",
                    help="with --per-raster: set for every method")
    args = ap.parse_args()
    workers = len(os.sched_getaffinity(0))
    if args.per_raster:
        rows = per_raster(args)
        md = per_raster_markdown(rows, args.env)
        os.makedirs(RESULTS, exist_ok=True)
        stem = os.path.join(RESULTS, datetime.datetime.now().strftime(
            "%Y-%m-%d-%H%M") + "-per-raster-gdal-" + gdal_version())
        with open(stem + ".json", "w") as f:
            json.dump({"gdal": gdal_version(), "proj": proj_version(),
                       "env": args.env, "rows": rows}, f, indent=1)
        with open(stem + ".md", "w") as f:
            f.write(md)
        print(md)
        print("written: %s.md" % stem)
        return
    if args.scale:
        rows = scale(args, workers)
        os.makedirs(RESULTS, exist_ok=True)
        stem = os.path.join(RESULTS, datetime.datetime.now().strftime(
            "%Y-%m-%d-%H%M") + "-scale")
        with open(stem + ".json", "w") as f:
            json.dump({"gdal": gdal_version(), "workers": workers,
                       "machine": platform.node(), "rows": rows}, f, indent=1)
        with open(stem + ".md", "w") as f:
            f.write("# rasterpool at scale, %s, %d workers, GDAL %s\n\n"
                    "| rasters (64x64) | seconds | ms per raster | supervisor "
                    "peak RSS MB |\n|---|---|---|---|\n" % (
                        datetime.datetime.now().strftime("%Y-%m-%d"),
                        workers, gdal_version()))
            for r in rows:
                f.write("| %d | %.1f | %.2f | %.1f |\n" % (
                    r["rasters"], r["seconds"], r["ms_per_raster"],
                    r["supervisor_peak_mb"]))
        print("written: %s.md" % stem)
        return
    rows = []
    for shape in args.shapes.split(","):
        print("%s: %s" % (shape, SHAPES[shape]), flush=True)
        r = bench_shape(shape, args, workers, args.work)
        rows.append(summarise(shape, r, workers))
        bad = [k for k, v in r["identical"].items() if not v]
        if bad:
            sys.exit("outputs differ from rasterpool's: %s" % bad)
    starts = start_methods(args, workers, args.work)
    now = datetime.datetime.now()
    meta = {"date": now.strftime("%Y-%m-%d %H:%M"),
            "machine": "%s %s" % (platform.node(), platform.machine()),
            "kernel": platform.release(), "workers": workers,
            "gdal": gdal_version(), "reps": args.reps,
            "seed_missing": None if os.path.exists(args.seed) else args.seed}
    os.makedirs(RESULTS, exist_ok=True)
    stem = os.path.join(RESULTS, now.strftime("%Y-%m-%d-%H%M"))
    with open(stem + ".json", "w") as f:
        json.dump({"meta": meta, "rows": rows, "start_methods": starts}, f,
                  indent=1)
    md = markdown(rows, meta) + start_methods_markdown(starts)
    with open(stem + ".md", "w") as f:
        f.write(md)
    print(md)
    print("written: %s.md, %s.json" % (stem, stem))


if __name__ == "__main__":
    main()
