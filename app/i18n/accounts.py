"""Strings of sign-in, sessions, the password policy and demo mode."""

from __future__ import annotations


def _s(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


STRINGS = {
    "demo_banner": _s(
        "MODE DEMO: akun demo dengan kata sandi publik (lihat README) dan data contoh. "
        "Jangan simpan data orang sungguhan di sini.",
        "DEMO MODE: demo accounts with public passwords (see the README) and sample data. "
        "Do not store real people's data here.",
    ),
    "signin_no_users": _s(
        "Belum ada akun. Administrator server membuat admin pertama dengan perintah:",
        "There is no account yet. The server administrator creates the first admin with:",
    ),
    "signin_no_users_after": _s(
        "Perintah itu meminta kata sandi (minimal 10 karakter, bukan kata sandi umum). "
        "Untuk mencoba aplikasi dengan akun demo, jalankan dengan MATCHER_DEMO=1.",
        "It asks for the password (at least 10 characters, not a common one). To try the "
        "app with the demo accounts, start it with MATCHER_DEMO=1.",
    ),
    "signin_locked": _s(
        "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, akun ini dikunci "
        "sementara. Coba lagi dalam {minutes} menit (setelah pukul {time} WIB).",
        "Too many failed sign-ins. For safety this account is locked for a while. "
        "Try again in {minutes} minutes (after {time} Jakarta time).",
    ),
    "signin_demo_password": _s(
        "Ini akun demo dengan kata sandi publik, dan aplikasi tidak berjalan dalam mode "
        "demo. Minta admin mengganti kata sandinya.",
        "This is a demo account with a public password, and the app is not in demo mode. "
        "Ask an admin to change its password.",
    ),
    "session_ended_signed_out": _s("Anda sudah keluar.", "You have signed out."),
    "session_ended_deactivated": _s(
        "Sesi berakhir: akun Anda dinonaktifkan. Hubungi admin.",
        "Session ended: your account was deactivated. Contact an admin.",
    ),
    "session_ended_password_changed": _s(
        "Sesi berakhir: kata sandi akun ini diganti. Silakan masuk lagi.",
        "Session ended: this account's password was changed. Please sign in again.",
    ),
    "session_ended_idle": _s(
        "Sesi berakhir karena lama tidak digunakan. Silakan masuk lagi.",
        "Session ended after a long time without use. Please sign in again.",
    ),
    "session_ended_expired": _s(
        "Sesi berakhir (paling lama 12 jam). Silakan masuk lagi.",
        "Session ended (12 hours at most). Please sign in again.",
    ),
    "session_ended_other_browser": _s(
        "Sesi berakhir: dipakai dari peramban lain. Silakan masuk lagi.",
        "Session ended: it was used from another browser. Please sign in again.",
    ),
    "session_ended_unknown": _s(
        "Sesi tidak dikenal atau sudah berakhir. Silakan masuk lagi.",
        "Unknown or ended session. Please sign in again.",
    ),
    "password_weak": _s("Kata sandi ini tidak bisa dipakai:", "This password cannot be used:"),
    "password_rule_too_short": _s(
        "terlalu pendek: minimal {n} karakter (kalimat pendek juga boleh)",
        "too short: at least {n} characters (a short sentence works too)",
    ),
    "password_rule_common": _s(
        "termasuk kata sandi umum yang pertama dicoba penyerang",
        "it is one of the common passwords attackers try first",
    ),
    "password_rule_has_username": _s("mengandung nama pengguna", "it contains the username"),
    "password_policy_hint": _s(
        "Minimal 10 karakter, bukan kata sandi umum, tidak memuat nama pengguna. Mengganti "
        "kata sandi atau menonaktifkan akun langsung mengakhiri semua sesinya.",
        "At least 10 characters, not a common password, not containing the username. "
        "Changing the password or deactivating the account ends all its sessions at once.",
    ),
}
