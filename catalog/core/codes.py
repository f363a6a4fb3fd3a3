"""The catalogue of diagnostic codes: one place for every message, both languages.

Codes are stable (tests, CI annotations and users' search engines depend on
them). Families:

* ``Y1xx`` - reading the YAML file itself
* ``S2xx`` - a field's type, format or vocabulary (schema)
* ``R3xx`` - rules across fields, files and the whole catalogue
* ``I4xx`` - photos (decoding, size, safety)
* ``C5xx`` - the site's configuration (``mkdocs.yml``)

Messages say what is wrong; hints say what is expected, with an example.
Placeholders in ``{braces}`` are shared by both languages.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import START, Diagnostic, Position, Severity, Text

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True, slots=True)
class Code:
    severity: Severity
    message: Text
    hint: Text | None = None


def _c(
    sev: Severity, msg_id: str, msg_en: str, hint_id: str | None = None, hint_en: str | None = None
) -> Code:
    hint = Text(hint_id, hint_en or hint_id) if hint_id is not None else None
    return Code(sev, Text(msg_id, msg_en), hint)


CODES: dict[str, Code] = {
    # -- Y1xx: reading YAML -------------------------------------------------
    "Y101": _c(
        E,
        "YAML tidak dapat dibaca: {problem}",
        "YAML cannot be parsed: {problem}",
        "periksa indentasi (spasi, bukan tab) dan tanda titik dua setelah nama kolom, "
        "contoh: `name: Tas Kulit`",
        "check indentation (spaces, not tabs) and the colon after each key, e.g. `name: Tas Kulit`",
    ),
    "Y102": _c(
        E,
        "kolom `{key}` ditulis dua kali (pertama di baris {first_line})",
        "key `{key}` appears twice (first on line {first_line})",
        "hapus salah satunya; YAML biasa diam-diam memakai yang terakhir",
        "remove one of them; plain YAML silently keeps the last one",
    ),
    "Y103": _c(
        E,
        "berkas kosong",
        "the file is empty",
        "isi berkas dengan data, mulai dari `catalog new`",
        "fill the file in; `catalog new` writes a template",
    ),
    "Y104": _c(
        E,
        "isi berkas harus berupa pemetaan `kolom: nilai`, bukan {found}",
        "the file must hold a mapping of `key: value`, not {found}",
        "mulai setiap baris teratas dengan nama kolom, contoh: `name: Keripik Tempe`",
        "start each top-level line with a key, e.g. `name: Keripik Tempe`",
    ),
    "Y105": _c(
        E,
        "berkas bukan teks UTF-8 (byte {offset})",
        "the file is not UTF-8 text (byte {offset})",
        "simpan ulang berkas sebagai UTF-8 di editor Anda",
        "save the file again as UTF-8 in your editor",
    ),
    "Y106": _c(
        E,
        "berkas terlalu besar ({size} byte, batas {limit} byte)",
        "the file is too large ({size} bytes, limit {limit} bytes)",
        "satu berkas berisi satu produk; pindahkan teks panjang ke deskripsi ringkas",
        "one file holds one product; shorten long texts",
    ),
    "Y107": _c(
        E,
        "terlalu banyak alias/anchor YAML (lebih dari {limit} simpul setelah diuraikan)",
        "too many YAML aliases/anchors (more than {limit} nodes once expanded)",
        "tulis nilai secara langsung tanpa `&anchor` dan `*alias`",
        "write the values out instead of using `&anchor` and `*alias`",
    ),
    "Y108": _c(
        E,
        "tag YAML `{tag}` tidak diizinkan",
        "YAML tag `{tag}` is not allowed",
        "hapus tag tersebut; hanya teks, angka, tanggal, daftar dan pemetaan yang dipakai",
        "remove the tag; only text, numbers, dates, lists and mappings are used",
    ),
    "Y109": _c(
        E,
        "berkas berisi lebih dari satu dokumen YAML",
        "the file holds more than one YAML document",
        "hapus baris `---` tambahan; satu berkas untuk satu produk",
        "remove the extra `---` line; one file per product",
    ),
    "Y110": _c(
        E,
        "kunci `{key}` harus berupa teks",
        "key `{key}` must be text",
        "nama kolom ditulis dengan huruf kecil, contoh: `moq:`",
        "keys are lowercase words, e.g. `moq:`",
    ),
    # -- S2xx: schema -------------------------------------------------------
    "S201": _c(
        E,
        "kolom `{field}` tidak dikenal{suggestion_id}",
        "unknown field `{field}`{suggestion_en}",
        "kolom yang boleh di sini: {allowed}",
        "fields allowed here: {allowed}",
    ),
    "S212": _c(
        E,
        "kolom `{field}` tidak dikenal: sepertinya teks berisi koma tanpa tanda kutip",
        "unknown field `{field}`: looks like text with a comma, not in quotes",
        "beri tanda kutip pada teks yang berisi koma atau titik dua, contoh: "
        '`packaging: {{id: "Kantong kain, 10 per karton"}}`',
        "put text containing a comma or colon in quotes, e.g. "
        '`packaging: {{en: "Cloth bag, 10 per carton"}}`',
    ),
    "S202": _c(
        E,
        "kolom wajib `{field}` belum diisi",
        "required field `{field}` is missing",
        "tambahkan, contoh: {example}",
        "add it, e.g. {example}",
    ),
    "S203": _c(
        E, "`{field}`: {problem_id}", "`{field}`: {problem_en}", "{expected_id}", "{expected_en}"
    ),
    "S204": _c(
        E,
        "`{field}`: nilai `{value}` tidak ada dalam daftar{suggestion_id}",
        "`{field}`: `{value}` is not in the list{suggestion_en}",
        "pilih salah satu: {allowed}",
        "choose one of: {allowed}",
    ),
    "S205": _c(
        E,
        "`{field}`: format tidak sesuai ({value})",
        "`{field}`: wrong format ({value})",
        "{expected_id}",
        "{expected_en}",
    ),
    "S206": _c(
        E,
        "`{field}`: nomor WhatsApp tidak valid ({value})",
        "`{field}`: invalid WhatsApp number ({value})",
        'tulis dalam format internasional, contoh: "{example}"',
        'write it in international format, e.g. "{example}"',
    ),
    "S207": _c(
        E,
        "`{field}`: kode wilayah `{value}` tidak dikenal{suggestion_id}",
        "`{field}`: unknown region code `{value}`{suggestion_en}",
        'pakai kode kabupaten/kota Kemendagri dalam tanda kutip, contoh: "35.15" '
        "(Kabupaten Sidoarjo)",
        'use the Kemendagri regency/city code in quotes, e.g. "35.15" (Sidoarjo)',
    ),
    "S208": _c(
        E,
        "`{field}`: kode negara `{value}` tidak dikenal{suggestion_id}",
        "`{field}`: unknown country code `{value}`{suggestion_en}",
        "pakai kode ISO 3166-1 dua huruf, contoh: JP, SG, NL",
        "use two-letter ISO 3166-1 codes, e.g. JP, SG, NL",
    ),
    "S209": _c(
        E,
        "`{field}`: teks bahasa Indonesia (`id`) wajib diisi",
        "`{field}`: the Indonesian text (`id`) is required",
        "contoh: {example}",
        "e.g. {example}",
    ),
    "S210": _c(
        W,
        "`{field}`: belum ada teks bahasa Inggris; halaman Inggris memakai teks Indonesia",
        "`{field}`: no English text yet; the English page shows the Indonesian text",
        "tambahkan `en:`, contoh: `{field}: {{id: …, en: …}}`",
        "add `en:`, e.g. `{field}: {{id: …, en: …}}`",
    ),
    "S211": _c(
        E,
        "`{field}`: mata uang `{value}` tidak didukung",
        "`{field}`: currency `{value}` is not supported",
        "pakai IDR atau USD",
        "use IDR or USD",
    ),
    # -- R3xx: rules ---------------------------------------------------------
    "R301": _c(
        E,
        "nama `{name}` tidak bisa dipakai sebagai id",
        "`{name}` cannot be used as an id",
        "pakai huruf kecil, angka dan tanda hubung, contoh: `tas-kulit-sapi`",
        "use lowercase letters, digits and hyphens, e.g. `tas-kulit-sapi`",
    ),
    "R302": _c(
        E,
        "folder pemasok `{supplier}` tidak punya supplier.yaml",
        "supplier folder `{supplier}` has no supplier.yaml",
        "buat dengan `catalog new supplier {supplier}`",
        "create it with `catalog new supplier {supplier}`",
    ),
    "R303": _c(
        E,
        "foto `{file}` tidak ditemukan",
        "photo `{file}` not found",
        "letakkan foto di folder pemasok dan tulis jalurnya relatif terhadap folder itu, "
        "contoh: `photos/tas-1.jpg`",
        "put the photo in the supplier's folder and give its path relative to it, "
        "e.g. `photos/tas-1.jpg`",
    ),
    "R304": _c(
        E,
        "foto `{file}` berada di luar folder pemasok",
        "photo `{file}` lies outside the supplier's folder",
        "jangan pakai `..`, jalur absolut, atau tautan ke luar folder; salin fotonya ke dalam",
        "no `..`, absolute paths or links leading out; copy the photo inside",
    ),
    "R305": _c(
        E,
        "nama produk `{name}` sudah dipakai oleh {other}",
        "product name `{name}` is already used by {other}",
        "beri nama yang membedakan, contoh: tambahkan ukuran atau varian",
        "give a distinguishing name, e.g. add a size or variant",
    ),
    "R306": _c(
        E,
        "pangan olahan wajib punya sertifikat P-IRT atau BPOM yang berlaku",
        "processed food needs a valid P-IRT or BPOM certificate",
        'tambahkan di `certifications`, contoh: `- {{type: pirt, number: "206351501234567"}}`',
        'add one under `certifications`, e.g. `- {{type: pirt, number: "206351501234567"}}`',
    ),
    "R307": _c(
        E,
        "pangan olahan wajib bersertifikat halal (wajib untuk UMKM sejak 17 Oktober 2026)",
        "processed food needs a valid halal certificate (mandatory for UMKM since 17 October 2026)",
        'tambahkan, contoh: `- {{type: halal, scheme: self_declare, number: "ID35110012345670824"}}`',
        'add one, e.g. `- {{type: halal, scheme: self_declare, number: "ID35110012345670824"}}`',
    ),
    "R308": _c(
        E,
        "tingkat harga harus naik: `min_qty` {qty} tidak lebih besar dari tingkat sebelumnya ({prev})",
        "price tiers must ascend: `min_qty` {qty} is not above the previous tier ({prev})",
        "urutkan dari jumlah terkecil, contoh: 100, 500, 1000",
        "order them from the smallest quantity, e.g. 100, 500, 1000",
    ),
    "R309": _c(
        E,
        "tingkat harga pertama ({qty}) di bawah MOQ ({moq})",
        "the first price tier ({qty}) is below the MOQ ({moq})",
        "mulai tingkat pertama dari MOQ atau lebih, contoh: `min_qty: {moq}`",
        "start the first tier at the MOQ or above, e.g. `min_qty: {moq}`",
    ),
    "R310": _c(
        E,
        "kapasitas per bulan ({capacity}) lebih kecil dari MOQ ({moq})",
        "monthly capacity ({capacity}) is below the MOQ ({moq})",
        "periksa angka dan satuannya; kapasitas harus cukup untuk satu pesanan minimum",
        "check the figures and units; capacity must cover one minimum order",
    ),
    "R311": _c(
        E,
        "harga sudah kedaluwarsa (berlaku sampai {date})",
        "the price has expired (valid until {date})",
        "perbarui harga dan `valid_until`, atau pakai `on_request: true`",
        "update the prices and `valid_until`, or use `on_request: true`",
    ),
    "R312": _c(
        W,
        "sertifikat {cert} berakhir dalam {days} hari ({date})",
        "certificate {cert} expires in {days} days ({date})",
        "ajukan perpanjangan sekarang",
        "apply for renewal now",
    ),
    "R313": _c(
        W,
        "sertifikat {cert} sudah berakhir ({date}) dan tidak ditampilkan sebagai berlaku",
        "certificate {cert} expired ({date}) and is not shown as valid",
        "perbarui nomor dan tanggalnya, atau hapus sertifikat ini",
        "update its number and date, or remove it",
    ),
    "R314": _c(
        E,
        "satuan `{unit_a}` dan `{unit_b}` tidak dapat dibandingkan",
        "units `{unit_a}` and `{unit_b}` cannot be compared",
        "pakai satuan yang sejenis untuk MOQ dan kapasitas, contoh: kg dan ton",
        "use comparable units for MOQ and capacity, e.g. kg and tonne",
    ),
    "R315": _c(
        E,
        "`{field}` hanya untuk kategori pangan",
        "`{field}` only applies to food categories",
        "hapus kolom ini atau pilih kategori pangan",
        "remove the field or choose a food category",
    ),
    "R316": _c(
        W,
        "kode HS {hs} tidak biasa untuk kategori {category} (biasanya {headings})",
        "HS code {hs} is unusual for category {category} (usually {headings})",
        "periksa kode HS di INSW (insw.go.id); pos tarif yang salah menahan barang di pabean",
        "check the HS code (insw.go.id); a wrong heading holds goods at customs",
    ),
    "R317": _c(
        E,
        "`lead_time_days`: `min` ({min}) lebih besar dari `max` ({max})",
        "`lead_time_days`: `min` ({min}) is greater than `max` ({max})",
        "contoh: `lead_time_days: {{min: 7, max: 14}}`",
        "e.g. `lead_time_days: {{min: 7, max: 14}}`",
    ),
    "R319": _c(
        E,
        "berkas YAML `{file}` tidak berada di tempat yang dikenal",
        "YAML file `{file}` is not where entries live",
        "produk ditulis di `products/<pemasok>/<produk>.yaml`",
        "products live in `products/<supplier>/<product>.yaml`",
    ),
    "R320": _c(
        E,
        "isi kontak: minimal `whatsapp` atau `email`",
        "contact needs at least `whatsapp` or `email`",
        'contoh: `contact: {{whatsapp: "+6281234567890"}}`',
        'e.g. `contact: {{whatsapp: "+6281234567890"}}`',
    ),
    "R321": _c(
        E,
        "foto `{file}` dipakai dua kali dalam produk yang sama",
        "photo `{file}` is listed twice in the same product",
        "hapus salah satunya",
        "remove one of them",
    ),
    "R322": _c(
        E,
        "harga: pilih `on_request: true` atau harga tercantum (`currency`, `tiers`), "
        "bukan keduanya",
        "price: give either `on_request: true` or listed prices (`currency`, `tiers`), not both",
        "contoh: `price: {{on_request: true}}`",
        "e.g. `price: {{on_request: true}}`",
    ),
    "R323": _c(
        E,
        "id `{name}` dicadangkan untuk alamat situs: {reason_id}",
        "the id `{name}` is reserved for the site's addresses: {reason_en}",
        "ganti nama {holder_id} dengan id lain, contoh: `{example}`",
        "rename the {holder_en} to another id, e.g. `{example}`",
    ),
    "R324": _c(
        E,
        "berkas `{file}` adalah tautan simbolik",
        "`{file}` is a symbolic link",
        "setiap pemasok menulis berkasnya sendiri: ganti tautan dengan berkas biasa",
        "each supplier writes its own files: replace the link with a regular file",
    ),
    "R325": _c(
        E,
        "id produk `{name}` dipakai dua berkas: `{file}` dan `{other}`",
        "product id `{name}` is used by two files: `{file}` and `{other}`",
        "hapus atau ganti nama salah satunya; berkas kedua diam-diam menggantikan yang pertama",
        "remove or rename one of them; the second would silently replace the first",
    ),
    "R326": _c(
        E,
        "NIB {nib} sudah dipakai pemasok `{other}`",
        "NIB {nib} is already used by supplier `{other}`",
        "satu usaha, satu folder: tambahkan produk ke folder `{other}`, atau periksa "
        "NIB-nya di OSS",
        "one business, one folder: add the products to `{other}`, or check the NIB in OSS",
    ),
    "R327": _c(
        W,
        "nomor WhatsApp {number} juga dipakai pemasok `{other}`",
        "WhatsApp number {number} is also used by supplier `{other}`",
        "boleh bila satu pengurus melayani beberapa koperasi; pastikan nomornya benar",
        "fine when one admin serves several cooperatives; make sure the number is right",
    ),
    "R328": _c(
        E,
        "`price.place` ({place}) tanpa `price.basis`: tempat itu untuk Incoterm apa?",
        "`price.place` ({place}) without `price.basis`: the place of which Incoterm?",
        "tambahkan Incoterm harga, contoh: `price: {{basis: FOB, place: Tanjung Perak, Surabaya}}`",
        "add the price's Incoterm, e.g. `price: {{basis: FOB, place: Tanjung Perak, Surabaya}}`",
    ),
    # HS codes and ports (issue 18): catalog/data/README-hs.md, README-ports.md
    "R330": _c(
        E,
        "kode HS {hs} tidak ada dalam HS 2022 (subpos 6 digit)",
        "HS code {hs} does not exist in HS 2022 (six-digit subheadings)",
        "kode terdekat yang ada: {nearest}; periksa di INSW (insw.go.id)",
        "nearest existing codes: {nearest}; check at INSW (insw.go.id)",
    ),
    "R331": _c(
        W,
        "pelabuhan muat `{port}` tidak ada dalam daftar pelabuhan Indonesia UN/LOCODE",
        "port of loading `{port}` is not in the UN/LOCODE list of Indonesian ports",
        "kode yang mirip: {close}; periksa kodenya di unece.org (UN/LOCODE, Indonesia)",
        "similar codes: {close}; check the code at unece.org (UN/LOCODE, Indonesia)",
    ),
    # Services, government buyers and staff curation (issue 21)
    "R340": _c(
        E,
        "`{field}`: satuan `{unit}` tidak dipakai untuk jasa {service}",
        "`{field}`: unit `{unit}` is not used for the service {service}",
        "pakai salah satu: {allowed} (daftar di catalog/data/services.yaml)",
        "use one of: {allowed} (listed in catalog/data/services.yaml)",
    ),
    "R341": _c(
        E,
        "`{field}` adalah kolom jasa, tetapi berkas ini produk",
        "`{field}` is a service field, but this file is a product",
        "bila ini jasa, tulis `kind: service` di baris pertama (lalu pakai kolom jasa: "
        "service, areas, capacity, turnaround); bila produk, hapus `{field}`",
        "if this is a service, write `kind: service` on the first line (then use the "
        "service fields: service, areas, capacity, turnaround); if a product, remove `{field}`",
    ),
    "R342": _c(
        E,
        "`{field}` adalah kolom produk, tetapi berkas ini jasa (`kind: service`)",
        "`{field}` is a product field, but this file is a service (`kind: service`)",
        "jasa memakai {instead}; bila ini sebenarnya produk, hapus baris `kind: service`",
        "a service uses {instead}; if this is really a product, remove the `kind: service` line",
    ),
    "R343": _c(
        E,
        "`{field}`: penilaian rumah dagang tidak boleh ditulis di berkas pemasok",
        "`{field}`: the trading house's assessment cannot be written in a supplier's file",
        "hapus `{field}` dari berkas ini; staf mencatat penilaian di curation/{supplier}.yaml",
        "remove `{field}` from this file; staff record assessments in curation/{supplier}.yaml",
    ),
    "R344": _c(
        E,
        "penilaian untuk pemasok `{supplier}` yang tidak ada di products/",
        "assessment for supplier `{supplier}`, which is not in products/",
        "nama berkas harus sama dengan nama folder pemasok, contoh: curation/{example}.yaml",
        "the file name must be the supplier's folder name, e.g. curation/{example}.yaml",
    ),
    "R345": _c(
        E,
        "`{field}`: sertifikat TKDN tanpa nilai `percentage`",
        "`{field}`: TKDN certificate without its `percentage`",
        "tambahkan nilai TKDN dari sertifikat Kemenperin, contoh: `percentage: 43.27`",
        "add the TKDN value printed on the Kemenperin certificate, e.g. `percentage: 43.27`",
    ),
    "R346": _c(
        E,
        "`{field}`: `percentage` hanya untuk sertifikat TKDN, bukan {cert}",
        "`{field}`: `percentage` only applies to TKDN certificates, not {cert}",
        "hapus `percentage`, atau ubah `type` menjadi `tkdn`",
        "remove `percentage`, or change `type` to `tkdn`",
    ),
    "R347": _c(
        E,
        "`price`: harga berdasarkan permintaan tidak boleh memuat `amount` atau `currency`",
        "`price`: a price on request cannot have an `amount` or `currency`",
        "pilih salah satu: `price: {{on_request: true}}` atau "
        "`price: {{currency: IDR, amount: 9000, unit: kg, valid_until: 2027-06-30}}`",
        "choose one: `price: {{on_request: true}}` or "
        "`price: {{currency: IDR, amount: 9000, unit: kg, valid_until: 2027-06-30}}`",
    ),
    "R348": _c(
        E,
        "`turnaround`: paling cepat ({min}) lebih lama dari paling lama ({max})",
        "`turnaround`: the shortest ({min}) is longer than the longest ({max})",
        "tukar nilainya, contoh: `turnaround: {{min: 1, max: 2, unit: day}}`",
        "swap them, e.g. `turnaround: {{min: 1, max: 2, unit: day}}`",
    ),
    "R349": _c(
        E,
        "`{field}`: tanggal penilaian {date} ada di masa depan",
        "`{field}`: assessment date {date} is in the future",
        "tulis tanggal kunjungan penilaian yang sudah terjadi (TTTT-BB-HH)",
        "write the date the assessment took place (YYYY-MM-DD)",
    ),
    # -- I4xx: photos ----------------------------------------------------------
    "I401": _c(
        E,
        "`{file}` bukan berkas gambar",
        "`{file}` is not an image file",
        "pakai foto JPEG, PNG, WebP, AVIF atau HEIC",
        "use a JPEG, PNG, WebP, AVIF or HEIC photo",
    ),
    "I402": _c(
        E,
        "foto `{file}` rusak atau terpotong ({problem})",
        "photo `{file}` is damaged or truncated ({problem})",
        "salin ulang foto asli dari ponsel",
        "copy the original photo from the phone again",
    ),
    "I403": _c(
        E,
        "foto `{file}` terlalu besar ({pixels} piksel, batas {limit})",
        "photo `{file}` is too large ({pixels} pixels, limit {limit})",
        "perkecil foto sebelum dikirim (sisi terpanjang 4000-6000 piksel sudah cukup)",
        "downscale it first (4000-6000 px on the long side is plenty)",
    ),
    "I404": _c(
        E,
        "foto `{file}` terlalu kecil ({width}×{height}); sisi terpanjang minimal {minimum} piksel",
        "photo `{file}` is too small ({width}×{height}); the long side needs at least {minimum} px",
        "pakai foto asli dari kamera ponsel, bukan tangkapan layar atau foto dari WhatsApp",
        "use the camera's original, not a screenshot or a WhatsApp copy",
    ),
    "I405": _c(
        E,
        "format foto `{file}` tidak didukung ({format})",
        "photo format of `{file}` is not supported ({format})",
        "simpan sebagai JPEG atau PNG",
        "save it as JPEG or PNG",
    ),
    "I406": _c(
        E,
        "foto `{file}` masih memuat lokasi GPS tempat foto diambil",
        "photo `{file}` still carries the GPS position where it was taken",
        "repositori ini publik: hapus lokasinya dengan `catalog photos strip {path}` "
        "(foto tetap sama, data EXIF dibuang)",
        "this repository is public: remove it with `catalog photos strip {path}` "
        "(the picture stays the same, its EXIF data goes)",
    ),
    "I407": _c(
        E,
        "foto `{file}` akan terbit di alamat `{url}` yang sudah dipakai foto lain ({other})",
        "photo `{file}` would be published at `{url}`, which another photo already uses ({other})",
        "ganti nama berkas produk atau fotonya; dua foto tidak boleh berbagi alamat",
        "rename the product file or the photo; two photos never share an address",
    ),
    # -- C5xx: the site's configuration (mkdocs.yml) -----------------------------------
    "C501": _c(
        W,
        "`extra.trading_house` masih berisi contoh ({fields}): permintaan penawaran pembeli "
        "akan terkirim ke alamat contoh",
        "`extra.trading_house` still holds the sample's values ({fields}): buyers' quote "
        "requests would go to a placeholder",
        "ganti `name`, `whatsapp` dan `email` di bawah `extra: trading_house:` dalam {file} "
        "dengan kontak rumah dagang Anda",
        "replace `name`, `whatsapp` and `email` under `extra: trading_house:` in {file} "
        "with your trading house's contact",
    ),
}


def make(code: str, path: str, pos: Position | None = None, /, **params: object) -> Diagnostic:
    """Build a diagnostic from the message catalogue in :mod:`catalog.core.codes`.

    ``params`` fill the ``{placeholders}`` of the code's message and hint
    templates (both languages share the placeholders).
    """
    spec = CODES[code]
    pos = pos or START
    message = Text(spec.message.id.format(**params), spec.message.en.format(**params))
    hint = None
    if spec.hint is not None:
        hint = Text(spec.hint.id.format(**params), spec.hint.en.format(**params))
    return Diagnostic(path, pos.line, pos.column, code, spec.severity, message, hint)
