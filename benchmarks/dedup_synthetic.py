"""Synthetic organisation registries for the dedup benchmark (seeded, reproducible).

Names are built the way the seed lists are: a distinctive word or two (transliterated Arabic-like
pseudo-words, place names) with common words ("Relief", "Development", "Human Rights") and
generic ones ("Foundation", "Association"), sometimes an acronym. About a sixth of the registry
are variants of other entries: seeded typos, case changes, dropped or reordered words, acronyms
added or removed, transliteration variants (ee/i, ou/u, doubled letters, Al-/Al ).
"""

import random

SYLLABLES = (
    "ka ra ma sa la ha na da ba ta fa ja za wa ya qa gha kh sh th dh "
    "ri mi si li hi ni di bi ti fi ji zi wi ku ru mu su lu hu nu du bu tu "
    "al an ar am as ir im in is ur um un ab ad af ah ak aq ey oo ee ou"
).split()
PLACES = (
    "Idlib Aleppo Hama Homs Daraa Horan Raqqa Deir Ezzor Latakia Damascus Ghouta Qamishli "
    "Afrin Azaz Jisr Saraqeb Atareb Manbij Tartus Sweida Quneitra Palmyra Kobani Hasakah Beirut "
    "Amman Gaziantep Reyhanli Kilis Urfa Mardin Mosul Erbil Sham Levant Euphrates Orontes"
).split()
COMMON = (
    "Relief Development Humanitarian Human Rights Medical Women Youth Support Aid Peace Justice "
    "Education Health Care Children Civil Society Media Freedom Democracy Dignity Hope Future "
    "Recovery Protection Refugees Displaced Orphans Volunteers Engineers Lawyers Doctors Teachers "
    "Students Journalists Farmers Water Food Shelter Emergency Response Training Studies Research "
    "Dialogue Citizenship Solidarity Cooperation Reconstruction Livelihoods Psychosocial Legal "
    "Documentation Advocacy Transparency Accountability Empowerment Innovation Culture Heritage"
).split()
GENERIC = (
    "Organization Organisation Association Foundation Society Center Centre Institute Network "
    "Team Group Charity Initiative Council Committee Union Coalition Forum Movement"
).split()
PATTERNS = (
    "{D} {G}",
    "{D} for {C} and {C}",
    "{D} {C} {G}",
    "{P} {C} {G}",
    "{D} {P}",
    "{C} {C} {G} ({A})",
    "The {P} {C} {C} {G}",
    "{D} {D} {G}",
    "{C} for {C} in {P}",
    "{D} {C} and {C} {G} – {A}",
    "Syrian {C} {G}",
    "{P} {D} {C}",
)
TRANSLITERATIONS = (("ee", "i"), ("ou", "u"), ("aa", "a"), ("q", "k"), ("kh", "h"), ("sh", "ch"))


def pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def base_name(rng: random.Random) -> str:
    pattern = rng.choice(PATTERNS)
    parts = {"D": lambda: pseudo_word(rng), "P": lambda: rng.choice(PLACES)}
    parts["C"] = lambda: rng.choice(COMMON)
    parts["G"] = lambda: rng.choice(GENERIC)
    out = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "{":
            key = pattern[i + 1]
            i += 3
            out.append("@A@" if key == "A" else parts[key]())
        else:
            out.append(pattern[i])
            i += 1
    name = "".join(out)
    if "@A@" in name:
        initials = "".join(w[0] for w in name.replace("@A@", "").split() if w[0].isupper())
        name = name.replace("@A@", initials.upper()[:6] or "ORG")
    return name


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice("sdit")
    letter = rng.choice("abcdefghijklmnoprstuvwyz")
    if kind == "s":
        return word[:i] + letter + word[i + 1 :]
    if kind == "d":
        return word[:i] + word[i + 1 :]
    if kind == "i":
        return word[:i] + letter + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def variant(rng: random.Random, name: str) -> str:
    """A realistic other spelling of `name` (one or two edits)."""
    for _ in range(rng.choice((1, 1, 2))):
        words = name.split()
        kind = rng.choice(("typo", "typo", "case", "drop", "reorder", "acronym", "translit"))
        if kind == "typo":
            i = rng.randrange(len(words))
            words[i] = typo(rng, words[i])
        elif kind == "case":
            words = [w.lower() if rng.random() < 0.5 else w.upper() for w in words]
        elif kind == "drop" and len(words) > 2:
            droppable = [i for i, w in enumerate(words) if w in GENERIC or w.lower() in ("the",)]
            if droppable:
                del words[rng.choice(droppable)]
        elif kind == "reorder" and len(words) > 3:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        elif kind == "acronym":
            if "(" in name:
                words = name.split("(")[0].split()
            else:
                initials = "".join(w[0] for w in words if w[:1].isupper())
                words.append(f"({initials.upper()})")
        elif kind == "translit":
            text = " ".join(words)
            for old, new in rng.sample(TRANSLITERATIONS, len(TRANSLITERATIONS)):
                if old in text:
                    text = text.replace(old, new, 1)
                    break
            else:
                text = text.replace("Al ", "Al-", 1)
            words = text.split()
        name = " ".join(words)
    return name


def registry(size: int, seed: int = 20260101, variant_share: float = 0.15) -> list[str]:
    """`size` distinct names, about `variant_share` of them variants of others."""
    rng = random.Random(seed)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < size:
        if names and rng.random() < variant_share:
            name = variant(rng, rng.choice(names))
        else:
            name = base_name(rng)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def new_names(existing: list[str], count: int, seed: int = 7) -> list[str]:
    """Names as a new statement brings them: half variants of registered names, half new."""
    rng = random.Random(seed)
    seen = set(existing)
    out: list[str] = []
    while len(out) < count:
        name = variant(rng, rng.choice(existing)) if len(out) % 2 else base_name(rng)
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out
