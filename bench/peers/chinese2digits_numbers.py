"""chinese2digits: `takeNumberFromString` finds Chinese and Arabic numbers (万/亿
applied). It turns percentages into fractions (7.5% → 0.075); they are scaled back so
that values compare with gold, which keeps percent as percent. Bare numbers, no unit."""
import chinese2digits as c2d
from common import number, run


def extract(text):
    result = c2d.takeNumberFromString(text)
    out = []
    for written, digits in zip(result["CHNumberStringList"], result["digitsStringList"]):
        value = number(digits)
        if value is None:
            continue
        if "%" in written or "百分之" in written:
            value *= 100
        elif "‰" in written or "千分之" in written:
            value *= 1000
        out.append((value, None))
    return out


if __name__ == "__main__":
    run("chinese2digits", extract)
