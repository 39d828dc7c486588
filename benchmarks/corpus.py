"""A synthetic news corpus of any size, written from the knowledge base, with its true meetings.

`write_corpus(folder, n)` writes `n` articles and a `manifest.csv` and returns the meetings they state,
so accuracy is measured at scale, not only speed. The articles are built the way wire copy is:

- two office holders whose terms overlap on the day (titles, demonyms and short names from `data/`);
- where: the host's capital, or a forum edition's city on its dates (`data/forums.csv`), or no place for a
  phone call;
- when: a full date, a year-less date, a weekday, "yesterday" or "today", resolved against the publication
  date in the manifest (some articles also open with a dateline);
- how: many verbs and nouns of `data/lexicon.yaml` ("met", "hosted", "received", "held talks with", "sat down
  with", "exchanged views", "a telephone conversation", "on the sidelines of" ...), not one template;
- several events per article (an earlier meeting told as background), some meetings told by several
  articles with other words and another publication day;
- topics from `data/topics.yaml`, and page debris (breadcrumbs, share bars, link lists, copyright lines).

`corpus_recall(events, meetings)` is the share of the true meetings found with both people and the right day.

Usage: .venv/bin/python benchmarks/corpus.py FOLDER N [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from meetings.knowledge import Country, KnowledgeBase, Person, load_knowledge  # noqa: E402

PERIOD = (dt.date(2019, 1, 1), dt.date(2025, 12, 31))
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = ["Synthetic Wire", "Example Herald", "Sample Daily", "Test Times"]


@dataclass
class Holder:
    """A person in a titled office for a period."""

    person: Person
    title: str
    country: str
    start: dt.date
    end: dt.date


@dataclass
class Meeting:
    """A true meeting of the corpus: who, which day, where (city "" for a call), and the articles telling it."""

    people: tuple[str, str]
    day: dt.date
    city: str
    kind: str
    forum: str = ""
    files: list[str] = field(default_factory=list)


@dataclass
class World:
    """What the writer draws from: office holders, countries by name, forum editions, topic words."""

    holders: list[Holder]
    countries: dict[str, Country]
    forums: list
    topic_words: list[str]


def load_world(kb: KnowledgeBase) -> World:
    """Office holders (participant roles only) in PERIOD, countries with a capital, forums, plain topic words."""
    holders = []
    for p in kb.people:
        for o in p.offices:
            kind = kb.office_types.get(o.office)
            if not o.title or (kind is not None and not kind.participant_role):
                continue
            lo, hi = max(o.start or PERIOD[0], PERIOD[0]), min(o.end or PERIOD[1], PERIOD[1])
            if lo + dt.timedelta(days=60) < hi:
                holders.append(Holder(p, o.title, o.country or p.country, lo, hi))
    countries = {c.name: c for c in kb.countries if c.capital and c.demonyms}
    holders = [h for h in holders if h.country in countries]
    forums = [f for f in kb.forums if f.start and f.city and PERIOD[0] <= f.start <= PERIOD[1]]
    words = sorted({w for ws in kb.topics.values() for w in ws if "*" not in w and "." not in w and len(w) > 3})
    return World(holders, countries, forums, words)


# --- how people, places and days are written ------------------------------------------------------------------


def full_name(h: Holder, world: World, rng: random.Random) -> str:
    """A first mention: "Russian Foreign Minister Sergey Lavrov", "Sergey Lavrov, India's ...", ..."""
    demonym = world.countries[h.country].demonyms[0]
    if " of " in h.title or len(h.title.split()) > 3:  # "General Secretary of the Communist Party of Vietnam"
        return rng.choice([f"{h.person.name}, {h.title} of {h.country}," if h.country not in h.title
                           else f"{h.person.name}, {h.title},", f"{h.title} {h.person.name}"])
    forms = [f"{demonym} {h.title} {h.person.name}", f"{h.person.name}, {h.country}'s {h.title.lower()},",
             f"{h.title} {h.person.name} of {h.country}", f"{demonym} {h.title} {h.person.name}"]
    return rng.choice(forms)


def short_name(h: Holder) -> str:
    return h.person.short_names[0] if h.person.short_names else h.person.name


def day_phrase(day: dt.date, published: dt.date, rng: random.Random) -> str:
    """How the article says `day`, given it was published on `published` (never ambiguous)."""
    lag = (published - day).days
    forms = [f"on {MONTHS[day.month - 1]} {day.day}, {day.year}", f"on {day.day} {MONTHS[day.month - 1]} {day.year}"]
    if 0 <= lag <= 60:
        forms += [f"on {MONTHS[day.month - 1]} {day.day}", f"on {day.day} {MONTHS[day.month - 1]}"]
    if 1 < lag <= 6:
        forms += [f"on {WEEKDAYS[day.weekday()]}"] * 2
    if lag == 1:
        forms += ["yesterday", f"on {WEEKDAYS[day.weekday()]}"]
    if lag == 0:
        forms += ["today", "earlier today"]
    return rng.choice(forms)


# Sentences that tell a held meeting; {a}/{b} are first mentions, {at} " in Beijing" or "", {when} a day phrase.
MEETING_FRAMES = [
    "{a} met {b}{at} {when}.",
    "{a} held talks with {b}{at} {when}.",
    "{a} hosted {b}{at} {when} for talks on {topic}.",
    "{a} received {b}{at} {when}.",
    "{When}, {a} sat down with {b}{at}.",
    "{a} and {b} exchanged views on {topic}{at} {when}.",
    "{a} had a meeting with {b}{at} {when}.",
    "Talks between {a} and {b} took place{at} {when}.",
    "{a} welcomed {b}{at} {when}.",
    "{a} conferred with {b}{at} {when}, officials said.",
    "{When}, {a} and {b} met{at} to discuss {topic}.",
    "{a} held a meeting with {b}{at} {when}, according to a statement.",
]
CALL_FRAMES = [
    "{a} spoke by phone with {b} {when}.",
    "{a} held a telephone conversation with {b} {when}.",
    "{When}, {a} and {b} talked by phone about {topic}.",
    "{a} telephoned {b} {when} to discuss {topic}.",
]
FORUM_FRAMES = [
    "{a} met {b} on the sidelines of the {forum}{at} {when}.",
    "{When}, {a} held talks with {b} on the margins of the {forum}{at}.",
]
EARLIER_FRAMES = [
    "Earlier, {when}, {a} had held talks with {b}{at}.",
    "The two last met {when}{at}, when {a} hosted {b}.",
    "{a} had already met {b}{at} {when}.",
]
FILLER = [
    "The two sides discussed {topic} and {topic2}.",
    "Both stressed the importance of dialogue on {topic}.",
    "The talks lasted about two hours, according to a statement.",
    "Officials described the atmosphere as constructive.",
    "No joint statement was issued after the talks.",
    "The ministries did not give further details.",
]
DEBRIS_TOP = ["Home > World > Asia", "Share this article", "Skip to main content", "World | Politics"]
DEBRIS_BOTTOM = ["Advertisement",
                 "Related stories\n{headline}\nMarkets rally as oil prices fall\nWeather: a cold week ahead",
                 "© {year} {outlet}. All rights reserved.", "Share on Facebook | Twitter | WhatsApp"]


def fill(frame: str, rng: random.Random, world: World, **parts: str) -> str:
    """A frame with its slots filled; {When} is the day phrase with a capital letter."""
    when = parts.get("when", "")
    topic, topic2 = rng.sample(world.topic_words, 2)
    text = frame.format(When=when[:1].upper() + when[1:], topic=topic, topic2=topic2, **parts)
    return text.replace(" ,", ",").replace(",,", ",").replace(",.", ".")


# --- choosing true meetings -----------------------------------------------------------------------------------


def pair_on(world: World, rng: random.Random, day: dt.date | None = None) -> tuple[Holder, Holder, dt.date] | None:
    """Two holders of different countries in office together (on `day` when given), and a day they meet."""
    a, b = rng.sample(world.holders, 2)
    if a.person.name == b.person.name or a.country == b.country:
        return None
    lo, hi = max(a.start, b.start), min(a.end, b.end)
    if day is not None:
        return (a, b, day) if lo <= day <= hi else None
    if (hi - lo).days < 10:
        return None
    return a, b, lo + dt.timedelta(days=rng.randrange(5, (hi - lo).days - 4))


def new_meeting(world: World, rng: random.Random) -> tuple[Meeting, Holder, Holder, str]:
    """A true meeting and its two holders; the last value is the forum's name ("" when none)."""
    while True:
        roll = rng.random()
        forum = rng.choice(world.forums) if roll < 0.15 else None
        day = None
        if forum is not None:
            span = ((forum.end or forum.start) - forum.start).days
            day = forum.start + dt.timedelta(days=rng.randrange(span + 1))
        found = pair_on(world, rng, day)
        if found is None:
            continue
        a, b, day = found
        if forum is not None:
            return Meeting((a.person.name, b.person.name), day, forum.city, "meeting", forum.name), a, b, forum.name
        kind = "phone_call" if roll > 0.88 else "meeting"
        host = rng.choice([a, b]) if kind == "meeting" else a
        city = world.countries[host.country].capital if kind == "meeting" else ""
        if host is b:
            a, b = b, a
        return Meeting((a.person.name, b.person.name), day, city, kind), a, b, ""


# --- writing articles -----------------------------------------------------------------------------------------


def lead_sentence(m: Meeting, a: Holder, b: Holder, published: dt.date, world: World, rng: random.Random) -> str:
    """The sentence telling meeting `m` (host first), in one of many phrasings."""
    when = day_phrase(m.day, published, rng)
    at = f" in {m.city}" if m.city and rng.random() < 0.9 else ""
    frames = FORUM_FRAMES if m.forum else CALL_FRAMES if m.kind == "phone_call" else MEETING_FRAMES
    return fill(rng.choice(frames), rng, world, a=full_name(a, world, rng), b=full_name(b, world, rng),
                at=at, when=when, forum=m.forum)


def earlier_meeting(a: Holder, world: World, rng: random.Random, before: dt.date) -> tuple[Meeting, str] | None:
    """A meeting `a` held some weeks before, told in the background with a full date."""
    for _ in range(20):
        other = rng.choice(world.holders)
        day = before - dt.timedelta(days=rng.randrange(20, 200))
        lo, hi = max(a.start, other.start), min(a.end, other.end)
        if other.country == a.country or not lo <= day <= hi:
            continue
        city = world.countries[a.country].capital
        when = f"on {MONTHS[day.month - 1]} {day.day}, {day.year}"
        text = fill(rng.choice(EARLIER_FRAMES), rng, world, a=short_name(a),
                    b=full_name(other, world, rng), at=f" in {city}", when=when)
        return Meeting((a.person.name, other.person.name), day, city, "meeting"), text
    return None


def article_text(headline: str, sentences: list[str], published: dt.date, outlet: str, dateline: str,
                 rng: random.Random) -> str:
    """Headline, optional dateline, the body, and the debris a scraped page carries."""
    body = " ".join(sentences)
    if dateline:
        body = f"{dateline} ({outlet}) -- {body}"
    top = rng.sample(DEBRIS_TOP, rng.randrange(0, 3))
    bottom = [d.format(headline="Leaders meet at regional summit", year=published.year, outlet=outlet)
              for d in rng.sample(DEBRIS_BOTTOM, rng.randrange(0, 3))]
    return "\n\n".join([*top, headline, body, *bottom]) + "\n"


def write_corpus(folder: str | Path, n: int, seed: int = 7, kb: KnowledgeBase | None = None) -> list[Meeting]:
    """Write `n` articles and a manifest into `folder`; return the true meetings they tell."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    world = load_world(kb or load_knowledge())
    meetings: list[Meeting] = []
    recent: list[tuple[Meeting, Holder, Holder]] = []
    rows = []
    for i in range(n):
        name = f"syn{i:06d}.txt"
        if recent and rng.random() < 0.25:  # the same meeting told again by another outlet
            m, a, b = rng.choice(recent)
        else:
            m, a, b, _ = new_meeting(world, rng)
            meetings.append(m)
            recent = (recent + [(m, a, b)])[-50:]
        sentences_extra = []
        if m.kind == "meeting" and not m.forum and rng.random() < 0.3:
            found = earlier_meeting(a, world, rng, m.day)
            if found is not None:
                earlier, text = found
                earlier.files.append(name)
                meetings.append(earlier)
                sentences_extra.append(text)
        m.files.append(name)
        title, published, outlet = write_article_with(folder, name, m, a, b, sentences_extra, world, rng)
        rows.append({"file": name, "published": published.isoformat(), "outlet": outlet, "title": title, "url": ""})
    pd.DataFrame(rows, columns=["file", "published", "outlet", "title", "url"]).to_csv(folder / "manifest.csv",
                                                                                      index=False)
    return meetings


def write_article_with(folder: Path, name: str, m: Meeting, a: Holder, b: Holder, extra: list[str], world: World,
                       rng: random.Random) -> tuple[str, dt.date, str]:
    """Write one article: the news of meeting `m`, filler, then the `extra` background sentences."""
    published = m.day + dt.timedelta(days=rng.choice([0, 0, 1, 1, 1, 2, 3, 5]))
    outlet = rng.choice(OUTLETS)
    sentences = [lead_sentence(m, a, b, published, world, rng)]
    sentences += [fill(f, rng, world) for f in rng.sample(FILLER, 2)] + extra
    headline = rng.choice([f"{short_name(a)} meets {short_name(b)}", f"{short_name(a)} and {short_name(b)} hold talks",
                           f"{short_name(a)}, {short_name(b)} discuss ties"])
    dateline = ""
    if m.city and m.day == published and rng.random() < 0.3:
        dateline = f"{m.city.upper()}, {MONTHS[published.month - 1][:3]} {published.day}"
    (folder / name).write_text(article_text(headline, sentences, published, outlet, dateline, rng), encoding="utf-8")
    return headline, published, outlet


# --- scoring --------------------------------------------------------------------------------------------------


def corpus_recall(events: pd.DataFrame, meetings: list[Meeting]) -> float:
    """Share of `meetings` found as an event with both people and the right start day."""
    if not meetings:
        return 0.0
    by_day: dict[str, list[set[str]]] = {}
    for day, people in zip(events["start_date"], events["participants"], strict=True):
        by_day.setdefault(str(day), []).append(set(people))
    found = sum(any(set(m.people) <= people for people in by_day.get(m.day.isoformat(), [])) for m in meetings)
    return found / len(meetings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    meetings = write_corpus(args.folder, args.n, args.seed)
    print(f"wrote {args.n} articles telling {len(meetings)} meetings to {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
