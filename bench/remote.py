#!/usr/bin/python3
"""The `remote` shape of rasterpool's benchmark: inputs read over HTTP from
nginx on 127.0.0.1 through bench/latency_proxy.py, which adds a fixed
round-trip time (this kernel has no netem).

Batches (generated once into bench/cache/): 200 COGs of 256x256x3
(`small`, ~100 KB) and 200 COGs of 1024x1024x3 (`large`, ~1.5 MB).
Methods, each reading the same URL list and warping with the seed's options:
  rasterpool           defaults, no flags
  seed default         the seed's script (its init_gdal_worker and
                       process_raster, imported from ../shared/peers/) over
                       the URLs, with its documented remote advice
                       (VSI_CACHE=TRUE, GDAL_CACHEMAX=256), cpu_count workers
  seed best            the same plus CPL_VSIL_CURL_ALLOWED_EXTENSIONS=.tif
                       (an expert's tuning), at its best of --seed-workers
  parallel+gdalwarp    GNU parallel -j cpu_count running gdalwarp
Each run's requests and bytes per file come from nginx's access log; every
method's outputs are checked byte-identical to rasterpool's.
Results: bench/results/<date>-remote.md and .json.

usage: bench/remote.py [--rtt 0,20,80] [--batches small,large] [--reps 1]
                       [--methods rasterpool,seed default,...]
                       [--proxy-always]
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from osgeo import gdal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (shared helpers: rasters, timing, digests)

gdal.UseExceptions()
ROOT = bench.ROOT
BATCHES = {"small": (256, 200), "large": (1024, 200)}
SEED_PEER = os.path.join(ROOT, "bench", "peers", "seed_remote.py")


def ensure_cogs(batch):
    side, count = BATCHES[batch]
    d = os.path.join(bench.CACHE, "remote-" + batch)
    marker = os.path.join(d, ".complete")
    if os.path.exists(marker):
        return d
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    tmp = os.path.join(d, ".src.tif")
    for i in range(count):
        bench.write_raster(tmp, side, 3, seed=i)
        gdal.Translate(os.path.join(d, "%s_%04d.tif" % (batch, i)), tmp,
                       format="COG", creationOptions=["COMPRESS=DEFLATE"])
    os.unlink(tmp)
    open(marker, "w").close()
    return d


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Servers:
    """nginx serving bench/cache on 127.0.0.1, and the latency proxies."""

    def __init__(self, work):
        self.dir = os.path.join(work, "nginx")
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(work, 0o755)
        self.port = free_port()
        self.log = os.path.join(self.dir, "access.log")
        conf = os.path.join(self.dir, "nginx.conf")
        d = self.dir
        with open(conf, "w") as f:
            f.write("""daemon on; pid %(d)s/nginx.pid; error_log %(d)s/error.log;
worker_processes 1;
events { worker_connections 1024; }
http {
  log_format rp '$request_method $uri $status $body_bytes_sent';
  access_log %(d)s/access.log rp;
  client_body_temp_path %(d)s; proxy_temp_path %(d)s;
  fastcgi_temp_path %(d)s; uwsgi_temp_path %(d)s; scgi_temp_path %(d)s;
  keepalive_requests 100000;
  server { listen 127.0.0.1:%(p)d; root %(r)s; }
}
""" % {"d": d, "p": self.port, "r": bench.CACHE})
        subprocess.run(["nginx", "-c", conf, "-p", d], check=True)
        self.proxies = {}

    def url_port(self, rtt, proxy_always=False):
        if rtt == 0 and not proxy_always:
            return self.port
        if rtt not in self.proxies:
            portfile = os.path.join(self.dir, "proxy-%d.port" % rtt)
            p = subprocess.Popen(
                [sys.executable, os.path.join(ROOT, "bench",
                                              "latency_proxy.py"),
                 "0", "127.0.0.1:%d" % self.port, str(rtt), portfile])
            for _ in range(100):
                if os.path.exists(portfile):
                    break
                time.sleep(0.05)
            with open(portfile) as f:
                self.proxies[rtt] = (p, int(f.read()))
        return self.proxies[rtt][1]

    def log_offset(self):
        return os.path.getsize(self.log) if os.path.exists(self.log) else 0

    def requests_since(self, offset):
        with open(self.log) as f:
            f.seek(offset)
            lines = [line.split() for line in f]
        methods = {}
        for m, _, _, _ in lines:
            methods[m] = methods.get(m, 0) + 1
        return len(lines), sum(int(x[3]) for x in lines), methods

    def stop(self):
        for p, _ in self.proxies.values():
            p.kill()
            p.wait()
        with open(os.path.join(self.dir, "nginx.pid")) as f:
            os.kill(int(f.read()), 15)


def methods(args, cpus):
    rp = os.path.join(ROOT, "build", "rasterpool")
    seed = [sys.executable, SEED_PEER, "--seed", args.seed]
    m = {
        "rasterpool": lambda lst, o, w: bench.run_timed(
            [rp, "--from-list", lst, o, "-q", "--progress=never",
             "--overwrite", "--journal", o + ".journal"]),
        "seed default": lambda lst, o, w: bench.run_timed(
            seed + [lst, o, "--workers", str(cpus)]),
        "seed best": lambda lst, o, w: bench.run_timed(
            seed + [lst, o, "--workers", str(w), "--allowed-extensions"]),
        "parallel+gdalwarp": lambda lst, o, w: bench.run_timed(
            "mkdir -p '%s' && parallel --will-cite -j %d gdalwarp -q %s {} "
            "'%s'/{/.}_warped.tif < '%s'"
            % (o, cpus, " ".join(bench.SEED_ARGS), o, lst), shell=True),
    }
    wants_seed = any(x.startswith("seed") for x in args.methods)
    if wants_seed and not os.path.exists(args.seed):
        bench.warn_missing_seed(args.seed)
        m = {k: v for k, v in m.items() if not k.startswith("seed")}
    if not shutil.which("parallel"):
        sys.exit("GNU parallel is missing (bench/run.sh installs it)")
    return {k: v for k, v in m.items() if k in args.methods}


def one_run(servers, fn, lst, out, workers, nfiles):
    shutil.rmtree(out, ignore_errors=True)
    off = servers.log_offset()
    wall, peak = fn(lst, out, workers)
    time.sleep(0.2)  # nginx writes its log line after the response
    nreq, nbytes, by_method = servers.requests_since(off)
    return {"seconds": wall, "peak_kb": peak, "requests_per_file":
            nreq / nfiles, "bytes_per_file": nbytes / nfiles,
            "methods": by_method, "digest": bench.digest_dir(out)}


def bench_batch(servers, batch, rtt, args, ms, work):
    src = ensure_cogs(batch)
    names = sorted(n for n in os.listdir(src) if n.endswith(".tif"))
    port = servers.url_port(rtt, args.proxy_always)
    lst = os.path.join(work, "%s-%d.list" % (batch, rtt))
    with open(lst, "w") as f:
        for n in names:
            f.write("/vsicurl/http://127.0.0.1:%d/remote-%s/%s\n" %
                    (port, batch, n))
    rows = {}
    for name, fn in ms.items():
        counts = args.seed_workers_list if name == "seed best" else ["-"]
        best = None
        for w in counts:
            runs = []
            for rep in range(args.reps):
                out = os.path.join(work, "out", name.replace(" ", "_"))
                r = one_run(servers, fn, lst, out, w, len(names))
                runs.append(r)
                print("  %-6s %3d ms %-18s w=%-3s rep %d: %7.2f s, %.1f "
                      "requests/file, %.0f bytes/file" % (
                          batch, rtt, name, w, rep + 1, r["seconds"],
                          r["requests_per_file"], r["bytes_per_file"]),
                      flush=True)
            med = statistics.median(r["seconds"] for r in runs)
            if best is None or med < best["seconds"]:
                best = dict(runs[0], seconds=med, workers=w,
                            all_seconds=[r["seconds"] for r in runs])
        rows[name] = best
    ref = rows.get("rasterpool", {}).get("digest")
    for name, r in rows.items():
        d = r.pop("digest")
        r["identical"] = (ref is not None and d == ref and
                          len(d) == len(names))
    return rows


def markdown(results, meta):
    out = ["# rasterpool, remote inputs, %s\n" % meta["date"],
           "%s, %d CPUs, GDAL %s, nginx on 127.0.0.1 through "
           "bench/latency_proxy.py; medians of %d run(s). Requests and bytes "
           "per file from nginx's access log. `identical`: outputs "
           "byte-identical to rasterpool's. RTT 0: %s.\n" % (
               meta["machine"], meta["cpus"], meta["gdal"], meta["reps"],
               "through the proxy too" if meta.get("proxy_always")
               else "straight to nginx"),
           "| batch | RTT ms | method | workers | seconds | requests/file | "
           "KB/file | identical |", "|---|---|---|---|---|---|---|---|"]
    for key, rows in results.items():
        batch, rtt = key.split("@")
        for name, r in rows.items():
            w = r["workers"] if name == "seed best" else (
                "default" if name == "rasterpool" else meta["cpus"])
            out.append("| %s | %s | %s | %s | %.2f | %.1f | %.1f | %s |" % (
                batch, rtt, name, w, r["seconds"], r["requests_per_file"],
                r["bytes_per_file"] / 1024, "yes" if r["identical"] else
                "NO"))
    if meta.get("missing"):
        out.append("\n**%s**" % meta["missing"])
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rtt", default="0,20,80")
    ap.add_argument("--batches", default="small,large")
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--methods", default="rasterpool,seed default,"
                    "seed best,parallel+gdalwarp")
    ap.add_argument("--seed-workers", default="2,8,16,32",
                    help="worker counts tried for 'seed best'")
    ap.add_argument("--seed", default=os.path.join(
        ROOT, "..", "shared", "peers", "seed_batch_warp.py"))
    ap.add_argument("--work", default=None)
    ap.add_argument("--proxy-always", action="store_true",
                    help="RTT 0 through the proxy too (it takes CPU: this "
                    "separates its cost from the latency's)")
    args = ap.parse_args()
    args.methods = args.methods.split(",")
    args.seed_workers_list = [int(x) for x in args.seed_workers.split(",")]
    cpus = len(os.sched_getaffinity(0))
    work = args.work or tempfile.mkdtemp(prefix="rasterpool-remote-")
    ms = methods(args, cpus)
    servers = Servers(work)
    results = {}
    try:
        for batch in args.batches.split(","):
            for rtt in [int(x) for x in args.rtt.split(",")]:
                results["%s@%d" % (batch, rtt)] = bench_batch(
                    servers, batch, rtt, args, ms, work)
    finally:
        servers.stop()
    now = datetime.datetime.now()
    meta = {"date": now.strftime("%Y-%m-%d %H:%M"), "cpus": cpus,
            "machine": "%s %s" % (platform.node(), platform.machine()),
            "gdal": bench.gdal_version(), "reps": args.reps,
            "proxy_always": args.proxy_always,
            "missing": None if os.path.exists(args.seed) or not any(
                x.startswith("seed") for x in args.methods) else
            "The seed's script (%s) is missing: its columns are NOT "
            "measured." % args.seed}
    os.makedirs(bench.RESULTS, exist_ok=True)
    stem = os.path.join(bench.RESULTS, now.strftime("%Y-%m-%d-%H%M") +
                        "-remote")
    with open(stem + ".json", "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1)
    md = markdown(results, meta)
    with open(stem + ".md", "w") as f:
        f.write(md)
    print(md)
    print("written: %s.md, %s.json" % (stem, stem))
    shutil.rmtree(work, ignore_errors=True)
    bad = [k for k, rows in results.items() for n, r in rows.items()
           if not r["identical"]]
    if bad:
        sys.exit("outputs differ from rasterpool's: %s" % bad)


if __name__ == "__main__":
    main()
