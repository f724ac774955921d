"""Tables as people read them: translated column names and codes, numbers in the
page's language, "–" where a figure cannot be computed (never "None" or "nan").

``localise(frame, percent=[...], money=[...])`` returns a new frame of display values;
column names come from app/i18n (``mon_<name>``, then ``tb_col_<name>``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from app.i18n import STRINGS, current_lang, t
from matcher.monitoring.labels import LABELS


def column_label(name: str) -> str:
    if f"tb_col_{name}" in STRINGS:
        return t(f"tb_col_{name}")
    if name in LABELS:  # indicator names shared with the printed report
        return t(f"mon_{name}")
    return name


def code_label(value: object) -> str:
    """A code (segment, gender, context, tier, yes/no...) in words; other text as is."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return t("tb_val_missing")
    if isinstance(value, bool | np.bool_):
        return t("tb_val_yes" if value else "tb_val_no")
    text = str(value)
    for key in (f"segment_{text}", f"gender_{text}", f"tb_val_{text}"):
        if key in STRINGS:
            return t(key)
    if text in LABELS:  # contexts and tiers of the fairness tables
        return t(f"mon_{text}")
    if text in ("ya", "tidak"):
        return t("tb_val_yes" if text == "ya" else "tb_val_no")
    return text


def number(value: object, decimals: int = 0) -> str:
    if value is None or pd.isna(value):
        return t("tb_val_missing")
    text = f"{float(value):,.{decimals}f}"
    if current_lang() == "id":  # 1.234,5
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def percent(value: object, decimals: int = 1) -> str:
    if value is None or pd.isna(value):
        return t("tb_val_missing")
    return number(100 * float(value), decimals) + "%"


def money(value: object) -> str:
    if value is None or pd.isna(value):
        return t("tb_val_missing")
    sign = "−" if float(value) < 0 else ""
    return f"{sign}Rp {number(abs(float(value)), 0)}"


def localise(
    frame: pd.DataFrame,
    *,
    percent_cols: Iterable[str] = (),
    money_cols: Iterable[str] = (),
    code_cols: Iterable[str] = (),
    rename: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Display values for ``frame``: percents, rupiah, codes in words, yes/no, "–".

    Whole-number columns without gaps stay numbers (so they sort as numbers).
    """
    percent_cols, money_cols, code_cols = set(percent_cols), set(money_cols), set(code_cols)
    out = {}
    for col in frame.columns:
        s = frame[col]
        if col in percent_cols:
            s = s.map(percent)
        elif col in money_cols:
            s = s.map(money)
        elif col in code_cols or s.dtype == bool:
            s = s.map(code_label)
        elif pd.api.types.is_integer_dtype(s):
            pass
        elif pd.api.types.is_numeric_dtype(s):
            whole = s.dropna().eq(s.dropna().round()).all()
            s = s.map(lambda v, whole=whole: number(v, 0 if whole else 2))
        else:
            s = s.map(lambda v: t("tb_val_missing") if v is None or pd.isna(v) else str(v))
        out[(rename or {}).get(col) or column_label(col)] = s.to_numpy()
    return pd.DataFrame(out)
