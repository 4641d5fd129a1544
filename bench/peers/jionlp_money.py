"""JioNLP: its quantity extractor is `extract_money` (amounts of money with value and
currency); it has no general number extractor."""
import os
import sys

sys.stdout, real_stdout = sys.stderr, sys.stdout  # jionlp prints a banner on import
import jionlp as jio  # noqa: E402

sys.stdout = real_stdout
from common import number, run  # noqa: E402

CURRENCIES = {"元": "CNY", "美元": "USD"}


def extract(text):
    out = []
    for entity in jio.ner.extract_money(text, with_parsing=True):
        detail = entity.get("detail") or {}
        value = number(detail.get("num"))
        if value is not None:
            out.append((value, CURRENCIES.get(detail.get("case"), detail.get("case"))))
    return out


if __name__ == "__main__":
    run("JioNLP", extract)
