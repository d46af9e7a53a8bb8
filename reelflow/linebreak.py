"""The line-breaking rule every CJK typesetter keeps (and English's for its own punctuation), shared by the
subtitles and the drawn cards so a line never starts with a closing mark or ends with an opening one."""

from __future__ import annotations

CLOSING = frozenset("，。！？、；：”’」』）》〉】〕…—～%％‰℃°·,.!?;:)]}>")
"""Characters that may not start a line: they stick to what comes before them."""

OPENING = frozenset("“‘「『（《〈【〔([{<$¥￥€£#＃")
"""Characters that may not end a line: they stick to what comes after them."""
