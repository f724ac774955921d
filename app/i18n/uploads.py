"""Strings of file uploads and form checks: every code a reader or validator gives.

The domain (``matcher.reading``, ``matcher.loaders``, ``matcher.parsing``) returns a
:class:`matcher.errors.Message`: English text plus a code and its parameters. Here each
code ``c`` has the key ``msg_c``; :func:`tr` formats it in the session's language and
falls back to the English text for anything without a code.
"""

from __future__ import annotations


def _s(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


STRINGS: dict[str, dict[str, str]] = {
    # one cell: what is allowed
    "msg_whole_number": _s('bilangan bulat dengan angka, mis. 25, 1500000, "1.500.000" atau "Rp 1,5 juta"',
                           'a whole number written in digits, e.g. 25, 1500000, "1.500.000" or "Rp 1,5 juta"'),
    "msg_int_range": _s("bilangan bulat dari {minimum} sampai {maximum}",
                        "a whole number from {minimum} to {maximum}"),
    "msg_int_min": _s("bilangan bulat paling kecil {minimum}", "a whole number of at least {minimum}"),
    "msg_int_max": _s("bilangan bulat paling besar {maximum}", "a whole number of at most {maximum}"),
    "msg_number": _s('sebuah angka, mis. 7,5 atau 7.5', 'a number, e.g. 7.5 or "7,5"'),
    "msg_number_finite": _s("angka yang terhingga (bukan inf atau nan)", "a finite number (not inf or nan)"),
    "msg_number_min": _s("angka paling kecil {minimum}", "a number of at least {minimum}"),
    "msg_number_max": _s("angka paling besar {maximum}", "a number of at most {maximum}"),
    "msg_date": _s('tanggal seperti 2026-12-31, 31/12/2026, 31-12-2026 atau "31 Desember 2026"',
                   'a date such as 2026-12-31, 31/12/2026, 31-12-2026 or "31 Desember 2026"'),
    "msg_date_not_real": _s("tanggal yang benar-benar ada (hari itu tidak ada di kalender)",
                            "a real calendar date (that day does not exist)"),
    "msg_date_not_future": _s("hari ini atau hari sebelumnya (hasil yang sudah terjadi)",
                              "today or an earlier day (an outcome that has happened)"),
    "msg_closing_not_past": _s("hari ini atau sesudahnya (batas lamaran yang sudah lewat tidak memberi "
                               "waktu untuk melamar)",
                               "today or a later day (a closing date already passed leaves nobody "
                               "time to apply)"),
    "msg_username_taken": _s("nama pengguna yang belum dipakai (nama ini sudah dipakai akun lain)",
                             "a username not yet taken (another account has this one)"),
    "msg_wage_small": _s("gaji di baris {rows} kurang dari Rp 100.000 sebulan; bila ditulis dalam ribuan "
                         "(4500 untuk 4,5 juta), tulis dalam rupiah penuh",
                         "the wage on row(s) {rows} is under Rp 100.000 a month; if it is written in "
                         "thousands (4500 for 4,5 juta), write it in full rupiah"),
    "wage_small_hint": _s("Terbaca {rupiah} sebulan. Bila maksudnya dalam ribuan (4500 untuk 4,5 juta), "
                          "tulis dalam rupiah penuh: 4.500.000.",
                          "Read as {rupiah} a month. If it is meant in thousands (4500 for 4,5 juta), "
                          "write it in full rupiah: 4.500.000."),
    "msg_bool": _s("ya atau tidak", "ya or tidak (yes/no)"),
    "msg_one_of": _s("salah satu dari: {allowed}", "one of: {allowed}"),
    "msg_education": _s("jenjang pendidikan: TIDAK_SEKOLAH, SD, SMP, SMA (juga SMK, MA, Paket C), "
                        "DIPLOMA (D1-D3), S1 (juga D4), S2",
                        "an education level: TIDAK_SEKOLAH, SD, SMP, SMA (also SMK, MA, Paket C), "
                        "DIPLOMA (D1-D3), S1 (also D4), S2"),
    "msg_control_char": _s("teks tanpa karakter kendali (ada {char} pada karakter ke-{position}; "
                           "ketik ulang atau tempel sebagai teks biasa)",
                           "text without control characters (found {char} at character {position}; "
                           "type it again or paste as plain text)"),
    # The column's Indonesian name is beside it; the loader's hint is English.
    "msg_required": _s("wajib diisi", "a value: {allowed}"),
    "msg_unique_id": _s("id yang belum dipakai (sudah ada di baris {row})", "a unique id (also on row {row})"),
    "msg_too_long": _s("paling banyak {max} karakter (isian ini {length})",
                       "at most {max} characters (this value has {length})"),
    "msg_extra_cells": _s("paling banyak {width} sel seperti baris judul (baris ini {cells}); isian yang "
                          "memuat pemisah harus diberi tanda kutip ganda",
                          "at most {width} cells, as in the header (this row has {cells}); a value that "
                          "contains the separator must be in double quotes"),
    "msg_quote_spans_rows": _s('tanda kutip (") yang dibuka di baris ini baru ditutup {lines} baris '
                               "kemudian, sehingga baris-baris itu terbaca sebagai satu sel; tutup "
                               "tanda kutip di akhir isian",
                               'a quote (") opened in this row closes only {lines} line(s) later, so those '
                               "lines were read as one cell; close the quote where the value ends"),
    "msg_formula_no_value": _s("sebuah nilai, bukan rumus tanpa hasil tersimpan (buka file di Excel lalu "
                               "simpan lagi, atau ketik nilainya)",
                               "a value, not a formula without a saved result (open the file in Excel and "
                               "save it again, or type the value)"),
    "msg_phone_text": _s("nomor telepon sebagai teks, mis. 0812-3456-7890",
                         "a phone number written as text, e.g. 0812-3456-7890"),
    "msg_phone_number_cell": _s("nomor telepon sebagai teks: sebagai angka, angka 0 di depannya hilang dan "
                                "tidak bisa dipulihkan dengan pasti; ubah format kolom menjadi teks lalu "
                                "ketik ulang",
                                "a phone number stored as text: as a number it lost its leading 0 and "
                                "cannot be restored for sure; format the column as text and type it again"),
    "msg_kelurahan": _s("nama kelurahan di DKI Jakarta, mis. Tanjung Barat. Mungkin maksudnya: {suggestions}",
                        "a DKI Jakarta kelurahan name, e.g. Tanjung Barat. Did you mean: {suggestions}"),
    "msg_kelurahan_unknown": _s("nama kelurahan di DKI Jakarta, mis. Tanjung Barat",
                                "a DKI Jakarta kelurahan name, e.g. Tanjung Barat"),
    "msg_at_least_min_age": _s("paling kecil sama dengan usia minimum ({min_age})",
                               "at least min_age ({min_age})"),
    "msg_age_range": _s("usia antara {minimum} dan {maximum} tahun", "an age between {minimum} and {maximum}"),
    "msg_at_most_seats": _s("paling banyak jumlah kursi ({seats})", "at most seats ({seats})"),
    "msg_kelurahan_unless_online": _s("kelurahan wajib diisi, kecuali pelatihan daring",
                                      "a kelurahan, unless online is ya"),
    "msg_id_stored": _s("id yang belum tersimpan (ubah lowongan yang tersimpan saja)",
                        "an id not yet stored (edit the stored vacancy instead)"),
    "msg_copy_of_vacancy": _s("bukan salinan lowongan terbuka {vacancy} (pemberi kerja, judul dan "
                              "kelurahan sama)",
                              "not a copy of open vacancy {vacancy} (same employer, title and kelurahan)"),
    "msg_own_company": _s("perusahaan Anda sendiri: {employer}", "your own company: {employer}"),
    # the file as a whole
    "msg_file_unreadable": _s("{file}: file tidak dapat dibaca ({reason})", "{file}: cannot be read ({reason})"),
    "msg_file_too_big": _s("{file}: ukurannya {mb} MB; paling besar {max_mb} MB",
                           "{file}: is {mb} MB; files up to {max_mb} MB"),
    "msg_file_type": _s("{file}: jenis file {suffix} tidak didukung; gunakan .csv atau .xlsx",
                        "{file}: has type {suffix}; allowed: .csv, .xlsx"),
    "msg_file_empty": _s("{file}: file kosong; diharapkan satu baris judul kolom dan satu baris per data",
                         "{file}: is empty; expected a header row and one row per record"),
    "msg_file_unexpected": _s("{file}: file tidak dapat dibaca ({reason}); simpan ulang sebagai CSV atau .xlsx",
                              "{file}: could not be read ({reason}); save it again as CSV or .xlsx"),
    "msg_file_binary": _s("{file}: bukan file teks (CSV); simpan lembar kerja sebagai CSV atau .xlsx",
                          "{file}: is not a text (CSV) file; save the sheet as CSV or .xlsx"),
    "msg_unclosed_quote": _s('{file}: tanda kutip (") yang dibuka di baris {row} tidak pernah ditutup, '
                             "sehingga baris-baris setelahnya tidak bisa dipisahkan; tutup atau hapus "
                             "tanda kutip itu",
                             '{file}: a quote (") opened on row {row} is never closed, so the rows from '
                             "there on cannot be told apart; close the quote or remove it"),
    "msg_too_many_rows": _s("{file}: ada isian di baris {row}; paling banyak {max_rows} baris di bawah "
                            "judul kolom (bagi file, atau hapus sel yang tersasar jauh di bawah tabel)",
                            "{file}: has data on row {row}; at most {max_rows} rows below the header are "
                            "read (split the file, or delete stray cells far below the table)"),
    "msg_too_many_columns": _s("{file}: ada isian di kolom {column}; paling banyak {max_columns} kolom "
                               "(hapus sel yang tersasar di kanan tabel)",
                               "{file}: has data in column {column}; at most {max_columns} columns are "
                               "read (delete stray cells right of the table)"),
    "msg_too_many_cells": _s("{file}: lebih dari {max_cells} sel (isian atau format); hapus baris dan "
                             "kolom yang tidak dipakai",
                             "{file}: has more than {max_cells} cells (values or formatting); delete "
                             "unused rows and columns"),
    "msg_xlsx_unreadable": _s("{file}: bukan file Excel .xlsx yang dapat dibaca (simpan ulang dari Excel, "
                              "atau sebagai CSV)",
                              "{file}: is not a readable Excel .xlsx file (save it again from Excel, or "
                              "as CSV)"),
    "msg_xlsx_unpacked_too_big": _s("{file}: setelah dibuka isinya {mb} MB; paling besar {max_mb} MB",
                                    "{file}: unpacks to {mb} MB; at most {max_mb} MB"),
    "msg_unknown_sheet": _s("{file}: tidak ada lembar {sheet}; lembar yang ada: {sheets}",
                            "{file}: has no sheet {sheet}; its sheets: {sheets}"),
    "msg_no_visible_sheet": _s("{file}: tidak ada lembar kerja yang terlihat",
                               "{file}: has no visible worksheet"),
    "msg_sheet_empty": _s("{file}: lembar {sheet} kosong; diharapkan satu baris judul kolom dan satu "
                          "baris per data",
                          "{file}: sheet {sheet} is empty; expected a header row and one row per record"),
    "msg_duplicate_column": _s("{file}: kolom {columns} sama-sama berarti {field}; pakai salah satu saja",
                               "{file}: columns {columns} both mean {field}; keep one of them"),
    "msg_missing_columns": _s("{file}: kolom wajib tidak ada: {missing}. Kolom yang ditemukan: {found}. "
                              "Kolom yang diharapkan: {expected}",
                              "{file}: missing required column(s) {missing}; found {found}; expected "
                              "columns: {expected}"),
    # warnings
    "msg_encoding": _s("dibaca sebagai {encoding} (bukan UTF-8)", "read as {encoding} (not UTF-8)"),
    "msg_xlsx_renamed": _s("file ini buku kerja Excel dengan nama lain; dibaca sebagai .xlsx",
                           "this is an Excel workbook under another name; read as .xlsx"),
    "msg_several_sheets": _s("buku kerja berisi {n} lembar; yang dibaca {sheet} (lembar terlihat pertama), "
                             "bukan: {others}. Pilih lembar lain bila perlu",
                             "the workbook has {n} sheets; read {sheet} (the first visible one), not: "
                             "{others}. Choose another sheet if needed"),
    "msg_hidden_sheets": _s("lembar tersembunyi {sheets} tidak dibaca", "hidden sheet(s) {sheets} were not read"),
    "msg_hidden_sheet_read": _s("lembar {sheet} tersembunyi, dan dibaca sesuai pilihan",
                                "sheet {sheet} is hidden and was read as asked"),
    "msg_extra_columns": _s("kolom {columns} bukan bagian dari format dan tidak diimpor",
                            "column(s) {columns} are not part of the format and were not imported"),
    "msg_unnamed_columns": _s("kolom {columns} berisi nilai tetapi tanpa judul; tidak diimpor",
                              "column(s) {columns} have values but no header; they were not imported"),
    "msg_extra_cells_cut": _s("baris {rows} berisi lebih banyak sel daripada baris judul; sel tambahan "
                              "tidak dibaca",
                              "row(s) {rows} have more cells than the header; the extra cells were not read"),
    "msg_no_rows": _s("file hanya berisi baris judul, tanpa data", "the file has a header but no data rows"),
    "msg_phone_zero_restored": _s("telepon di baris {rows} tersimpan sebagai angka sehingga angka 0 di "
                                  "depan hilang; sudah dipulihkan (8... menjadi 08...). Ubah format kolom "
                                  "telepon menjadi teks",
                                  "phone on row(s) {rows} was stored as a number, which drops the leading 0; "
                                  "it was restored (8... became 08...). Format the phone column as text"),
    # the upload page
    "upload_help": _s("Seret file ke kotak ini atau klik tombol Upload. File CSV atau Excel (.xlsx), "
                      "paling besar {mb} MB. Tulisan di kotak unggah berbahasa Inggris dari Streamlit.",
                      "Drag a file onto the box or click Upload. A CSV or Excel (.xlsx) file of at "
                      "most {mb} MB."),
    "upload_sheet": _s("Lembar yang dibaca", "Sheet to read"),
    "upload_sheet_help": _s("Buku kerja ini berisi beberapa lembar; pilih lembar yang berisi lowongan.",
                            "This workbook has several sheets; choose the one that holds the vacancies."),
}  # fmt: skip


def tr(message: object, lang: str | None = None) -> str:
    """``message`` in the session's language when it is a coded Message, else as it is."""
    from app.i18n import STRINGS as ALL
    from app.i18n import current_lang, t

    lang = lang or current_lang()
    code = getattr(message, "code", "")
    key = f"msg_{code}"
    if not code or key not in ALL:
        return str(message)
    params = getattr(message, "params", {})
    try:
        return t(key, lang, **{k: _shown(v, lang) for k, v in params.items()})
    except (KeyError, IndexError, ValueError):  # a parameter the text does not know
        return str(message)


def _shown(value: object, lang: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        text = f"{value:,}"
        return text.replace(",", ".") if lang == "id" else text  # 2.147.483.647 in Indonesian
    return str(value)
