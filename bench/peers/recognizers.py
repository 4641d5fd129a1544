"""Microsoft Recognizers-Text (Chinese culture): numbers, percentages, dimensions and
currencies. The only peer that attaches units: a unit-bearing result wins over the bare
numbers inside its span."""
import sys

from common import number, run
from recognizers_number import Culture, recognize_number, recognize_percentage
from recognizers_number_with_unit import recognize_currency, recognize_dimension

# Recognizers' unit names → duban's canonical unit ids (crates/core/test_data/gold/README.md).
UNITS = {
    "Chinese yuan": "CNY",
    "United States dollar": "USD",
    "Square meter": "m2",
    "Square kilometer": "km2",
    "Kilometer": "km",
    "Meter": "m",
    "Hectare": "ha",
    "Mu": "mu",
    "Ton": "ton",
    "Kilogram": "kg",
    "Jin": "jin",
    "Kilowatt": "kw",
    "Kilowatt hour": "kwh",
}


def extract(text):
    with_unit = []
    for result in recognize_percentage(text, Culture.Chinese):
        value = number(str(result.resolution.get("value", "")).rstrip("%"))
        if value is not None:
            with_unit.append((result.start, result.end, value, "percent"))
    for recognize in (recognize_dimension, recognize_currency):
        for result in recognize(text, Culture.Chinese):
            value = number(result.resolution.get("value"))
            unit = result.resolution.get("unit")
            if value is not None:
                with_unit.append((result.start, result.end, value, UNITS.get(unit, unit)))
    out = [(v, u) for _, _, v, u in with_unit]
    for result in recognize_number(text, Culture.Chinese):
        inside = any(s <= result.start and result.end <= e for s, e, _, _ in with_unit)
        value = number(result.resolution.get("value"))
        if not inside and value is not None:
            out.append((value, None))
    return out


if __name__ == "__main__":
    run("Recognizers-Text", extract)
