"""Armed groups the actor data file does not know, found by how their names are built: a
capitalised phrase with a group word ("... Liberation Front", "Jaish al-Adl group") that is neither
an institution nor a plain description ("the Special Forces", "Human Rights Watch")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from frontwatch import vocabulary

_GROUP_WORDS = frozenset(
    "front army brigade brigades movement militia militias forces liberation mujahideen mujahidin "
    "jihad rebels group battalion battalions corps resistance lashkar jaish katiba ansar".split()
)
# Capitalised phrases made only of these are institutions or plain descriptions, not a group name.
_GENERIC_WORDS = _GROUP_WORDS | frozenset(
    "special security armed government air national police border military state the of and joint task "
    "federal regular republican royal local self defense defence rapid intervention popular".split()
)
_NOT_ARMED = frozenset(
    "crisis rights watch media news press research policy bank health relief observatory institute "
    "university committee company airlines party foundation association agency programme program fund "
    "monitoring analysis studies human humanitarian refugee football club league parliamentary".split()
)
# determiners that open a sentence in capitals before "group" (grammar words, not a vocabulary)
_QUANTIFIERS = frozenset("no any another each every some one this that which what whichever either neither".split())
_FOLLOWING_GROUP_NOUN = re.compile(r"\s+(?:armed\s+)?(?:group|militia|movement|brigade|brigades|faction|front)\b")
_CAP = r"[A-Z][\w'\u2019]*(?:-[A-Za-z][\w'\u2019]*)*"
_CONNECT = vocabulary.alternation("name_particles", group_name="yes")
_CAP_PHRASE = re.compile(rf"(?<![\w-]){_CAP}(?:(?:\s+|-)(?:{_CONNECT}(?:\s+|-))*{_CAP})*")
_WORD = re.compile(r"[\w']+")
# words before a name that are not part of it: articles, suspicion, and actor_words_intl's before_name rows
_LEADING = re.compile(
    rf"(?:(?:the|a|an|suspected|alleged|armed|{vocabulary.alternation('actor_words_intl', lang='en', before_name='yes')})"
    r"\s+(?:(?:of|from)\s+)?)+",
    re.IGNORECASE,
)


def _group_candidate(text: str, start: int, end: int) -> tuple[int, int, int] | None:
    """(start, end, name_end) of an unknown armed group in text[start:end], or None."""
    # "Fighters of the Jaish al-Adl group": a sentence-initial capital is not part of the name
    if m := _LEADING.match(text, start, end):
        start = m.end()
    words = [w.lower() for w in _WORD.findall(text[start:end])]
    if not words or _NOT_ARMED & set(words):
        return None
    if set(words) <= _QUANTIFIERS:
        return None  # "No group claimed the attack", "Another group": grammar, not a name
    follow = _FOLLOWING_GROUP_NOUN.match(text, end)
    if _GROUP_WORDS & set(words):
        if set(words) <= _GENERIC_WORDS or len([w for w in words if w not in ("of", "the", "and")]) < 2:
            return None
        return start, end, end
    if follow and not set(words) <= _GENERIC_WORDS:
        return start, follow.end(), end  # "Jaish al-Adl group": the span takes the noun, the name does not
    return None


def unknown_groups(text: str, ents: Sequence[tuple[int, int, str]] | None) -> list[tuple[int, int, int]]:
    found = []
    for s, e, label in ents or ():
        if label == "ORG" and (c := _group_candidate(text, s, e)):
            found.append(c)
    for m in _CAP_PHRASE.finditer(text):
        if c := _group_candidate(text, m.start(), m.end()):
            found.append(c)
    return found
