"""The image pipeline on real photos, with real Pillow encoding (no mocks).

The expensive part - encoding AVIF - happens once per module: ``processed``
runs the pipeline over the good fixture photos in a process pool, and most
tests read its results and cached files. Tests that need their own run use a
copy of that cache or a photo or two.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import logging
import os
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from catalog.core.diagnostics import Position, Severity
from catalog.images import (
    DEFAULTS,
    ImageJob,
    ImageSettings,
    ProcessedImage,
    Variant,
    picture_html,
    process_images,
    publish,
)
from catalog.images import geometry
from catalog.images.encode import fingerprint
from catalog.images.settings import settings_key

PHOTOS = Path(__file__).parent / "fixtures" / "photos"
YAML = "products/koperasi-demo/tas-kulit.yaml"
GOOD = (
    "phone-4000x3000-rotated-gps.jpg",
    "cmyk-1500x1000.jpg",
    "coffee-1800x1200.jpg",
    "alpha-1200x798.png",
    "retina-1411.jpg",
)


def job(source: Path, line: int = 5, *, slug: str | None = None, ref: str = YAML) -> ImageJob:
    return ImageJob(source, ref, Position(line, 9), slug or source.name.split("-")[0])


def mean_diff(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference over the RGB channels, 0-255."""
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    return sum(ImageStat.Stat(diff).mean) / 3


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    """The good photos through a 2-worker pool into a fresh cache."""
    cache = tmp_path_factory.mktemp("cache")
    stats: dict = {}
    jobs = [job(PHOTOS / name, line) for line, name in enumerate(GOOD, start=3)]
    images, diagnostics = process_images(jobs, cache_dir=cache, workers=2, stats=stats)
    return {
        "images": images,
        "diagnostics": diagnostics,
        "stats": stats,
        "cache": cache,
        "jobs": jobs,
    }


def image(processed, name: str) -> ProcessedImage:
    return processed["images"][PHOTOS / name]


def all_variants(img: ProcessedImage) -> list[Variant]:
    return list(img.variants())


# -- the happy path -------------------------------------------------------------


def test_good_photos_processed_without_diagnostics(processed):
    assert processed["diagnostics"] == []
    assert set(processed["images"]) == {PHOTOS / n for n in GOOD}
    stats = processed["stats"]
    assert stats["sources"] == len(GOOD) and stats["decoded"] == len(GOOD)
    assert stats["cache_hits"] == 0 and stats["failed"] == 0
    for img in processed["images"].values():
        assert list(img.formats) == ["avif", "jpeg"]
        for v in all_variants(img):
            assert v.file is not None and v.file.stat().st_size == v.bytes
            with Image.open(v.file) as im:
                assert im.size == (v.width, v.height)
                assert im.format == {"avif": "AVIF", "jpeg": "JPEG"}[v.format]


def test_phone_photo_is_upright_with_expected_sizes(processed):
    img = image(processed, "phone-4000x3000-rotated-gps.jpg")
    assert (img.width, img.height) == (4000, 3000)  # stored 3000x4000 with Orientation 6
    assert [(v.width, v.height) for v in img.formats["avif"]] == [
        (400, 300),
        (800, 600),
        (1600, 1200),
    ]
    # one JPEG fallback (old browsers, crawlers), which is also the Open Graph image
    assert [(v.width, v.height) for v in img.formats["jpeg"]] == [(800, 600)]
    assert img.og == img.formats["jpeg"][0]
    assert len(img.variants()) == 4
    assert img.largest().width == 800 and img.largest("avif").width == 1600
    # the pixels are turned, not only the box: compare with both possible turns
    with Image.open(PHOTOS / "phone-4000x3000-rotated-gps.jpg") as src:
        src.draft("RGB", (300, 400))
        right = src.transpose(Image.Transpose.ROTATE_270).resize((400, 300))
        wrong = src.transpose(Image.Transpose.ROTATE_90).resize((400, 300))
    for fmt in ("jpeg", "avif"):
        with Image.open(img.formats[fmt][0].file) as out:
            out = out.resize((400, 300))
            assert mean_diff(out, right) < 8
            assert mean_diff(out, wrong) > 3 * mean_diff(out, right)


@pytest.mark.parametrize("name", GOOD)
def test_every_output_is_stripped_of_metadata(processed, name):
    """No EXIF (GPS, Make/Model, serial, maker notes), no XMP, no ICC, no comment."""
    for v in all_variants(image(processed, name)):
        data = v.file.read_bytes()
        # long needles only: 3-4 random bytes do occur in compressed data
        for needle in (
            b"Exif\0\0",
            b"ExamplePhone",
            b"SN-0042-7781",
            b"xpacket",
            b"ns.adobe.com",
            b"ICC_PROFILE",
        ):
            assert needle not in data, (v.url, needle)
        with Image.open(v.file) as im:
            exif = im.getexif()
            assert len(exif) == 0, v.url
            assert not exif.get_ifd(0x8825) and not exif.get_ifd(0x8769)  # GPS, Exif IFD
            assert not im.info.get("icc_profile"), v.url
            assert "exif" not in im.info and "xmp" not in im.info and "comment" not in im.info
            if v.format == "jpeg":
                assert [marker for marker, _ in im.applist] == ["APP0"]  # JFIF only


def test_avif_declares_srgb_without_icc(processed):
    v = image(processed, "coffee-1800x1200.jpg").formats["avif"][0]
    data = v.file.read_bytes()
    colr = data.index(b"colrnclx") + 8
    primaries, transfer = struct.unpack(">HH", data[colr : colr + 4])
    assert (primaries, transfer) == (1, 13)  # BT.709 primaries, sRGB transfer curve
    assert b"colrprof" not in data and b"colrrICC" not in data


def test_cmyk_colours_survive(processed):
    """The CMYK fixture was made from coffee-1800x1200.jpg: colours must match it."""
    cmyk = image(processed, "cmyk-1500x1000.jpg")
    coffee = image(processed, "coffee-1800x1200.jpg")
    for fmt in ("jpeg", "avif"):
        a = next(v for v in cmyk.formats[fmt] if v.width == 800)
        b = next(v for v in coffee.formats[fmt] if v.width == 800)
        with Image.open(a.file) as ia, Image.open(b.file) as ib:
            assert ia.mode == "RGB"
            assert mean_diff(ia, ib) < 5
    assert cmyk.placeholder_color == coffee.placeholder_color


def test_alpha_white_in_jpeg_kept_in_avif(processed):
    img = image(processed, "alpha-1200x798.png")
    assert img.alpha
    with Image.open(PHOTOS / "alpha-1200x798.png") as src:
        src = src.resize((400, 266))
        alpha = src.getchannel("A")
    transparent = next(
        (x, y) for y in range(266) for x in range(400) if alpha.getpixel((x, y)) == 0
    )
    opaque = next(
        (x, y) for y in range(130, 266) for x in range(150, 400) if alpha.getpixel((x, y)) == 255
    )
    with Image.open(img.formats["jpeg"][0].file) as jpeg:
        assert jpeg.mode == "RGB"
        assert min(jpeg.getpixel(transparent)) >= 245  # white background
    with Image.open(img.formats["avif"][0].file) as avif:
        assert avif.mode == "RGBA"
        assert avif.getpixel(transparent)[3] <= 8
        assert avif.getpixel(opaque)[3] >= 247
    assert "style=" not in picture_html(img, "tas")  # the placeholder would show through


# -- sizes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src_width", "expected"),
    [
        (4000, (400, 800, 1600)),
        (1600, (400, 800, 1600)),
        (1411, (400, 800, 1411)),
        (1200, (400, 800, 1200)),
        (800, (400, 800)),
        (600, (400, 600)),
        (300, (300,)),
    ],
)
def test_plan_widths_never_upscales(src_width, expected):
    assert geometry.plan_widths(src_width, (400, 800, 1600)) == expected


@pytest.mark.parametrize(
    ("width", "src", "height"),
    [
        (400, (4000, 3000), 300),
        (400, (1800, 1197), 266),
        (400, (1500, 1000), 267),
        (800, (1411, 1411), 800),
        (1, (4000, 10), 1),
    ],
)
def test_scaled_height_rounds_half_up(width, src, height):
    assert geometry.scaled_height(width, *src) == height


@pytest.mark.parametrize(
    ("stored", "orientation", "needed", "drafted"),
    [
        ((3000, 4000), 6, 1600, (1200, 1600)),  # sideways phone photo
        ((4000, 3000), 1, 1600, (1600, 1200)),
        ((1800, 1200), 1, 1600, (1600, 1067)),
    ],
)
def test_draft_request_covers_the_largest_output(stored, orientation, needed, drafted):
    assert geometry.draft_request(stored, orientation, needed) == drafted


@pytest.mark.parametrize(
    ("target", "produced", "expected"),
    [
        (1600, [], 2000),  # the largest comes from the decoded image
        (1200, [1600], 1600),  # 1.33x: chained
        (800, [1600, 1200], 1200),  # the nearest larger one
        (400, [1600, 1200, 800], 800),
        (1300, [1600], 2000),  # 1.23x is too close: from the decode
    ],
)
def test_each_width_is_resized_from_the_nearest_larger_one(target, produced, expected):
    assert geometry.resize_base(target, produced, 2000) == expected


@pytest.mark.parametrize(
    ("actual", "planned", "turned"),
    [
        ((2000, 1500), (4000, 3000), False),
        ((1500, 2000), (4000, 3000), True),  # orientation found only when decoding
        ((500, 500), (1000, 999), False),  # draft rounding is not a turn
        ((800, 800), (800, 800), False),
    ],
)
def test_looks_transposed(actual, planned, turned):
    assert geometry.looks_transposed(actual, planned) is turned


def test_sources_are_never_upscaled(processed):
    retina = image(processed, "retina-1411.jpg")
    assert [v.width for v in retina.formats["avif"]] == [400, 800, 1411]
    assert [v.width for v in retina.formats["jpeg"]] == [800]
    alpha = image(processed, "alpha-1200x798.png")
    assert [(v.width, v.height) for v in alpha.formats["avif"]] == [
        (400, 266),
        (800, 532),
        (1200, 798),
    ]
    assert alpha.og == alpha.formats["jpeg"][-1]  # same width and quality: one file
    # a portrait photo narrower than the JPEG width: its own width, never upscaled
    assert geometry.plan_widths(600, DEFAULTS.jpeg_widths) == (600,)
    for img in processed["images"].values():
        assert all(v.width <= img.width and v.height <= img.height for v in all_variants(img))


# -- names, determinism, cache ---------------------------------------------------


def test_names_encode_slug_source_and_settings(processed):
    img = image(processed, "phone-4000x3000-rotated-gps.jpg")
    key = settings_key(DEFAULTS, fingerprint())[:6]
    for v in img.formats["avif"]:
        assert re.fullmatch(rf"media/phone-[0-9a-f]{{32}}-{key}-{v.width}\.avif", v.url)
    assert re.fullmatch(rf"media/phone-[0-9a-f]{{32}}-{key}-800\.jpg", img.og.url)


def test_one_jpeg_width_unless_jpeg_is_the_only_format():
    assert DEFAULTS.widths_of("avif") == (400, 800, 1600)
    assert DEFAULTS.widths_of("jpeg") == (800,) and DEFAULTS.og_width == 800
    preview = ImageSettings(formats=("jpeg",))  # fast preview builds: every width in JPEG
    assert preview.widths_of("jpeg") == (400, 800, 1600)
    with pytest.raises(ValueError, match="jpeg_widths"):
        ImageSettings(jpeg_widths=(800, 400))


def test_settings_key_only_tracks_output_settings():
    key = settings_key(DEFAULTS, "x")
    assert settings_key(dataclasses.replace(DEFAULTS, min_long_side=1000), "x") == key
    assert settings_key(dataclasses.replace(DEFAULTS, media_dir="img"), "x") == key
    assert settings_key(dataclasses.replace(DEFAULTS, max_pixels=10), "x") == key
    assert settings_key(dataclasses.replace(DEFAULTS, avif_quality=60), "x") != key
    assert settings_key(dataclasses.replace(DEFAULTS, widths=(320, 640)), "x") != key
    assert settings_key(DEFAULTS, "y") != key  # another encoder version


@pytest.mark.parametrize(
    "bad",
    [
        {"widths": ()},
        {"widths": (800, 400)},
        {"formats": ("avif",)},
        {"jpeg_quality": 0},
        {"avif_speed": 11},
        {"background": "white"},
        {"resample": "nearest"},
    ],
)
def test_settings_are_validated_and_frozen(bad):
    with pytest.raises(ValueError):
        ImageSettings(**bad)
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULTS.jpeg_quality = 90  # type: ignore[misc]


def test_identical_input_gives_identical_names_and_bytes(processed, tmp_path):
    """A second cache, inline instead of a pool: same results, same bytes."""
    names = GOOD[:2] + ("alpha-1200x798.png",)
    jobs = [j for j in processed["jobs"] if j.source.name in names]
    images, diagnostics = process_images(jobs, cache_dir=tmp_path / "other", workers=1)
    assert diagnostics == []
    for path, img in images.items():
        first = processed["images"][path]
        assert img == first
        for a, b in zip(all_variants(img), all_variants(first)):
            assert a.file != b.file
            assert a.file.read_bytes() == b.file.read_bytes(), a.url


def test_avif_bytes_do_not_depend_on_the_thread_count():
    """encode.py relies on it: pool workers and inline runs use different counts."""
    from catalog.images.encode import encode

    with Image.open(PHOTOS / "chelsea-1800x1197.jpg") as im:
        small = im.resize((600, 399))
    outputs = {encode(small, "avif", DEFAULTS, threads=n) for n in (1, 2, 3, 8)}
    assert len(outputs) == 1


def test_second_run_decodes_and_encodes_nothing(processed):
    stats: dict = {}
    images, diagnostics = process_images(
        processed["jobs"], cache_dir=processed["cache"], workers=2, stats=stats
    )
    assert diagnostics == [] and images == processed["images"]
    assert stats["decoded"] == 0 and stats["encoded"] == 0 and stats["hashed"] == 0
    assert stats["cache_hits"] == stats["sources"] == len(GOOD)


def test_same_bytes_under_another_name_is_a_cache_hit(processed, tmp_path):
    copy = tmp_path / "tas-1.jpg"
    shutil.copyfile(PHOTOS / "coffee-1800x1200.jpg", copy)
    stats: dict = {}
    images, _ = process_images(
        [job(copy, slug="tas-kulit-1")], cache_dir=processed["cache"], stats=stats
    )
    assert stats == {**stats, "decoded": 0, "encoded": 0, "hashed": 1, "cache_hits": 1}
    img = images[copy]
    assert img.largest().url.startswith("media/tas-kulit-1-")
    assert img.largest().file == image(processed, "coffee-1800x1200.jpg").largest().file


def test_one_source_many_references(processed):
    phone = PHOTOS / "phone-4000x3000-rotated-gps.jpg"
    spelled = PHOTOS / ".." / "photos" / phone.name
    jobs = [job(phone, 3, slug="tas-a"), job(spelled, 9, slug="tas-b", ref="other.yaml")]
    stats: dict = {}
    images, _ = process_images(jobs, cache_dir=processed["cache"], stats=stats)
    assert stats["sources"] == 1
    assert set(images) == {phone, spelled}
    assert images[spelled].largest().url.startswith("media/tas-a-")  # first job's slug


@pytest.fixture
def cache_copy(processed, tmp_path):
    copy = tmp_path / "cache"
    shutil.copytree(processed["cache"], copy)
    return copy


def _rerun(processed, cache: Path, name: str):
    stats: dict = {}
    jobs = [j for j in processed["jobs"] if j.source.name == name]
    images, diagnostics = process_images(jobs, cache_dir=cache, stats=stats)
    assert diagnostics == []
    return images[jobs[0].source], stats


@pytest.mark.parametrize("damage", ["truncate", "flip-byte", "delete"])
def test_damaged_cache_file_is_regenerated(processed, cache_copy, damage):
    name = "phone-4000x3000-rotated-gps.jpg"
    original = image(processed, name).formats["avif"][1]
    damaged = cache_copy / original.file.relative_to(processed["cache"])
    good = damaged.read_bytes()
    if damage == "truncate":
        damaged.write_bytes(good[: len(good) // 2])
    elif damage == "flip-byte":
        damaged.write_bytes(good[:100] + bytes([good[100] ^ 0xFF]) + good[101:])
        os.utime(damaged, ns=(1, 1))  # a different mtime, as any edit gives
    else:
        damaged.unlink()
    img, stats = _rerun(processed, cache_copy, name)
    assert stats["decoded"] == 1 and stats["encoded"] == 1  # only the broken file
    assert damaged.read_bytes() == good
    assert img == image(processed, name)


def test_corrupt_index_is_rebuilt(processed, cache_copy):
    (cache_copy / "index.sqlite3").write_bytes(b"this is not a database" * 100)
    for extra in ("index.sqlite3-wal", "index.sqlite3-shm"):
        (cache_copy / extra).unlink(missing_ok=True)
    img, stats = _rerun(processed, cache_copy, "alpha-1200x798.png")
    assert stats["decoded"] == 1
    assert img == image(processed, "alpha-1200x798.png")
    img, stats = _rerun(processed, cache_copy, "alpha-1200x798.png")
    assert stats["decoded"] == 0 and stats["cache_hits"] == 1


# -- bad sources -----------------------------------------------------------------


def _png_claiming(path: Path, width: int, height: int) -> Path:
    """A tiny PNG whose header claims ``width`` x ``height`` (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )
    return path


def _fixture(name: str):
    return lambda tmp: PHOTOS / name


def _gif(tmp: Path) -> Path:
    with Image.open(PHOTOS / "coffee-1800x1200.jpg") as im:
        im.save(tmp / "tas.gif")
    return tmp / "tas.gif"


def _tiff(tmp: Path) -> Path:
    with Image.open(PHOTOS / "coffee-1800x1200.jpg") as im:
        im.save(tmp / "tas.jpg", "TIFF")  # a TIFF with a .jpg name
    return tmp / "tas.jpg"


def _cut_png(tmp: Path) -> Path:
    (tmp / "cut.png").write_bytes((PHOTOS / "alpha-1200x798.png").read_bytes()[:40])
    return tmp / "cut.png"


def _empty(tmp: Path) -> Path:
    (tmp / "empty.jpg").write_bytes(b"")
    return tmp / "empty.jpg"


BAD = [  # (id, make the file, code, words the English message must contain)
    ("not-an-image", _fixture("not-an-image.jpg"), "I401", "not an image"),
    ("empty", _empty, "I401", "not an image"),
    ("truncated-jpeg", _fixture("truncated.jpg"), "I402", "truncated"),
    ("cut-png-header", _cut_png, "I402", "damaged"),
    ("missing", lambda tmp: tmp / "nowhere.jpg", "I402", "damaged"),
    (
        "bomb-400mp",
        lambda tmp: _png_claiming(tmp / "bomb.png", 20000, 20000),
        "I403",
        "400 000 000 pixels",
    ),
    (
        "bomb-120mp",
        lambda tmp: _png_claiming(tmp / "big.png", 12000, 10000),
        "I403",
        "120 000 000 pixels",
    ),
    ("too-small", _fixture("too-small-600x400.png"), "I404", "600×400"),
    ("gif", _gif, "I405", "(GIF)"),
    ("tiff-named-jpg", _tiff, "I405", "(TIFF)"),
]


@pytest.fixture(scope="module")
def rejected(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bad")
    sources = {case_id: make(tmp) for case_id, make, _, _ in BAD}
    jobs = [
        job(src, line, ref=f"products/demo/{case_id}.yaml")
        for line, (case_id, src) in enumerate(sources.items(), start=10)
    ]
    stats: dict = {}
    images, diagnostics = process_images(jobs, cache_dir=tmp / "cache", workers=2, stats=stats)
    return {
        "sources": sources,
        "jobs": jobs,
        "images": images,
        "diagnostics": diagnostics,
        "stats": stats,
        "cache": tmp / "cache",
    }


@pytest.mark.parametrize(
    ("case_id", "code", "words"), [(c, code, w) for c, _, code, w in BAD], ids=[c[0] for c in BAD]
)
def test_bad_source_is_reported_at_the_yaml_line(rejected, case_id, code, words):
    job_ = next(j for j in rejected["jobs"] if j.ref_path.endswith(f"/{case_id}.yaml"))
    assert job_.source not in rejected["images"]
    found = [d for d in rejected["diagnostics"] if d.path == job_.ref_path]
    assert len(found) == 1
    d = found[0]
    assert (d.code, d.line, d.column, d.severity) == (code, job_.ref_pos.line, 9, Severity.ERROR)
    assert words in d.message.en, d.message.en
    assert job_.source.name in d.message.en and job_.source.name in d.message.id
    assert d.hint is not None


def test_bombs_and_small_photos_are_refused_before_decoding(rejected):
    assert rejected["stats"]["failed"] == len(BAD)
    # only the truncated JPEG reached the decoder; everything else failed on its header
    assert rejected["stats"]["decoded"] == 1
    assert rejected["stats"]["encoded"] == 0


def test_lowered_pixel_limit_refuses_a_good_photo_without_decoding(tmp_path):
    settings = dataclasses.replace(DEFAULTS, max_pixels=1_000_000)
    stats: dict = {}
    src = PHOTOS / "coffee-1800x1200.jpg"
    images, diagnostics = process_images(
        [job(src)], cache_dir=tmp_path, settings=settings, stats=stats
    )
    assert images == {} and [d.code for d in diagnostics] == ["I403"]
    assert "2 160 000 pixels, limit 1 000 000" in diagnostics[0].message.en
    assert stats["decoded"] == 0


def test_content_problems_are_remembered(rejected):
    stats: dict = {}
    _, diagnostics = process_images(rejected["jobs"], cache_dir=rejected["cache"], stats=stats)
    assert sorted(diagnostics) == sorted(rejected["diagnostics"])
    assert stats["decoded"] == 0  # the truncated JPEG is not decoded again


def test_every_reference_to_a_bad_photo_gets_a_diagnostic(tmp_path):
    bad = PHOTOS / "not-an-image.jpg"
    jobs = [job(bad, 4, ref="products/a/x.yaml"), job(bad, 12, ref="products/b/y.yaml")]
    _, diagnostics = process_images(jobs, cache_dir=tmp_path)
    assert [(d.path, d.line, d.code) for d in diagnostics] == [
        ("products/a/x.yaml", 4, "I401"),
        ("products/b/y.yaml", 12, "I401"),
    ]


def test_photo_named_relative_to_its_yaml(tmp_path):
    folder = tmp_path / "products" / "koperasi"
    (folder / "photos").mkdir(parents=True)
    shutil.copyfile(PHOTOS / "not-an-image.jpg", folder / "photos" / "tas-1.jpg")
    _, [d] = process_images(
        [job(folder / "photos" / "tas-1.jpg", ref=str(folder / "tas.yaml"))],
        cache_dir=tmp_path / "cache",
    )
    assert "`photos/tas-1.jpg`" in d.message.en


def test_progress_is_logged_as_counted_lines(tmp_path, caplog):
    jobs = [job(PHOTOS / "not-an-image.jpg"), job(PHOTOS / "truncated.jpg")]
    with caplog.at_level(logging.INFO, logger="catalog.images"):
        process_images(jobs, cache_dir=tmp_path, workers=1)
    lines = [r.getMessage() for r in caplog.records if r.name == "catalog.images"]
    assert any(line.startswith("images: 1/2 ") for line in lines)
    assert any(line.startswith("images: 2/2 ") for line in lines)


# -- other accepted sources ---------------------------------------------------------

FAST = dataclasses.replace(DEFAULTS, formats=("jpeg",))  # what matters here is decoding


def _coffee(size=(1000, 667)) -> Image.Image:
    with Image.open(PHOTOS / "coffee-1800x1200.jpg") as im:
        return im.resize(size, Image.Resampling.LANCZOS)


def _save(fmt: str, name: str, **options):
    def make(tmp: Path) -> Path:
        _coffee().save(tmp / name, fmt, **options)
        return tmp / name

    return make


def _heic(tmp: Path) -> Path:
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    _coffee().save(tmp / "IMG_0001.HEIC", "HEIF", quality=60)
    return tmp / "IMG_0001.HEIC"


def _palette_with_transparency(tmp: Path) -> Path:
    im = _coffee().quantize(64)
    im.save(tmp / "palette.png", transparency=0)
    return tmp / "palette.png"


def _grey16(tmp: Path) -> Path:
    _coffee().convert("L").convert("I").point(lambda v: v * 257).convert("I;16").save(
        tmp / "grey16.png"
    )
    return tmp / "grey16.png"


SOURCES = [  # (id, make the file, expected Pillow mode of the source, colour check)
    ("webp", _save("WEBP", "tas.webp", quality=90), "RGB", True),
    ("avif", _save("AVIF", "tas.avif", quality=90, speed=10), "RGB", True),
    ("png", _save("PNG", "tas.png"), "RGB", True),
    ("mpo", _save("MPO", "tas.jpg", quality=90), "RGB", True),
    (
        "jpeg-grey",
        lambda tmp: (_coffee().convert("L").save(tmp / "g.jpg"), tmp / "g.jpg")[1],
        "L",
        False,
    ),
    ("png-palette-transparent", _palette_with_transparency, "P", True),
    ("png-16-bit-grey", _grey16, None, False),
    ("heic", _heic, "RGB", True),
]


@pytest.mark.parametrize(
    ("make", "mode", "colour"), [c[1:] for c in SOURCES], ids=[c[0] for c in SOURCES]
)
def test_other_source_formats_are_accepted(tmp_path, make, mode, colour):
    src = make(tmp_path)
    with Image.open(src) as im:
        assert mode is None or im.mode == mode
    images, diagnostics = process_images([job(src)], cache_dir=tmp_path / "cache", settings=FAST)
    assert diagnostics == []
    img = images[src]
    assert (img.width, img.height) == (1000, 667)
    assert [v.width for v in img.formats["jpeg"]] == [400, 800, 1000]
    with Image.open(img.formats["jpeg"][1].file) as out:
        assert out.mode == "RGB"
        reference = _coffee((800, 533))
        if not colour:
            reference = reference.convert("L")
        assert mean_diff(out, reference) < 6


# -- placeholder, HTML, publishing -------------------------------------------------


def test_placeholders_are_tiny(processed):
    for img in processed["images"].values():
        assert re.fullmatch(r"#[0-9a-f]{6}", img.placeholder_color)
        assert img.placeholder_uri.startswith("data:image/webp;base64,")
        assert len(img.placeholder_uri) <= 400
        data = base64.b64decode(img.placeholder_uri.split(",", 1)[1])
        with Image.open(io.BytesIO(data)) as tiny:
            assert max(tiny.size) <= 16 and not tiny.getexif()
    # the coffee photo is mostly brown-orange, not grey
    r, g, b = bytes.fromhex(image(processed, "coffee-1800x1200.jpg").placeholder_color[1:])
    assert r > g > b


def test_picture_html(processed):
    img = image(processed, "phone-4000x3000-rotated-gps.jpg")
    html = picture_html(img, 'Tas <script>alert("x")</script> & dompet', css_class='a"b')
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; dompet" in html
    assert 'class="a&quot;b"' in html
    assert 'width="1600" height="1200"' in html
    assert 'loading="lazy"' in html and "fetchpriority" not in html
    assert 'decoding="async"' in html
    avif = re.search(r'<source type="image/avif" srcset="([^"]+)" sizes="([^"]+)">', html)
    assert avif and avif.group(2) == "(max-width: 600px) 100vw, 600px"
    assert avif.group(1) == ", ".join(f"/{v.url} {v.width}w" for v in img.formats["avif"])
    assert f'src="/{img.formats["jpeg"][0].url}"' in html  # the one 800 px JPEG
    assert html.count("srcset=") == 1  # the <img> has no srcset of one file
    assert f"background:{img.placeholder_color} url(data:image/webp;base64," in html
    assert html.startswith("<picture>") and html.endswith("</picture>")

    eager = picture_html(img, "x", eager=True, url_prefix="../../", sizes="50vw")
    assert 'loading="eager"' in eager and 'fetchpriority="high"' in eager
    assert f'src="../../{img.formats["jpeg"][0].url}"' in eager and 'sizes="50vw"' in eager


def test_publish_places_every_file_idempotently(processed, tmp_path):
    site = tmp_path / "site"
    images = list(processed["images"].values())
    publish(images, site)
    published = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    expected = sorted({v.url for img in images for v in img.variants()})
    assert published == expected
    for img in images:
        for v in img.variants():
            assert (site / v.url).read_bytes() == v.file.read_bytes()
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    publish(images, site)
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == before
    assert not list(site.rglob(".*.tmp"))


# -- one supplier's photo never lands on another's page -----------------------------------------
def test_same_product_id_and_photo_in_two_suppliers_publish_to_distinct_urls(tmp_path):
    """Two suppliers, the same product id, byte-identical photos (so every hash prefix
    collides): each supplier's page gets its own files, under its own folder."""
    from catalog.core.catalogue import load_catalog
    from catalog.build.pipeline import image_jobs
    from conftest import copy_example

    root = tmp_path / "products"
    a = copy_example(root, "koperasi-a")
    b = copy_example(root, "koperasi-b")
    text = (b / "supplier.yaml").read_text(encoding="utf-8")
    (b / "supplier.yaml").write_text(
        text.replace('"9120301234501"', '"9120301234999"').replace(
            "+6281234500001", "+6281234500999"
        )
    )
    catalog = load_catalog(root)
    assert catalog.ok, catalog.diagnostics
    images, problems = process_images(image_jobs(catalog), cache_dir=tmp_path / "cache")
    assert problems == []
    urls = {
        folder: {
            v.url
            for src, img in images.items()
            if src.parent.parent == folder
            for v in img.variants()
        }
        for folder in (a, b)
    }
    assert urls[a] and urls[b] and not urls[a] & urls[b]
    assert all(u.startswith("media/koperasi-a/") for u in urls[a])
    assert all(u.startswith("media/koperasi-b/") for u in urls[b])
    hashes = {re.search(r"-([0-9a-f]{32})-", u).group(1) for u in urls[a] | urls[b]}
    assert len(hashes) == len({img.sha256 for img in images.values()})  # 128 bits in every name


def test_two_sources_on_one_url_fail_the_build(tmp_path, monkeypatch):
    """Should two different photos ever be named alike (here: names without a hash), the
    build stops with I407 at both references rather than let one replace the other."""
    import catalog.images.process as process

    monkeypatch.setattr(process, "URL_HASH_CHARS", 0)
    jobs = [
        job(PHOTOS / "coffee-1800x1200.jpg", 3, slug="sama-1"),
        job(PHOTOS / "rocket-1920x1281.jpg", 5, slug="sama-1", ref="other.yaml"),
    ]
    images, problems = process_images(jobs, cache_dir=tmp_path / "cache")
    assert [p.code for p in problems] == ["I407"]
    assert problems[0].path == "other.yaml" and "sama-1" in problems[0].message.en
