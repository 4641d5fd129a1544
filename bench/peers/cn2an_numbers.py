"""cn2an: `transform(text, "cn2an")` rewrites Chinese numerals as Arabic ones; the
numbers of the rewritten text are then read with one regular expression. Bare numbers,
no unit (a percent sign keeps the number as a percent value, as gold writes it)."""
import re

import cn2an
from common import run

NUMBER = re.compile(r"\d+(?:\.\d+)?")


def extract(text):
    try:
        converted = cn2an.transform(text, "cn2an")
    except Exception:  # cn2an raises on some inputs; count it as finding nothing
        converted = text
    return [(float(m.group()), None) for m in NUMBER.finditer(converted)]


if __name__ == "__main__":
    run("cn2an", extract)
