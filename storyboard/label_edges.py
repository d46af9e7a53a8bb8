"""A stat's English label read after its figure: "30% | were working adults" reads as a clause cut in two;
"30% | working adults" says the same as a label. The copula goes where what follows is a noun phrase (never
before a participle: "8% | is shaded" keeps its verb, which is the finding)."""

from __future__ import annotations

import re

__all__ = ["label_without_copula_en"]

_COPULA = re.compile(r"^(?:were|was|are|is)\s+(?P<rest>(?!not\b|now\b|still\b|also\b|more\b|less\b)"
                     r"(?:the\s+|a\s+|an\s+)?[a-z][\w'’-]*(?:\s+[\w'’-]+){0,5})$", re.IGNORECASE)


_LEADS = {"the", "a", "an", "at", "in", "on", "to", "for", "from", "with", "by", "up", "out", "down", "off", "their",
          "his", "her", "its", "our", "my", "your", "about", "into", "over", "more", "less", "than", "as"}


def label_without_copula_en(label: str) -> str:
    """The label less a leading "were"/"is" where a noun phrase follows it."""
    m = _COPULA.match(label.strip())
    if m is None:
        return label
    words = m.group("rest").lower().split()
    first, second = words[0], words[1] if len(words) > 1 else ""
    noun_after = second and second not in _LEADS  # "working adults": an -ing word before its noun
    if first.endswith(("ed", "en")) or first.endswith("ing") and not noun_after:
        return label  # "is shaded", "were reporting a new pothole", "was taken": the verb is the finding
    return m.group("rest")
