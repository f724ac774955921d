"""Two deliberately messy input files that exercise the loaders' error reporting.

The rows are fixed (no randomness) so that ``data/sample/README.md`` can name every bad
row and why it is bad. Data rows are numbered as a spreadsheet shows them: the header is
row 1, so the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

# Each vacancy row lists VACANCY_COLUMNS in order, then "catatan" (a column the loader
# does not know). Windows-1252 characters: "é" in Café, "–" (en dash), "’" (apostrophe).
MESSY_VACANCIES: tuple[tuple[str, ...], ...] = (
    (
        "JV-9001",
        "Café Mentari Jagakarsa",
        "Barista",
        "Barista|Barista Kopi",
        "Racik kopi dan melayani tamu – shift pagi atau sore.",
        "espresso dasar; latte art",
        "kasir kafe",
        "SMA",
        "Jagakarsa",
        "shift",
        "shift pagi 08:00-16:00 / shift sore 15:00-23:00",
        "Rp 4.200.000",
        "2",
        "15/01/2027",
        "18",
        "28",
        "ok",
    ),
    (
        "JV-9002",
        "Minimarket Sejahtera Lenteng Agung",
        "Kasir",
        "Kasir|Cashier|Pramuniaga",
        "Melayani pembeli di kasir.",
        "kasir; hitung uang cepat",
        "stock opname",
        "SMA",
        "Lenteng Agung",
        "penuh_waktu",
        "Senin-Sabtu 07:00-15:00",
        "5.100.000",
        "3",
        "2027-01-31",
        "18",
        "",
        "",
    ),
    (
        "JV-9003",
        "Konveksi Berkah Jagakarsa",
        "Operator Jahit",
        "Operator Jahit|Penjahit",
        "Jahit kaos pesanan, borongan.",
        "jahit baju; obras",
        "",
        "SMP",
        "Jagakarsa",
        "penuh_waktu",
        "Senin-Sabtu 08:00-16:00",
        "-3500000",
        "4",
        "2027-02-15",
        "18",
        "40",
        "gaji salah ketik",
    ),
    (
        "JV-9004",
        "Kopi d’Teras Tanjung Barat",
        "Crew Outlet",
        "Crew Outlet|Barista",
        "Crew outlet minuman, customer’s favourite es kopi susu.",
        "racik minuman (es kopi susu)",
        "",
        "SMA",
        "Tanjung Barat",
        "paruh_waktu",
        "Sabtu-Minggu 10:00-18:00",
        "Rp2.500.000",
        "1",
        "20/12/2026",
        "18",
        "25",
        "",
    ),
    (
        "JV-9005",
        "Gudang Makmur Logistik",
        "Helper Gudang",
        "Warehouse Helper|Packer",
        "Bongkar muat dan packing.",
        "packing barang; angkat barang",
        "",
        "SMP",
        "Tanjung Barat",
        "shift",
        "shift malam 22:00-06:00",
        "4.900.000",
        "5",
        "31/02/2027",
        "18",
        "35",
        "",
    ),
    (
        "JV-9006",
        "PT Sentosa Security",
        "Satpam",
        "Satpam|Security",
        "Jaga keamanan ruko.",
        "jaga keamanan; patroli",
        "sertifikat Gada Pratama",
        "SMA",
        "Pasar Minggu",
        "kontrak",
        "shift malam 22:00-06:00",
        "5.000.000",
        "2",
        "2027-01-10",
        "21",
        "35",
        "kontrak 1 tahun",
    ),
    (
        "JV-9007",
        "Salon Amanah Srengseng Sawah",
        "",
        "Kapster|Hairdresser",
        "Potong rambut dan creambath.",
        "potong rambut; creambath",
        "",
        "SMP",
        "Srengseng Sawah",
        "penuh_waktu",
        "Selasa-Minggu 09:00-18:00",
        "3.800.000",
        "1",
        "2027-01-20",
        "18",
        "",
        "",
    ),
    (
        "JV-9007",
        "Bengkel Motor Jaya Ciganjur",
        "Mekanik Motor",
        "Montir|Mechanic",
        "Servis motor matic.",
        "servis motor; ganti oli",
        "",
        "SMK",
        "Ciganjur",
        "penuh_waktu",
        "Senin-Sabtu 08:00-16:00",
        "4.600.000",
        "1",
        "2027-02-01",
        "18",
        "30",
        "id dobel",
    ),
    (
        "JV-9009",
        "Catering Barokah Kebagusan",
        "Kitchen Helper",
        "Helper Dapur|Cook Helper",
        "Siapkan bahan – catering kantor.",
        "potong dan siapkan bahan",
        "food hygiene",
        "SMP",
        "Kebagusan",
        "penuh_waktu",
        "Senin-Sabtu 05:00-13:00",
        "4300000",
        "2",
        "05/01/2027",
        "18",
        "",
        "",
    ),
    (
        "JV-9010",
        "Toko Online Cahaya",
        "Admin Olshop",
        "Admin Marketplace|Admin Shopee",
        "Upload produk dan balas chat pembeli.",
        "jualan online di Shopee; Canva",
        "",
        "SMA",
        "Cipedak",
        "dari_rumah",
        "fleksibel",
        "Rp 3.000.000",
        "1",
        "2027-01-15",
        "18",
        "30",
        "",
    ),
    (
        "JV-9011",
        "Laundry Sehati Pejaten Timur",
        "Staff Laundry",
        "Laundry|Tukang Setrika",
        "Cuci, setrika, lipat.",
        "cuci dan setrika",
        "",
        "SD",
        "Pejaten Timur",
        "paruh_waktu",
        "Senin-Jumat 06:00-10:00",
        "2.200.000",
        "2",
        "2027-02-10",
        "18",
        "",
        "",
    ),
    (
        "JV-9012",
        "Service AC Mandiri",
        "Teknisi AC",
        "Teknisi AC|AC Technician",
        "Service dan cuci AC pelanggan.",
        "service AC; cuci AC",
        "isi freon",
        "SMK",
        "Ragunan",
        "penuh_waktu",
        "Senin-Sabtu 08:00-16:00",
        "5.200.000",
        "1",
        "2027-01-25",
        "18",
        "35",
        "",
    ),
)

# Jobseeker rows for the xlsx; ages are ints and registered_on are real dates, as Excel has
# them, except for the three bad rows.
MESSY_JOBSEEKERS: tuple[tuple[object, ...], ...] = (
    (
        "JS-9001",
        "Rina Lestari",
        "0812-1111-2222",
        19,
        "P",
        "Tanjung Barat",
        "SMK",
        "pemuda",
        "kasir; display barang di rak",
        "PKL di minimarket",
        "kerja di retail",
        "Senin-Sabtu",
        8.0,
        "Bahasa Indonesia",
        "",
        "",
        "",
        date(2026, 10, 2),
    ),
    (
        "JS-9002",
        "Dimas Pratama",
        "0813-2222-3333",
        22,
        "L",
        "Lenteng Agung",
        "SMA",
        "pemuda",
        "servis motor; ganti oli",
        "montir 2 thn",
        "jadi montir motor",
        "kapan saja",
        10.0,
        "Bahasa Indonesia; Betawi",
        "",
        "",
        "",
        date(2026, 9, 14),
    ),
    (
        "JS-9003",
        "Ayu Wulandari",
        "0857-3333-4444",
        "dua puluh",
        "P",
        "Jagakarsa",
        "SMA",
        "pemuda",
        "barista; espresso dasar",
        "crew kafe 6 bulan",
        "belajar jadi barista",
        "sore dan malam",
        6.0,
        "Bahasa Indonesia",
        "",
        "",
        "",
        date(2026, 11, 3),
    ),
    (
        "JS-9004",
        "Siti Rahayu",
        "0821-4444-5555",
        38,
        "P",
        "Tanjung Barat",
        "SMP",
        "perempuan_wirausaha",
        "kue basah; bikin kue kering, nastar",
        "jualan kue 3 thn",
        "mau urus PIRT dan sertifikat halal",
        "pagi saja (antar anak sekolah)",
        3.0,
        "Bahasa Indonesia",
        "",
        "Jualan kue basah titip di warung.",
        "rintisan",
        date(2026, 8, 21),
    ),
    (
        "JS-9005",
        "Andi Saputra",
        "0878-5555-6666",
        24,
        "X",
        "Ciganjur",
        "S1",
        "pemuda",
        "Excel dasar; input data",
        "admin 1 thn",
        "kerja kantoran jadi admin",
        "weekdays only",
        12.0,
        "Bahasa Indonesia; Bahasa Inggris dasar",
        "",
        "",
        "",
        date(2026, 7, 30),
    ),
    (
        "JS-9006",
        "Nur Hidayati",
        "0896-6666-7777",
        45,
        "P",
        "Srengseng Sawah",
        "SD",
        "perempuan_wirausaha",
        "jahit baju; permak celana",
        "menjahit sejak 10 tahun",
        "ikut bazar UMKM",
        "fleksibel",
        4.0,
        "Bahasa Indonesia; Bahasa Jawa",
        "",
        "Penjahit rumahan, terima permak.",
        "berkembang",
        date(2026, 6, 11),
    ),
    (
        "JS-9007",
        "Bagas Nugroho",
        "0852-7777-8888",
        18,
        "L",
        "Kebagusan",
        "lulus",
        "pemuda",
        "angkat barang; packing barang",
        "belum ada pengalaman kerja",
        "kerja di gudang",
        "Senin-Sabtu",
        7.5,
        "Bahasa Indonesia",
        "",
        "",
        "",
        date(2026, 11, 18),
    ),
    (
        "JS-9008",
        "Dewi Anggraini",
        "0822-8888-9999",
        27,
        "P",
        "Pejaten Barat",
        "D3",
        "pemuda",
        "customer service; balas chat WhatsApp",
        "CS online 1 thn",
        "kerja jadi customer service",
        "Senin-Jumat 08:00-17:00",
        9.0,
        "Bahasa Indonesia; Bahasa Inggris aktif",
        "low vision",
        "",
        "",
        date(2026, 5, 5),
    ),
)

FIXED_TIME = datetime(2026, 11, 27)


def write_messy_vacancies(path: Path, columns: Sequence[str]) -> None:
    """Semicolon-separated, Windows-1252, CRLF: how Excel in an Indonesian locale saves CSV."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([*columns, "catatan"])
    writer.writerows(MESSY_VACANCIES)
    path.write_bytes(buf.getvalue().encode("cp1252"))


def fixed_zip_times(path: Path, when: datetime = FIXED_TIME) -> None:
    """Rewrite an xlsx with fixed timestamps so reruns are byte-identical.

    openpyxl stamps the save time both on the zip members and in ``docProps/core.xml``.
    """
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as src:
        members = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in members:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)


def write_messy_jobseekers(path: Path, columns: Sequence[str]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "pendaftar"
    ws.append(list(columns))
    for row in MESSY_JOBSEEKERS:
        ws.append(list(row))
    wb.properties.created = FIXED_TIME
    wb.save(path)
    fixed_zip_times(path)


def write_messy(out: Path, vacancy_columns: Sequence[str], jobseeker_columns: Sequence[str]):
    """Write ``vacancies_windows1252.csv`` and ``jobseekers_bad.xlsx`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    write_messy_vacancies(out / "vacancies_windows1252.csv", vacancy_columns)
    write_messy_jobseekers(out / "jobseekers_bad.xlsx", jobseeker_columns)
