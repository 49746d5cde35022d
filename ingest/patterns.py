"""Regular expressions for finding dates in notice text; the values are parsed by ``tools.dates``."""

from __future__ import annotations

import re

# A month's name, full or abbreviated ("Aug", "Sept."), as notices write it.
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
DATE = re.compile(
    rf"\b{_WEEKDAY}(?:"
    rf"{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # August 5, 2013
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}"  # 5 August 2013
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"  # 2013-08-05, 2013/08/05
    r"|\d{4}年\d{1,2}月\d{1,2}日"  # 2013年8月5日
    r")(?!\d)"
)
