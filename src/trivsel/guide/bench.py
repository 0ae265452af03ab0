"""Synthetic volume for the guide's search (issue 7: "Guide search over 1,000 pages p95 < 100 ms").

``bench_guide()`` writes 1,000 pages once (bulk inserts, no log rows): synthetic Danish Markdown of about
3,000–8,000 characters each, about 60 % public, in every section, with 1–3 versions each. They are
rendered through ``markdown.render`` and their ``search_text`` made by ``search.search_text``, exactly
as the services save a page. The vocabulary is built so that the benchmark's queries match a
realistic share of the pages: "barnet" nearly all of them, a rare condition a few, a topic a tenth.

``measure()`` times the search page (and the front page) through Django's test client, for a signed-in
pedagogue and for an anonymous citizen, and the ``guide_search`` selector on its own.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trivsel.accounts.models import User
from trivsel.guide.access import visible_audiences
from trivsel.guide.content import page_resolver
from trivsel.guide.markdown import render
from trivsel.guide.models import Audience, GuidePage, GuidePageVersion, Section
from trivsel.guide.search import search_text
from trivsel.guide.selectors import guide_search
from trivsel.guide.services import known_pages
from trivsel.lib.time import today
from trivsel.organisation.models import District, Membership, Municipality, Profession, Role, Unit, UnitKind

PAGES = 1000
SLUG_PREFIX = "bench-side-"
READER = "bench-guide-paedagog"
UNIT = "Benchmark-guidens børnehus"
SEED = 7
# What the benchmark searches for: label, query.
QUERIES = [
    ("common word", "barnet"),
    ("rare word", "ordblindhed"),
    ("two words", "trivsel skolestart"),
    ("Danish letters", "Pædagogisk"),
    ("no match", "xylofon"),
]

# Vocabulary ------------------------------------------------------------------------------------------
# Each page has a main topic and one or two others; the topics' words are what most queries find.

TOPICS: dict[str, list[str]] = {
    "Skolestart": ["skolestarten", "overgangen fra børnehave til skole", "børnehaveklassen", "brobygningen",
                   "førskolegruppen", "den første skoledag"],
    "Sprog": ["sprogvurderingen", "sprogstimuleringen", "dansk som andetsprog", "tale-høre-konsulenten",
              "ordforrådet", "læselysten"],
    "Trivsel i klassen": ["trivselsmålingen", "klassens fællesskab", "mistrivsel", "klassemødet",
                          "elevrådet", "venskaber i klassen"],
    "Skolefravær": ["skolefraværet", "bekymrende fravær", "ufrivilligt skolefravær", "fraværsregistreringen",
                    "den gradvise tilbagevenden"],
    "Motorik": ["den motoriske udvikling", "ergoterapeuten", "fysioterapeuten", "grovmotorikken",
                "finmotorikken", "bevægelseslegene"],
    "Sundhed": ["sundhedsplejersken", "søvn og kost", "vægt og højde", "skolesundhedsplejen",
                "indskolingsundersøgelsen"],
    "Mobning": ["mobningen", "digital mobning", "antimobbestrategien", "konflikter i frikvarteret",
                "klassens sociale liv"],
    "Inklusion": ["de inkluderende fællesskaber", "den specialpædagogiske bistand", "støttepædagogen",
                  "AKT-vejlederen", "holddelingen"],
    "Underretning": ["underretningen", "den skærpede underretningspligt", "børne- og ungerådgivningen",
                     "socialrådgiveren", "den børnefaglige undersøgelse"],
    "PPR": ["PPR", "psykologen", "den pædagogisk psykologiske vurdering", "angsten", "koncentrationsbesværet"],
    "Familien": ["skilsmissen", "forældremyndigheden", "familiebehandlingen", "netværket omkring familien",
                 "søskende"],
    "Ungdomsuddannelse": ["ungdomsuddannelsen", "UU-vejlederen", "uddannelsesparatheden", "SSP-samarbejdet",
                          "fritidsjobbet"],
    "Dagpleje og vuggestue": ["dagplejen", "vuggestuen", "overgangen fra dagpleje til børnehave", "legestuen",
                              "indkøringen"],
    "Møder": ["dialogmødet", "netværksmødet", "dagsordenen", "referatet", "mødelederen", "opfølgningen"],
    "Samtykke": ["samtykket", "tavshedspligten", "videregivelsen af oplysninger", "databeskyttelsen",
                 "forældrenes underskrift"],
    "Handicap": ["handicappet", "autismespektrumforstyrrelsen", "ADHD", "hjælpemidlerne", "specialtilbuddet"],
    "Fritid": ["fritidshjemmet", "klubben", "SFO'en", "foreningslivet", "sommerferien"],
}  # fmt: skip
# Each page mentions none, one or two of these: each is on one or two pages in a hundred.
RARE = [
    "ordblindhed", "selektiv mutisme", "stammen", "synsnedsættelse", "høreapparatet", "epilepsi", "diabetes",
    "cøliaki", "tvillinger", "plejefamilien", "flygtningebørn", "tolkebistand", "hjemmeundervisning",
    "talblindhed", "skærmtiden", "madpakken", "cykelhjelmen", "lejrskolen", "skolebussen", "allergi",
    "sorggruppen", "anbringelsen", "børnehusets køkken", "natteroen", "tandplejen", "svømmeundervisningen",
    "skolefotograferingen", "julefrokosten", "forældrekaffen", "legepatruljen",
]  # fmt: skip
ACTORS = [
    "pædagogen", "læreren", "lederen", "sundhedsplejersken", "psykologen", "socialrådgiveren", "dagplejeren",
    "tale-høre-konsulenten", "kontaktpersonen", "teamet omkring barnet", "skolelederen", "klasselæreren",
]  # fmt: skip
TIMES = [
    "inden for to uger", "ved næste forældresamtale", "så tidligt som muligt", "før sommerferien",
    "efter tre måneder", "hvert halve år", "når forældrene ønsker det", "i god tid før mødet",
]  # fmt: skip
SENTENCES = [
    "Når {actor} oplever en bekymring for barnet, tager {actor} kontakt til forældrene {when}.",
    "Vi taler altid med forældrene om {topic}, og barnet bliver hørt på en måde, der passer til alderen.",
    "{Actor} og {actor2} aftaler, hvem der følger op på {topic}, og skriver det i referatet.",
    "Barnets trivsel er udgangspunktet, også når vi drøfter {topic}.",
    "Forældrene kender barnet bedst, og deres viden om {topic} er en vigtig del af samarbejdet.",
    "Personalet noterer, hvad de ser i hverdagen, så drøftelsen bygger på konkrete iagttagelser.",
    "Hvis {topic} fylder meget i barnets hverdag, kan {actor} invitere {actor2} med til et møde.",
    "Vi følger op {when} og vurderer sammen, om indsatsen virker for barnet.",
    "Alle aftaler om {topic} skrives ned, så forældrene og de fagprofessionelle ved, hvad der er besluttet.",
    "{Actor} sørger for, at forældrene har fået dagsordenen {when}.",
    "Det er vigtigt, at barnet oplever sammenhæng mellem hjemmet, institutionen og skolen.",
    "Kommunen tilbyder hjælp til {topic}, fra den almene indsats til den specialiserede.",
    "Spørg {actor}, hvis du er i tvivl om {topic}.",
    "Tavshedspligten gælder, men med forældrenes samtykke kan vi dele det, der er nødvendigt for barnet.",
    "En god overlevering handler om barnets ressourcer og ikke kun om det, der er svært.",
    "Vi bruger trivselsvurderingen som et fælles sprog, når vi taler om barnet.",
    "Erfaringen viser, at en tidlig og rolig samtale om {topic} gør en forskel for barnet og familien.",
    "{Actor} kan rådføre sig anonymt med {actor2} uden at nævne barnets navn.",
    "Forældre kan altid bede om et møde, hvis de er bekymrede for {topic}.",
    "I nogle tilfælde er det relevant at skrive {topic} ind i handleplanen.",
]  # fmt: skip
HEADINGS = [
    "Hvad er {topic}?", "Sådan gør vi", "Hvem gør hvad", "Når forældrene er bekymrede", "Før mødet",
    "Under mødet", "Efter mødet", "Opfølgning", "Gode råd", "Hvis du er i tvivl", "Lovgrundlag",
    "Eksempel fra hverdagen", "{Topic} i praksis",
]  # fmt: skip
TITLES = [
    "{topic}", "{topic} – for forældre", "Sådan arbejder vi med {lower}", "{topic} i dagtilbud og skole",
    "Spørgsmål og svar om {lower}", "Vejledning: {lower}", "Når barnet har brug for hjælp: {lower}",
]  # fmt: skip
# The data pages, which every guide has (content.DATA_PAGES).
DATA_LINKS = [("mødefora", "moedefora"), ("handleguiden", "handleguide"), ("indsatskataloget", "indsatskatalog")]


@dataclass(frozen=True)
class _Spec:
    index: int
    slug: str
    title: str
    audience: str
    section: str
    bodies: list[str]  # the versions' Markdown, oldest first; the last is current


def _spec(index: int, pages: int) -> _Spec:
    """Page ``index`` of ``pages``, the same whichever pages are made in the same run."""
    rng = random.Random(SEED * 1_000_003 + index)
    topics = rng.sample(sorted(TOPICS), 1 + rng.choice([1, 1, 2]))
    main = topics[0]
    words = [w for t in topics for w in TOPICS[t]] + TOPICS[main] * 2  # the main topic twice as often
    rare = rng.sample(RARE, rng.choice([0, 0, 1, 1, 2]))
    section = rng.choices(Section.values, weights=[1, 4, 2, 3, 2, 3])[0]
    public = section == Section.FOR_PARENTS or rng.random() < 0.5
    title = rng.choice(TITLES).format(topic=main, lower=main.lower())

    def sentence() -> str:
        actor, actor2 = rng.sample(ACTORS, 2)
        text = rng.choice(SENTENCES).format(
            actor=actor, actor2=actor2, Actor=actor[0].upper() + actor[1:], topic=rng.choice(words),
            when=rng.choice(TIMES),
        )  # fmt: skip
        return text[0].upper() + text[1:]

    def paragraph() -> str:
        text = " ".join(sentence() for _ in range(rng.randint(3, 6)))
        if rare and rng.random() < 0.3:
            text += f" Er der tale om {rng.choice(rare)}, aftaler vi en særlig plan med forældrene."
        if rng.random() < 0.25:
            other = rng.randrange(pages)
            text += f" Læs også [{rng.choice(words)}](side:{SLUG_PREFIX}{other:04d})."
        elif rng.random() < 0.1:
            label, slug = rng.choice(DATA_LINKS)
            text += f" Se {label} [her](side:{slug})."
        return text

    def block() -> str:
        heading = rng.choice(HEADINGS).format(topic=rng.choice(words), Topic=main)
        parts = [f"## {heading}", paragraph()]
        shape = rng.random()
        if shape < 0.3:
            parts.append("\n".join(f"- **{rng.choice(words).capitalize()}**: {sentence()}" for _ in range(4)))
        elif shape < 0.45:
            parts.append("\n".join(f"{n}. {sentence()}" for n in range(1, rng.randint(3, 6))))
        elif shape < 0.5:
            rows = [f"| {rng.choice(ACTORS).capitalize()} | {rng.choice(words)} | {rng.choice(TIMES)} |"
                    for _ in range(3)]  # fmt: skip
            parts.append("\n".join(["| Hvem | Hvad | Hvornår |", "|---|---|---|", *rows]))
        parts.append(paragraph())
        return "\n\n".join(parts)

    intro = " ".join(sentence() for _ in range(2))
    blocks: list[str] = []
    length = rng.randint(3000, 8000) - (500 if rare else 0)  # the Markdown's length, about
    while True:
        more = block()
        done = len(intro) + sum(len(b) + 2 for b in blocks)
        if done >= 3000 - (500 if rare else 0) and done + len(more) > length:
            break
        blocks.append(more)
    if rare:
        blocks.append(f"## Særlige hensyn\n\n{paragraph()} Vi har erfaring med {', '.join(rare)}.")
    versions = rng.choice([1, 1, 2, 2, 3])
    # An older version is the page before its last sections were written.
    bodies = ["\n\n".join([intro, *blocks[: max(1, len(blocks) - n)]]) + "\n" for n in range(versions - 1, -1, -1)]
    return _Spec(
        index=index,
        slug=f"{SLUG_PREFIX}{index:04d}",
        title=title,
        audience=Audience.PUBLIC if public else Audience.PROFESSIONAL,
        section=section,
        bodies=bodies,
    )


def bench_guide(pages: int = PAGES) -> int:
    """The ``pages`` benchmark pages, made if missing (an earlier run's pages are kept). How many were made."""
    have = set(GuidePage.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True))
    specs = [_spec(i, pages) for i in range(pages)]
    missing = [s for s in specs if s.slug not in have]
    if missing:
        with transaction.atomic():
            _build(missing, known_pages() | {s.slug: s.audience == Audience.PUBLIC for s in specs})
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, as after the demo's seed
    return len(missing)


def _build(specs: list[_Spec], known: dict[str, bool]) -> None:
    resolver = page_resolver(known)
    rendered = [
        [render(b, resolve_slug=resolver, public=s.audience == Audience.PUBLIC) for b in s.bodies] for s in specs
    ]
    made = GuidePage.objects.bulk_create(
        (
            GuidePage(
                slug=s.slug, title=s.title, audience=s.audience, section=s.section, order=s.index,
                search_text=search_text(s.title, r[-1].text),
            )
            for s, r in zip(specs, rendered, strict=True)
        ),
        batch_size=200,
    )  # fmt: skip
    if made and made[0].pk is None:  # SQLite before 3.35 gives no ids back
        by_slug = GuidePage.objects.in_bulk([s.slug for s in specs], field_name="slug")
        made = [by_slug[s.slug] for s in specs]
    versions = GuidePageVersion.objects.bulk_create(
        (
            GuidePageVersion(
                page=page, number=n, title=s.title, body_markdown=body, body_html=r.html, body_text=r.text,
                intro=r.intro, summary="" if n == 1 else "Nyt afsnit",
            )
            for page, s, renders in zip(made, specs, rendered, strict=True)
            for n, (body, r) in enumerate(zip(s.bodies, renders, strict=True), start=1)
        ),
        batch_size=200,
    )  # fmt: skip
    current = {v.page_id: v.pk for v in versions}  # the last (highest) number of each page wins
    if None in current.values():
        current = dict(
            GuidePageVersion.objects.filter(page__in=made).order_by("page", "number").values_list("page", "pk")
        )
    for page in made:
        page.current_id = current[page.pk]
    GuidePage.objects.bulk_update(made, ["current"], batch_size=500)


# Measuring -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    what: str  # the page or the query
    who: str
    p50_ms: float
    p95_ms: float
    queries: int
    found: int | None = None  # pages found, for a search


def bench_reader() -> User:
    """A pedagogue in a kindergarten: a professional, who reads public and professional pages."""
    user, created = User.objects.get_or_create(username=READER, defaults={"first_name": "Bench"})
    if created:
        municipality = Municipality.objects.first() or Municipality.objects.create(name="Benchmarkkommune")
        district, _made = District.objects.get_or_create(municipality=municipality, name="Benchmark-guidens distrikt")
        unit = Unit.objects.create(district=district, name=UNIT, kind=UnitKind.KINDERGARTEN)
        Membership.objects.create(
            user=user, role=Role.FRONTLINE, profession=Profession.PEDAGOGUE, unit=unit,
            start=today() - relativedelta(years=1),
        )  # fmt: skip
    return user


def _time(call: Callable[[], object], runs: int) -> tuple[float, float, int]:
    """p50 and nearest-rank p95 of ``runs`` calls after two warm-ups, and the queries of one more."""
    for _ in range(2):
        call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        call()
    ordered = sorted(times)
    p95 = ordered[max(1, -(-95 * len(ordered) // 100)) - 1]
    return statistics.median(ordered), p95, len(queries)


def _getter(client: Client, path: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        return response

    return get


def _first_page(query: str, audiences: frozenset[str]) -> Callable[[], object]:
    def search() -> object:
        results = guide_search(query, audiences)
        return len(results), results[:10]  # what the view's Paginator asks of it

    return search


def measure(*, runs: int, queries: list[tuple[str, str]] = QUERIES) -> list[Timing]:
    """The search page for each query as a pedagogue and as a citizen, the selector alone, and the front page."""
    reader = bench_reader()
    professional = Client()
    professional.force_login(reader)
    citizen = visible_audiences(AnonymousUser())
    visitors = [("pedagogue", professional, visible_audiences(reader)), ("citizen", Client(), citizen)]
    found: list[Timing] = []
    with override_settings(REQUIRE_2FA=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        for label, query in queries:
            what = f"{label}: {query}"
            path = f"{reverse('guide:search')}?{urlencode({'q': query})}"
            for who, client, audiences in visitors:
                count = len(guide_search(query, audiences))
                found.append(Timing(what, who, *_time(_getter(client, path), runs), found=count))
                found.append(Timing(what, f"{who}, selector", *_time(_first_page(query, audiences), runs), count))
        for who, client, audiences in visitors:
            pages = GuidePage.objects.filter(audience__in=audiences).count()
            found.append(Timing("front page", who, *_time(_getter(client, reverse("guide:index")), runs), pages))
    return found
