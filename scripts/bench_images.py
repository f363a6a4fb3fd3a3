#!/usr/bin/env python3
"""Benchmark of the image pipeline (catalog.images), optionally against sharp.

    python scripts/bench_images.py [--count 50] [--workers N] [--no-sharp]
                                   [--workdir .bench] [--repeat 2] [--profile 3]

What it does: takes the good fixture photos (tests/fixtures/photos) plus
``--count`` phone-size photos made from them (4000x3000 JPEGs, quality 92,
varied crops so every file hashes differently, light sensor-like grain, every
third one stored sideways with EXIF Orientation 6 like a phone), then

1. processes them with a cold cache and reports images/s;
2. rebuilds with the warm cache, reports the time and asserts that nothing
   was decoded or encoded;
3. reports the mean bytes per width and format;
4. when ``node`` and the sharp package are installed (``npm ci`` in the
   project root installs the version pinned in package-lock.json), runs the
   same jobs through scripts/bench_sharp.mjs - same widths, AVIF and JPEG at
   the same qualities and the same aom speed (sharp's ``effort`` = 9 - speed),
   4:2:0, auto-orient, no metadata, same concurrency - and prints the
   Pillow/sharp ratios of wall time and of CPU time.

``--profile N`` runs N phone photos inline under cProfile first.

Measured on the development VM: 2 vCPUs shared with other engineers' test
runs (load average 5-9 during the runs, so wall times varied up to 2x
between identical runs; CPU time is the steadier figure). Pillow 13.0.0 with
libjpeg-turbo 3.2 and libavif 1.4.2/aom 3.14.1; sharp 0.35.5 with libvips
8.18.7/aom 3.15.1. 60 photos (10 fixtures + 50 phone-size), 2 workers,
DEFAULTS (AVIF q50 speed 6 4:2:0, JPEG q80 progressive 4:2:0), ``--repeat 2``:

    cold cache      60 photos in 88.4 s wall = 0.68 images/s
                    64.3 CPU s = 1.07 CPU s per photo; 419 files encoded
    warm rebuild    12 ms (0 decoded, 0 encoded, 60 cache hits)
    sharp           87.8 s wall = 0.68 images/s, 78.6 CPU s
    Pillow/sharp    wall 1.01, CPU 0.82
                    (earlier single runs under other loads: wall 0.98, 1.12, 1.40)

    mean bytes      width    AVIF      JPEG    (sharp: AVIF, JPEG)
                      400   8,465    21,184    8,153   20,520
                      800  22,602    62,108   21,997   61,114
                     1600  57,539   180,067   56,970  180,245
                 og  1200            115,697           115,069

Where the time goes (``--profile 3``, inline, per phone photo): AVIF encoding
~71 % (the 1600 px one alone ~45 %), resizing ~15 %, JPEG decoding ~5 %,
JPEG encoding ~5 %, everything else (hashing, index, placeholder) < 2 %.
What was tuned: JPEG ``draft()`` decodes a 12 MP phone JPEG at 1/2 scale
(2000x1500, enough for 1600 px): decode + orient + first resize take 0.14 s
instead of 0.40 s, and a quarter of the memory; each width
is resized from the nearest produced width at least 1.25x larger (2000 ->
1600 -> 1200 -> 800 -> 400), a third cheaper than resizing every width from
the decode, invisibly different (PSNR > 52 dB); libaom runs with >= 2 threads
(faster than one, and the bytes are the same for any count >= 2, see
encode.py). AVIF speed stays at 6: speed 8-9 would be 1.2-2.4x faster per
AVIF but 20 % larger at the same quality setting (see settings.py). Sharp
does the same aom work; its extra CPU time probably comes from decoding the
source once per output (its idiom: a pipeline per output), and on a busy
machine its many threads win it a larger share of the CPUs.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import logging
import os
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageChops  # noqa: E402

from catalog.core.diagnostics import Position  # noqa: E402
from catalog.images import DEFAULTS, ImageJob, process_images  # noqa: E402
from catalog.images import geometry  # noqa: E402
from catalog.images.color import orientation  # noqa: E402
from catalog.images.encode import fingerprint  # noqa: E402
from catalog.images.process import default_workers  # noqa: E402

PHOTOS = ROOT / "tests" / "fixtures" / "photos"
BAD = {"not-an-image.jpg", "truncated.jpg", "too-small-600x400.png"}
PHONE_SIZE = (4000, 3000)
SET_VERSION = "2"  # bump when make_phone_photo changes


def fixture_photos() -> list[Path]:
    return sorted(p for p in PHOTOS.iterdir() if p.suffix in (".jpg", ".png") and p.name not in BAD)


def make_phone_photo(args: tuple[Path, int, Path]) -> Path:
    """One 4000x3000 JPEG from a fixture: a crop that differs per index, with grain
    (uniform +-6 levels, seeded by the index, so every run makes the same files)."""
    source, index, dest = args
    with Image.open(source) as im:
        im = im.convert("RGB")
    w, h = im.size
    crop_w = min(w, h * 4 // 3) * (70 + (index * 7) % 31) // 100  # 70-100 % of the width
    crop_h = crop_w * 3 // 4
    left = (w - crop_w) * ((index * 37) % 101) // 100
    top = (h - crop_h) * ((index * 53) % 101) // 100
    photo = im.crop((left, top, left + crop_w, top + crop_h)).resize(PHONE_SIZE, Image.LANCZOS)
    noise = random.Random(index).randbytes(PHONE_SIZE[0] * PHONE_SIZE[1])
    grain = Image.frombytes("L", PHONE_SIZE, noise).point(lambda v: 128 + (v - 128) * 6 // 128)
    photo = ImageChops.add(photo, Image.merge("RGB", [grain] * 3), scale=1.0, offset=-128)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "BenchPhone", f"BP-{index % 5}"
    if index % 3 == 0:  # stored sideways, as phones do for portrait-held shots
        photo = photo.transpose(Image.Transpose.ROTATE_90)
        exif[0x0112] = 6
    path = dest / f"phone-{index:03d}.jpg"
    photo.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


def phone_set(dest: Path, count: int, workers: int) -> list[Path]:
    """Generate (or reuse) ``count`` phone-size photos in ``dest``."""
    stamp = dest / f".complete-{SET_VERSION}-{count}"
    expected = [dest / f"phone-{i:03d}.jpg" for i in range(count)]
    if stamp.exists() and all(p.exists() for p in expected):
        return expected
    dest.mkdir(parents=True, exist_ok=True)
    sources = fixture_photos()
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        paths = list(
            pool.map(make_phone_photo, [(sources[i % len(sources)], i, dest) for i in range(count)])
        )
    stamp.touch()
    print(f"generated {count} phone-size photos in {time.perf_counter() - started:.1f} s")
    return paths


def make_jobs(paths: list[Path]) -> list[ImageJob]:
    return [ImageJob(p, "bench.yaml", Position(i + 1, 1), p.stem) for i, p in enumerate(paths)]


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children.

    On a shared machine wall time depends on the neighbours (and a program
    with more threads gets a larger share of a busy CPU); CPU time much less.
    """
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + _living_children_cpu()
    )


def _living_children_cpu() -> float:
    """CPU time of child processes still running, with what they reaped themselves.

    The image workers are started by multiprocessing's fork server, which stays
    alive and reaps them: their time is in its cutime/cstime (Linux /proc), not in
    this process's RUSAGE_CHILDREN until the fork server exits."""
    total = 0
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return 0.0
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/children", encoding="ascii") as fh:
                pids = fh.read().split()
        except OSError:
            continue
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")


def run_pillow(jobs: list[ImageJob], cache: Path, workers: int) -> tuple[float, float, dict, dict]:
    """(wall seconds, CPU seconds, images, stats) of one process_images run."""
    stats: dict = {}
    cpu, started = cpu_seconds(), time.perf_counter()
    images, diagnostics = process_images(jobs, cache_dir=cache, workers=workers, stats=stats)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    if diagnostics:
        raise SystemExit(f"unexpected diagnostics: {diagnostics}")
    return seconds, cpu, images, stats


def bytes_by_width(images: dict) -> dict[str, dict[int, list[int]]]:
    table: dict[str, dict[int, list[int]]] = {}
    for img in images.values():
        for fmt, variants in img.formats.items():
            for v in variants:
                table.setdefault(fmt, {}).setdefault(v.width, []).append(v.bytes)
        if img.og not in img.formats["jpeg"]:
            table.setdefault("og", {}).setdefault(img.og.width, []).append(img.og.bytes)
    return table


def sharp_available() -> bool:
    if shutil.which("node") is None:
        return False
    probe = subprocess.run(
        ["node", "-e", "require.resolve('sharp')"], cwd=ROOT, capture_output=True
    )
    return probe.returncode == 0


def run_sharp(paths: list[Path], out: Path, workers: int) -> dict:
    s = DEFAULTS
    jpeg = {
        "quality": s.jpeg_quality,
        "progressive": s.jpeg_progressive,
        "optimiseCoding": True,
        "chromaSubsampling": s.jpeg_subsampling,
        "mozjpeg": False,
    }
    jobs = []
    for i, path in enumerate(paths):
        with Image.open(path) as im:
            width, _ = geometry.oriented_size(im.size, orientation(im))
        jobs.append(
            {
                "source": str(path),
                "name": f"{i:03d}-{path.stem}",
                "widths": list(geometry.plan_widths(width, s.widths)),
                "og": min(s.og_width, width),
            }
        )
    spec = {
        "outDir": str(out),
        "concurrency": workers,
        "jobs": jobs,
        "avif": {
            "quality": s.avif_quality,
            "effort": max(0, min(9, 9 - s.avif_speed)),
            "chromaSubsampling": s.avif_subsampling,
        },
        "jpeg": jpeg,
        "og": {**jpeg, "quality": s.og_quality},
    }
    spec_path = out.parent / "sharp-spec.json"
    spec_path.write_text(json.dumps(spec))
    cpu = cpu_seconds()
    done = subprocess.run(
        ["node", str(ROOT / "scripts" / "bench_sharp.mjs"), str(spec_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    result["cpu"] = cpu_seconds() - cpu  # includes node's start-up (~0.1 s)
    result["bytes"] = {
        fmt: {int(w): sizes for w, sizes in by_w.items()} for fmt, by_w in result["bytes"].items()
    }
    return result


def print_bytes(pillow: dict, sharp: dict | None) -> None:
    print("\nmean bytes per width and format (n = number of files)")
    print(
        f"  {'format':6} {'width':>5}  {'Pillow':>10}  {'n':>3}"
        + ("  {:>10}  {:>6}".format("sharp", "P/s") if sharp else "")
    )
    for fmt in ("avif", "jpeg", "og"):
        for width in sorted(pillow.get(fmt, {})):
            sizes = pillow[fmt][width]
            if len(sizes) < 3 and width not in DEFAULTS.widths + (DEFAULTS.og_width,):
                continue  # odd source widths: too few to mean anything
            line = f"  {fmt:6} {width:5}  {statistics.mean(sizes):10,.0f}  {len(sizes):3}"
            other = (sharp or {}).get(fmt, {}).get(width)
            if other:
                line += f"  {statistics.mean(other):10,.0f}  {statistics.mean(sizes) / statistics.mean(other):6.2f}"
            print(line)


def profile(paths: list[Path], cache: Path) -> None:
    jobs = make_jobs(paths)
    profiler = cProfile.Profile()
    profiler.enable()
    process_images(jobs, cache_dir=cache, workers=1)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    print(f"\ncProfile of {len(paths)} phone photos, inline:\n{out.getvalue()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=50, help="phone-size photos (default 50)")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="keep generated photos and caches here (default: a temp dir)",
    )
    parser.add_argument("--no-sharp", action="store_true", help="skip the sharp comparison")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="R",
        help="run the cold Pillow and sharp runs R times, alternating, "
        "and keep the fastest of each (a shared machine is noisy)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="first profile N phone photos inline with cProfile",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    tmp = None
    if args.workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench-images-")
        work = Path(tmp.name)
    else:
        work = args.workdir.resolve()
    try:
        paths = fixture_photos() + phone_set(work / "photos", args.count, args.workers)
        print(f"Pillow {fingerprint()}")
        print(f"{len(paths)} photos, {args.workers} workers, settings = DEFAULTS")
        if args.profile:
            profile(paths[-args.profile :], work / "profile-cache")
            shutil.rmtree(work / "profile-cache")

        jobs = make_jobs(paths)
        use_sharp = not args.no_sharp and sharp_available()
        colds: list[tuple[float, float]] = []  # (wall, CPU) per cold run
        sharps: list[dict] = []
        cache = work / "cache"
        for _ in range(max(1, args.repeat)):
            shutil.rmtree(cache, ignore_errors=True)
            wall, cpu, images, stats = run_pillow(jobs, cache, args.workers)
            colds.append((wall, cpu))
            if use_sharp:
                out = work / "sharp"
                shutil.rmtree(out, ignore_errors=True)
                sharps.append(run_sharp(paths, out, args.workers))
        cold, cold_cpu = min(w for w, _ in colds), min(c for _, c in colds)
        runs = ", ".join(f"{w:.1f}/{c:.1f}" for w, c in colds)
        print(
            f"\ncold cache: {len(paths)} photos in {cold:.1f} s = "
            f"{len(paths) / cold:.2f} images/s, {cold_cpu:.1f} CPU s = "
            f"{cold_cpu / len(paths):.2f} CPU s/photo (decoded {stats['decoded']}, "
            f"encoded {stats['encoded']} files; runs wall/CPU: {runs} s)"
        )
        warm, _, _, stats = run_pillow(jobs, cache, args.workers)
        assert stats["decoded"] == 0 and stats["encoded"] == 0, stats
        print(
            f"warm rebuild: {warm * 1000:.0f} ms (decoded 0, encoded 0, "
            f"{stats['cache_hits']} cache hits)"
        )

        sharp = None
        if args.no_sharp:
            pass
        elif not use_sharp:
            print("\nsharp: not installed (run `npm ci` in the project root); skipped")
        else:
            sharp = min(sharps, key=lambda r: r["seconds"])
            sharp_cpu = min(r["cpu"] for r in sharps)
            runs = ", ".join(f"{r['seconds']:.1f}/{r['cpu']:.1f}" for r in sharps)
            v = sharp["versions"]
            print(
                f"\nsharp {v['sharp']} (libvips {v['vips']}, aom {v['aom']}): "
                f"{sharp['images']} photos in {sharp['seconds']:.1f} s = "
                f"{sharp['images'] / sharp['seconds']:.2f} images/s, {sharp_cpu:.1f} CPU s "
                f"(runs wall/CPU: {runs} s)"
            )
            print(
                f"Pillow/sharp ratio (cold): wall time {cold / sharp['seconds']:.2f}, "
                f"CPU time {cold_cpu / sharp_cpu:.2f}"
            )
        print_bytes(bytes_by_width(images), sharp["bytes"] if sharp else None)
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
