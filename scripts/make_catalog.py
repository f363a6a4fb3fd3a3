#!/usr/bin/env python3
"""Generate a synthetic but valid catalogue for benchmarks and scale tests.

    python scripts/make_catalog.py N OUT [--seed 1] [--photos-per-supplier 3]
                                         [--photo-size 2000x1500]

Writes N products over N/10 suppliers (at least 1) across many provinces and
categories into OUT/ (a products/ folder). Photos are cut from the fixture
photos at phone size with varied crops, so every photo has its own hash; a
supplier's products share its photos (as real suppliers reuse studio shots),
which keeps 10,000 products at a few GB rather than tens. The same seed gives
the same bytes. The result passes ``catalog validate``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.core import vocab  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "photos"
SOURCES = [
    "astronaut-1600.jpg",
    "chelsea-1800x1197.jpg",
    "coffee-1800x1200.jpg",
    "hubble-2000x1744.jpg",
    "retina-1411.jpg",
    "rocket-1920x1281.jpg",
    "texture-brown-1600.jpg",
]
WORDS_ID = [
    "anyaman",
    "kerajinan",
    "tangan",
    "alami",
    "tradisional",
    "premium",
    "pilihan",
    "olahan",
    "segar",
    "kering",
    "halus",
    "kuat",
    "tahan",
    "lama",
    "motif",
    "khas",
]
WORDS_EN = [
    "woven",
    "handmade",
    "craft",
    "natural",
    "traditional",
    "premium",
    "selected",
    "processed",
    "fresh",
    "dried",
    "fine",
    "sturdy",
    "durable",
    "pattern",
    "local",
]
UNITS_BY_FOOD = {
    "none": ["piece", "pair", "set", "metre"],
    "fresh": ["kg"],
    "processed": ["kg", "pack", "carton"],
}


class Generator:
    def __init__(self, seed: int, photo_size: tuple[int, int]):
        self.rng = random.Random(seed)
        self.photo_size = photo_size
        self.sources = [Image.open(FIXTURES / name).convert("RGB") for name in SOURCES]
        self.regencies = sorted(c for c, r in vocab.regions().items() if r.level == "regency")
        self.categories = sorted(vocab.categories())

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def sentence(self, words: list[str], n: int) -> str:
        return " ".join(self.rng.choice(words) for _ in range(n)).capitalize() + "."

    def photo(self, path: Path) -> None:
        """A phone-sized crop of a fixture photo, resized up or down as needed."""
        src = self.rng.choice(self.sources)
        w, h = src.size
        cw, ch = int(w * self.rng.uniform(0.55, 0.95)), int(h * self.rng.uniform(0.55, 0.95))
        x, y = self.rng.randint(0, w - cw), self.rng.randint(0, h - ch)
        crop = src.crop((x, y, x + cw, y + ch)).resize(self.photo_size, Image.Resampling.BICUBIC)
        path.parent.mkdir(parents=True, exist_ok=True)
        crop.save(path, "JPEG", quality=85)

    def supplier(self, index: int) -> tuple[str, dict]:
        sid = f"pemasok-{index:05d}"
        region = self.rng.choice(self.regencies)
        kind = self.rng.choice(["koperasi", "umkm", "cv", "ud"])
        data = {
            "name": f"{'Koperasi' if kind == 'koperasi' else 'Usaha'} Contoh {index:05d}",
            "type": kind,
            "scale": self.rng.choice(["mikro", "kecil", "menengah"]),
            "description": {"id": self.sentence(WORDS_ID, 14), "en": self.sentence(WORDS_EN, 14)},
            "nib": "91" + self.digits(11),
            "region": region,
            "contact": {
                "whatsapp": f"+62812{self.digits(8)}",
                "email": f"pemasok{index:05d}@contoh.example",
            },
            "founded": self.rng.randint(1970, 2024),
        }
        if kind == "koperasi":
            data["members"] = self.rng.randint(20, 900)
        return sid, data

    def product(self, index: int, photos: list[str]) -> tuple[str, dict]:
        category = vocab.categories()[self.categories[index % len(self.categories)]]
        unit = self.rng.choice(UNITS_BY_FOOD[category.food])
        moq = self.rng.choice([10, 20, 50, 100, 200, 500])
        heading = vocab.hs2022().headings[self.rng.choice(category.hs)]
        hs = vocab.hs_dotted(self.rng.choice(heading))  # an existing HS 2022 subheading
        name_id = f"{category.label.id} {self.rng.choice(WORDS_ID)} {index:05d}"
        data: dict = {
            "name": {
                "id": name_id,
                "en": f"{category.label.en} {self.rng.choice(WORDS_EN)} {index:05d}",
            },
            "description": {
                "id": " ".join(self.sentence(WORDS_ID, 12) for _ in range(3)),
                "en": " ".join(self.sentence(WORDS_EN, 12) for _ in range(3)),
            },
            "category": category.id,
            "images": [
                {"file": f, "alt": {"id": f"Foto contoh {i + 1}", "en": f"Sample photo {i + 1}"}}
                for i, f in enumerate(photos)
            ],
            "hs_code": hs,
            "status": "active",
            "added": f"2026-{self.rng.randint(1, 10):02d}-{self.rng.randint(1, 28):02d}",
            "moq": {"quantity": moq, "unit": unit},
            "capacity_per_month": {"quantity": moq * self.rng.randint(5, 200), "unit": unit},
            "lead_time_days": {"min": 7, "max": self.rng.choice([14, 21, 30, 45])},
            "incoterms": ["EXW", "FOB"],
            "port_of_loading": "IDSUB",
            "buyer_segments": sorted(self.rng.sample(sorted(vocab.segments()), 2)),
            "export_markets": sorted(self.rng.sample(["JP", "SG", "MY", "NL", "US", "AU"], 2)),
            "keywords": [self.rng.choice(WORDS_ID), self.rng.choice(WORDS_EN)],
        }
        if self.rng.random() < 0.3:
            data["price"] = {"on_request": True}
        else:
            base = self.rng.randint(5, 500) * 1000
            data["price"] = {
                "currency": "IDR",
                "basis": "EXW",
                "valid_until": "2030-12-31",
                "tiers": [
                    {"min_qty": moq, "amount": base},
                    {"min_qty": moq * 5, "amount": int(base * 0.9)},
                ],
            }
        if category.food == "processed":
            data["certifications"] = [
                {"type": "pirt", "number": "2" + self.digits(14), "valid_until": "2030-06-30"},
                {
                    "type": "halal",
                    "number": "ID" + self.digits(17),
                    "scheme": "self_declare",
                    "issuer": "BPJPH",
                },
            ]
        if category.is_food:
            data["shelf_life_days"] = self.rng.choice([90, 180, 365])
        return f"produk-{index:05d}", data


def write_yaml(path: Path, schema: str, data: dict) -> None:
    path.write_text(
        f"# yaml-language-server: $schema=../../schema/{schema}.schema.json\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of products")
    parser.add_argument("out", type=Path, help="output products/ folder (created)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--photos-per-supplier", type=int, default=3)
    parser.add_argument("--photo-size", default="2000x1500", help="WIDTHxHEIGHT")
    parser.add_argument(
        "--photo-pool",
        type=int,
        default=0,
        help="cut only this many distinct photos and copy them into the "
        "supplier folders (0: every photo distinct). Warm-cache build "
        "benchmarks at 10k products don't need 2,000 cold encodes.",
    )
    args = parser.parse_args(argv)
    w, h = (int(v) for v in args.photo_size.lower().split("x"))
    gen = Generator(args.seed, (w, h))
    suppliers = max(1, args.n // 10)
    args.out.mkdir(parents=True, exist_ok=True)
    for s in range(suppliers):
        sid, sdata = gen.supplier(s)
        folder = args.out / sid
        folder.mkdir(exist_ok=True)
        write_yaml(folder / "supplier.yaml", "supplier", sdata)
        photos = [f"photos/foto-{k + 1}.jpg" for k in range(args.photos_per_supplier)]
        for k, p in enumerate(photos):
            if args.photo_pool:
                index = (s * len(photos) + k) % args.photo_pool
                pooled = args.out / ".photo-pool" / f"{index}.jpg"
                if not pooled.exists():
                    gen.photo(pooled)
                (folder / p).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(pooled, folder / p)
            else:
                gen.photo(folder / p)
        for i in range(s, args.n, suppliers):
            pid, pdata = gen.product(i, gen.rng.sample(photos, min(2, len(photos))))
            write_yaml(folder / f"{pid}.yaml", "product", pdata)
    print(f"{args.n} products, {suppliers} suppliers in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
