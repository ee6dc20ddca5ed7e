"""Cyrillic to Latin letters by BGN/PCGN romanisation, as English-language news and GeoNames' ASCII names write
Russian names: "Жанаозен" -> "Zhanaozen", "Алматы" -> "Almaty", "Харьков" -> "Kharkov".

BGN/PCGN (1947, the US and UK boards' system) rather than GOST 7.79 or ISO 9: their diacritics and "x"/"c"
spellings appear in no English report. Its marks are left out as the ASCII forms leave them: the soft and hard
signs (ʹ ʺ) are dropped, "ё" is "yo" rather than "ë". "е" is "ye" at the start of a word and after a vowel or a
sign ("Елена" -> "Yelena", "Киев" -> "Kiyev"), "e" elsewhere. The Ukrainian and Belarusian letters (і, ї, є,
ґ, ў) and the Kazakh ones (ә, ғ, қ, ң, ө, ұ, ү, һ, і) are read by their usual English spellings, since Cyrillic
place names of Ukraine and Kazakhstan reach Russian reports in those forms too.

A small table of our own rather than a library: the transliteration packages on PyPI (transliterate,
cyrtranslit) follow GOST or scholarly systems, not BGN/PCGN.
"""

from __future__ import annotations

__all__ = ["to_latin"]

_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian and Belarusian
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "w",
    # Kazakh
    "ә": "a", "ғ": "g", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
}  # fmt: skip
_VOWELS = set("аеёиоуыэюяіїєәөұү")
#: After these (or at a word's start) "е" is "ye" and "ё" "yo".
_IOTATING = _VOWELS | {"ъ", "ь", "й"}


def to_latin(text: str) -> str:
    """The text with its Cyrillic letters romanised (BGN/PCGN, ASCII); other characters kept as they are."""
    out = []
    previous = ""
    for char in text:
        lower = char.lower()
        latin = _LETTERS.get(lower)
        if latin is None:
            out.append(char)
            previous = ""
            continue
        if lower == "е" and (not previous or previous in _IOTATING):
            latin = "ye"
        if char != lower and latin:
            latin = latin.upper() if _all_capitals(text) else latin[0].upper() + latin[1:]
        out.append(latin)
        previous = lower
    return "".join(out)


def _all_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)
